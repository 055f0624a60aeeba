/**
 * Hot read queries built and compiled by Kysely once, then run with new values.
 *
 * On every `execute()` Kysely builds the query tree, rewrites it for the camel-case plugin and
 * compiles it to SQL: 20–28 µs of CPU per query on the benchmark machine, more than SQLite takes
 * to answer a look-up by key. A precompiled query does that once per database and shape (the
 * length of each list argument) and afterwards only puts the new values in place.
 *
 * The builder gets placeholders instead of the arguments, so it must use them only as values
 * (`where(col, '=', arg)`, `where(col, 'in', list)`), never branch on them or transform them; an
 * argument that does not reach the compiled parameters is refused when the query is compiled.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './create-db.js';

type Arg = string | number | readonly (string | number)[];

interface Entry {
  compiled: CompiledQuery;
  /** For each compiled parameter bound to an argument: [parameter index, argument index, element index or -1]. */
  slots: [number, number, number][];
}

export interface Precompiled<A extends Arg[], R> {
  all(db: Executor, ...args: A): Promise<R[]>;
  first(db: Executor, ...args: A): Promise<R | undefined>;
}

const MARK = '\u0000precompiled:';

export function precompiled<A extends Arg[], R>(build: (db: Executor, ...args: A) => Compilable<R>): Precompiled<A, R> {
  // per database: the camel-case plugin instance (it is what shapes the SQL), else the dialect's adapter
  const byDb = new WeakMap<object, Map<string, Entry>>();

  function entryFor(db: Executor, args: A): Entry {
    const executor = db.getExecutor();
    const owner: object = executor.plugins[0] ?? executor.adapter;
    let shapes = byDb.get(owner);
    if (!shapes) byDb.set(owner, (shapes = new Map()));
    const shape = args.map((a) => (Array.isArray(a) ? a.length : '-')).join(',');
    let entry = shapes.get(shape);
    if (!entry) {
      const marks = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => `${MARK}${i}.${j}`) : `${MARK}${i}`)) as unknown as A;
      const compiled = build(db, ...marks).compile();
      const slots: Entry['slots'] = [];
      const found = new Set<string>();
      compiled.parameters.forEach((p, at) => {
        if (typeof p !== 'string' || !p.startsWith(MARK)) return;
        const [i, j] = p.slice(MARK.length).split('.').map(Number);
        slots.push([at, i, j ?? -1]);
        found.add(p);
      });
      const missing = (marks as unknown as (string | string[])[]).flat().filter((m) => !found.has(m));
      if (missing.length) throw new Error(`precompiled query: argument ${missing[0].slice(MARK.length)} is not a parameter of ${compiled.sql}`);
      entry = { compiled, slots };
      if (shapes.size >= 256) shapes.clear(); // lists of many lengths: keep the memory bounded
      shapes.set(shape, entry);
    }
    return entry;
  }

  async function run(db: Executor, args: A): Promise<R[]> {
    const { compiled, slots } = entryFor(db, args);
    const parameters = compiled.parameters.slice();
    for (const [at, i, j] of slots) parameters[at] = j < 0 ? args[i] : (args[i] as readonly unknown[])[j];
    const query: CompiledQuery<R> = { query: compiled.query, queryId: compiled.queryId, sql: compiled.sql, parameters };
    return (await db.executeQuery(query)).rows;
  }

  return {
    all: (db, ...args) => run(db, args),
    first: async (db, ...args) => (await run(db, args))[0],
  };
}
