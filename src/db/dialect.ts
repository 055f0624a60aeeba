/** Which engine an executor talks to, for the few statements the two dialects spell differently. */
import { PostgresAdapter } from 'kysely';
import type { Dialect, Executor } from './create-db.js';
import { isStalePlan } from './pg-prepared.js';

const known = new WeakMap<object, Dialect>();

export function dialectOf(db: Executor): Dialect {
  const adapter = db.getExecutor().adapter;
  let d = known.get(adapter);
  if (!d) known.set(adapter, (d = adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'));
  return d;
}

/**
 * PostgreSQL errors a transaction may simply be run again after: SQLSTATE class 40, and a prepared
 * statement whose plan a schema change made stale (renamed by ./pg-prepared.ts, so the next run re-parses).
 */
const RETRYABLE = new Set(['40P01' /* deadlock_detected */, '40001' /* serialization_failure */]);

export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (RETRYABLE.has((error as { code?: string }).code ?? '') || isStalePlan(error));
}
