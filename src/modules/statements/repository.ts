/** Statement rows and the source documents' lines (Kysely only; the use case gives the db or transaction). */
import type { Kysely } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import '../../db/statement-types.js';
import type { StatementLineRow, StatementRow } from '../../db/statement-types.js';
import { LINE_SOURCES, type LineSource } from './sources.js';

/** A source document's line, not yet signed. */
export interface SourceLine {
  source: LineSource;
  id: string;
  no: string;
  merchantId: string;
  amount: number;
  currency: string;
  occurredAt: string;
}

const any = (db: Executor) => db as unknown as Kysely<any>;

/**
 * Lines of every source kind that no closed statement holds yet, with their instant before `before`
 * (of one merchant, or of all when `merchantId` is null). Plain reads, no locks: a line committed
 * after this read is simply not in what the caller snapshots (docs/statements.md, "Close").
 */
export async function pendingLines(db: Executor, merchantId: string | null, before: string): Promise<SourceLine[]> {
  const out: SourceLine[] = [];
  for (const source of LINE_SOURCES) {
    let q = any(db).selectFrom(`${source.table} as src`)
      .select(['src.id', 'src.no', 'src.merchantId', 'src.amount', 'src.currency', `src.${source.at} as occurredAt`])
      .where(`src.${source.at}`, 'is not', null)
      .where(`src.${source.at}`, '<', before)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('statementLines as sl').select('sl.id')
        .where('sl.kind', '=', source.kind).whereRef('sl.documentId', '=', 'src.id'))));
    if (merchantId !== null) q = q.where('src.merchantId', '=', merchantId);
    for (const r of await q.execute()) out.push({ source, ...r, amount: Number(r.amount) });
  }
  return out;
}

/** Merchants with a line no closed statement holds yet, before `before`. */
export async function merchantsWithPending(db: Executor, before: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const source of LINE_SOURCES) {
    const rows = await any(db).selectFrom(`${source.table} as src`).select('src.merchantId').distinct()
      .where(`src.${source.at}`, 'is not', null).where(`src.${source.at}`, '<', before)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('statementLines as sl').select('sl.id')
        .where('sl.kind', '=', source.kind).whereRef('sl.documentId', '=', 'src.id'))))
      .execute();
    for (const r of rows) ids.add(r.merchantId);
  }
  return [...ids];
}

/** The merchant's last closed month, or null. */
export async function lastClosedMonth(db: Executor, merchantId: string): Promise<string | null> {
  const row = await db.selectFrom('statementCloses').select((eb) => eb.fn.max('month').as('month'))
    .where('merchantId', '=', merchantId).executeTakeFirst();
  return (row?.month as string | null | undefined) ?? null;
}

/** Merchants whose last closed month is before `month` (a balance to carry into the months the job closes). */
export async function merchantsClosedBefore(db: Executor, month: string): Promise<string[]> {
  const rows = await db.selectFrom('statementCloses').select('merchantId').groupBy('merchantId')
    .having((eb) => eb.fn.max('month'), '<', month).execute();
  return rows.map((r) => r.merchantId);
}

export const closesOf = (db: Executor, merchantId: string) =>
  db.selectFrom('statementCloses').selectAll().where('merchantId', '=', merchantId).orderBy('month').execute();

/**
 * Claims `month` for the merchant's close: true when this transaction inserted the row. On
 * PostgreSQL a second close of the same month waits here for the first to end, then finds it taken.
 */
export async function claimMonth(tx: Tx, row: { merchantId: string; month: string; closedAt: string; closedBy: string | null }): Promise<boolean> {
  const res = await tx.insertInto('statementCloses').values(row)
    .onConflict((oc) => oc.columns(['merchantId', 'month']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function statementsOf(db: Executor, merchantIds: string[] | null, months?: string[]) {
  let q = db.selectFrom('statements').selectAll();
  if (merchantIds) q = q.where('merchantId', 'in', merchantIds.length ? merchantIds : ['-']);
  if (months) q = q.where('month', 'in', months.length ? months : ['-']);
  return q.orderBy('month').orderBy('currency').execute();
}

export function linesOf(db: Executor, statementIds: string[]) {
  if (!statementIds.length) return Promise.resolve([] as StatementLineRow[]);
  return db.selectFrom('statementLines').selectAll().where('statementId', 'in', statementIds)
    .orderBy('occurredAt').orderBy('kind').orderBy('id').execute();
}

export async function insertStatement(tx: Tx, row: StatementRow, lines: StatementLineRow[]): Promise<void> {
  await tx.insertInto('statements').values(row).execute();
  for (let i = 0; i < lines.length; i += 200) await tx.insertInto('statementLines').values(lines.slice(i, i + 200)).execute();
}

export const merchantNames = async (db: Executor, ids: string[]) => new Map(ids.length
  ? (await db.selectFrom('merchants').select(['id', 'name']).where('id', 'in', ids).execute()).map((m) => [m.id, m.name])
  : []);

export const merchantExists = async (db: Executor, id: string) =>
  !!(await db.selectFrom('merchants').select('id').where('id', '=', id).executeTakeFirst());
