/**
 * Bulk loading: rows are buffered per table and written as batched multi-row INSERTs inside
 * transactions, through the raw drivers (better-sqlite3, pg). Not through HTTP, not through Kysely.
 * Foreign-key checks are off while loading (SQLite `foreign_keys = OFF`, PostgreSQL
 * `session_replication_role = replica`) so each table flushes on its own; the caller checks them
 * afterwards (rawdb.ts checkForeignKeys).
 */
import type SQLite from 'better-sqlite3';
import type pg from 'pg';

export type Row = unknown[];

export interface Sink {
  add(table: string, cols: readonly string[], row: Row): Promise<void>;
  /** Writes everything buffered and commits the current transaction. */
  commit(): Promise<void>;
  /** Writes everything buffered, then runs one statement (no parameters) in the current transaction. */
  exec(statement: string): Promise<void>;
  rows: number;
}

const SQLITE_MAX_VARS = 32_000;
const PG_MAX_VARS = 60_000;

abstract class Buffered implements Sink {
  rows = 0;
  private buf = new Map<string, { cols: readonly string[]; rows: Row[] }>();
  constructor(private maxVars: number, private maxRows: number) {}
  protected abstract write(table: string, cols: readonly string[], rows: Row[]): Promise<void>;
  protected abstract run(statement: string): Promise<void>;
  protected abstract begin(): Promise<void>;
  protected abstract end(): Promise<void>;
  private open = false;

  async add(table: string, cols: readonly string[], row: Row): Promise<void> {
    if (!this.open) { await this.begin(); this.open = true; }
    let b = this.buf.get(table);
    if (!b) { b = { cols, rows: [] }; this.buf.set(table, b); }
    b.rows.push(row);
    this.rows++;
    if (b.rows.length >= Math.min(this.maxRows, Math.floor(this.maxVars / cols.length))) {
      // full batches of one size: one prepared statement per table (foreign keys are checked after the load)
      await this.write(table, b.cols, b.rows);
      b.rows = [];
    }
  }

  /** Parents before children: tables were first seen in dependency order. */
  private async flush(): Promise<void> {
    for (const [table, b] of this.buf) {
      if (b.rows.length) await this.write(table, b.cols, b.rows);
      b.rows = [];
    }
  }

  async exec(statement: string): Promise<void> {
    if (!this.open) { await this.begin(); this.open = true; }
    await this.flush();
    await this.run(statement);
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    await this.flush();
    await this.end();
    this.open = false;
  }
}

export class SqliteSink extends Buffered {
  private stmts = new Map<string, SQLite.Statement>();
  constructor(private db: SQLite.Database) { super(SQLITE_MAX_VARS, 2000); }
  protected async begin() { this.db.exec('BEGIN'); }
  protected async end() { this.db.exec('COMMIT'); }
  protected async run(statement: string) { this.db.exec(statement); }
  protected async write(table: string, cols: readonly string[], rows: Row[]) {
    const key = `${table}:${rows.length}`;
    let stmt = this.stmts.get(key);
    if (!stmt) {
      const one = `(${cols.map(() => '?').join(',')})`;
      stmt = this.db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${Array(rows.length).fill(one).join(',')}`);
      this.stmts.set(key, stmt);
    }
    stmt.run(rows.flat() as unknown[]);
  }
}

export class PgSink extends Buffered {
  constructor(private client: pg.Client | pg.PoolClient) { super(PG_MAX_VARS, 2000); }
  protected async begin() { await this.client.query('BEGIN'); }
  protected async end() { await this.client.query('COMMIT'); }
  protected async run(statement: string) { await this.client.query(statement); }
  protected async write(table: string, cols: readonly string[], rows: Row[]) {
    let n = 0;
    const values = rows.map((r) => `(${r.map(() => `$${++n}`).join(',')})`).join(',');
    await this.client.query(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${values}`, rows.flat());
  }
}
