/** One Kysely instance over SQLite (better-sqlite3, WAL) or PostgreSQL (pg), same code above it. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { CamelCaseRowsPlugin, RowsSqliteDialect } from './sqlite-rows.js';
import { enableGroupCommit } from './group-commit.js';
import { startCheckpointer } from './checkpointer.js';
import { watchPool } from './pool-stats.js';
import { clientFromEnv } from './pg-prepared.js';
import type { Database } from './types.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Executor = Db | Tx;
export type Dialect = 'sqlite' | 'postgres';

// pg hands int8 (bigint, count(*)) back as strings; our values fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface DbConfig {
  databaseUrl?: string;
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  pgSchema?: string;
  poolSize?: number;
}

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export function createDb(cfg: DbConfig): DbHandle {
  // CamelCasePlugin with cheaper result mapping; on SQLite the rows come out camel-cased already (./sqlite-rows.ts)
  const camelCase = new CamelCaseRowsPlugin();
  const plugins = [camelCase];
  if (cfg.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: cfg.databaseUrl,
      max: cfg.poolSize ?? 10,
      // statements inside a transaction as named prepared statements (./pg-prepared.ts; TALLY_PG_PREPARE=off)
      Client: clientFromEnv(),
      ...(cfg.pgSchema ? { options: `-c search_path=${cfg.pgSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    watchPool(db, pool); // stats for /metrics; an idle connection's failure must not end the process
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = cfg.sqliteFile ?? './data/tally.db';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MiB of page cache instead of SQLite's 2 MiB: at 1M exceptions the default made every list read
  // pages back through the OS (list CPU +19 %, p99 ×1.7 from 10k to 1M); with it both stay flat (docs/benchmarks.md)
  sqlite.pragma('cache_size = -65536');
  // savepoints (one per command in a group commit, ./group-commit.ts) journal the pages they change;
  // in memory rather than in temp files: half the CPU of a savepoint-heavy write load, measured
  sqlite.pragma('temp_store = MEMORY');
  // compiled statements are kept, rows are built from raw arrays with camelCase keys (./sqlite-rows.ts)
  const db = new Kysely<Database>({ dialect: new RowsSqliteDialect({ database: sqlite, plugin: camelCase }), plugins });
  enableGroupCommit(db);
  // WAL checkpoints in a worker thread instead of inside a request's commit (./checkpointer.ts)
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(sqlite, file);
  return {
    db, dialect: 'sqlite',
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}
