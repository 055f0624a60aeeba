/**
 * One command = one transaction: the use case's writes, its events and the idempotency record
 * commit together or not at all. A retried request with the same key replays the stored answer.
 * On SQLite the transaction is a savepoint of a group commit (../../db/group-commit.ts): still all
 * or nothing, and answered only once committed. On PostgreSQL a transaction that loses a deadlock or
 * a serialisation check is run again from the start, a bounded number of times (./locks.ts gives the
 * lock order that keeps deadlocks out in the first place).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../domain/errors.js';
import type { Db, Tx } from '../../db/create-db.js';
import { manage, runBeforeCommit } from '../../db/before-commit.js';
import { isRetryable } from '../../db/dialect.js';
import { groupCommitterOf } from '../../db/group-commit.js';
import { nowIso, type Ctx } from './context.js';

/** Attempts of one transaction on PostgreSQL before a deadlock or serialisation failure is answered. */
export const MAX_ATTEMPTS = 5;

export interface CommandOptions<T> {
  /**
   * What the idempotency record keeps of the answer, and so what a replay answers (default: all of
   * it). A one-time secret in the answer is left out here: the replay table is no place for it.
   */
  forReplay?: (result: T) => T;
}

export async function command<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>, opts: CommandOptions<T> = {}): Promise<T> {
  // never on the read replica: a command reads and writes on the primary (src/http/read-routing.ts)
  return inTransaction(ctx.primary ?? ctx.db, (tx) => inCommand(tx, ctx, fn, opts));
}

/**
 * `fn` in one transaction, with its before-commit writes (../../db/before-commit.ts). Every writer
 * runs through here: commands, and each row a deadline job handles.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const body = async (tx: Tx) => {
    manage(tx);
    const result = await fn(tx);
    await runBeforeCommit(tx);
    return result;
  };
  // on SQLite, transactions arriving together share a commit, each in its own savepoint (../../db/group-commit.ts)
  const group = groupCommitterOf(db);
  if (group) return group.run(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(body);
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      // the winner holds its locks until it commits: wait a little, more each time, with jitter
      await sleep(Math.random() * 5 * 2 ** attempt);
    }
  }
}

async function inCommand<T>(tx: Tx, ctx: Ctx, fn: (tx: Tx) => Promise<T>, opts: CommandOptions<T>): Promise<T> {
  const idem = ctx.idempotency;
  if (idem && ctx.actor.id) {
    const claimed = await tx
      .insertInto('idempotencyKeys')
      .values({
        userId: ctx.actor.id, key: idem.key, requestHash: idem.requestHash,
        statusCode: 0, response: 'null', createdAt: nowIso(ctx),
      })
      .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return replay<T>(tx, ctx, ctx.actor.id, idem.key, idem.requestHash);
  }
  const result = await fn(tx);
  if (idem && ctx.actor.id) {
    await tx
      .updateTable('idempotencyKeys')
      .set({ statusCode: 200, response: JSON.stringify((opts.forReplay ? opts.forReplay(result) : result) ?? null) })
      .where('userId', '=', ctx.actor.id)
      .where('key', '=', idem.key)
      .execute();
  }
  return result;
}

async function replay<T>(tx: Tx, ctx: Ctx, userId: string, key: string, requestHash: string): Promise<T> {
  const prior = await tx
    .selectFrom('idempotencyKeys')
    .selectAll()
    .where('userId', '=', userId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (prior.requestHash !== requestHash) {
    throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request; use a new key for a new request',
      [{ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED', message: 'Key already used with another body' }]);
  }
  ctx.replayed = true;
  return JSON.parse(prior.response) as T;
}
