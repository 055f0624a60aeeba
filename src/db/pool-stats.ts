/**
 * The PostgreSQL connection pool of a `Db`: how busy it is, for the metrics (src/http/metrics.ts),
 * and its idle connections' errors. create-db hands each pool it makes to `watchPool`; SQLite has no
 * pool and answers undefined.
 *
 * A connection that breaks (the database restarts, fails over, or a proxy cuts it) emits 'error':
 * an idle one through pg.Pool, a lent one on itself — also when it was lent just after its socket
 * closed, before pg noticed. With no listener either is an uncaught exception and the process
 * dies. The query running on it fails with that error anyway, and the pool drops the connection
 * and opens a new one for the next query, so a warning is all it takes (/readyz tells whether the
 * database is back).
 */
import type pg from 'pg';
import type { Db } from './create-db.js';

const pools = new WeakMap<Db, pg.Pool>();

export function watchPool(db: Db, pool: pg.Pool): void {
  pools.set(db, pool);
  pool.on('error', (e) => console.warn(`[tally] an idle PostgreSQL connection failed and was dropped: ${e.message}`));
  // Kysely listens to neither; the query on the connection is failed by pg itself
  pool.on('connect', (client) => client.on('error', () => undefined));
}

export interface PoolStats {
  /** Connections open (idle or lent). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export function poolStats(db: Db): PoolStats | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}
