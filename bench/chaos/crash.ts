/**
 * Crash: the real server (src/server.ts under tsx) runs the mixed write load of ./write-load.ts from
 * several concurrent workers, every write with an Idempotency-Key. At a random moment it is
 * SIGKILLed; it restarts on the same database, every request whose answer was lost is retried with
 * its key (it must replay or run once, never twice), and then the invariants hold and every
 * acknowledged (2xx) write is there (write-load.ts verifyAcks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { freePort, here, startServer, type Server } from '../proc.js';
import { clientOf, httpTransport } from './client.js';
import { emptyCounts, verifyAcks, writeLoad, type LoadCounts } from './write-load.js';
import { seedWorld, type World } from './world.js';

const ADMIN_PASSWORD = 'chaos-admin-password';

export interface CrashReport extends LoadCounts {
  dialect: 'sqlite' | 'postgres';
  kills: number;
  seconds: number;
}

export async function runCrash(opts: { dialect: 'sqlite' | 'postgres'; kills: number; pgUrl?: string; workers?: number; log?: (s: string) => void; seed?: number }): Promise<CrashReport> {
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'tally-crash-'));
  const report: CrashReport = { dialect: opts.dialect, kills: 0, ...emptyCounts(), seconds: 0 };
  const started = Date.now();
  let seed = opts.seed ?? Date.now() % 100_000;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };

  // a fresh database: a temp SQLite file, or a new PostgreSQL database
  let dbName: string | undefined;
  let env: Record<string, string>;
  const baseUrl = opts.pgUrl ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (opts.dialect === 'postgres') {
    dbName = `tally_chaos_${process.pid}_${Date.now().toString(36)}`;
    await withPg(baseUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    env = { DATABASE_URL: u.toString() };
  } else {
    env = { TALLY_DB_FILE: join(dir, 'tally.db'), DATABASE_URL: '' };
  }
  env = { ...env, TALLY_DATA_DIR: dir, TALLY_ADMIN_PASSWORD: ADMIN_PASSWORD, HOST: '127.0.0.1' };

  let server: Server | undefined;
  let handle: DbHandle | undefined;
  const start = async () => {
    const port = await freePort();
    server = await startServer(here('../src/server.ts'), { ...env, PORT: String(port) }, { port, timeoutMs: 90_000 });
    return server;
  };
  try {
    await start();
    const send = httpTransport(() => server!.url);
    const anon = clientOf(send);
    const login = async (u: string, p: string) => {
      const r = await anon.post('/api/auth/login', { username: u, password: p });
      if (r.status !== 200) throw new Error(`login ${u}: ${r.status} ${r.text}`);
      return clientOf(send, r.body.token);
    };
    const admin = await login('admin', ADMIN_PASSWORD);
    const w: World = await seedWorld(admin, login);
    const addressId = (await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900000000', region: '广东省 深圳市', detail: '福田区 2 号', isDefault: true })).body.id as string;
    handle = createDb(opts.dialect === 'sqlite' ? { sqliteFile: env.TALLY_DB_FILE } : { databaseUrl: env.DATABASE_URL });
    const db = handle.db;

    const load = writeLoad(w, { addressId, rnd, counts: report });
    let running = true;

    for (let k = 0; k < opts.kills; k++) {
      running = true;
      const loading = load.run(opts.workers ?? 6, () => running);
      await new Promise((r) => setTimeout(r, 150 + Math.floor(rnd() * 1100)));
      await server!.kill();
      report.kills++;
      running = false;
      await loading;
      await start();
      const retried = await load.retryLost(db);
      const findings = await verifyAcks(db, load.acks);
      if (findings.length) report.findings.push(...findings.map((f) => `after kill ${k + 1}: ${f}`));
      log(`kill ${k + 1}/${opts.kills} (${opts.dialect}): ${load.acks.length} acknowledged writes, ${retried} lost answers retried, ${findings.length} findings`);
    }
  } finally {
    await server?.stop().catch(() => undefined);
    await handle?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    if (dbName) {
      await withPg(baseUrl, async (c) => {
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
        await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
      }).catch(() => undefined);
    }
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}
