/**
 * Writes that depend on none of each other's effects (inserts into different tables, a child with its
 * parent, an upsert of counters), sent as one round trip on PostgreSQL: one statement whose WITH
 * clauses are all the writes but the last (data-modifying WITH clauses always run to completion,
 * read or not). They share one snapshot, so none may need to see another's rows — a foreign key may:
 * its check runs at the end of the statement, when every row is in — and no two may change one row
 * (only one of the two changes would apply). SQLite runs them one after the
 * other (in-process, no round trip to save). Same writes, same order of failure: all or nothing
 * with the transaction.
 */
import { CompiledQuery, type QueryResult } from 'kysely';
import type { Executor } from './create-db.js';
import { dialectOf } from './dialect.js';

/** PostgreSQL's bind-parameter limit per statement (a 16-bit count). */
export const PG_MAX_PARAMETERS = 65_535;

/** Runs `queries` (see the header); answers the last one's result (its RETURNING rows, say). */
export async function runTogether<R = unknown>(tx: Executor, queries: readonly CompiledQuery[]): Promise<QueryResult<R>> {
  let last: QueryResult<R> = { rows: [] };
  if (dialectOf(tx) !== 'postgres') {
    for (const q of queries) last = await tx.executeQuery(q as CompiledQuery<R>);
    return last;
  }
  let group: CompiledQuery[] = [];
  let params = 0;
  for (const q of queries) {
    if (group.length && params + q.parameters.length > PG_MAX_PARAMETERS) {
      await tx.executeQuery(fused(group));
      group = [];
      params = 0;
    }
    group.push(q);
    params += q.parameters.length;
  }
  if (group.length) last = await tx.executeQuery(fused(group) as CompiledQuery<R>);
  return last;
}

/** `with w0 as (q0), w1 as (q1) … qn`, each statement's $-placeholders moved past the ones before it. */
export function fused(queries: readonly CompiledQuery[]): CompiledQuery {
  if (queries.length === 1) return queries[0];
  const parameters: unknown[] = [];
  const parts = queries.map((q) => {
    const offset = parameters.length;
    parameters.push(...q.parameters);
    return offset ? q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : q.sql;
  });
  const last = parts.pop()!;
  return CompiledQuery.raw(`with ${parts.map((p, i) => `w${i} as (${p})`).join(', ')} ${last}`, parameters);
}
