/**
 * The scanner benchmark (issue 11): `npm run bench -- --only=scan [--scan-seconds=60] [--scanners=50]
 * [--replays=2] [--no-pg] [--no-sqlite] [--keep]`, a run of its own (bench/run.ts hands over to it).
 *
 * Each simulated handheld is one HTTP client on 127.0.0.1 (its own keep-alive connection, as a
 * handheld has), logged in as its own WAREHOUSE user, with its own delivery note in RECEIVING (3
 * lines). It books ONE unit per scan — `POST /api/delivery-notes/:id/receipts { lines: [{ skuId,
 * qty: 1 }] }` with a fresh `Idempotency-Key` — on an open-loop schedule: scan k of scanner i is due
 * at start + i/N s + k s whether or not the previous one has answered, so a slow answer delays the
 * next on that connection and the delay is counted (each round trip is measured from the moment it
 * was due, not from when it could be sent). A few scans are sent again with the same key and body
 * half a second later, as a handheld does after a lost answer: they must answer the stored response.
 * Afterwards every note is read through the API: each line's `received` must equal the distinct scans
 * booked on it (no unit lost, none doubled) and every ledger must satisfy the invariant.
 */
import http from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ledgerViolations, LEDGER_FIELDS, type Ledger } from '../src/domain/ledger.js';
import { cpuMs } from './load.js';
import { benchLock } from './lock.js';
import { here, startServer } from './proc.js';
import { ADMIN_PASSWORD, api, login } from './tenants.js';

export const PASSWORD = 'bench-scan-password-1234';
/** Targets from issue 11: booking round trip at 50 scanners, one scan per second each. */
export const SCAN_TARGETS = { p95: 300, p99: 1000 };

export interface ScanOptions {
  work: string;
  /** PostgreSQL to run on (a schema of its own), or undefined for SQLite only. */
  pgUrl?: string;
  sqlite: boolean;
  seconds: number;
  scanners: number;
  /** Scans per scanner sent again with the same key. */
  replays: number;
  keep: boolean;
  log: (...a: unknown[]) => void;
}

export interface ScanResult {
  dialect: 'sqlite' | 'postgres';
  scanners: number; seconds: number;
  /** Distinct scans sent, answered 2xx, answered otherwise, and not answered (socket error). */
  scansSent: number; scansOk: number; non2xx: number; errors: number; samples: string[];
  /** Booking round trip in ms, from the moment the scan was due. */
  p50: number; p95: number; p99: number; max: number; mean: number;
  /** How late the client's timers fired at worst (ms): the harness's own lag, included in the figures above. */
  maxTimerLagMs: number;
  replaysSent: number; replaysIdentical: number; replayMaxMs: number;
  /** Units on the notes' `received` beyond the setup unit, and the scans answered 2xx that booked them. */
  unitsBooked: number; unitsExpected: number; mismatches: string[]; ledgerViolations: string[];
  cpuMsPerScan?: number;
  ok: boolean;
}

/** One handheld's connection: keep-alive, one socket (requests queue on it in order). */
function connection(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(base);
  const post = (path: string, body: unknown, headers: Record<string, string>) => new Promise<{ status: number; text: string; replayed: boolean }>((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({
      agent, hostname, port, path, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), replayed: res.headers['idempotent-replayed'] === 'true' }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
  return { post, close: () => agent.destroy() };
}

async function must<T = any>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

interface Scanner { token: string; noteId: string }

/** A warehouse, a merchant with 3 SKUs, and per scanner: a WAREHOUSE user and a note arrived and in RECEIVING (1 unit of line 0 booked). */
export async function setUp(base: string, n: number, declared: number, tag: string): Promise<{ scanners: Scanner[]; skus: string[]; ops: string }> {
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  const post = (path: string, body: unknown, token = admin) => must(api(base, 'POST', path, body, token), `POST ${path}`);
  const wh = await post('/api/admin/warehouses', { name: `扫码仓 ${tag}`, code: `SCAN-${tag}` });
  const mer = await post('/api/admin/merchants', { name: `扫码商家 ${tag}` });
  const skus: string[] = [];
  for (let s = 1; s <= 3; s++) skus.push((await post('/api/admin/skus', { merchantId: mer.id, code: `SC${s}-${tag}`, name: `扫码商品 ${s}`, barcode: `690${s}${tag}` })).id);
  await post('/api/admin/users', { username: `scan-ops-${tag}`, password: PASSWORD, role: 'OPS' });
  await post('/api/admin/users', { username: `scan-mer-${tag}`, password: PASSWORD, role: 'MERCHANT', merchantId: mer.id });
  const ops = await login(base, `scan-ops-${tag}`, PASSWORD);
  const merchant = await login(base, `scan-mer-${tag}`, PASSWORD);
  const scanners: Scanner[] = [];
  for (let i = 0; i < n; i++) {
    await post('/api/admin/users', { username: `scan-wh${i}-${tag}`, password: PASSWORD, role: 'WAREHOUSE', warehouseId: wh.id });
    const token = await login(base, `scan-wh${i}-${tag}`, PASSWORD);
    const order = await post('/api/stocking-orders', {
      merchantId: mer.id, warehouseId: wh.id, type: 'REPEAT', lines: skus.map((skuId) => ({ skuId, qty: declared, unitPrice: 1250 })),
    }, ops);
    await post(`/api/stocking-orders/${order.id}/accept`, {}, merchant);
    const note = await post('/api/delivery-notes', {
      stockingOrderId: order.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
      boxes: [{ lines: skus.map((skuId) => ({ skuId, qty: declared })) }],
    }, merchant);
    await post(`/api/delivery-notes/${note.id}/confirm`, {}, merchant);
    await post(`/api/delivery-notes/${note.id}/arrive`, {}, token);
    const receiving = await post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: skus[0], qty: 1 }] }, token);
    if (receiving.status !== 'RECEIVING') throw new Error(`note ${note.no} is ${receiving.status} after its first receipt`);
    scanners.push({ token, noteId: note.id });
  }
  return { scanners, skus, ops };
}

const pct = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
const ms = (x: number) => Math.round(x * 10) / 10;

/** The scans on one server: the open-loop schedule, then the check of every note through the API. */
async function scanRun(base: string, pid: number | undefined, o: ScanOptions, dialect: ScanResult['dialect'], tag: string): Promise<ScanResult> {
  const declared = o.seconds + 10; // more than any line gets: a receipt beyond declared may be refused
  o.log(`${dialect}: setting up ${o.scanners} scanners (users, orders, notes arrived and in RECEIVING)`);
  const { scanners, skus, ops } = await setUp(base, o.scanners, declared, tag);
  const latencies: number[] = [];
  const samples: string[] = [];
  const bookedPerNote = scanners.map(() => skus.map((_, j) => (j === 0 ? 1 : 0)));
  let scansSent = 0, scansOk = 0, non2xx = 0, errors = 0, maxLag = 0;
  let replaysSent = 0, replaysIdentical = 0, replayMax = 0;
  const replayAt = new Set(Array.from({ length: o.replays }, (_, r) => Math.floor(((r + 1) * o.seconds) / (o.replays + 1))));
  const conns = scanners.map(() => connection(base));
  const cpu0 = cpuMs(pid);
  const start = performance.now() + 1000;
  const jobs: Promise<void>[] = [];
  const at = (due: number, fn: () => Promise<void>) => jobs.push(new Promise<void>((resolve) => {
    setTimeout(() => { maxLag = Math.max(maxLag, performance.now() - due); fn().finally(resolve); }, Math.max(0, due - performance.now()));
  }));
  o.log(`${dialect}: ${o.scanners} scanners × 1 scan/s for ${o.seconds} s (+ ${o.replays} replays each)`);
  scanners.forEach((s, i) => {
    const headers = (key: string) => ({ authorization: `Bearer ${s.token}`, 'idempotency-key': key });
    const path = `/api/delivery-notes/${s.noteId}/receipts`;
    for (let k = 0; k < o.seconds; k++) {
      const due = start + (i / o.scanners) * 1000 + k * 1000;
      const key = `scan-${tag}-${i}-${k}`;
      const j = k % skus.length;
      const body = { lines: [{ skuId: skus[j], qty: 1 }] };
      let first: Promise<string | undefined> | undefined;
      at(due, () => {
        scansSent++;
        first = conns[i].post(path, body, headers(key)).then((r) => {
          latencies.push(performance.now() - due);
          if (r.status >= 200 && r.status < 300) { scansOk++; bookedPerNote[i][j]++; return r.text; }
          non2xx++;
          if (samples.length < 5) samples.push(`${r.status} ${r.text.slice(0, 200)}`);
          return undefined;
        }, (e: Error) => { errors++; if (samples.length < 5) samples.push(`error ${e.message}`); return undefined; });
        return first.then(() => undefined);
      });
      if (!replayAt.has(k)) continue;
      // the same scan again half a second later (a handheld that lost the answer): the stored response, nothing booked
      at(due + 500, async () => {
        replaysSent++;
        try {
          const r = await conns[i].post(path, body, headers(key));
          replayMax = Math.max(replayMax, performance.now() - due - 500);
          const original = await first;
          const same = original !== undefined && r.status === 200 && r.replayed && JSON.stringify(JSON.parse(r.text)) === JSON.stringify(JSON.parse(original));
          if (same) replaysIdentical++;
          else if (samples.length < 5) samples.push(`replay ${r.status} replayed=${r.replayed}: ${r.text.slice(0, 200)}`);
        } catch (e) {
          if (samples.length < 5) samples.push(`replay error ${(e as Error).message}`);
        }
      });
    }
  });
  await Promise.all(jobs);
  const cpu1 = cpuMs(pid);
  for (const c of conns) c.close();

  // every note through the API: received per line = the distinct scans booked on it (+ the setup unit)
  const mismatches: string[] = [];
  const violations: string[] = [];
  let unitsBooked = 0;
  for (const [i, s] of scanners.entries()) {
    const note = await must(api(base, 'GET', `/api/delivery-notes/${s.noteId}`, undefined, ops), `GET note ${i}`);
    for (const [j, skuId] of skus.entries()) {
      const line = note.lines.find((l: { skuId: string }) => l.skuId === skuId);
      unitsBooked += line.received - (j === 0 ? 1 : 0);
      if (line.received !== bookedPerNote[i][j]) mismatches.push(`note ${note.no} line ${j + 1}: received ${line.received}, scans booked ${bookedPerNote[i][j]}`);
      const ledger = Object.fromEntries(LEDGER_FIELDS.map((f) => [f, Number(line[f])])) as unknown as Ledger;
      for (const v of ledgerViolations(ledger)) violations.push(`note ${note.no} line ${j + 1}: ${v}`);
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const r: ScanResult = {
    dialect, scanners: o.scanners, seconds: o.seconds, scansSent, scansOk, non2xx, errors, samples,
    p50: ms(pct(sorted, 0.5)), p95: ms(pct(sorted, 0.95)), p99: ms(pct(sorted, 0.99)), max: ms(sorted[sorted.length - 1] ?? NaN),
    mean: ms(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)), maxTimerLagMs: ms(maxLag),
    replaysSent, replaysIdentical, replayMaxMs: ms(replayMax),
    unitsBooked, unitsExpected: scansOk, mismatches, ledgerViolations: violations,
    ...(cpu0 !== undefined && cpu1 !== undefined && scansOk ? { cpuMsPerScan: Math.round(((cpu1 - cpu0) / (scansOk + replaysSent)) * 100) / 100 } : {}),
    ok: false,
  };
  r.ok = r.p95 <= SCAN_TARGETS.p95 && r.p99 <= SCAN_TARGETS.p99 && !non2xx && !errors && !mismatches.length && !violations.length
    && unitsBooked === scansOk && replaysIdentical === replaysSent;
  return r;
}

async function pgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

export function scanText(r: ScanResult): string {
  const verdict = (v: number, t: number) => `${v} ms (≤ ${t}: ${v <= t ? 'ok' : 'MISSED'})`;
  return [
    `SCANNERS on ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${r.scanners} × 1 scan/s × ${r.seconds} s, one unit per scan`,
    `  booking round trip p50 ${r.p50} ms · p95 ${verdict(r.p95, SCAN_TARGETS.p95)} · p99 ${verdict(r.p99, SCAN_TARGETS.p99)} · max ${r.max} ms · mean ${r.mean} ms  (client timer lag ≤ ${r.maxTimerLagMs} ms)`,
    `  scans sent ${r.scansSent}, answered 2xx ${r.scansOk}, non-2xx ${r.non2xx}, errors ${r.errors}; units booked ${r.unitsBooked} of ${r.unitsExpected} expected; ${r.mismatches.length} note lines off, ${r.ledgerViolations.length} ledger violations`,
    `  replays (same key and body) ${r.replaysSent}: ${r.replaysIdentical} answered the stored response, booked nothing; slowest ${r.replayMaxMs} ms${r.cpuMsPerScan !== undefined ? `; server cpu ${r.cpuMsPerScan} ms per request` : ''}`,
    ...r.samples.map((s) => `  sample: ${s}`), ...r.mismatches.slice(0, 5).map((m) => `  MISMATCH ${m}`), ...r.ledgerViolations.slice(0, 5).map((m) => `  LEDGER ${m}`),
    `  => ${r.ok ? 'ok' : 'MISSED'}`,
  ].join('\n');
}

/** The whole `--only=scan` run: one server per dialect, the scans, the checks; bench/results/latest-scan.json (+ run-scan-*.json). */
export async function scanBench(o: ScanOptions): Promise<ScanResult[]> {
  await benchLock(o.log);
  const results: ScanResult[] = [];
  const startedAt = new Date().toISOString();
  const tag = Date.now().toString(36).slice(-6);
  const env = { TALLY_DATA_DIR: o.work, TALLY_ADMIN_PASSWORD: ADMIN_PASSWORD };
  try {
    if (o.sqlite) {
      const srv = await startServer(here('./tally-server.ts'), { ...env, TALLY_DB_FILE: join(o.work, 'scan.db'), DATABASE_URL: '' });
      try { results.push(await scanRun(srv.url, srv.child.pid, o, 'sqlite', `${tag}s`)); } finally { await srv.stop(30_000); }
    }
    const pgUp = o.pgUrl !== undefined && await pgAdmin(o.pgUrl, (c) => c.query('select 1')).then(() => true, () => false);
    if (o.pgUrl && !pgUp) o.log(`PostgreSQL at ${o.pgUrl} not reachable: no PostgreSQL figures`);
    if (o.pgUrl && pgUp) {
      const schema = `bench_scan_${process.pid}`;
      await pgAdmin(o.pgUrl, async (c) => { await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await c.query(`CREATE SCHEMA ${schema}`); });
      try {
        const srv = await startServer(here('./tally-server.ts'), { ...env, DATABASE_URL: o.pgUrl, TALLY_PG_SCHEMA: schema });
        try { results.push(await scanRun(srv.url, srv.child.pid, o, 'postgres', `${tag}p`)); } finally { await srv.stop(30_000); }
      } finally {
        if (!o.keep) await pgAdmin(o.pgUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => undefined);
      }
    }
  } finally {
    if (!o.keep) rmSync(o.work, { recursive: true, force: true });
  }
  const text = results.map(scanText).join('\n\n');
  console.log(`\n${text}`);
  const dir = here('./results/');
  mkdirSync(dir, { recursive: true });
  const settings = { scanners: o.scanners, seconds: o.seconds, replays: o.replays };
  writeFileSync(join(dir, `run-scan-${startedAt.replace(/[:.]/g, '-')}.json`), JSON.stringify({ startedAt, settings, results, table: text }, null, 2));
  // latest-scan.json: the latest result per dialect (a run per dialect replaces only its own)
  const latest = join(dir, 'latest-scan.json');
  let kept: { startedAt: string; settings: typeof settings; result: ScanResult }[] = [];
  try { kept = JSON.parse(readFileSync(latest, 'utf8')).runs ?? []; } catch { /* none yet */ }
  const runs = [...kept.filter((k) => !results.some((r) => r.dialect === k.result.dialect)), ...results.map((result) => ({ startedAt, settings, result }))];
  writeFileSync(latest, JSON.stringify({ runs }, null, 2) + '\n');
  return results;
}
