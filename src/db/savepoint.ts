/** A part of a transaction that can fail alone: its writes, and its before-commit items, are undone. */
import { sql } from 'kysely';
import type { Tx } from './create-db.js';
import { dropPending, runBeforeCommit } from './before-commit.js';

let savepoints = 0;

/**
 * Runs `fn` so that a failure undoes only its own writes (portable SAVEPOINT syntax). What the
 * transaction queued for its commit before the savepoint is written first: a write of it from inside
 * (a read that flushes events) would otherwise be undone with the savepoint and be lost.
 */
export async function withSavepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const name = sql.raw(`tally_sp_${++savepoints}`);
  await runBeforeCommit(tx);
  await sql`savepoint ${name}`.execute(tx);
  try {
    const result = await fn();
    await sql`release savepoint ${name}`.execute(tx);
    return result;
  } catch (e) {
    await sql`rollback to savepoint ${name}`.execute(tx);
    await sql`release savepoint ${name}`.execute(tx);
    dropPending(tx); // everything queued now was queued inside the savepoint
    throw e;
  }
}
