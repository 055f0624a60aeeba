/**
 * `npm run chaos [-- --fuzz=10000] [--storm-clients=50] [--storm-actions=12] [--kills=20] [--pg-kills=1] [--no-pg] [--seed=N]`
 * `npm run cluster` = `npm run chaos -- --instances=3 [--jit-orders=300] [--photos=60] [--down-seconds=5] [--workers=8] [--seed=N]`
 *
 * The reliability harness: (a) crash — SIGKILL the real server during a mixed write load, restart,
 * verify; (b) fuzz — hostile requests across every route and role; (c) storm — concurrent clients on
 * the same documents. SQLite and PostgreSQL. Summary in bench/results/chaos-latest.json; the method
 * and the figures are written up in docs/reliability.md.
 * With --instances=N (N ≥ 2) only (d) runs: the cluster — N servers on one PostgreSQL database and
 * one bucket, storm, write load, deadlines and photos across them, one instance SIGKILLed mid-load
 * (./cluster.ts); summary in bench/results/cluster-latest.json, the full report in run-cluster-<time>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle, type Dialect } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { buildApp } from '../../src/http/app.js';
import { here } from '../proc.js';
import { clientOf, injectTransport } from './client.js';
import { runCluster } from './cluster.js';
import { runCrash, type CrashReport } from './crash.js';
import { fuzzTarget } from './fixtures.js';
import { runFuzz, type FuzzReport } from './fuzz.js';
import { allFindings, digest, digestDiff } from './invariants.js';
import { runStorm, type StormReport } from './storm.js';
import { seedWorld } from './world.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const NO_PG = argv.includes('--no-pg');
const FUZZ = opt('fuzz', 10_000);
const STORM_CLIENTS = opt('storm-clients', 50);
const STORM_ACTIONS = opt('storm-actions', 12);
const KILLS = opt('kills', 20);
const PG_KILLS = opt('pg-kills', 1);
const SEED = opt('seed', Date.now() % 2 ** 31);
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN_PASSWORD = 'chaos-admin-password';
const log = (...a: unknown[]) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}]`, ...a);

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try { await c.connect(); await c.query('select 1'); return true; } catch { return false; } finally { await c.end().catch(() => undefined); }
}

/** Tally in this process on a fresh database (a temp SQLite file or a new PostgreSQL schema). */
async function inProcess(dialect: Dialect) {
  const dir = mkdtempSync(join(tmpdir(), 'tally-chaos-'));
  let handle: DbHandle;
  let schema: string | undefined;
  if (dialect === 'sqlite') {
    handle = createDb({ sqliteFile: join(dir, 'tally.db') });
    await migrateToLatest(handle.db);
  } else {
    schema = `chaos_${process.pid}_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect(); await c.query(`CREATE SCHEMA ${schema}`); await c.end();
    handle = createDb({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 20 });
    await migrateToLatest(handle.db, schema);
  }
  await ensureAdmin(handle, ADMIN_PASSWORD);
  const app = await buildApp({ db: handle.db, dialect, dataDir: dir, logger: false });
  await app.ready();
  const send = injectTransport(app);
  const anon = clientOf(send);
  const login = async (u: string, p: string) => clientOf(send, (await anon.post('/api/auth/login', { username: u, password: p })).body.token);
  const admin = await login('admin', ADMIN_PASSWORD);
  return {
    app, db: handle.db, send, admin, login,
    close: async () => {
      await app.close();
      await handle.close();
      if (schema) { const c = new pg.Client({ connectionString: PG_URL }); await c.connect(); await c.query(`DROP SCHEMA ${schema} CASCADE`); await c.end(); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function fuzz(dialect: Dialect, count: number): Promise<FuzzReport & { dialect: Dialect; digestChanges: string[]; invariantFindings: string[] }> {
  const t = await inProcess(dialect);
  try {
    const w = await seedWorld(t.admin, t.login);
    const target = await fuzzTarget(w, t.send, t.admin.token!);
    const before = await digest(t.db);
    const r = await runFuzz(target, { count, seed: SEED });
    const digestChanges = digestDiff(before, await digest(t.db));
    return { dialect, ...r, digestChanges, invariantFindings: await allFindings(t.db) };
  } finally {
    await t.close();
  }
}

async function storm(dialect: Dialect): Promise<StormReport & { dialect: Dialect }> {
  const t = await inProcess(dialect);
  try {
    const w = await seedWorld(t.admin, t.login);
    return { dialect, ...(await runStorm(w, t.db, { clients: STORM_CLIENTS, actionsPerClient: STORM_ACTIONS, seed: SEED })) };
  } finally {
    await t.close();
  }
}

const INSTANCES = opt('instances', 1);
if (INSTANCES > 1) {
  if (NO_PG || !(await pgReachable())) { log(`--instances=${INSTANCES} needs PostgreSQL at ${PG_URL}`); process.exit(1); }
  log(`seed ${SEED}; cluster of ${INSTANCES} instances`);
  const r = await runCluster({
    instances: INSTANCES, pgUrl: PG_URL, seed: SEED, workers: opt('workers', 8), jitOrders: opt('jit-orders', 300), photos: opt('photos', 60),
    downSeconds: opt('down-seconds', 5), stormClients: STORM_CLIENTS, log: (s) => log(s),
  });
  const at = new Date().toISOString();
  const { findings, ...figures } = r;
  const summary = { startedAt: at, seed: SEED, ...figures, findingsCount: findings.length, findings: findings.slice(0, 20) };
  mkdirSync(here('./results/'), { recursive: true });
  writeFileSync(here('./results/cluster-latest.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(here(`./results/run-cluster-${at.replace(/[:.]/g, '-')}.json`), JSON.stringify({ ...summary, findings }, null, 2) + '\n');
  log(`cluster: ${r.requests} writes (${r.acknowledged} acknowledged, ${r.lostAnswers} answers lost: ${r.inFlightAtKill} in flight at the kill, ${r.committedBeforeKill} committed → ${r.retriedReplayed} replayed, ${r.retriedExecuted} retries ran) over ${JSON.stringify(r.requestsPerInstance)} requests per instance`);
  log(`  instance ${r.kill.instance} killed at ${r.kill.atSecond} s with ${r.kill.deadlinesFiredBefore} JIT penalties issued, back at ${r.kill.restartedAtSecond} s`);
  log(`  deadlines fired: ${r.deadlines.total} (jitAccept ${r.deadlines.jitAccept}, jitShip ${r.deadlines.jitShip}, decisionSla ${r.deadlines.decisionSla}, returnMethod ${r.deadlines.returnMethod}); harness JIT orders ${r.deadlines.harnessJitPenalised}/${r.deadlines.harnessJitOrders} penalised once`);
  log(`  fired by (the database): ${JSON.stringify(r.firedBy)}; rows done by (their metrics): ${JSON.stringify(r.jobRowsDonePerInstance)}`);
  log(`  photos: ${r.photos.uploaded} uploaded, ${r.photos.crossInstanceFetches} fetches through another instance, ${r.photos.equalOnEveryInstance} equal on every instance; settings seen on ${JSON.stringify(r.settings.seenOn)}`);
  log(`  storm: ${r.storm.requests} requests ${JSON.stringify(r.storm.byStatus)}; creating keys checked for duplicates: ${r.duplicates.checkedKeys}`);
  for (const f of findings.slice(0, 20)) log(`  ${f}`);
  log(`done in ${Math.round(r.seconds)} s: ${findings.length} findings; summary in bench/results/cluster-latest.json`);
  process.exit(findings.length ? 1 : 0);
}

const started = Date.now();
const pgUp = !NO_PG && (await pgReachable());
const dialects: Dialect[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];
log(`seed ${SEED}; dialects ${dialects.join(', ')}`);

const fuzzReports = [];
for (const d of dialects) {
  const r = await fuzz(d, d === 'sqlite' ? FUZZ : Math.ceil(FUZZ / 2));
  log(`fuzz ${d}: ${r.requests} requests in ${r.seconds.toFixed(1)} s; statuses ${JSON.stringify(r.byStatus)}; ${r.findings.length} findings; digest ${r.digestChanges.length ? 'CHANGED ' + r.digestChanges.join(', ') : 'unchanged'}`);
  for (const f of r.findings.slice(0, 15)) log(`  ×${f.count} ${f.problem} [${f.request.route}]: ${f.request.label} ${f.request.method} ${f.request.url.slice(0, 120)} ${f.request.payload?.slice(0, 160) ?? ''} → ${f.answer.slice(0, 240)}`);
  fuzzReports.push(r);
}
const stormReports = [];
for (const d of dialects) {
  const r = await storm(d);
  log(`storm ${d}: ${r.clients} clients, ${r.requests} requests in ${r.seconds.toFixed(1)} s; statuses ${JSON.stringify(r.byStatus)}; ${r.findings.length} findings`);
  for (const f of r.findings.slice(0, 10)) log(`  ${f}`);
  stormReports.push(r);
}
const crashReports: CrashReport[] = [];
for (const d of dialects) {
  const kills = d === 'sqlite' ? KILLS : PG_KILLS;
  if (!kills) continue;
  const r = await runCrash({ dialect: d, kills, pgUrl: PG_URL, seed: SEED, log: (s) => log(s) });
  log(`crash ${d}: ${r.kills} kills, ${r.requests} writes (${r.acknowledged} acknowledged; ${r.lostAnswers} answers lost — ${r.inFlightAtKill} in flight at the kill, ${r.committedBeforeKill} of them committed — retried: ${r.retriedReplayed} replayed, ${r.retriedExecuted} executed) in ${r.seconds.toFixed(1)} s; ${r.findings.length} findings`);
  for (const f of r.findings.slice(0, 10)) log(`  ${f}`);
  crashReports.push(r);
}

const findings = fuzzReports.reduce((n, r) => n + r.findings.reduce((k, f) => k + f.count, 0) + r.digestChanges.length + r.invariantFindings.length, 0)
  + stormReports.reduce((n, r) => n + r.findings.length, 0) + crashReports.reduce((n, r) => n + r.findings.length, 0);
const summary = {
  startedAt: new Date(started).toISOString(), seed: SEED, seconds: Math.round((Date.now() - started) / 1000), findings,
  fuzz: fuzzReports.map((r) => ({ dialect: r.dialect, requests: r.requests, byStatus: r.byStatus, byPoison: r.byPoison, findings: r.findings.slice(0, 10), digestChanges: r.digestChanges, invariantFindings: r.invariantFindings.slice(0, 10) })),
  storm: stormReports.map((r) => ({ dialect: r.dialect, clients: r.clients, requests: r.requests, byAction: r.byAction, findings: r.findings.slice(0, 10) })),
  crash: crashReports.map((r) => ({ dialect: r.dialect, kills: r.kills, writes: r.requests, acknowledged: r.acknowledged, lostAnswers: r.lostAnswers, inFlightAtKill: r.inFlightAtKill, committedBeforeKill: r.committedBeforeKill, retriedReplayed: r.retriedReplayed, retriedExecuted: r.retriedExecuted, byStatus: r.byStatus, findings: r.findings.slice(0, 10) })),
};
mkdirSync(here('./results/'), { recursive: true });
writeFileSync(here('./results/chaos-latest.json'), JSON.stringify(summary, null, 2) + '\n');
log(`done in ${summary.seconds} s: ${findings} findings; summary in bench/results/chaos-latest.json`);
process.exit(findings ? 1 : 0);
