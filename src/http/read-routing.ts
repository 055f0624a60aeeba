/**
 * Reads on the read replica (DATABASE_READ_URL, PostgreSQL only), writes on the primary.
 *
 * What goes where: a route that only reads — a list, a detail, counts, the dashboard, an export —
 * runs through `read` (./exec.ts) instead of `exec`, and its use case gets a `Ctx` whose `db` is the
 * database chosen for this request; every other route, and every command (which takes
 * `ctx.primary ?? ctx.db`, ../modules/shared/command.ts) and so every read inside a transaction,
 * runs on the primary. The sign-in look-up (./auth.ts) stays on the primary too.
 *
 * Read-your-writes, by WAL position rather than by a time window: when a signed-in request that
 * writes (any method but GET/HEAD/OPTIONS) succeeds, its session row gets the primary's
 * `pg_current_wal_insert_lsn()` — taken after the write committed, so at or past its commit record —
 * before the answer leaves. That session's reads go to the primary until the replica's probe
 * (../db/read-replica.ts) has seen the standby replay past that position; then to the replica
 * again. Why so: a time window is either too short (a lagging standby breaks it) or needlessly
 * long; the LSN is exact and costs nothing per read, because every request reads its session row
 * on the primary anyway. Why the session row: it is where any instance behind the load balancer
 * looks first, for browser and API clients alike — an in-process map or a cookie would not follow
 * a bearer-token client to another instance. The cost is one single-row UPDATE per successful
 * write, committed asynchronously (losing it in a crash loses only the pin), only when a replica
 * is configured. The pin is per session: another session of the same user is not pinned.
 *
 * Fallback: while the replica is down, not a standby, lagging past TALLY_READ_MAX_LAG_MS or not
 * checked recently, reads go to the primary. A read the replica fails for a connection reason (or
 * cancels for a recovery conflict) is run again on the primary at once — reads have no effects.
 *
 * `debugHeader` (tests only, never from the environment): each `read` answer carries
 * `x-tally-debug-read-server: standby | primary` from `pg_is_in_recovery()` asked on the very
 * connection that ran the use case's queries.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { ReadReplica, ReadTarget } from '../db/read-replica.js';
import { AppError } from '../domain/errors.js';
import type { SessionActor } from '../modules/auth/sessions.js';
import type { Ctx } from '../modules/shared/context.js';
import { ctxOf } from './auth.js';

export interface ReadRouting {
  replica: ReadReplica;
  /** Answer which server ran a read (x-tally-debug-read-server); for tests. */
  debugHeader?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    readRouting: ReadRouting | null;
  }
}

export const DEBUG_READ_HEADER = 'x-tally-debug-read-server';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installReadRouting(app: FastifyInstance, routing: ReadRouting | undefined): void {
  app.decorate('readRouting', routing ?? null);
  if (!routing) return;
  app.addHook('onSend', async (req, reply) => {
    const session = (req.actor as SessionActor | undefined)?.session;
    if (!session || SAFE_METHODS.has(req.method) || reply.statusCode >= 400) return;
    try {
      // asynchronous commit for this one statement (set_config(…, true) is local to its transaction):
      // it is visible to the next request at once, and a crash losing it only loses the pin
      await app.tally.db.updateTable('sessions')
        .set({ readAfterLsn: sql<string>`pg_current_wal_insert_lsn()::text` })
        .where('id', '=', session.id)
        .where(sql<boolean>`set_config('synchronous_commit', 'off', true) is not null`)
        .execute();
    } catch (err) {
      req.log.warn({ err }, 'read-your-writes: could not pin this session\'s reads to the primary');
    }
  });
  app.addHook('onClose', async () => routing.replica.stop());
}

/** Which database this request's reads go to. */
function targetOf(req: FastifyRequest, routing: ReadRouting): ReadTarget {
  const session = (req.actor as SessionActor | undefined)?.session;
  return routing.replica.choose(session?.readAfterLsn);
}

/** A read context on the replica: `db` is the standby, `primary` the primary. */
const onReplica = (ctx: Ctx, routing: ReadRouting): Ctx => ({ ...ctx, db: routing.replica.standby, primary: ctx.db });

/** The context of a read route: `db` is the replica when it may serve this caller, `primary` the primary. */
export function readCtxOf(req: FastifyRequest): Ctx {
  const ctx = ctxOf(req);
  const routing = req.server.readRouting;
  if (!routing) return ctx;
  const target = targetOf(req, routing);
  routing.replica.counts[target]++;
  return target === 'replica' ? onReplica(ctx, routing) : ctx;
}

/** A connection-level failure of the replica (or a recovery conflict): the read is worth running on the primary. */
function replicaFailure(e: unknown): 'down' | 'conflict' | undefined {
  if (e instanceof AppError || typeof e !== 'object' || e === null) return undefined;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (code === '40001' || code === '25006') return 'conflict'; // recovery conflict; a write sent to a standby
  if (typeof code === 'string' && (/^(08|53|57)/.test(code) || /^E[A-Z]+$/.test(code))) return 'down';
  if (typeof message === 'string' && /connection terminated|timeout exceeded when trying to connect|connection error|not queryable/i.test(message)) return 'down';
  return undefined;
}

/** Runs a read-only use case on the database chosen for the request (see the top of this file). */
export async function withReads<T>(req: FastifyRequest, reply: FastifyReply, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const routing = req.server.readRouting;
  if (!routing) return fn(ctxOf(req));
  const ctx = ctxOf(req);
  const target = targetOf(req, routing);
  const on = async (db: Db, c: Ctx) => {
    if (!routing.debugHeader) return fn(c);
    return db.connection().execute(async (conn) => {
      const result = await fn({ ...c, db: conn });
      const { rows: [r] } = await sql<{ recovery: boolean }>`select pg_is_in_recovery() as recovery`.execute(conn);
      reply.header(DEBUG_READ_HEADER, r!.recovery ? 'standby' : 'primary');
      return result;
    });
  };
  if (target !== 'replica') {
    routing.replica.counts[target]++;
    return on(ctx.db, ctx);
  }
  try {
    const result = await on(routing.replica.standby, onReplica(ctx, routing));
    routing.replica.counts.replica++;
    return result;
  } catch (e) {
    const failure = replicaFailure(e);
    if (!failure) throw e;
    if (failure === 'down') routing.replica.suspect(`a read failed: ${(e as Error).message}`);
    req.log.warn({ err: e }, 'read replica failed a read; answered from the primary');
    routing.replica.counts.fallback++;
    return on(ctx.db, ctx);
  }
}
