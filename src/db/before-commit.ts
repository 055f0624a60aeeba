/**
 * Writes a transaction makes last, just before it commits (../modules/shared/command.ts runs them):
 * - counters every command bumps are upserted here, so their row locks are held only for the
 *   commit instead of for the whole transaction;
 * - rows only ever inserted (events, the outbox, inbox notifications, queued webhook deliveries)
 *   go out as one multi-row insert per table and command, instead of one per event.
 *
 * Items are appended per transaction and key, and flushed in the order the keys were first used
 * (the outbox before the notifications and deliveries that reference it). A savepoint
 * (./savepoint.ts) writes what is queued before it starts, and one that rolls back drops the items
 * queued inside it, as the database drops its writes. A transaction not run by `inTransaction()` is not managed: its items are written at once.
 */
import type { Executor } from './create-db.js';

type Flush = (tx: Executor, items: unknown[]) => Promise<void>;
interface Queue { items: unknown[]; flush: Flush }
const pending = new WeakMap<Executor, Map<string, Queue>>();
const managed = new WeakSet<Executor>();

/** Marks `tx` as one whose before-commit items `runBeforeCommit` will write (inTransaction does). */
export function manage(tx: Executor): void {
  managed.add(tx);
}

/** Appends `items` to this transaction's `key` list; `flush` gets the whole list once, before the commit. */
export async function appendAtCommit<T>(tx: Executor, key: string, items: T[], flush: (tx: Executor, items: T[]) => Promise<void>): Promise<void> {
  if (!items.length) return;
  if (!managed.has(tx)) return flush(tx, items);
  let queues = pending.get(tx);
  if (!queues) pending.set(tx, (queues = new Map()));
  let q = queues.get(key);
  if (!q) queues.set(key, (q = { items: [], flush: flush as Flush }));
  q.items.push(...items);
}

/** Writes the `key` list now (a read inside the transaction needs to see it). */
export async function flushNow(tx: Executor, key: string): Promise<void> {
  const q = pending.get(tx)?.get(key);
  if (!q?.items.length) return;
  const items = q.items.splice(0);
  await q.flush(tx, items);
}

/** Runs and forgets the transaction's lists, in the order their keys were first used. */
export async function runBeforeCommit(tx: Executor): Promise<void> {
  const queues = pending.get(tx);
  if (!queues) return;
  pending.delete(tx);
  for (const q of queues.values()) if (q.items.length) await q.flush(tx, q.items);
}

/** Forgets what is queued, unwritten (a savepoint that began with nothing queued rolled back). */
export function dropPending(tx: Executor): void {
  pending.delete(tx);
}
