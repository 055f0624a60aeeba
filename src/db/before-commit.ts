/**
 * Writes a transaction makes last, just before it commits (../modules/shared/command.ts runs them):
 * - counters every command bumps are upserted here, so their row locks are held only for the
 *   commit instead of for the whole transaction;
 * - rows only ever inserted (events, the outbox, inbox notifications, queued webhook deliveries)
 *   go out as one multi-row insert per table and command, instead of one per event.
 * A list whose writes are given as statements (`appendStatementsAtCommit`) is sent with the other
 * such lists of the transaction as one round trip on PostgreSQL (./run-together.ts): the counters,
 * events, outbox, notifications and deliveries of a command are one statement there.
 *
 * Items are appended per transaction and key, and flushed in the order the keys were first used
 * (the outbox before the notifications and deliveries that reference it). A savepoint
 * (./savepoint.ts) writes what is queued before it starts, and one that rolls back drops the items
 * queued inside it, as the database drops its writes. A transaction not run by `inTransaction()` is not managed: its items are written at once.
 */
import type { CompiledQuery } from 'kysely';
import type { Executor } from './create-db.js';
import { runTogether } from './run-together.js';

type Flush = (tx: Executor, items: unknown[]) => Promise<void>;
/** The statements that write the items: independent of each other's effects (./run-together.ts). */
type Statements = (tx: Executor, items: unknown[]) => CompiledQuery[];
interface Queue { items: unknown[]; flush?: Flush; statements?: Statements }
const pending = new WeakMap<Executor, Map<string, Queue>>();
const managed = new WeakSet<Executor>();

/** Marks `tx` as one whose before-commit items `runBeforeCommit` will write (inTransaction does). */
export function manage(tx: Executor): void {
  managed.add(tx);
}

/** Appends `items` to this transaction's `key` list; `flush` gets the whole list once, before the commit. */
export async function appendAtCommit<T>(tx: Executor, key: string, items: T[], flush: (tx: Executor, items: T[]) => Promise<void>): Promise<void> {
  return append(tx, key, items, { flush: flush as Flush });
}

/** The same, the list written by the statements `statements` answers, sent with the others' (see the header). */
export async function appendStatementsAtCommit<T>(tx: Executor, key: string, items: T[], statements: (tx: Executor, items: T[]) => CompiledQuery[]): Promise<void> {
  return append(tx, key, items, { statements: statements as Statements });
}

async function append(tx: Executor, key: string, items: unknown[], how: Omit<Queue, 'items'>): Promise<void> {
  if (!items.length) return;
  if (!managed.has(tx)) return write(tx, { items, ...how });
  let queues = pending.get(tx);
  if (!queues) pending.set(tx, (queues = new Map()));
  let q = queues.get(key);
  if (!q) queues.set(key, (q = { items: [], ...how }));
  q.items.push(...items);
}

const write = async (tx: Executor, q: Queue): Promise<void> => {
  if (q.flush) await q.flush(tx, q.items);
  else await runTogether(tx, q.statements!(tx, q.items));
};

/** What the `key` list holds, unwritten (a read that adds it to what it reads instead of flushing it). */
export function pendingItems<T>(tx: Executor, key: string): readonly T[] {
  return (pending.get(tx)?.get(key)?.items ?? []) as T[];
}

/** Writes the `key` list now (a read inside the transaction needs to see it). */
export async function flushNow(tx: Executor, key: string): Promise<void> {
  const q = pending.get(tx)?.get(key);
  if (!q?.items.length) return;
  await write(tx, { ...q, items: q.items.splice(0) });
}

/** Runs and forgets the transaction's lists, in the order their keys were first used. */
export async function runBeforeCommit(tx: Executor): Promise<void> {
  const queues = pending.get(tx);
  if (!queues) return;
  pending.delete(tx);
  // consecutive statement lists go together; a list that writes itself keeps its place in the order
  const together: CompiledQuery[] = [];
  for (const q of queues.values()) {
    if (!q.items.length) continue;
    if (q.statements) {
      together.push(...q.statements(tx, q.items));
      continue;
    }
    if (together.length) await runTogether(tx, together.splice(0));
    await q.flush!(tx, q.items);
  }
  if (together.length) await runTogether(tx, together);
}

/** Forgets what is queued, unwritten (a savepoint that began with nothing queued rolled back). */
export function dropPending(tx: Executor): void {
  pending.delete(tx);
}
