/**
 * Cluster: N real servers (src/server.ts) on one fresh PostgreSQL database and one S3-compatible
 * bucket (s3rver in this process), each with its own data folder, requests spread over them round
 * robin as a load balancer would. In order:
 *  1. a settings change on one instance, read back on every other at once; the deadlines it shortens
 *     to their minimum (60 s) are what the jobs of all instances then fire;
 *  2. `jitOrders` JIT orders, half of them accepted at once, none shipped (each a deadline); the storm (./storm.ts) across the
 *     instances; then the mixed write load of ./write-load.ts and photo uploads, each photo fetched
 *     at once through another instance;
 *  3. once the first deadlines have fired, one instance is SIGKILLed mid-load; the load goes on
 *     against the others (requests sent to the dead one lose their answer) and the instance is
 *     restarted `downSeconds` later;
 *  4. after every harness JIT deadline has fired, the load stops; lost answers are retried with
 *     their keys through any instance; the harness waits until no deadline is left due;
 *  5. checks: every acknowledged write there, the invariants (ledger, plans, counters), no duplicate
 *     document (./cluster-checks.ts), every deadline fired once, every photo and thumbnail equal on
 *     every instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { s3PhotoStore } from '../../src/modules/photos/s3-store.js';
import { freePort, here, startServer, type Server } from '../proc.js';
import { clientOf, httpTransport, ok, type Transport } from './client.js';
import { withPg } from './crash.js';
import { runStorm } from './storm.js';
import { deadlineFindings, duplicateFindings, fetchPhoto, firedBy, multipart, photoBytes, recordFiring, staleDue, type DeadlineCounts } from './cluster-checks.js';
import { emptyCounts, verifyAcks, writeLoad, type LoadCounts } from './write-load.js';
import { seedWorld } from './world.js';

const ADMIN_PASSWORD = 'chaos-admin-password';
const BUCKET = 'tally-cluster-photos';
const DEADLINE_SECONDS = 60; // the settings' minimum

export interface ClusterOptions {
  instances: number;
  pgUrl: string;
  seed: number;
  workers?: number;
  jitOrders?: number;
  photos?: number;
  downSeconds?: number;
  stormClients?: number;
  log?: (s: string) => void;
}

export interface ClusterReport extends LoadCounts {
  instances: number;
  seconds: number;
  requestsPerInstance: number[];
  /** Deadline rows each instance's jobs handled, by job (its /metrics tally_job_rows_total{result="done"}; the killed one: before its kill + after its restart). */
  jobRowsDonePerInstance: Record<string, number>[];
  storm: { requests: number; byStatus: Record<string, number>; findings: number };
  settings: { changedOn: number; seenOn: number[] };
  kill: { instance: number; atSecond: number; deadlinesFiredBefore: number; restartedAtSecond: number };
  retried: number;
  /** Deadlines fired, by the instance whose transaction fired them (its application_name; a restart is `-restart1`) and job. */
  firedBy: Record<string, Record<string, number>>;
  deadlines: DeadlineCounts & { waitedMs: number; stillDue: Record<string, number> };
  duplicates: { checkedKeys: number };
  photos: { uploaded: number; uploadRetries: number; crossInstanceFetches: number; equalOnEveryInstance: number };
}

interface Instance { index: number; port: number; url: string; server?: Server; up: boolean; sent: number; send: Transport; starts?: number }

export async function runCluster(o: ClusterOptions): Promise<ClusterReport> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const sec = () => Math.round((Date.now() - started) / 100) / 10;
  let seed = o.seed;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const report: ClusterReport = {
    instances: o.instances, seconds: 0, ...emptyCounts(), requestsPerInstance: [], jobRowsDonePerInstance: Array.from({ length: o.instances }, () => ({})),
    storm: { requests: 0, byStatus: {}, findings: 0 }, settings: { changedOn: 0, seenOn: [] },
    kill: { instance: -1, atSecond: 0, deadlinesFiredBefore: 0, restartedAtSecond: 0 }, retried: 0, firedBy: {},
    deadlines: { jitAccept: 0, jitShip: 0, decisionSla: 0, returnMethod: 0, total: 0, harnessJitOrders: 0, harnessJitPenalised: 0, waitedMs: 0, stillDue: {} },
    duplicates: { checkedKeys: 0 }, photos: { uploaded: 0, uploadRetries: 0, crossInstanceFetches: 0, equalOnEveryInstance: 0 },
  };
  const dirs = Array.from({ length: o.instances + 1 }, () => mkdtempSync(join(tmpdir(), 'tally-cluster-')));
  const dbName = `tally_cluster_${process.pid}_${Date.now().toString(36)}`;
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: dirs[o.instances], silent: true });
  let handle: DbHandle | undefined;
  const instances: Instance[] = [];
  // should the harness itself die, its servers go with it
  const orphans = () => { for (const x of instances) x.server?.child.kill('SIGKILL'); };
  process.once('exit', orphans);
  try {
    await withPg(o.pgUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
    const dbUrl = new URL(o.pgUrl);
    dbUrl.pathname = `/${dbName}`;
    const { port: s3Port } = await s3.run();
    const s3cfg = { endpoint: `http://127.0.0.1:${s3Port}`, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
    await s3PhotoStore(s3cfg).client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const env = {
      DATABASE_URL: dbUrl.toString(), TALLY_ADMIN_PASSWORD: ADMIN_PASSWORD, HOST: '127.0.0.1', TALLY_JOBS_INTERVAL_MS: '1000',
      TALLY_SECRET_KEY: randomBytes(32).toString('hex'),
      TALLY_S3_BUCKET: BUCKET, TALLY_S3_ENDPOINT: s3cfg.endpoint, TALLY_S3_ACCESS_KEY_ID: 'S3RVER', TALLY_S3_SECRET_ACCESS_KEY: 'S3RVER', TALLY_S3_FORCE_PATH_STYLE: '1',
    };
    const start = async (x: Instance) => {
      // its own data folder: whatever an instance kept on its disk, the others would not see; its own
      // application_name, which the harness's trigger (./cluster-checks.ts) writes beside each deadline fired
      x.starts = (x.starts ?? 0) + 1;
      const app = `tally-${x.index}${x.starts > 1 ? `-restart${x.starts - 1}` : ''}`;
      x.server = await startServer(here('../src/server.ts'), { ...env, TALLY_DATA_DIR: dirs[x.index], PORT: String(x.port), PGAPPNAME: app }, { port: x.port, timeoutMs: 120_000 });
      x.up = true;
    };
    for (let i = 0; i < o.instances; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      instances.push({ index: i, port, url, up: false, sent: 0, send: httpTransport(() => url) });
    }
    await Promise.all(instances.map(start)); // all at once on the fresh database: the migrations' lock
    log(`${o.instances} instances up on ${dbName} in ${sec()} s (ports ${instances.map((x) => x.port).join(', ')}), photos in s3rver :${s3Port}`);
    handle = createDb({ databaseUrl: env.DATABASE_URL });
    const db = handle.db;
    await recordFiring(db);

    // the load balancer: round robin over the instances it believes up
    let rr = 0;
    const next = () => {
      for (let i = 0; i < instances.length; i++) {
        const x = instances[rr++ % instances.length];
        if (x.up) return x;
      }
      throw new Error('no instance up');
    };
    const send: Transport = (r) => { const x = next(); x.sent++; return x.send(r); };
    const anon = clientOf(send);
    const login = async (u: string, p: string) => clientOf(send, ok(await anon.post('/api/auth/login', { username: u, password: p })).token);
    const admin = await login('admin', ADMIN_PASSWORD);
    const w = await seedWorld(admin, login);

    // 1. a settings change on one instance is what every other one answers at once
    const short = { jitAcceptSeconds: DEADLINE_SECONDS, jitShipSeconds: DEADLINE_SECONDS, decisionSlaSeconds: DEADLINE_SECONDS, returnMethodSeconds: DEADLINE_SECONDS };
    const asAdmin = (x: Instance) => clientOf(x.send, admin.token);
    ok(await asAdmin(instances[0]).put('/api/settings', short));
    for (const x of instances.slice(1)) {
      const got = ok(await asAdmin(x).get('/api/settings'));
      if (Object.entries(short).every(([k, v]) => got[k] === v)) report.settings.seenOn.push(x.index);
      else report.findings.push(`settings changed on instance 0, instance ${x.index} answers ${JSON.stringify(got)}`);
    }

    // 2. deadlines: JIT orders nobody accepts or ships; then the storm, the write load and the photos
    const windows: { from: string; to?: string }[] = [{ from: new Date().toISOString() }];
    const addressId = ok(await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900000000', region: '广东省 深圳市', detail: '福田区 2 号', isDefault: true }), 201).id as string;
    const load = writeLoad(w, { addressId, rnd, counts: report });
    const jitBody = { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[2], qty: 5, unitPrice: 700 }] };
    let made = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (made < (o.jitOrders ?? 300)) {
        // every other one is accepted at once: its deadline is then the shipment's, 60 s after that
        const accept = made++ % 2 === 1;
        const res = await load.write('jit', w.ops, '/api/stocking-orders', jitBody);
        if (accept && res?.status === 201) await load.write('jitAccepted', w.merchantA, `/api/stocking-orders/${res.body.id}/accept`, {});
      }
    }));
    windows[0].to = new Date().toISOString();
    const jit = () => {
      const accepted = new Set(load.acks.filter((a) => a.kind === 'jitAccepted').map((a) => a.body.id as string));
      const all = load.acks.filter((a) => a.kind === 'jit').map((a) => a.body.id as string);
      return { all, accepted: all.filter((id) => accepted.has(id)), unaccepted: all.filter((id) => !accepted.has(id)) };
    };
    log(`${jit().all.length} JIT orders made by ${sec()} s (${jit().accepted.length} accepted at once): a missed acceptance or shipment deadline ${DEADLINE_SECONDS} s later each`);

    // the storm, across the instances, while the JIT deadlines approach
    const storm = await runStorm(w, db, { clients: o.stormClients ?? 50, actionsPerClient: 12, seed: o.seed });
    report.storm = { requests: storm.requests, byStatus: storm.byStatus, findings: storm.findings.length };
    report.findings.push(...storm.findings.map((f) => `storm: ${f}`));
    log(`storm: ${storm.requests} requests in ${storm.seconds.toFixed(1)} s, ${JSON.stringify(storm.byStatus)}, ${storm.findings.length} findings`);


    windows.push({ from: new Date().toISOString() }); // the storm's documents, made without keys, are left out
    let running = true;
    const loading = load.run(o.workers ?? 8, () => running);
    const photoIds: { id: string; via: number; sha: string; thumbSha: string }[] = [];
    const photoLoop = (async () => {
      for (let n = 0; running && n < (o.photos ?? 60); n++) {
        const bytes = await photoBytes(n);
        const { body, contentType } = multipart(bytes);
        const key = randomUUID();
        let res: Response | undefined;
        let via = -1;
        for (let attempt = 0; !res && attempt < 5; attempt++) {
          const x = next();
          try {
            res = await fetch(`${x.url}/api/photos`, { method: 'POST', body, headers: { 'content-type': contentType, authorization: `Bearer ${w.whA.token}`, 'idempotency-key': key }, signal: AbortSignal.timeout(15_000) });
            via = x.index;
          } catch { report.photos.uploadRetries++; }
        }
        if (res?.status !== 201) { report.findings.push(`photo upload ${n}: ${res?.status ?? 'no answer'} ${res ? await res.text() : ''}`); continue; }
        const id = ((await res.json()) as { id: string }).id;
        // at once through another instance (again through the next one if that one was just killed)
        for (const other of instances.filter((x) => x.index !== via)) {
          let p, t;
          try { [p, t] = [await fetchPhoto(other.url, w.whA.token!, id), await fetchPhoto(other.url, w.whA.token!, id, true)]; } catch { continue; }
          if (p.status !== 200 || t.status !== 200 || p.width !== 120) report.findings.push(`photo ${id} uploaded through instance ${via}: instance ${other.index} answers ${p.status} (width ${p.width}), thumb ${t.status}`);
          else { photoIds.push({ id, via, sha: p.sha!, thumbSha: t.sha! }); report.photos.crossInstanceFetches += 2; }
          break;
        }
      }
    })().catch((e) => { report.findings.push(`photo loop: ${(e as Error).message}`); });

    // 3. one instance killed once the deadlines have begun to fire, restarted a little later
    const penalties = async () => Number((await db.selectFrom('penalties').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const until = async (what: string, cond: () => Promise<boolean>, timeoutMs: number) => {
      const t0 = Date.now();
      while (!(await cond())) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return Date.now() - t0;
    };
    await until('the first JIT deadline to fire', async () => (await penalties()) > 0, (DEADLINE_SECONDS + 60) * 1000);
    const victim = instances[1 + Math.floor(rnd() * (o.instances - 1))];
    addRows(report.jobRowsDonePerInstance[victim.index], await jobRowsDone(victim, admin.token!));
    await victim.server!.kill();
    report.kill = { instance: victim.index, atSecond: sec(), deadlinesFiredBefore: await penalties(), restartedAtSecond: 0 };
    victim.up = false; // the load balancer's health check notices; meanwhile its requests failed
    log(`killed instance ${victim.index} at ${sec()} s (${report.kill.deadlinesFiredBefore} JIT penalties issued so far), ${report.requests} writes sent`);
    await new Promise((r) => setTimeout(r, (o.downSeconds ?? 5) * 1000)); // the load runs on the others meanwhile
    await start(victim);
    report.kill.restartedAtSecond = sec();
    log(`instance ${victim.index} back at ${sec()} s`);

    // 4. the load stops once every harness JIT deadline has fired; lost answers are retried
    await until('every harness JIT deadline to fire', async () => Number((await db.selectFrom('penalties').where('stockingOrderId', 'in', jit().all)
      .select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) >= jit().all.length, 90_000);
    running = false;
    await Promise.all([loading, photoLoop]);
    report.retried = await load.retryLost(db);
    log(`load stopped at ${sec()} s: ${report.requests} writes, ${report.acknowledged} acknowledged, ${report.lostAnswers} answers lost and retried`);
    let stillDue: Record<string, number> = {};
    report.deadlines.waitedMs = await until('no deadline left due', async () => {
      stillDue = await staleDue(db, new Date(Date.now() - 5000).toISOString());
      return Object.values(stillDue).every((n) => n === 0);
    }, 60_000).catch((e) => { report.findings.push(`${(e as Error).message}: ${JSON.stringify(stillDue)}`); return -1; });

    // 5. the checks
    report.findings.push(...(await verifyAcks(db, load.acks)));
    const dl = await deadlineFindings(db, jit());
    report.deadlines = { ...dl.counts, waitedMs: report.deadlines.waitedMs, stillDue };
    report.findings.push(...dl.findings);
    const dup = await duplicateFindings(db, load.acks, windows);
    report.duplicates.checkedKeys = dup.checkedKeys;
    report.findings.push(...dup.findings);
    for (const p of photoIds) {
      let equal = true;
      for (const x of instances) {
        const [a, b] = [await fetchPhoto(x.url, w.whA.token!, p.id), await fetchPhoto(x.url, w.whA.token!, p.id, true)];
        if (a.sha !== p.sha || b.sha !== p.thumbSha) { equal = false; report.findings.push(`photo ${p.id} (uploaded through ${p.via}) on instance ${x.index}: ${a.status}/${b.status}, bytes ${a.sha === p.sha ? 'equal' : 'differ'}, thumb ${b.sha === p.thumbSha ? 'equal' : 'differs'}`); }
        if (x.index !== p.via) report.photos.crossInstanceFetches += 2;
      }
      if (equal) report.photos.equalOnEveryInstance++;
    }
    report.photos.uploaded = photoIds.length;
    for (const x of instances) addRows(report.jobRowsDonePerInstance[x.index], await jobRowsDone(x, admin.token!));
    // who fired what, by the database, read after the scrapes (the jobs go on firing what comes due
    // meanwhile); what each instance says it did is not more than that
    const fired = await firedBy(db);
    report.firedBy = fired.byApp;
    report.findings.push(...fired.twice);
    for (const x of instances) {
      const own = Object.entries(report.firedBy).filter(([app]) => app === `tally-${x.index}` || app.startsWith(`tally-${x.index}-`));
      for (const [job, said] of Object.entries(report.jobRowsDonePerInstance[x.index])) {
        const inDb = own.reduce((n, [, byJob]) => n + (byJob[job] ?? 0), 0);
        if (said > inDb) report.findings.push(`instance ${x.index} reports ${said} ${job} rows done, the database has ${inDb} fired by it (${JSON.stringify(Object.fromEntries(own))})`);
      }
    }
  } finally {
    process.off('exit', orphans);
    report.requestsPerInstance = instances.map((x) => x.sent);
    await Promise.all(instances.map((x) => x.server?.stop().catch(() => undefined)));
    await handle?.close().catch(() => undefined);
    await s3.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await withPg(o.pgUrl, async (c) => {
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
    }).catch(() => undefined);
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

const DEADLINE_JOBS = ['transportTimeout', 'decisionSla', 'returnMethod', 'jitAccept', 'jitShip'];

/** The deadline rows an instance's jobs handled since it started, by job (its /metrics). */
async function jobRowsDone(x: Instance, adminToken: string): Promise<Record<string, number>> {
  const res = await fetch(`${x.url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` }, signal: AbortSignal.timeout(10_000) });
  const out: Record<string, number> = {};
  for (const m of (await res.text()).matchAll(/^tally_job_rows_total\{([^}]*)\} (\S+)$/gm)) {
    const job = /job="([^"]+)"/.exec(m[1])?.[1];
    if (job && DEADLINE_JOBS.includes(job) && m[1].includes('result="done"') && Number(m[2])) out[job] = Number(m[2]);
  }
  return out;
}

const addRows = (into: Record<string, number>, more: Record<string, number>) => {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
};
