/**
 * `npm run bench [-- --quick] [--sizes=10k,100k,1m] [--pg-sizes=10k,100k] [--no-pg] [--no-sqlite] [--duration=10] [--pgbench-scale=10] [--profile] [--keep]`
 *
 * One run, one machine: the baselines and Tally side by side, all through HTTP with autocannon on
 * 127.0.0.1. Every Tally figure is printed as a ratio to its baseline; the summary goes to
 * bench/results/latest.json (small, kept), the full record to bench/results/run-<time>.json.
 * The method is written up in docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { runLoad, type Figures } from './load.js';
import { queueReport, queueRuns, type QueueFigure, type QueueSamples } from './queue.js';
import { benchLock } from './lock.js';
import { here, startServer, type Server } from './proc.js';
import { ADMIN_PASSWORD, createTenants, loginAll, type Logins } from './tenants.js';
import { bumpSequences, checkForeignKeys, checkLedgers, countOf, openRaw, type Target } from './rawdb.js';
import { newLoadState, SEQUENCE_PREFIXES, WorldLoader, type LoadState, type Tenants } from './world.js';
import { buildRollups, exportRun, scorecardFigure, type ExportFigure, type ScorecardFigure } from './performance.js';

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const parseSize = (s: string) => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`Not a size: ${s}`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1));
};
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

const QUICK = flag('quick');
/** --no-sqlite: PostgreSQL figures only (the SQLite baseline and sizes are skipped). */
const NO_SQLITE = flag('no-sqlite');
const SIZES = NO_SQLITE ? [] : (opt('sizes') ?? (QUICK ? '10k' : '10k,100k,1m')).split(',').map(parseSize);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_SIZES = flag('no-pg') ? [] : (opt('pg-sizes') ?? (QUICK ? '10k' : '10k,100k')).split(',').map(parseSize);
const DURATION = Number(opt('duration') ?? (QUICK ? 3 : 8));
const WARMUP = QUICK ? 1 : 2;
const CONNECTIONS = Number(opt('connections') ?? 10);
const PROFILE = flag('profile');
/** Only these Tally figures (e.g. --only=register,decide), for profiling one thing at a time. */
const ONLY = opt('only')?.split(',');
const wanted = (name: string) => !ONLY || ONLY.includes(name);
const KEEP = flag('keep');
/** Serve Tally from another copy of src/ (before/after a fix); default ./src. */
const TALLY_SRC = opt('src');
/** The Tally server's PostgreSQL connections carry this application_name (the wait sampler's filter). */
const PG_APP = 'tally-bench';
const WAIT_SAMPLE_MS = 50;
const PGBENCH = process.env.BENCH_PGBENCH ?? '/usr/bin/pgbench';
const PGBENCH_SCALE = Number(opt('pgbench-scale') ?? 10);
const PGBENCH_THREADS = 2;
const POOL_UNITS = QUICK ? 400 : 1500; // 4 pending exceptions each, for decide
const WORK_NOTES = QUICK ? 2500 : 8000; // one registration each
const RESULTS = here('./results/');
const PROFILES = join(RESULTS, 'profiles');

const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'tally-bench-'));
const runTag = Date.now().toString(36).slice(-6);
const log = (...a: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------- record

/** A Tally figure; on SQLite also SQLite's own time per answer (bench/tally-server.ts times every statement). */
interface TallyFigures extends Figures {
  /** Milliseconds spent in SQLite statements (commits included) per 2xx answer: the floor under `cpuMsPerOk`. */
  sqlMsPerOk?: number;
  /** Statements sent per 2xx answer (both dialects; on PostgreSQL BEGIN/COMMIT included, each a round trip). */
  statementsPerOk?: number;
  /** PostgreSQL: wall ms per 2xx answer from sending each statement to its result, summed (waits included; not CPU). */
  pgMsPerOk?: number;
  /** PostgreSQL: what the Tally server's backends were doing while the figure ran (pg_stat_activity every ~50 ms). */
  waits?: Waits;
}

/** pg_stat_activity of the Tally server's backends (application_name), sampled while one figure ran. */
interface Waits {
  samples: number;
  /** Mean backends per sample running a statement, and sitting idle inside a transaction (waiting for Node). */
  meanActive: number;
  meanIdleInTx: number;
  /** `wait_event_type:wait_event` ('CPU:none' = active, no wait; Lock waits name the relation), as a share of
   *  the backend observations that were active or idle in a transaction; largest first. */
  top: { wait: string; share: number }[];
  error?: string;
}

/** One pgbench run (TPC-B-like, its own database): PostgreSQL's own transaction rate on this machine, now. */
interface Pgbench {
  tps: number;
  /** pgbench's average latency (ms). */
  latencyMs: number;
  transactions: number;
  failed: number;
  seconds: number;
}

interface Measure extends TallyFigures {
  name: string; baseline?: string; target?: number;
  /** Tally's rate ÷ the baseline's (mean of the runs just before and after). */
  ratio?: number;
  /** The baseline's server CPU per answer ÷ Tally's: the rate ratio each would reach on a core of its own. */
  cpuRatio?: number;
  /** PostgreSQL writes: Tally's rate ÷ pgbench's tps (mean of the runs just before and after). */
  pgbenchRatio?: number;
  /** The scorecard GET: its p99 against the merchant list's in the same run (bench/performance.ts). */
  scorecard?: ScorecardFigure;
}
interface SizeResult {
  size: number; rows: number; loadSeconds: number; loadRowsPerSecond: number; dbBytes?: number; ledgerLinesChecked: number;
  /** The baselines measured just before and after this size's Tally figures; ratios use their mean. */
  baselines: { bareGet: Figures; rawTx: Figures; pgbench?: Pgbench };
  measures: Measure[];
  /** PostgreSQL at the largest size: the ops queue per documented filter against hand-written SQL (bench/queue.ts). */
  queue?: QueueFigure[];
  /** The rollups rebuilt from the loaded documents (for the scorecard case). */
  rollups?: { documents: number; seconds: number };
  /** Every exception exported, CSV and XLSX: rows/s and the server's RSS growth. */
  exports?: ExportFigure[];
}
interface DialectResult { dialect: 'sqlite' | 'postgres'; sizes: SizeResult[] }
const record = {
  startedAt: new Date().toISOString(),
  mode: QUICK ? 'quick' : 'full',
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  settings: {
    src: TALLY_SRC ?? 'src', durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, sizes: SIZES, pgSizes: PG_SIZES,
    pgbench: { scale: PGBENCH_SCALE, clients: CONNECTIONS, threads: PGBENCH_THREADS }, waitSampleMs: WAIT_SAMPLE_MS,
  },
  baselines: {} as Record<string, Figures>,
  /** pgbench at the start, with the other baselines (undefined without PostgreSQL or pgbench). */
  pgbench: undefined as Pgbench | undefined,
  dialects: [] as DialectResult[],
  checks: [] as string[],
};

const slim = <F extends Figures>(f: F): F => ({ ...f, rate: Math.round(f.rate), seconds: Math.round(f.seconds * 10) / 10, samples: f.samples.slice(0, 2) });

// ---------------------------------------------------------------- baselines

const BASE_BODY = {
  deliveryNoteId: 'dn_0000000000000000000000', merchantId: 'mer_0000000000000000000000', warehouseId: 'wh_0000000000000000000000',
  subtype: 'SHORTAGE', skuId: 'sku_0000000000000000000000', qty: 1, remark: '少货 2 件 / 2 units short', photoCount: 0,
};

/** Statements since the last call, with SQLite's time (`ms`) or PostgreSQL's round trips (`pgMs`); Tally server only. */
async function sqlTotals(url: string): Promise<{ statements: number; ms?: number; pgMs?: number } | undefined> {
  const res = await fetch(`${url}/__bench/sql`);
  // served only by bench/tally-server.ts; elsewhere the path falls through to the web app's index.html
  const json = res.ok && res.headers.get('content-type')?.startsWith('application/json');
  return json ? (await res.json()) as { statements: number; ms?: number; pgMs?: number } : undefined;
}

const waitsText = (w: Waits, top = 4) => `waits (${w.samples} samples; ${w.meanActive} active + ${w.meanIdleInTx} idle in tx): ${w.top.slice(0, top).map((t) => `${t.wait} ${Math.round(t.share * 100)}%`).join(', ') || '—'}${w.error ? ` (sampler: ${w.error})` : ''}`;

/** `sqlOf`: the Tally server whose statements to account (reset after the warm-up, read after the run);
 *  `sampleWaits`: sample the Tally server's PostgreSQL backends while the measured run goes. */
async function measure(name: string, spec: Parameters<typeof runLoad>[0], warm = true, sqlOf?: string, sampleWaits = false): Promise<TallyFigures> {
  if (warm) await runLoad({ ...spec, duration: WARMUP, amount: undefined });
  if (sqlOf) await sqlTotals(sqlOf);
  const sampler = sampleWaits ? await startWaitSampler() : undefined;
  const f: TallyFigures = await runLoad({ connections: CONNECTIONS, duration: DURATION, ...spec });
  if (sampler) f.waits = await sampler.stop();
  const sql = sqlOf && f.ok ? await sqlTotals(sqlOf) : undefined;
  if (sql) {
    f.statementsPerOk = Math.round((sql.statements / f.ok) * 10) / 10;
    if (sql.ms !== undefined) f.sqlMsPerOk = Math.round((sql.ms / f.ok) * 1000) / 1000;
    if (sql.pgMs !== undefined) f.pgMsPerOk = Math.round((sql.pgMs / f.ok) * 1000) / 1000;
  }
  const sqlNote = !sql ? '' : f.sqlMsPerOk !== undefined ? `  sql ${f.sqlMsPerOk} ms/req (${f.statementsPerOk} statements)` : `  ${f.statementsPerOk} statements/req, pg ${f.pgMsPerOk} ms/req (wall)`;
  log(`${name.padEnd(34)} ${Math.round(f.rate).toString().padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  cpu ${f.cpuMsPerOk ?? '?'} ms/req${sqlNote}${f.non2xx ? `  non-2xx ${f.non2xx}: ${f.samples[0]}` : ''}${f.errors ? `  errors ${f.errors}` : ''}`);
  if (f.waits) log(`  ${waitsText(f.waits, 6)}`);
  return f;
}

// ---------------------------------------------------------------- PostgreSQL: wait events, pgbench

/** Each of the Tally server's backends (by application_name) in a transaction: its wait, and for Lock
 *  waits the relation — of the lock it waits for (pg_locks, not granted), else (a transactionid, i.e. a row
 *  lock or a unique-key conflict) of the tuple lock it holds meanwhile, else the table its statement writes. */
const WAIT_SQL = `
  SELECT a.state, coalesce(a.wait_event_type, 'CPU') || ':' || coalesce(a.wait_event, 'none') AS wait,
    (SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) AS waiting_on,
    (SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = a.pid AND l.granted AND l.locktype = 'tuple' LIMIT 1) AS tuple_of,
    CASE WHEN a.wait_event_type = 'Lock' THEN left(a.query, 400) END AS query
  FROM pg_stat_activity a
  WHERE a.datname = current_database() AND a.application_name = $1 AND a.pid <> pg_backend_pid()
    AND a.state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')`;

/** The table a waiting statement writes or locks: `update x`, `insert into x`, `delete from x`, `… from x … for update`. */
function writtenTable(query: string): string | undefined {
  const name = String.raw`"?(?:\w+"?\.)?"?(\w+)"?`;
  const m = new RegExp(String.raw`^\s*(?:update\s+(?:only\s+)?|insert\s+into\s+|delete\s+from\s+)${name}`, 'i').exec(query)
    ?? (/\bfor\s+(?:no\s+key\s+)?update\b|\bfor\s+share\b/i.test(query) ? new RegExp(String.raw`\bfrom\s+${name}`, 'i').exec(query) : null);
  return m?.[1];
}

/** Samples pg_stat_activity every WAIT_SAMPLE_MS from its own connection until `stop()`. */
async function startWaitSampler(): Promise<{ stop(): Promise<Waits> }> {
  const c = new pg.Client({ connectionString: PG_URL, application_name: `${PG_APP}-sampler` });
  await c.connect();
  const counts = new Map<string, number>();
  let samples = 0, active = 0, idleInTx = 0, running = true, error: string | undefined;
  const loop = (async () => {
    while (running) {
      const t0 = Date.now();
      try {
        const { rows } = await c.query<{ state: string; wait: string; waiting_on: string | null; tuple_of: string | null; query: string | null }>(WAIT_SQL, [PG_APP]);
        samples++;
        for (const r of rows) {
          let key = r.wait;
          if (r.state === 'active') active++;
          else { idleInTx++; key += ' (idle in tx)'; }
          const rel = r.waiting_on ?? r.tuple_of ?? (r.query ? writtenTable(r.query) : undefined);
          if (key.startsWith('Lock:') && rel) key += ` on ${rel}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      } catch (e) {
        error = (e as Error).message;
        break;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, WAIT_SAMPLE_MS - (Date.now() - t0))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await c.end().catch(() => undefined);
      const seen = active + idleInTx;
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([wait, k]) => ({ wait, share: Math.round((k / Math.max(1, seen)) * 1000) / 1000 }));
      const per = (k: number) => Math.round((k / Math.max(1, samples)) * 10) / 10;
      return { samples, meanActive: per(active), meanIdleInTx: per(idleInTx), top, ...(error ? { error } : {}) };
    },
  };
}

const pgbenchDb = `bench_pgbench_${process.pid}`;
let pgbenchCreated = false, pgbenchReady = false;

/** pgbench's connection flags from PG_URL (host, port, user; the password through the environment). */
function pgbenchConn(): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(PG_URL);
  const host = u.hostname || u.searchParams.get('host') || '';
  return {
    args: [...(host ? ['-h', host] : []), ...(u.port ? ['-p', u.port] : []), ...(u.username ? ['-U', decodeURIComponent(u.username)] : [])],
    env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) },
  };
}
const execPgbench = (args: string[]) => {
  const c = pgbenchConn();
  return promisify(execFile)(PGBENCH, [...c.args, ...args], { env: c.env, maxBuffer: 16 * 1024 * 1024 });
};

/** A database of its own, `pgbench -i -s PGBENCH_SCALE`; on failure (no pgbench) a CHECK line and no pgbench figures. */
async function pgbenchInit(): Promise<void> {
  if (!existsSync(PGBENCH)) { record.checks.push(`pgbench not found at ${PGBENCH} (BENCH_PGBENCH): no pgbench baseline`); return; }
  const t0 = Date.now();
  try {
    await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${pgbenchDb}`));
    await pgAdmin((c) => c.query(`CREATE DATABASE ${pgbenchDb}`));
    pgbenchCreated = true;
    await execPgbench(['-i', '-q', '-s', String(PGBENCH_SCALE), pgbenchDb]);
    pgbenchReady = true;
    log(`pgbench: initialised ${pgbenchDb} at scale ${PGBENCH_SCALE} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    record.checks.push(`pgbench -i failed: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function pgbenchDrop(): Promise<void> {
  await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${pgbenchDb} WITH (FORCE)`)).catch(() => undefined);
}

/** `pgbench -c CONNECTIONS -j 2 -T DURATION` (the TPC-B-like default script), or undefined without pgbench. */
async function pgbench(warm = true): Promise<Pgbench | undefined> {
  if (!pgbenchReady) return undefined;
  const run = async (seconds: number) => {
    const { stdout } = await execPgbench(['-c', String(CONNECTIONS), '-j', String(PGBENCH_THREADS), '-T', String(seconds), pgbenchDb]);
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
    return {
      tps: Math.round(num(/^tps = ([\d.]+)/m) * 10) / 10, latencyMs: num(/^latency average = ([\d.]+) ms/m),
      transactions: num(/^number of transactions actually processed: (\d+)/m), failed: num(/^number of failed transactions: (\d+)/m) || 0, seconds,
    };
  };
  try {
    if (warm) await run(WARMUP);
    const p = await run(DURATION);
    log(`${`baseline: pgbench TPC-B-like (s=${PGBENCH_SCALE})`.padEnd(34)} ${Math.round(p.tps).toString().padStart(6)} tps    latency avg ${p.latencyMs} ms${p.failed ? `  failed ${p.failed}` : ''}`);
    return p;
  } catch (e) {
    record.checks.push(`pgbench run failed: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

const meanPgbench = (a?: Pgbench, b?: Pgbench): Pgbench | undefined => (!a || !b ? a ?? b : {
  tps: Math.round(((a.tps + b.tps) / 2) * 10) / 10, latencyMs: Math.round(((a.latencyMs + b.latencyMs) / 2) * 1000) / 1000,
  transactions: a.transactions + b.transactions, failed: a.failed + b.failed, seconds: a.seconds + b.seconds,
});

let baseSrv: Server | undefined;
const baseSchema = `bench_base_${process.pid}`;

async function startBaselines(withPg: boolean): Promise<void> {
  baseSrv = await startServer(here('./baseline-server.ts'), {
    BASE_SQLITE_FILE: join(work, 'baseline.db'),
    ...(withPg ? { BASE_PG_URL: PG_URL, BASE_PG_SCHEMA: baseSchema } : {}),
  });
}

type BaseName = 'bareGet' | 'barePost' | 'sqliteTx' | 'pgTx';
const BASE_SPECS: Record<BaseName, { label: string; method: 'GET' | 'POST'; path: string }> = {
  bareGet: { label: 'baseline: bare GET', method: 'GET', path: '/bare' },
  barePost: { label: 'baseline: bare POST (zod, 8 fields)', method: 'POST', path: '/bare' },
  sqliteTx: { label: 'baseline: raw better-sqlite3 tx', method: 'POST', path: '/tx/sqlite' },
  pgTx: { label: 'baseline: raw pg tx', method: 'POST', path: '/tx/pg' },
};

const baseline = (name: BaseName, warm = true) => {
  const b = BASE_SPECS[name];
  return measure(b.label, { url: baseSrv!.url, pid: baseSrv!.child.pid, method: b.method, path: b.path, ...(b.method === 'POST' ? { body: BASE_BODY } : {}) }, warm);
};

/** Mean of two baseline runs (just before and just after the Tally figures they normalise). */
const meanOf = (a: Figures, b: Figures): Figures => ({
  ...a, rate: (a.rate + b.rate) / 2, p50: Math.max(a.p50, b.p50), p99: Math.max(a.p99, b.p99),
  requests: a.requests + b.requests, ok: a.ok + b.ok, seconds: a.seconds + b.seconds,
  ...(a.cpuMsPerOk !== undefined && b.cpuMsPerOk !== undefined
    ? { cpuMsPerOk: (a.cpuMsPerOk * a.ok + b.cpuMsPerOk * b.ok) / Math.max(1, a.ok + b.ok) } : {}),
});

// ---------------------------------------------------------------- Tally

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}
const dropSchema = (s: string) => pgAdmin((c) => c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`));
async function pgReachable(): Promise<boolean> {
  try { await pgAdmin((c) => c.query('select 1')); return true; } catch { return false; }
}

/** The URL with `application_name` set, so the wait sampler finds the Tally server's backends. */
function withAppName(url: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', PG_APP);
  return u.toString();
}

function tallyEnv(t: Target): Record<string, string> {
  // a copy of src/ outside a checkout (e.g. /tmp/before/src) has no node_modules of its own:
  // its bare imports fall back to this checkout's (NODE_PATH comes after any node_modules it does have)
  const srcEnv: Record<string, string> = TALLY_SRC ? { BENCH_TALLY_SRC: TALLY_SRC, NODE_PATH: [here('../node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter) } : {};
  const common = { TALLY_DATA_DIR: work, TALLY_ADMIN_PASSWORD: ADMIN_PASSWORD, ...srcEnv };
  return t.dialect === 'sqlite'
    ? { ...common, TALLY_DB_FILE: t.file, DATABASE_URL: '' }
    : { ...common, DATABASE_URL: withAppName(t.url), TALLY_PG_SCHEMA: t.schema };
}

const startTally = (t: Target, profileTag?: string) => startServer(here('./tally-server.ts'), tallyEnv(t), {
  // one profile per thread (tsx's loader runs in a worker); the main thread's is the largest file
  nodeArgs: PROFILE && profileTag ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILES, `${runTag}-${profileTag}`)}`] : [],
});

async function tallyRuns(srv: Server, dialect: 'sqlite' | 'postgres', who: Logins, tenants: Tenants, work: { notes: string[]; pool: { id: string; plan: string }[]; detailIds: string[]; total: number; exports: ExportFigure[] }, base: { bareGet: Figures; rawTx: Figures }): Promise<Measure[]> {
  const out: Measure[] = [];
  const baseTx = base.rawTx;
  const push = (name: string, f: Figures, baseline?: string, baseFig?: Figures, target?: number) => {
    out.push({ name, ...slim(f), ...(baseline && baseFig ? { baseline, ratio: Math.round((f.rate / baseFig.rate) * 1000) / 1000 } : {}), ...(target ? { target } : {}) });
  };
  const [sku1, sku2] = tenants.merchants[0].skus;
  const tallyMeasure = (name: string, spec: Parameters<typeof runLoad>[0], warm = true) => measure(name, spec, warm, srv.url, dialect === 'postgres');

  // registration: one fresh note per request, SHORTAGE and BARCODE_DAMAGED in turn
  let n = 0;
  const register = (i: number) => {
    const note = work.notes[n++ % work.notes.length];
    return { body: i % 2 === 0
      ? { deliveryNoteId: note, subtype: 'SHORTAGE', lines: [{ skuId: sku1, qty: 1 }], remark: '少货' }
      : { deliveryNoteId: note, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: sku2, qty: 1 }], remark: '条码破损' } };
  };
  if (wanted('register')) {
    const reg = await tallyMeasure('Tally: POST /api/exceptions', { url: srv.url, pid: srv.child.pid, method: 'POST', path: '/api/exceptions', token: who.warehouse, next: register });
    push('register', reg, 'rawTx', baseTx, 0.6);
  }

  // decide: each pending exception once; the amount follows a calibration run so the pool never runs dry
  let d = 0;
  const decide = () => {
    const e = work.pool[d++];
    return { path: `/api/exceptions/${e.id}/decide`, body: { plan: e.plan, version: 1 } };
  };
  if (wanted('decide')) {
    const calib = await runLoad({ url: srv.url, pid: srv.child.pid, method: 'POST', path: '/', token: who.ops, next: decide, connections: CONNECTIONS, amount: Math.min(300, Math.floor(work.pool.length / 5)) });
    const amount = Math.min(work.pool.length - d - CONNECTIONS * 2, Math.max(200, Math.round(calib.rate * 1.3 * DURATION)));
    const dec = await tallyMeasure('Tally: POST /api/exceptions/:id/decide', { url: srv.url, pid: srv.child.pid, method: 'POST', path: '/', token: who.ops, next: decide, amount }, false);
    push('decide', dec, 'rawTx', baseTx, 0.3);
  }

  // reads as the merchant: the first page of its list, and details of its history
  if (wanted('list')) {
    const list = await tallyMeasure('Tally: merchant list GET', { url: srv.url, pid: srv.child.pid, path: '/api/exceptions?limit=20', token: who.merchant });
    push('list', list, 'bareGet', base.bareGet, 0.4);
  }
  if (wanted('listPending')) {
    const listPending = await tallyMeasure('Tally: merchant list ?status=PENDING', { url: srv.url, pid: srv.child.pid, path: '/api/exceptions?limit=20&status=PENDING', token: who.merchant });
    push('listPending', listPending, 'bareGet', base.bareGet);
  }
  if (wanted('detail')) {
    const detail = await tallyMeasure('Tally: merchant detail GET', { url: srv.url, pid: srv.child.pid, path: '/', token: who.merchant, next: (i) => ({ path: `/api/exceptions/${work.detailIds[i % work.detailIds.length]}` }) });
    push('detail', detail, 'bareGet', base.bareGet);
  }
  if (wanted('countsMerchant')) {
    const countsM = await tallyMeasure('Tally: GET /api/exceptions/counts (merchant)', { url: srv.url, pid: srv.child.pid, path: '/api/exceptions/counts', token: who.merchant });
    push('countsMerchant', countsM, 'bareGet', base.bareGet);
  }
  if (wanted('countsOps')) {
    const countsO = await tallyMeasure('Tally: GET /api/exceptions/counts (ops)', { url: srv.url, pid: srv.child.pid, path: '/api/exceptions/counts', token: who.ops });
    push('countsOps', countsO, 'bareGet', base.bareGet);
  }
  // issue 13: the merchant's 90-day scorecard (rollups only) against the merchant list GET of this run
  if (wanted('scorecard')) {
    const list = out.find((m) => m.name === 'list') ?? await tallyMeasure('Tally: merchant list GET', { url: srv.url, pid: srv.child.pid, path: '/api/exceptions?limit=20', token: who.merchant });
    const sc = await tallyMeasure('Tally: merchant scorecard GET', { url: srv.url, pid: srv.child.pid, path: `/api/merchants/${tenants.merchants[0].id}/scorecard?days=90`, token: who.merchant });
    push('scorecard', sc, 'bareGet', base.bareGet);
    out[out.length - 1].scorecard = scorecardFigure(sc, list);
    log(`  scorecard p99 ${sc.p99} ms vs list p99 ${list.p99} ms = ${out[out.length - 1].scorecard!.p99Ratio}× (target ≤ 2×)`);
  }
  if (wanted('export')) {
    for (const format of ['csv', 'xlsx'] as const) {
      const x = await exportRun(srv.url, srv.child.pid!, who.ops, format, work.total);
      work.exports.push(x);
      log(`Tally: export ${format} ${x.rows} rows in ${x.seconds.toFixed(1)} s = ${x.rowsPerSecond} rows/s; server RSS ${x.rssBeforeMb} → ${x.rssPeakMb} MB (+${x.rssGrowthMb}); target ≥ 50k rows/s, < 100 MB: ${x.pass ? 'ok' : 'MISSED'}`);
    }
  }
  return out;
}

async function tally(dialect: 'sqlite' | 'postgres', sizes: number[]): Promise<DialectResult> {
  const target: Target = dialect === 'sqlite'
    ? { dialect, file: join(work, 'tally.db') }
    : { dialect, url: PG_URL, schema: `bench_tally_${process.pid}` };
  if (target.dialect === 'postgres') { await dropSchema(target.schema); await pgAdmin((c) => c.query(`CREATE SCHEMA ${target.schema}`)); }
  const result: DialectResult = { dialect, sizes: [] };
  try {
    let srv = await startTally(target);
    const { tenants, users } = await createTenants(srv.url, `${runTag}${dialect[0]}`);
    await srv.stop();
    const state: LoadState = newLoadState();
    for (const size of sizes) {
      const raw = await openRaw(target);
      const have = await countOf(raw, 'exceptions');
      const history = Math.max(0, size - have - POOL_UNITS * 4);
      log(`${dialect} ${label(size)}: loading ${history} history exceptions + ${POOL_UNITS * 4} pending to decide + ${WORK_NOTES} notes to register on`);
      const t0 = Date.now();
      const loader = new WorldLoader(raw.sink, tenants, state);
      const loaded = await loader.load({
        exceptions: history, poolUnits: POOL_UNITS, workNotes: WORK_NOTES,
        onProgress: (k) => { if (k % 100_000 === 0) log(`  … ${k} exceptions`); },
      });
      await bumpSequences(raw, dialect, state.seq, SEQUENCE_PREFIXES);
      if (dialect === 'postgres') await raw.run('ANALYZE');
      const loadSeconds = (Date.now() - t0) / 1000;
      const ledger = await checkLedgers(raw);
      if (ledger.violations.length) throw new Error(`Bulk load broke the ledger: ${ledger.violations.join('\n')}`);
      const fk = await checkForeignKeys(raw, dialect);
      if (fk.length) throw new Error(`Bulk load broke foreign keys: ${fk.join('\n')}`);
      const total = await countOf(raw, 'exceptions');
      const detailIds = (await raw.all(`SELECT id FROM exceptions WHERE merchant_id = ? ORDER BY id LIMIT 2000 OFFSET ?`,
        [tenants.merchants[0].id, Math.floor(Math.random() * Math.max(1, total * 0.3 - 2000))])).map((r: any) => r.id);
      // the ops queue's filters, at the largest PostgreSQL size: values that find rows in what was loaded
      const queueSamples = dialect === 'postgres' && size === Math.max(...sizes) && wanted('queue') ? await queueSamplesOf(raw, tenants, total) : undefined;
      await raw.close();
      const rollups = wanted('scorecard') ? await buildRollups(target) : undefined;
      if (rollups) log(`  rollups rebuilt from ${rollups.documents} documents in ${rollups.seconds.toFixed(1)} s`);
      const exports: ExportFigure[] = [];
      log(`  loaded ${loaded.rows} rows in ${loadSeconds.toFixed(1)} s (${Math.round(loaded.rows / loadSeconds)} rows/s); ${total} exceptions; ${ledger.lines} ledger lines sound`);
      const txName: BaseName = dialect === 'sqlite' ? 'sqliteTx' : 'pgTx';
      const before = { bareGet: await baseline('bareGet', false), rawTx: await baseline(txName, false), pgbench: dialect === 'postgres' ? await pgbench(false) : undefined };
      srv = await startTally(target, `${dialect}-${label(size)}`);
      let measures: Measure[];
      let queue: QueueFigure[] | undefined;
      const pending = { bareGet: before.bareGet, rawTx: before.rawTx };
      try {
        const who = await loginAll(srv.url, users);
        // the ratios are computed once the closing baselines are in; placeholders until then
        measures = await tallyRuns(srv, dialect, who, tenants, { notes: loaded.workNotes, pool: loaded.decidePool, detailIds, total, exports }, pending);
        if (queueSamples && target.dialect === 'postgres') {
          const schema = target.schema;
          queue = await queueRuns(schema, queueSamples,
            (name, path) => measure(name, { url: srv.url, pid: srv.child.pid, path, token: who.ops }),
            (name, path) => measure(name, { url: baseSrv!.url, pid: baseSrv!.child.pid, path }));
        }
      } finally {
        await srv.stop(30_000);
      }
      const afterBase = { bareGet: await baseline('bareGet', false), rawTx: await baseline(txName, false), pgbench: dialect === 'postgres' ? await pgbench(false) : undefined };
      const adjacent = { bareGet: meanOf(before.bareGet, afterBase.bareGet), rawTx: meanOf(before.rawTx, afterBase.rawTx), pgbench: meanPgbench(before.pgbench, afterBase.pgbench) };
      for (const m of measures) {
        const b = m.baseline === 'bareGet' ? adjacent.bareGet : m.baseline === 'rawTx' ? adjacent.rawTx : undefined;
        if (b) m.ratio = Math.round((m.rate / b.rate) * 1000) / 1000;
        if (b?.cpuMsPerOk && m.cpuMsPerOk) m.cpuRatio = Math.round((b.cpuMsPerOk / m.cpuMsPerOk) * 1000) / 1000;
        if (m.baseline === 'rawTx' && adjacent.pgbench?.tps) m.pgbenchRatio = Math.round((m.rate / adjacent.pgbench.tps) * 1000) / 1000;
      }
      const after = await openRaw(target);
      const ledgerAfter = await checkLedgers(after);
      await after.close();
      if (ledgerAfter.violations.length) record.checks.push(`${dialect} ${label(size)}: ledger violations after the load: ${ledgerAfter.violations.join('; ')}`);
      result.sizes.push({
        size: total, rows: loaded.rows, loadSeconds, loadRowsPerSecond: Math.round(loaded.rows / loadSeconds),
        ...(target.dialect === 'sqlite' ? { dbBytes: statSync(target.file).size } : {}), ledgerLinesChecked: ledgerAfter.lines,
        baselines: { bareGet: slim(adjacent.bareGet), rawTx: slim(adjacent.rawTx), ...(adjacent.pgbench ? { pgbench: adjacent.pgbench } : {}) }, measures,
        ...(queue ? { queue } : {}), ...(rollups ? { rollups } : {}), ...(exports.length ? { exports } : {}),
      });
    }
  } finally {
    if (target.dialect === 'postgres' && !KEEP) await dropSchema(target.schema);
  }
  return result;
}

/** Filter values for bench/queue.ts: a merchant other than the main one, a note no. and a 10-day window from mid-history. */
async function queueSamplesOf(raw: Awaited<ReturnType<typeof openRaw>>, tenants: Tenants, total: number): Promise<QueueSamples> {
  const [mid] = await raw.all('SELECT delivery_note_no, created_at FROM exceptions ORDER BY id LIMIT 1 OFFSET ?', [Math.floor(total / 2)]) as { delivery_note_no: string; created_at: string }[];
  return {
    merchantId: (tenants.merchants[1] ?? tenants.merchants[0]).id, warehouseId: tenants.warehouseId,
    noteNo: mid.delivery_note_no.slice(2), from: mid.created_at, to: new Date(Date.parse(mid.created_at) + 10 * 86400e3).toISOString(), now: new Date().toISOString(),
  };
}

// ---------------------------------------------------------------- report

const fmt = (n: number | string | undefined, w = 7) => (n === undefined ? '' : String(n)).padStart(w);
const ratio = (m?: Measure) => (m?.ratio === undefined ? '' : `${m.ratio.toFixed(2)}×`);

function table(): string {
  const lines: string[] = [];
  const b = record.baselines;
  lines.push('', `Tally benchmark — ${record.mode} mode, ${record.machine.cpus} cores (${record.machine.cpuModel}), Node ${record.machine.node}, ${CONNECTIONS} connections, ${DURATION} s per figure`, '');
  lines.push('Rates are 2xx answers per second (wall clock); p50/p99 in ms; "cpu" is server CPU ms per answer.');
  lines.push('"ratio" = Tally rate ÷ baseline rate; "cpu ratio" = baseline cpu ÷ Tally cpu (robust when the machine is shared).');
  lines.push('"sql" (SQLite) = ms per answer spent in SQLite statements, commits included: the floor under "cpu".');
  lines.push('"pg ms" (PostgreSQL) = wall ms per answer from sending each statement to its result, summed: waits included, not CPU.');
  lines.push('"stmts" = statements per answer (PostgreSQL: BEGIN/COMMIT included, each a round trip); "÷pgbench" = Tally rate ÷ pgbench tps.');
  lines.push('"waits" (PostgreSQL) = the Tally backends in a transaction, sampled every ~50 ms: share of observations per wait event.', '');
  lines.push('BASELINES                                req/s     p50     p99     cpu');
  const brow = (name: string, f?: Figures) => f && lines.push(`  ${name.padEnd(38)}${fmt(Math.round(f.rate))} ${fmt(f.p50)} ${fmt(f.p99)} ${fmt(f.cpuMsPerOk?.toFixed(3))}`);
  brow('bare Fastify GET', b.bareGet);
  brow('bare Fastify POST (zod, 8 fields)', b.barePost);
  brow('raw better-sqlite3 tx (1+2+3, WAL)', b.sqliteTx);
  brow('raw pg tx (1+2+3)', b.pgTx);
  const pgbLine = (p: Pgbench) => `${fmt(Math.round(p.tps))}  latency avg ${p.latencyMs} ms${p.failed ? `, ${p.failed} failed` : ''}`;
  if (record.pgbench) lines.push(`  ${`pgbench TPC-B-like (s=${PGBENCH_SCALE}, -c ${CONNECTIONS} -j ${PGBENCH_THREADS})`.padEnd(38)}${pgbLine(record.pgbench)}`);
  const names: Record<string, string> = {
    register: 'POST /api/exceptions', decide: 'POST …/decide', list: 'merchant list GET', listPending: 'merchant list ?status=PENDING',
    detail: 'merchant detail GET', countsMerchant: 'counts (merchant)', countsOps: 'counts (ops)', scorecard: 'merchant scorecard GET (90 d)',
  };
  for (const d of record.dialects) {
    for (const s of d.sizes) {
      const onPg = d.dialect === 'postgres';
      lines.push('', `TALLY on ${onPg ? 'PostgreSQL' : 'SQLite'} at ${label(s.size)} exceptions`.padEnd(40) + `   req/s     p50     p99     cpu ${onPg ? '  pg ms' : '    sql'}   stmts   ratio  cpu ratio${onPg ? '  ÷pgbench' : ''}  baseline  target`);
      const bb = s.baselines;
      lines.push(`  (baselines around these figures: bare GET ${Math.round(bb.bareGet.rate)} req/s ${bb.bareGet.cpuMsPerOk?.toFixed(3) ?? '?'} cpu ms, raw tx ${Math.round(bb.rawTx.rate)} req/s ${bb.rawTx.cpuMsPerOk?.toFixed(3) ?? '?'} cpu ms${bb.pgbench ? `, pgbench ${Math.round(bb.pgbench.tps)} tps` : ''})`);
      for (const m of s.measures) {
        const verdict = (r?: number) => (m.target === undefined || r === undefined ? '' : r >= m.target ? 'ok' : 'MISSED');
        const shownTarget = !onPg && m.target !== undefined ? `≥${m.target}: ${verdict(m.ratio)} / cpu ${verdict(m.cpuRatio)}` : '';
        const timeCol = onPg ? m.pgMsPerOk?.toFixed(2) : m.sqlMsPerOk?.toFixed(3);
        const pgbCol = onPg ? ` ${(m.pgbenchRatio === undefined ? '' : `${m.pgbenchRatio.toFixed(3)}×`).padStart(9)}` : '';
        lines.push(`  ${names[m.name].padEnd(38)}${fmt(Math.round(m.rate))} ${fmt(m.p50)} ${fmt(m.p99)} ${fmt(m.cpuMsPerOk?.toFixed(3))} ${fmt(timeCol)} ${fmt(m.statementsPerOk?.toFixed(1))} ${ratio(m).padStart(7)} ${(m.cpuRatio === undefined ? '' : `${m.cpuRatio.toFixed(2)}×`).padStart(10)}${pgbCol}  ${(m.baseline ?? '').padEnd(8)}  ${shownTarget}${m.non2xx ? `  (${m.non2xx} non-2xx)` : ''}`);
        if (m.waits) lines.push(`      ${waitsText(m.waits)}`);
      }
      if (s.queue) lines.push(...queueReport(s.queue));
      const sc = s.measures.find((m) => m.scorecard)?.scorecard;
      if (sc) lines.push(`  scorecard p99 ${sc.scorecardP99} ms ÷ list p99 ${sc.listP99} ms = ${sc.p99Ratio}× (target ≤ 2×: ${sc.pass ? 'ok' : 'MISSED'})${s.rollups ? `; rollups rebuilt in ${s.rollups.seconds.toFixed(1)} s` : ''}`);
      for (const x of s.exports ?? []) lines.push(`  export ${x.format}: ${x.rows} rows, ${x.rowsPerSecond} rows/s, server RSS +${x.rssGrowthMb} MB (target ≥ 50k rows/s, < 100 MB: ${x.pass ? 'ok' : 'MISSED'})`);
    }
    const lists = d.sizes.map((s) => s.measures.find((m) => m.name === 'list')!).filter(Boolean);
    if (lists.length > 1) {
      const growth = lists[lists.length - 1].p99 / Math.max(lists[0].p99, 1);
      lines.push(`  list p99 ${label(d.sizes[0].size)} → ${label(d.sizes[d.sizes.length - 1].size)}: ${lists[0].p99} → ${lists[lists.length - 1].p99} ms = ${growth.toFixed(2)}× (target ≤ 1.5×${d.dialect === 'sqlite' ? (growth <= 1.5 ? ' ok' : ' MISSED') : ''})`);
    }
  }
  for (const c of record.checks) lines.push(`CHECK: ${c}`);
  return lines.join('\n');
}

function summary() {
  return {
    startedAt: record.startedAt, mode: record.mode, machine: record.machine, settings: record.settings,
    baselines: Object.fromEntries(Object.entries(record.baselines).map(([k, f]) => [k, { rate: Math.round(f.rate), p50: f.p50, p99: f.p99, cpuMsPerOk: f.cpuMsPerOk }])),
    pgbench: record.pgbench,
    tally: record.dialects.map((d) => ({
      dialect: d.dialect,
      sizes: d.sizes.map((s) => ({
        exceptions: s.size, loadRowsPerSecond: s.loadRowsPerSecond, dbBytes: s.dbBytes,
        adjacentBaselines: {
          bareGet: { rate: Math.round(s.baselines.bareGet.rate), cpuMsPerOk: s.baselines.bareGet.cpuMsPerOk },
          rawTx: { rate: Math.round(s.baselines.rawTx.rate), cpuMsPerOk: s.baselines.rawTx.cpuMsPerOk },
          ...(s.baselines.pgbench ? { pgbench: { tps: s.baselines.pgbench.tps, latencyMs: s.baselines.pgbench.latencyMs } } : {}),
        },
        figures: Object.fromEntries(s.measures.map((m) => [m.name, {
          rate: m.rate, p50: m.p50, p99: m.p99, cpuMsPerOk: m.cpuMsPerOk, sqlMsPerOk: m.sqlMsPerOk, statementsPerOk: m.statementsPerOk, pgMsPerOk: m.pgMsPerOk,
          ratio: m.ratio, cpuRatio: m.cpuRatio, pgbenchRatio: m.pgbenchRatio, baseline: m.baseline, target: m.target, non2xx: m.non2xx,
          ...(m.waits ? { waits: { samples: m.waits.samples, meanActive: m.waits.meanActive, meanIdleInTx: m.waits.meanIdleInTx, top: m.waits.top.slice(0, 5) } } : {}),
          ...(m.scorecard ? { scorecard: m.scorecard } : {}),
        }])),
        ...(s.queue ? { queue: s.queue } : {}), ...(s.rollups ? { rollups: s.rollups } : {}), ...(s.exports ? { exports: s.exports } : {}),
      })),
    })),
    checks: record.checks,
  };
}

// ---------------------------------------------------------------- main

if (ONLY?.includes('feedback')) {
  // scan-to-feedback in Chromium (issue 11), a run of its own (bench/scan-feedback.ts)
  const { feedbackBench } = await import('./scan-feedback.js');
  await feedbackBench({ work, scans: Number(opt('feedback-scans') ?? 200), gapMs: Number(opt('feedback-gap') ?? 250), throttles: (opt('throttle') ?? '1,4').split(',').map(Number), keep: KEEP, log });
  process.exit(0);
}
if (ONLY?.includes('scan')) {
  // the scanner benchmark (issue 11) is a run of its own: 50 handhelds booking one unit per scan (bench/scanners.ts)
  const { scanBench } = await import('./scanners.js');
  await scanBench({ work, pgUrl: flag('no-pg') ? undefined : PG_URL, sqlite: !NO_SQLITE, seconds: Number(opt('scan-seconds') ?? 60), scanners: Number(opt('scanners') ?? 50), replays: Number(opt('replays') ?? 2), keep: KEEP, log });
  process.exit(0);
}
await benchLock(log);
const started = Date.now();
try {
  mkdirSync(RESULTS, { recursive: true });
  if (PROFILE) mkdirSync(PROFILES, { recursive: true });
  const pgUp = PG_SIZES.length > 0 && (await pgReachable());
  if (PG_SIZES.length && !pgUp) record.checks.push(`PostgreSQL at ${PG_URL} not reachable: PostgreSQL figures skipped`);
  log(`work dir ${work}; sizes ${SIZES.map(label).join(', ')}${pgUp ? `; PostgreSQL ${PG_SIZES.map(label).join(', ')}` : ''}`);
  await startBaselines(pgUp);
  if (pgUp) await pgbenchInit();
  for (const name of ['bareGet', 'barePost', ...(SIZES.length ? ['sqliteTx'] : []), ...(pgUp ? ['pgTx'] : [])] as BaseName[]) record.baselines[name] = await baseline(name);
  if (pgUp) record.pgbench = await pgbench();
  if (SIZES.length) record.dialects.push(await tally('sqlite', SIZES));
  if (pgUp) record.dialects.push(await tally('postgres', PG_SIZES));
} finally {
  await baseSrv?.stop();
  if (baseSrv && PG_SIZES.length) await dropSchema(baseSchema).catch(() => undefined);
  if (pgbenchCreated) await pgbenchDrop();
  if (!KEEP) rmSync(work, { recursive: true, force: true });
}
const text = table();
console.log(text);
const stamp = record.startedAt.replace(/[:.]/g, '-');
writeFileSync(join(RESULTS, `run-${stamp}.json`), JSON.stringify({ ...record, table: text }, null, 2));
// only a standard run (./src, every figure, the mode's default sizes) replaces latest.json / latest-quick.json
const standard = !TALLY_SRC && !ONLY && !opt('sizes') && !opt('pg-sizes') && !opt('duration') && !flag('no-pg') && !NO_SQLITE && !opt('pgbench-scale');
const summaryName = standard ? (QUICK ? 'latest-quick.json' : 'latest.json') : 'latest-custom.json';
writeFileSync(join(RESULTS, summaryName), JSON.stringify(summary(), null, 2) + '\n');
log(`done in ${Math.round((Date.now() - started) / 1000)} s; results in ${RESULTS}${existsSync(PROFILES) && PROFILE ? `, CPU profiles in ${PROFILES}` : ''}`);
