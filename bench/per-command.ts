/**
 * `tsx bench/per-command.ts [--dialect=postgres|sqlite] [--src=/tmp/before/src] [--n=300] [--runs=3] [--only=register|decide] [--log]`
 *
 * The deterministic figures of the write path, for before/after work on a shared machine: statements
 * per command (on PostgreSQL every one a round trip, BEGIN and COMMIT included) and this process's
 * CPU per command (`process.cpuUsage`, server side only: requests go through `app.inject`, no socket).
 * The bench's own mix: registrations on fresh notes (SHORTAGE and BARCODE_DAMAGED in turn), then
 * decides of pending exceptions (CONTINUE_DELIVERY and PROBLEM_GOODS_RETURN), one at a time.
 * Each run prints one JSON line; `--runs` repeats the pair (the figure to keep is the minimum CPU).
 * `--log` prints the SQL of one registration and one decide of each subtype / plan, with each statement's
 * wall time. Experiments: PERCMD_NAMED=1 sends every statement with parameters as a named prepared
 * statement (not how src/ runs); PERCMD_WINDOW=1 prints the measured window in the monotonic clock's µs,
 * to cut a `node --cpu-prof` profile to the measured requests.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openRaw, bumpSequences, type Target } from './rawdb.js';
import { ADMIN_PASSWORD, createTenants } from './tenants.js';
import { newLoadState, SEQUENCE_PREFIXES, WorldLoader } from './world.js';

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DIALECT = (opt('dialect') ?? 'postgres') as 'postgres' | 'sqlite';
const N = Number(opt('n') ?? 300);
const RUNS = Number(opt('runs') ?? 3);
const WARM = 60;
const LOG = argv.includes('--log');
const ONLY = opt('only');
const PG_URL = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const src = opt('src') ? pathToFileURL(resolve(opt('src')!)).href : new URL('../src', import.meta.url).href;

const { createDb } = await import(`${src}/db/create-db.js`) as typeof import('../src/db/create-db.js');
const { migrateToLatest } = await import(`${src}/db/migrate.js`) as typeof import('../src/db/migrate.js');
const { ensureAdmin } = await import(`${src}/bootstrap.js`) as typeof import('../src/bootstrap.js');
const { buildApp } = await import(`${src}/http/app.js`) as typeof import('../src/http/app.js');
const { RowsConnection } = await import(`${src}/db/sqlite-rows.js`) as typeof import('../src/db/sqlite-rows.js');

const work = mkdtempSync(join(tmpdir(), 'tally-percmd-'));
const schema = `percmd_${process.pid}`;
const target: Target = DIALECT === 'sqlite' ? { dialect: 'sqlite', file: join(work, 'tally.db') } : { dialect: 'postgres', url: PG_URL, schema };
const admin = async (q: string) => { const c = new pg.Client({ connectionString: PG_URL }); await c.connect(); try { await c.query(q); } finally { await c.end(); } };

const open = async () => {
  const handle = createDb(target.dialect === 'sqlite' ? { sqliteFile: target.file } : { databaseUrl: PG_URL, pgSchema: schema });
  await migrateToLatest(handle.db, target.dialect === 'postgres' ? schema : undefined);
  await ensureAdmin(handle, ADMIN_PASSWORD);
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, dataDir: work, logger: false });
  return { handle, app };
};

try {
  if (DIALECT === 'postgres') await admin(`CREATE SCHEMA ${schema}`);
  // tenants through the API, then the world bulk-loaded with the server closed (as bench/run.ts does)
  let s = await open();
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = s.app.server.address() as { port: number };
  const { tenants, users } = await createTenants(`http://127.0.0.1:${addr.port}`, `${process.pid.toString(36)}${DIALECT[0]}`);
  await s.app.close();
  await s.handle.close();
  const raw = await openRaw(target);
  const state = newLoadState();
  const poolUnits = Math.ceil(((N + WARM) * RUNS) / 4) + 2;
  const loaded = await new WorldLoader(raw.sink, tenants, state).load({ exceptions: 0, poolUnits, workNotes: (N + WARM) * RUNS + 10 });
  await bumpSequences(raw, DIALECT, state.seq, SEQUENCE_PREFIXES);
  if (DIALECT === 'postgres') await raw.run('ANALYZE');
  await raw.close();

  s = await open();
  const counter = { statements: 0, log: null as string[] | null };
  if (DIALECT === 'postgres') {
    const pgOfSrc = createRequire(`${src}/db/create-db.js`)('pg') as typeof import('pg');
    const proto = pgOfSrc.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = proto.query;
    const names = new Map<string, string>();
    proto.query = function counted(this: unknown, ...args: unknown[]) {
      counter.statements++;
      // experiment: every statement with parameters as a named prepared statement (PERCMD_NAMED=1)
      if (process.env.PERCMD_NAMED && typeof args[0] === 'string' && Array.isArray(args[1])) {
        let name = names.get(args[0]);
        if (!name) names.set(args[0], (name = `s${names.size}`));
        args = [{ name, text: args[0], values: args[1] }, ...args.slice(2)];
      }
      if (!counter.log) return query.apply(this, args);
      const line = counter.log.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text) - 1;
      const log = counter.log;
      const t0 = process.hrtime.bigint();
      const out = query.apply(this, args) as Promise<unknown>;
      void out.then(() => { log[line] = `${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)} ms  ${log[line]}`; }, () => undefined);
      return out;
    };
  } else {
    const execute = RowsConnection.prototype.executeQuery;
    RowsConnection.prototype.executeQuery = function counted(this: InstanceType<typeof RowsConnection>, q) {
      counter.statements++;
      if (counter.log) counter.log.push(q.sql);
      return execute.call(this, q);
    } as typeof execute;
  }
  const login = async (username: string) => (await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'bench-password-1234' } })).json().token as string;
  const tokens = { warehouse: await login(users.warehouse), ops: await login(users.ops) };
  const [sku1, sku2] = tenants.merchants[0].skus;
  let note = 0;
  let d = 0;
  const post = async (token: string, url: string, payload: Record<string, unknown>) => {
    const r = await s.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  };
  const register = (i: number) => {
    const id = loaded.workNotes[note++];
    return post(tokens.warehouse, '/api/exceptions', i % 2 === 0
      ? { deliveryNoteId: id, subtype: 'SHORTAGE', lines: [{ skuId: sku1, qty: 1 }], remark: '少货' }
      : { deliveryNoteId: id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: sku2, qty: 1 }], remark: '条码破损' });
  };
  // the pool lists every A (CONTINUE_DELIVERY) first, then every B: take them in turn, as the bench's mix does overall
  const half = loaded.decidePool.length / 2;
  const decide = (i: number) => {
    const e = loaded.decidePool[i % 2 === 0 ? d : half + d];
    if (i % 2 === 1) d++;
    return post(tokens.ops, `/api/exceptions/${e.id}/decide`, { plan: e.plan, version: 1 });
  };
  const measure = async (what: (i: number) => Promise<void>) => {
    for (let i = 0; i < WARM; i++) await what(i);
    counter.statements = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await what(i);
    const cpu = process.cpuUsage(cpu0);
    const t1 = process.hrtime.bigint();
    const wall = Number(t1 - t0) / 1e6;
    // the window in the monotonic clock's µs, to cut a --cpu-prof profile to the measured requests
    if (process.env.PERCMD_WINDOW) console.error(`window ${t0 / 1000n} ${t1 / 1000n}`);
    return { statements: counter.statements / N, cpuMs: (cpu.user + cpu.system) / 1000 / N, wallMs: wall / N };
  };
  if (LOG) {
    for (const [name, fn] of [['register SHORTAGE', () => register(0)], ['register BARCODE_DAMAGED', () => register(1)],
      ['decide CONTINUE_DELIVERY', () => decide(0)], ['decide PROBLEM_GOODS_RETURN', () => decide(1)]] as const) {
      counter.log = [];
      await fn();
      console.log(`--- ${name}: ${counter.log.length} statements`);
      for (const q of counter.log) console.log(`  ${q.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
    counter.log = null;
  }
  for (let r = 0; r < RUNS; r++) {
    const none = { statements: 0, cpuMs: 0, wallMs: 0 };
    const reg = ONLY === 'decide' ? none : await measure(register);
    const dec = ONLY === 'register' ? none : await measure(decide);
    const f = (x: number) => Math.round(x * 1000) / 1000;
    console.log(JSON.stringify({ dialect: DIALECT, src: opt('src') ?? 'src', run: r + 1, n: N,
      register: { statements: f(reg.statements), cpuMs: f(reg.cpuMs), wallMs: f(reg.wallMs) },
      decide: { statements: f(dec.statements), cpuMs: f(dec.cpuMs), wallMs: f(dec.wallMs) } }));
  }
  await s.app.close();
  await s.handle.close();
} finally {
  if (DIALECT === 'postgres') await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  rmSync(work, { recursive: true, force: true });
}
