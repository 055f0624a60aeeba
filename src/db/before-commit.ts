/**
 * Writes a transaction makes last, just before it commits (../modules/shared/command.ts runs them):
 * counters every command bumps are upserted here, so their row locks are held only for the commit
 * instead of for the whole transaction, and a command's deltas go out in one statement.
 *
 * Items are appended per transaction and key; a savepoint (./savepoint.ts) that rolls back drops
 * the items appended inside it, as the database drops its writes.
 */
import type { Executor } from './create-db.js';

type Flush = (tx: Executor, items: unknown[]) => Promise<void>;
interface Queue { items: unknown[]; flush: Flush }
const pending = new WeakMap<Executor, Map<string, Queue>>();

/** Appends `item` to this transaction's `key` list; `flush` gets the whole list once, before the commit. */
export function appendAtCommit<T>(tx: Executor, key: string, item: T, flush: (tx: Executor, items: T[]) => Promise<void>): void {
  if (!tx.isTransaction) throw new Error(`appendAtCommit(${key}) outside a transaction`);
  let queues = pending.get(tx);
  if (!queues) pending.set(tx, (queues = new Map()));
  let q = queues.get(key);
  if (!q) queues.set(key, (q = { items: [], flush: flush as Flush }));
  q.items.push(item);
}

/** Runs and forgets the transaction's lists, in the order their keys were first used. */
export async function runBeforeCommit(tx: Executor): Promise<void> {
  const queues = pending.get(tx);
  if (!queues) return;
  pending.delete(tx);
  for (const q of queues.values()) if (q.items.length) await q.flush(tx, q.items);
}

export type Mark = Map<string, number>;

/** How long each list is now (taken when a savepoint starts). */
export function markPending(tx: Executor): Mark {
  return new Map([...(pending.get(tx) ?? new Map<string, Queue>())].map(([k, q]) => [k, q.items.length]));
}

/** Drops what was appended since `mark` (the savepoint rolled back). */
export function rewindPending(tx: Executor, mark: Mark): void {
  for (const [k, q] of pending.get(tx) ?? []) q.items.length = mark.get(k) ?? 0;
}
