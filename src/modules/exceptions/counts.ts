/**
 * Exceptions per status as counters (table exception_counts, migration 0005), so the counts the
 * queue header and the dashboard show cost O(merchants × warehouses), not O(exceptions).
 *
 * Every status write to `exceptions` calls `bumpExceptionCount` in its transaction, next to the
 * write: the counters commit or roll back with the change they count.
 * - One transaction adds all its deltas to one slot (of COUNT_SLOTS, picked at random), so
 *   concurrent PostgreSQL transactions of one merchant and warehouse seldom wait on one row.
 * - One call's rows are upserted in one statement, in the machine's order of statuses
 *   (PENDING, PROCESSING, COMPLETED, CANCELLED). A transaction moves an exception along that order
 *   too (registered, then decided by a policy; decided, then completed), so every transaction takes
 *   the counter rows it needs in the same order and two of them cannot deadlock on counters.
 */
import type { Executor, Tx } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { ExceptionCountRow } from '../../db/types.js';
import { exceptionMachine, statesOf, type ExceptionStatus } from '../../domain/state-machines.js';
import { whereScoped } from '../shared/access.js';
import type { Actor } from '../shared/context.js';

export const COUNT_SLOTS = 8;
const STATUSES = statesOf(exceptionMachine);
const rank = (s: string) => STATUSES.indexOf(s as ExceptionStatus);

const slots = new WeakMap<Tx, number>();
function slotOf(tx: Tx): number {
  let slot = slots.get(tx);
  if (slot === undefined) slots.set(tx, (slot = Math.floor(Math.random() * COUNT_SLOTS)));
  return slot;
}

const addToCounts = precompiled((db, rows: ExceptionCountRow[]) => db.insertInto('exceptionCounts')
  .values(rows)
  .onConflict((oc) => oc.columns(['merchantId', 'warehouseId', 'status', 'slot'])
    .doUpdateSet((eb) => ({ n: eb('exceptionCounts.n', '+', eb.ref('excluded.n')) }))));

/** Counts one exception of this merchant and warehouse out of `from` (null: a new one) and into `to`. */
export async function bumpExceptionCount(
  tx: Tx, exc: { merchantId: string; warehouseId: string }, from: ExceptionStatus | null, to: ExceptionStatus,
): Promise<void> {
  if (from === to) return;
  const slot = slotOf(tx);
  const deltas: [ExceptionStatus, number][] = from ? [[from, -1], [to, 1]] : [[to, 1]];
  deltas.sort((a, b) => rank(a[0]) - rank(b[0]));
  await addToCounts.run(tx, deltas.map(([status, n]) => ({ merchantId: exc.merchantId, warehouseId: exc.warehouseId, status, slot, n })));
}

/** Exceptions per status the actor may see, every status of the machine listed (0 when none). */
export async function countsInScope(db: Executor, actor: Actor): Promise<Record<ExceptionStatus, number>> {
  const q = db.selectFrom('exceptionCounts').select(['status', (eb) => eb.fn.sum<number | string>('n').as('n')]).groupBy('status');
  const rows = await whereScoped(q, actor, {}).execute();
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ExceptionStatus, number>;
  for (const r of rows) if (r.status in out) out[r.status as ExceptionStatus] = Number(r.n);
  return out;
}
