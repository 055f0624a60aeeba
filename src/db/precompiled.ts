/**
 * Hot queries and writes built and compiled by Kysely once, then run with new values.
 *
 * On every `execute()` Kysely builds the query tree, rewrites it for the camel-case plugin and
 * compiles it to SQL: 20–28 µs of CPU per statement on the benchmark machine, more than SQLite takes
 * to answer a look-up by key. A precompiled statement does that once per database and shape and
 * afterwards only puts the new values in place.
 *
 * Arguments are scalars (`where(col, '=', id)`), lists of scalars (`where(col, 'in', ids)`), rows —
 * plain objects of scalar values (`values(row)`, `set(changes)`) — and lists of rows (a multi-row
 * insert). The shape is the length of each list and the keys of each row, in order: another row
 * count or key set compiles its own statement. A key whose value is `undefined` is left out of the
 * row before anything else, as Kysely leaves it out of an insert or a `set`.
 *
 * The builder gets placeholders instead of the values, so it must use them only as values, never
 * branch on them or transform them; a value that does not reach the compiled parameters is refused
 * when the statement is compiled. A shape that depends on a value (an optional filter) is written
 * as one precompiled statement per shape.
 *
 * That rule is checked where tests run (VITEST, or TALLY_CHECK_PRECOMPILED=1): every execution
 * also builds and compiles the query from the real arguments and throws when its SQL or its
 * parameters differ from what the precompiled statement sends.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './create-db.js';

type Scalar = string | number | null;
/** An argument: a scalar, a list of scalars, a row (`object`, so interfaces fit) or a list of rows. */
type Arg = Scalar | readonly Scalar[] | object;

/** Where a value is: argument `i`, its element `j` (or -1), its key `k` (or null). */
type Place = [i: number, j: number, k: string | null];
/** A compiled parameter taking the value at a place. */
type Slot = [at: number, ...Place];
/** Per argument: a row's keys, each row's keys for a list of rows, undefined for scalars. */
type Keys = (string[] | string[][] | undefined)[];
type Build = (db: Executor, ...args: any[]) => Compilable<unknown>;

interface Entry {
  compiled: CompiledQuery;
  slots: Slot[];
}

export interface Precompiled<A extends Arg[], R> {
  all(db: Executor, ...args: A): Promise<R[]>;
  first(db: Executor, ...args: A): Promise<R | undefined>;
  /** Runs a write; answers the number of rows it inserted, updated or deleted. */
  run(db: Executor, ...args: A): Promise<number>;
  /** The statement with these values, not run (to send with others: ./run-together.ts). */
  compile(db: Executor, ...args: A): CompiledQuery<R>;
}

const MARK = '\u0000precompiled:';
let CHECK = !!process.env.VITEST || process.env.TALLY_CHECK_PRECOMPILED === '1';

/** Turns the check against the builder on or off (tests that count how often a builder runs). */
export function checkBuilders(on: boolean): void {
  CHECK = on;
}

const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A row's keys that have a value, in order; a value that is not a scalar is refused. */
function keysOf(row: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const k in row) {
    const v = row[k];
    if (v === undefined) continue;
    if (isRow(v) || typeof v === 'function') throw new Error(`precompiled statement: ${k} is not a scalar value`);
    keys.push(k);
  }
  return keys;
}

/** The shape of the arguments, and per argument its rows' keys (undefined for a scalar or a list of scalars). */
function shapeOf(args: readonly unknown[]): { shape: string; keys: Keys } {
  let shape = '';
  const keys = args.map((a) => {
    if (Array.isArray(a)) {
      if (!a.some(isRow)) return void (shape += `[${a.length}]|`);
      const rows = a.map((r) => (isRow(r) ? keysOf(r) : [])); // a scalar among rows has no key: refused when marking
      shape += `[${rows.map((k) => `{${k.join(',')}}`).join('')}]|`;
      return rows;
    }
    if (!isRow(a)) return void (shape += '-|');
    const k = keysOf(a);
    shape += `{${k.join(',')}}|`;
    return k;
  });
  return { shape, keys };
}

/** The arguments with every value replaced by a mark naming where it is (`marks[n]` is its place). */
function markArgs(args: readonly unknown[], keys: Keys) {
  const places: Place[] = [];
  const mark = (i: number, j: number, k: string | null) => `${MARK}${places.push([i, j, k]) - 1}`;
  const row = (i: number, j: number, ks: string[]) => Object.fromEntries(ks.map((k) => [k, mark(i, j, k)]));
  const marked = args.map((a, i) => {
    const ks = keys[i];
    if (!Array.isArray(a)) return ks ? row(i, -1, ks as string[]) : mark(i, -1, null);
    if (!ks) return a.map((_, j) => mark(i, j, null));
    return a.map((r, j) => {
      if (!isRow(r)) throw new Error(`precompiled statement: element ${j} of argument ${i} is not a row`);
      return row(i, j, (ks as string[][])[j]);
    });
  });
  return { marked, places };
}

function compileEntry(db: Executor, build: Build, args: readonly unknown[], keys: Keys): Entry {
  const { marked, places } = markArgs(args, keys);
  const compiled = build(db, ...marked).compile();
  const slots: Slot[] = [];
  const found = new Set<number>();
  compiled.parameters.forEach((p, at) => {
    if (typeof p !== 'string' || !p.startsWith(MARK)) return;
    const n = Number(p.slice(MARK.length));
    if (!places[n] || p !== MARK + n) return; // a mark the builder changed (`${mark}%`) is not a parameter
    slots.push([at, ...places[n]]);
    found.add(n);
  });
  const missing = places.findIndex((_, n) => !found.has(n));
  if (missing >= 0) {
    const [i, j, k] = places[missing];
    const where = [i, ...(j >= 0 ? [j] : []), ...(k !== null ? [k] : [])].join('.');
    throw new Error(`precompiled statement: argument ${where} is not a parameter of ${compiled.sql}`);
  }
  return { compiled, slots };
}

/** The builder run with the real arguments must give the same SQL and parameters (see the header). */
function checkAgainstBuilder(db: Executor, build: Build, args: readonly unknown[], sent: CompiledQuery): void {
  const direct = build(db, ...args).compile();
  const same = direct.sql === sent.sql && direct.parameters.length === sent.parameters.length
    && direct.parameters.every((p, i) => Object.is(p, sent.parameters[i]));
  if (!same) {
    throw new Error(`precompiled statement differs from its builder with these arguments:\n  sent:    ${sent.sql} ${JSON.stringify(sent.parameters)}\n  builder: ${direct.sql} ${JSON.stringify(direct.parameters)}`);
  }
}

export function precompiled<A extends Arg[], R>(build: (db: Executor, ...args: A) => Compilable<R>): Precompiled<A, R> {
  // per database: the camel-case plugin instance (it is what shapes the SQL), else the dialect's adapter
  const byDb = new WeakMap<object, Map<string, Entry>>();

  function entryFor(db: Executor, args: A): Entry {
    const executor = db.getExecutor();
    const owner: object = executor.plugins[0] ?? executor.adapter;
    let shapes = byDb.get(owner);
    if (!shapes) byDb.set(owner, (shapes = new Map()));
    const { shape, keys } = shapeOf(args);
    let entry = shapes.get(shape);
    if (!entry) {
      entry = compileEntry(db, build as Build, args, keys);
      if (shapes.size >= 256) shapes.clear(); // lists of many lengths: keep the memory bounded
      shapes.set(shape, entry);
    }
    return entry;
  }

  function compile(db: Executor, args: A): CompiledQuery<R> {
    const { compiled, slots } = entryFor(db, args);
    const parameters = compiled.parameters.slice();
    for (const [at, i, j, k] of slots) {
      let v: any = args[i];
      if (j >= 0) v = v[j];
      parameters[at] = k === null ? v : v[k];
    }
    const query: CompiledQuery<R> = { query: compiled.query, queryId: compiled.queryId, sql: compiled.sql, parameters };
    if (CHECK) checkAgainstBuilder(db, build as Build, args, query);
    return query;
  }

  const execute = (db: Executor, args: A) => db.executeQuery(compile(db, args));

  return {
    all: async (db, ...args) => (await execute(db, args)).rows,
    first: async (db, ...args) => (await execute(db, args)).rows[0],
    run: async (db, ...args) => Number((await execute(db, args)).numAffectedRows ?? 0),
    compile: (db, ...args) => compile(db, args),
  };
}
