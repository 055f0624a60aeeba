/**
 * What every deadline job shares. A job finds due rows by their stored due time, in keyset pages of
 * (due, id), and handles each in its own transaction that first re-reads the row under its due
 * condition — on PostgreSQL `FOR UPDATE SKIP LOCKED`, so an instance skips a row another one is
 * working on — and then makes its effect as a conditional write. So two instances racing, or a
 * restart half-way, can neither act twice nor lose a row: a row is done when its transaction
 * commits, and once done it no longer matches its due condition.
 */
import type { SelectQueryBuilder } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { Db, Dialect } from '../db/create-db.js';
import { SYSTEM_ACTOR, type Clock, type Ctx } from '../modules/shared/context.js';
import type { PhotoStore } from '../modules/photos/storage.js';

export interface JobContext {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  dataDir: string;
  /** The photo store (TALLY_S3_*); unset: `<dataDir>/photos/`. */
  photos?: PhotoStore;
  /** Rows per page (default 100). */
  batchSize?: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
  /** The server is stopping: a job returns before its next row (what it did so far is committed). */
  signal?: AbortSignal;
}

export interface JobResult {
  /** Rows this run acted on. */
  done: number;
  /** Rows another instance took first, or that stopped being due. */
  skipped: number;
  /** Rows whose handling failed; they stay due and are tried again on the next run. */
  failed: number;
}

export interface Job {
  name: string;
  run(jc: JobContext): Promise<JobResult>;
}

export interface DueRow {
  id: string;
  due: string;
}

/** The context a job's use cases run with: the system actor and the job's clock. */
export const systemCtx = (jc: JobContext): Ctx => ({ db: jc.db, actor: SYSTEM_ACTOR, clock: jc.clock, dataDir: jc.dataDir, photos: jc.photos });

/** On PostgreSQL, lock the selected rows for this transaction, skipping rows another transaction holds. */
export function lockOrSkip<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, dialect: Dialect): QB {
  return dialect === 'postgres' ? (qb.forUpdate().skipLocked() as QB) : qb;
}

/** Keyset condition "(due, id) after `after`" on the job's due column, spelled out for both dialects. */
export function after<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, dueCol: string, idCol: string, row: DueRow | null): QB {
  if (!row) return qb;
  return qb.where((eb: any) => eb.or([eb(dueCol, '>', row.due), eb.and([eb(dueCol, '=', row.due), eb(idCol, '>', row.id)])])) as QB;
}

/**
 * Pages through the due rows (`find` returns them ordered by due, id) and handles each; `handle`
 * answers whether it acted. A 409 means a racing writer won: skipped, not failed.
 */
export async function forEachDue(
  jc: JobContext,
  name: string,
  find: (after: DueRow | null, limit: number) => Promise<DueRow[]>,
  handle: (row: DueRow) => Promise<boolean>,
): Promise<JobResult> {
  const limit = jc.batchSize ?? 100;
  const result: JobResult = { done: 0, skipped: 0, failed: 0 };
  let last: DueRow | null = null;
  for (;;) {
    const rows = await find(last, limit);
    for (const row of rows) {
      if (jc.signal?.aborted) return result;
      try {
        if (await handle(row)) result.done++;
        else result.skipped++;
      } catch (e) {
        if (e instanceof AppError && e.status === 409) {
          result.skipped++;
        } else {
          result.failed++;
          jc.log?.(`job ${name}: ${row.id} failed; it stays due`, { error: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    if (rows.length < limit) return result;
    last = rows[rows.length - 1];
  }
}
