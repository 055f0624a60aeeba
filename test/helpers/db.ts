/**
 * The dialect matrix: every API suite runs on SQLite and, when reachable, on PostgreSQL
 * (DATABASE_URL, or the local default). Each suite gets its own fresh database or schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle, type Dialect } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const wanted = (process.env.TALLY_TEST_DIALECTS ?? 'sqlite,postgres').split(',');
export const PG_URL = process.env.DATABASE_URL || LOCAL_PG;
const pgUp = wanted.includes('postgres') && (await reachable(PG_URL));
if (wanted.includes('postgres') && !pgUp) {
  const msg = `PostgreSQL at ${PG_URL} is not reachable: PostgreSQL suites are SKIPPED`;
  if (process.env.DATABASE_URL) throw new Error(msg + ' although DATABASE_URL is set');
  console.warn(`\n!!! ${msg} !!!\n`);
}

export const DIALECTS: { name: Dialect; enabled: boolean }[] = [
  { name: 'sqlite', enabled: wanted.includes('sqlite') },
  { name: 'postgres', enabled: pgUp },
];

export interface TestDb {
  handle: DbHandle;
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-test-'));
  if (dialect === 'sqlite') {
    const handle = createDb({ sqliteFile: join(dataDir, 'tally.db') });
    await migrateToLatest(handle.db);
    return { handle, dataDir, cleanup: async () => { await handle.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = createDb({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 25 });
  await migrateToLatest(handle.db, schema);
  return {
    handle, dataDir,
    cleanup: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
