/**
 * Exceptions per status as counters (table exception_counts, migration 0005), so the counts the
 * queue header and the dashboard show cost O(merchants × warehouses), not O(exceptions).
 *
 * Every status change of an exception (../shared/transition.ts) adds its delta here; the deltas
 * of one transaction are summed per merchant, warehouse and status and upserted in one statement
 * just before it commits (../../db/before-commit.ts), so the counters commit or roll back with the
 * changes they count, and a counter row's lock is held only for the commit, not the whole command.
 * - One transaction adds all its deltas to one slot (of COUNT_SLOTS, picked at random), so
 *   concurrent PostgreSQL transactions of one merchant and warehouse seldom wait on one row.
 * - The rows go in one order (merchant, warehouse, then the machine's order of statuses), so two
 *   transactions take the counter rows they share in the same order and cannot deadlock on them.
 */
import type { Executor, Tx } from '../../db/create-db.js';
import { appendStatementsAtCommit } from '../../db/before-commit.js';
import { precompiled } from '../../db/precompiled.js';
import type { ExceptionCountRow } from '../../db/types.js';
import { exceptionMachine, statesOf, type ExceptionStatus } from '../../domain/state-machines.js';
import { whereScoped } from '../shared/access.js';
import type { Actor } from '../shared/context.js';

export const COUNT_SLOTS = 16;
const STATUSES = statesOf(exceptionMachine);
const rank = (s: ExceptionStatus) => STATUSES.indexOf(s);

const addToCounts = precompiled((db, rows: ExceptionCountRow[]) => db.insertInto('exceptionCounts')
  .values(rows)
  .onConflict((oc) => oc.columns(['merchantId', 'warehouseId', 'status', 'slot'])
    .doUpdateSet((eb) => ({ n: eb('exceptionCounts.n', '+', eb.ref('excluded.n')) }))));

/** Counts one exception of this merchant and warehouse out of `from` (null: a new one) and into `to`, at commit. */
export async function bumpExceptionCount(
  tx: Tx, exc: { merchantId: string; warehouseId: string }, from: ExceptionStatus | null, to: ExceptionStatus,
): Promise<void> {
  if (from === to) return;
  const { merchantId, warehouseId } = exc;
  await appendStatementsAtCommit(tx, 'exceptionCounts', [
    ...(from ? [{ merchantId, warehouseId, status: from, n: -1 }] : []), { merchantId, warehouseId, status: to, n: 1 },
  ], flush);
}

type Delta = Omit<ExceptionCountRow, 'slot'>;

/** The transaction's deltas summed per merchant, warehouse and status, into one random slot. */
function flush(tx: Executor, deltas: Delta[]) {
  const slot = Math.floor(Math.random() * COUNT_SLOTS);
  const sums = new Map<string, ExceptionCountRow>();
  for (const d of deltas) {
    const key = `${d.merchantId}|${d.warehouseId}|${d.status}`;
    const row = sums.get(key) ?? { ...d, slot, n: 0 };
    row.n += d.n;
    sums.set(key, row);
  }
  const rows = [...sums.values()].filter((r) => r.n !== 0);
  if (!rows.length) return [];
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => cmp(a.merchantId, b.merchantId) || cmp(a.warehouseId, b.warehouseId) || rank(a.status) - rank(b.status));
  return [addToCounts.compile(tx, rows)];
}

/** Exceptions per status the actor may see, every status of the machine listed (0 when none). */
export async function countsInScope(db: Executor, actor: Actor): Promise<Record<ExceptionStatus, number>> {
  const q = db.selectFrom('exceptionCounts').select(['status', (eb) => eb.fn.sum<number | string>('n').as('n')]).groupBy('status');
  const rows = await whereScoped(q, actor, {}).execute();
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ExceptionStatus, number>;
  for (const r of rows) if (r.status in out) out[r.status] = Number(r.n);
  return out;
}
