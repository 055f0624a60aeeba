/**
 * Result rows of better-sqlite3 built in JavaScript, camel-cased in the same step.
 *
 * better-sqlite3 builds every row object in C++ with one named-property store per column, which
 * costs more than the query itself (measured on the merchant list, 100k rows: `select *` of 28
 * columns 0.198 ms per page, the same page read as arrays 0.089 ms). Here statements read arrays
 * (`raw(true)`) and a constructor generated once per column list turns each array into an object
 * literal, with the keys the CamelCasePlugin would have produced, so the plugin's per-row mapping
 * is skipped too. The plugin still rewrites the query (camelCase → snake_case identifiers).
 * With ./precompiled.ts, measured end to end (npm run bench, SQLite 10k, server CPU per answer):
 * merchant list 1.03 → 0.52 ms, exception detail 0.58 → 0.32 ms.
 *
 * What comes out is what came out before: the same keys (aliases as written, camel-cased exactly
 * as the plugin does), the same values, a repeated column name keeps its first position and its
 * last value (as better-sqlite3 does). Queries run without the plugin (`withoutPlugins()`: the
 * migrator, the introspector) get the column names unchanged, as before.
 */
import type SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  SelectQueryNode,
  SqliteDialect,
  SqliteDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type SqliteDialectConfig,
  type UnknownRow,
} from 'kysely';

export type RowConstructor = (values: readonly unknown[]) => Record<string, unknown>;

const constructors = new Map<string, RowConstructor>();

/**
 * A function turning one raw row (values in column order) into an object with `keys`. A repeated
 * key keeps the position of its first occurrence and the value of its last, like better-sqlite3.
 * Shared per key list, so rows of the same columns have one shape (V8 hidden class) whatever the query.
 */
export function rowConstructor(keys: readonly string[]): RowConstructor {
  const id = JSON.stringify(keys);
  let make = constructors.get(id);
  if (!make) {
    const at = new Map<string, number>();
    keys.forEach((k, i) => at.set(k, i)); // a repeated key keeps its first position, takes the last index
    // keys are JSON string literals; `__proto__` as a plain literal key would set the prototype
    const props = [...at].map(([k, i]) => `${k === '__proto__' ? '["__proto__"]' : JSON.stringify(k)}: v[${i}]`);
    make = new Function('v', `"use strict"; return { ${props.join(', ')} };`) as RowConstructor;
    if (constructors.size >= 2000) constructors.clear();
    constructors.set(id, make);
  }
  return make;
}

type RowMapper = (row: UnknownRow, nested: (v: object) => unknown) => UnknownRow;

/**
 * CamelCasePlugin whose result mapping is skipped for rows the SQLite connection below already
 * built with camelCase keys. Other results (PostgreSQL, or a compiled query the plugin never saw)
 * are mapped as the plugin maps them, through a function generated once per column list instead of
 * a `reduce` per row: the rows of one result all have the same keys (both drivers build them from
 * the result's field list).
 */
export class CamelCaseRowsPlugin extends CamelCasePlugin {
  readonly #seen = new WeakSet<QueryId>();
  readonly #built = new WeakSet<object>();
  readonly #mappers = new Map<string, RowMapper>();
  readonly #nested = (v: object): unknown => this.#mapNested(v);

  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#seen.add(args.queryId);
    return super.transformQuery(args);
  }

  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const { rows } = args.result;
    if (!Array.isArray(rows) || !rows.length || this.#built.has(rows)) return args.result;
    const map = this.#mapperFor(Object.keys(rows[0]));
    const out = new Array<UnknownRow>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = map(rows[i], this.#nested);
    return { ...args.result, rows: out };
  }

  /** Whether this plugin rewrote the query, i.e. its result is going to be camel-cased. */
  handles(queryId: QueryId): boolean {
    return this.#seen.has(queryId);
  }

  /** Marks rows as camel-cased already. */
  built<R extends object>(rows: R): R {
    this.#built.add(rows);
    return rows;
  }

  toCamel(column: string): string {
    return this.camelCase(column);
  }

  /** `row` with camelCase keys; objects and arrays in it are mapped as the plugin's `mapRow` does. */
  #mapperFor(keys: string[]): RowMapper {
    const id = keys.join('\u0000');
    let map = this.#mappers.get(id);
    if (!map) {
      const props = keys.map((k) => {
        const to = this.camelCase(k);
        return `${to === '__proto__' ? '["__proto__"]' : JSON.stringify(to)}: (v = r[${JSON.stringify(k)}], typeof v === "object" && v !== null ? n(v) : v)`;
      });
      map = new Function('r', 'n', `"use strict"; let v; return { ${props.join(', ')} };`) as RowMapper;
      if (this.#mappers.size >= 2000) this.#mappers.clear();
      this.#mappers.set(id, map);
    }
    return map;
  }

  #mapNested(v: object): unknown {
    const row = { v };
    return (this.mapRow(row) as { v: unknown }).v;
  }
}

interface Prepared {
  stmt: SQLite.Statement;
  reader: boolean;
  /** Row constructors (reader statements only), made on first use. */
  plain?: RowConstructor;
  camel?: RowConstructor;
}

/** Statements that may change what a cached `select *` answers (its columns). */
const DDL = /^\s*(create|alter|drop)\b/i;

/**
 * The connection Kysely's SQLite driver uses, with two changes: compiled statements are kept (the
 * most recently used `max` by SQL text; better-sqlite3 would compile the SQL on every query, a tenth
 * of a list request's CPU), and rows are built as described above. Kysely runs one statement at a
 * time on it (the driver's mutex). A schema change through this connection (a migration) drops the
 * kept statements with their row constructors: SQLite recompiles a statement after a schema change
 * and a `select *` may then have other columns. (Another connection changing the schema under a
 * running server is not supported, as one server per database file is.)
 */
export class RowsConnection implements DatabaseConnection {
  readonly #db: SQLite.Database;
  readonly #plugin: CamelCaseRowsPlugin;
  readonly #max: number;
  readonly #cache = new Map<string, Prepared>();

  constructor(db: SQLite.Database, plugin: CamelCaseRowsPlugin, max = 500) {
    this.#db = db;
    this.#plugin = plugin;
    this.#max = max;
  }

  #prepare(sql: string): Prepared {
    let p = this.#cache.get(sql);
    if (p) {
      this.#cache.delete(sql);
    } else {
      const stmt = this.#db.prepare(sql);
      p = { stmt, reader: stmt.reader };
      if (p.reader) stmt.raw(true);
      if (this.#cache.size >= this.#max) this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.set(sql, p);
    return p;
  }

  #constructorFor(p: Prepared, camel: boolean): RowConstructor {
    if (camel) {
      return (p.camel ??= rowConstructor(p.stmt.columns().map((c) => this.#plugin.toCamel(c.name))));
    }
    return (p.plain ??= rowConstructor(p.stmt.columns().map((c) => c.name)));
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters, queryId } = compiledQuery;
    const p = this.#prepare(sql);
    if (p.reader) {
      const values = p.stmt.all(parameters as unknown[]) as unknown[][];
      const camel = this.#plugin.handles(queryId);
      const make = this.#constructorFor(p, camel);
      const rows = new Array<R>(values.length);
      for (let i = 0; i < values.length; i++) rows[i] = make(values[i]) as R;
      return Promise.resolve({ rows: camel ? this.#plugin.built(rows) : rows });
    }
    const { changes, lastInsertRowid } = p.stmt.run(parameters as unknown[]);
    if (DDL.test(sql)) this.#cache.clear();
    return Promise.resolve({
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, _chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query, queryId } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const p = this.#prepare(sql);
    const camel = this.#plugin.handles(queryId);
    const make = this.#constructorFor(p, camel);
    for (const values of p.stmt.iterate(parameters as unknown[]) as IterableIterator<unknown[]>) {
      const rows = [make(values) as R];
      yield { rows: camel ? this.#plugin.built(rows) : rows };
    }
  }
}

/** Kysely's SQLite driver (its single-connection mutex and transactions) over a `RowsConnection`. */
class RowsDriver extends SqliteDriver {
  readonly #connection: RowsConnection;

  constructor(config: SqliteDialectConfig, connection: RowsConnection) {
    super(config);
    this.#connection = connection;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await super.acquireConnection();
    return this.#connection;
  }
}

/** SqliteDialect over a better-sqlite3 database, reading rows through a `RowsConnection`. */
export class RowsSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig & { database: SQLite.Database };
  readonly #plugin: CamelCaseRowsPlugin;

  constructor(config: { database: SQLite.Database; plugin: CamelCaseRowsPlugin }) {
    super({ database: config.database });
    this.#config = { database: config.database };
    this.#plugin = config.plugin;
  }

  override createDriver(): Driver {
    return new RowsDriver(this.#config, new RowsConnection(this.#config.database, this.#plugin));
  }
}
