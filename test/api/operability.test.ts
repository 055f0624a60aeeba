/**
 * Operability (issue 12): liveness and readiness, Prometheus metrics, request ids, and — on the
 * real server process — SIGTERM with a request in flight, the stop's bound, and an online backup
 * restored. Waits are for conditions (polls), never fixed sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildApp } from '../../src/http/app.js';
import { JOBS, startScheduler } from '../../src/jobs/scheduler.js';
import { eachDialect } from '../helpers/app.js';
import { DIALECTS, PG_URL } from '../helpers/db.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { freePort } from '../../bench/proc.js';
import { exitOf, merchantsIn, merchantWriters, pgServerEnv, ledgerOf, readMerchants, receiptWriters, runTool, slowLogin, sqliteServerEnv, startTally, tcpProxy, waitFor } from './fixtures/operability.js';

const problem = (res: { headers: Record<string, unknown>; body: any }) => {
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  return res.body;
};

eachDialect('operability', (env) => {
  let w: World;
  const world = async () => (w ??= await seedWorld(env()));

  it('GET /healthz and /readyz answer 200 without login', async () => {
    const e = env();
    expect((await e.anon.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await e.anon.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: e.dialect, migrations: { ahead: [] } });
    expect(ready.body.migrations.applied).toBeGreaterThan(0);
  });

  it('/readyz answers 503 MIGRATIONS_PENDING while the database lacks a migration, 200 once it is back', async () => {
    const db = env().db.handle.db.withoutPlugins();
    const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
    await sql`delete from kysely_migration where name = ${rows[0].name}`.execute(db);
    try {
      const res = await env().anon.get('/readyz');
      expect(res.status).toBe(503);
      expect(problem(res)).toMatchObject({ code: 'MIGRATIONS_PENDING', pending: [rows[0].name] });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${rows[0].name}, ${rows[0].timestamp})`.execute(db);
    }
    expect((await env().anon.get('/readyz')).status).toBe(200);
  });

  it('/readyz answers 503 DATABASE_UNREACHABLE when the database cannot be reached (healthz still 200), and SHUTTING_DOWN while stopping', async () => {
    const e = env();
    const dir = mkdtempSync(join(tmpdir(), 'tally-down-'));
    let handle;
    if (e.dialect === 'postgres') {
      handle = createDb({ databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/test` }); // nothing listens there
    } else {
      handle = createDb({ sqliteFile: join(dir, 'tally.db') });
      await migrateToLatest(handle.db);
      await handle.close(); // a closed handle
    }
    const app = await buildApp({ db: handle.db, dialect: e.dialect, dataDir: dir });
    try {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 503, code: 'DATABASE_UNREACHABLE', requestId: res.headers['x-request-id'] });
      expect(res.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|not open/); // the reason is in the log, not the answer
      app.lifecycle.shuttingDown = true;
      expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({ code: 'SHUTTING_DOWN' });
    } finally {
      await app.close();
      if (e.dialect === 'postgres') await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/readyz [postgres]: 503 while the database is gone, 200 once it is back, and the server lives on', async (ctx) => {
    const e = env();
    if (e.dialect !== 'postgres') return ctx.skip();
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(e.db.handle.db);
    const proxy = await tcpProxy(Number(new URL(PG_URL).port || 5432));
    const url = new URL(PG_URL);
    url.port = String(proxy.port);
    const handle = createDb({ databaseUrl: url.toString(), pgSchema: rows[0].schema, poolSize: 2 });
    const app = await buildApp({ db: handle.db, dialect: 'postgres', dataDir: e.db.dataDir });
    const ready = async () => (await app.inject({ url: '/readyz' })).statusCode;
    try {
      expect(await ready()).toBe(200); // the pool now keeps an idle connection through the proxy
      await proxy.stop(); // the database goes away: that connection breaks while idle
      await waitFor(async () => (await ready()) === 503, 'readiness to fail');
      expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({ code: 'DATABASE_UNREACHABLE' });
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      await proxy.start();
      await waitFor(async () => (await ready()) === 200, 'readiness to come back');
    } finally {
      await app.close();
      await handle.close();
      await proxy.close();
    }
  });

  it('GET /metrics: 401 without login, 403 for every role but ADMIN', async () => {
    const e = env();
    const v = await world();
    expect(problem(await e.anon.get('/metrics'))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    for (const c of [v.ops, v.merchantA, v.whA]) expect(problem(await c.get('/metrics'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('GET /metrics for ADMIN: route patterns (never raw ids), pool use, outbox backlog, job lag', async () => {
    const e = env();
    const v = await world();
    // a pending webhook delivery: an endpoint nobody listens on, and an event for it
    ok(await v.merchantA.post('/api/webhooks', { url: `http://127.0.0.1:${await freePort()}/hook`, secret: 'test-secret-0123456789abcdef', events: ['stocking_order.created'] }), 201);
    const order = ok(await v.ops.post('/api/stocking-orders', {
      merchantId: v.ids.merchantA, warehouseId: v.ids.warehouseA, type: 'FIRST', lines: [{ skuId: v.ids.skusA[0], qty: 3, unitPrice: 990 }],
    }), 201);
    ok(await v.ops.get(`/api/stocking-orders/${order.id}`));
    expect((await v.ops.get('/api/exceptions/exc_doesnotexist')).status).toBe(404);

    let res = await e.admin.get('/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/plain; version=0.0.4');
    let text = res.text;
    for (const name of ['tally_http_request_duration_seconds_bucket', 'tally_http_requests_in_flight', 'tally_deadlines_due',
      'tally_webhook_deliveries_pending', 'tally_webhook_oldest_pending_age_seconds', 'tally_database_up 1']) expect(text).toContain(name);
    expect(text).toMatch(/tally_http_request_duration_seconds_count\{route="\/api\/stocking-orders\/:id",method="GET",status_class="2xx"\} \d+/);
    expect(text).toContain('route="/api/exceptions/:id",method="GET",status_class="4xx"');
    expect(text).not.toContain(order.id);
    expect(text).not.toContain('exc_doesnotexist');
    expect(Number(/^tally_webhook_deliveries_pending (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^tally_deadlines_due\{job="webhooks"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    if (e.dialect === 'postgres') expect(text).toMatch(/^tally_db_pool_max_connections 25$/m);
    else expect(text).not.toContain('tally_db_pool');
    expect(text).not.toContain('tally_job_lag_seconds{'); // no job loop in this app yet

    const scheduler = startScheduler({ db: e.db.handle.db, dialect: e.dialect, clock: e.clock, dataDir: e.db.dataDir }, 60_000, JOBS);
    e.app.lifecycle.scheduler = scheduler;
    try {
      await waitFor(() => scheduler.stats().jobs.every((j) => j.lastDurationMs !== undefined), 'a first pass of every job');
      text = (await e.admin.get('/metrics')).text;
      for (const job of JOBS.map((j) => j.name)) {
        expect(text).toMatch(new RegExp(`^tally_job_lag_seconds\\{job="${job}"\\} [\\d.e-]+$`, 'm'));
        expect(text).toMatch(new RegExp(`^tally_job_rows_total\\{job="${job}",result="done"\\} \\d+$`, 'm'));
      }
    } finally {
      await scheduler.stop();
      e.app.lifecycle.scheduler = undefined;
    }
  });

  it('X-Request-Id: a safe one is kept, anything else replaced; the answer and every problem+json carry it', async () => {
    const e = env();
    const sent = async (id?: string) => e.app.inject({ url: '/api/exceptions/nope', headers: { authorization: `Bearer ${e.admin.token}`, ...(id === undefined ? {} : { 'x-request-id': id }) } });
    const kept = await sent('lb-7f3a.92:01_x');
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.92:01_x');
    expect(kept.json()).toMatchObject({ status: 404, requestId: 'lb-7f3a.92:01_x' });
    for (const bad of ['', 'has space', 'a'.repeat(65), 'x"}\n{"level":60', '<script>']) {
      const res = await sent(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.json().requestId).toBe(res.headers['x-request-id']);
    }
    const fresh = await sent();
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // refused before routing (a broken %-escape) and refused by auth carry it too
    const bad = await e.app.inject({ url: '/api/exceptions/%E0%A4%A', headers: { 'x-request-id': 'r-1' } });
    expect(bad.headers['x-request-id']).toBe('r-1');
    expect(bad.json()).toMatchObject({ requestId: 'r-1' });
    const anon = await e.app.inject({ url: '/api/exceptions', headers: { 'x-request-id': 'r-2' } });
    expect(anon.json()).toMatchObject({ status: 401, requestId: 'r-2' });
  });
});

const PG = DIALECTS.find((d) => d.name === 'postgres')!;

describe('the server process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  for (const dialect of ['sqlite', 'postgres'] as const) {
    const run = dialect === 'postgres' && !PG.enabled ? it.skip : it;
    run(`SIGTERM [${dialect}] under a write load: the request in flight is answered 200, new connections are refused, no acknowledged write is lost, exit 0 within the bound`, async () => {
      const { env: serverEnv, cleanup } = dialect === 'sqlite' ? sqliteServerEnv() : await pgServerEnv();
      cleanups.push(cleanup);
      const server = await startTally({ ...serverEnv, TALLY_JOBS_INTERVAL_MS: '100', TALLY_SHUTDOWN_SECONDS: '10' });
      const token = await server.login();
      const slow = slowLogin(server.port);
      await waitFor(async () => /^tally_http_requests_in_flight 1$/m.test(await server.scrape()), 'the slow request to be in flight');
      const writers = merchantWriters(server, token);
      await waitFor(() => writers.acked.length >= 20, 'writes to be acknowledged');
      await waitFor(async () => /^tally_job_last_duration_seconds\{job="webhooks"\}/m.test(await server.scrape()), 'the job loop to have run');
      for (const path of ['/healthz', '/readyz']) expect((await server.get(path)).status).toBe(200);
      const signalled = Date.now();
      const exited = exitOf(server.child);
      server.child.kill('SIGTERM');
      await waitFor(() => server.refuses(), 'new connections to be refused');
      const answer = await slow.finish();
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('close');
      expect(JSON.parse(answer.body).token).toEqual(expect.any(String));
      const { code } = await exited;
      await writers.stop();
      expect(code, server.output()).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(server.output()).toMatch(/Tally stopped \(SIGTERM\)/);
      // JSON logs: requests with their request id, probes not at all (info level)
      expect(server.output()).toMatch(/"reqId":"[0-9a-f-]{36}","req":\{"method":"POST","url":"\/api\/auth\/login"/);
      expect(server.output()).not.toMatch(/"url":"\/(healthz|readyz)"/);
      const stored = await merchantsIn(serverEnv);
      expect(writers.acked.filter((n) => !stored.has(n))).toEqual([]);
    }, 60_000);
  }

  it('SIGTERM with a request that does not finish: exit 1 after TALLY_SHUTDOWN_SECONDS, naming it', async () => {
    const { env: serverEnv, cleanup } = sqliteServerEnv();
    cleanups.push(cleanup);
    const server = await startTally({ ...serverEnv, TALLY_JOBS_INTERVAL_MS: '0', TALLY_SHUTDOWN_SECONDS: '1' });
    const slow = slowLogin(server.port);
    await waitFor(async () => /^tally_http_requests_in_flight 1$/m.test(await server.scrape()), 'the slow request to be in flight');
    const exited = exitOf(server.child);
    server.child.kill('SIGTERM');
    const { code } = await exited;
    slow.abort();
    expect(code).toBe(1);
    expect(server.output()).toMatch(/did not stop within 1 s; still running: http \(1 request\(s\) in flight: POST \/api\/auth\/login/);
  }, 60_000);

  it('npm run backup under write load, then restore: refused while the server runs, the copy passes integrity_check, holds every write acknowledged before the backup began, and its ledger invariant holds', async () => {
    const { env: serverEnv, cleanup, dir } = sqliteServerEnv();
    cleanups.push(cleanup);
    const dbFile = serverEnv.TALLY_DB_FILE;
    let server = await startTally({ ...serverEnv, TALLY_JOBS_INTERVAL_MS: '0' });
    const token = await server.login();
    const receipts = await receiptWriters(server, token);
    const writers = merchantWriters(server, token);
    const { acked } = writers;
    const booked = () => [...receipts.acked.values()].reduce((a, b) => a + b, 0);
    await waitFor(() => acked.length >= 40 && booked() >= 30, 'writes to be acknowledged');
    const before = [...acked];
    const receivedBefore = new Map(receipts.acked);
    const file = join(dir, 'backup.db');
    const backup = await runTool(['backup', file], { TALLY_DB_FILE: dbFile });
    const during = acked.length - before.length;
    await writers.stop();
    await receipts.stop();
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/integrity_check ok/);
    expect(during, 'writes went on while the backup ran').toBeGreaterThan(0);

    const { integrity, names } = readMerchants(file);
    expect(integrity).toBe('ok');
    expect(before.filter((n) => !names.has(n))).toEqual([]);
    const copied = await ledgerOf(file);
    expect(copied.findings).toEqual([]); // the ledger invariant, plans and counters hold in the copy
    for (const [note, n] of receivedBefore) expect(copied.received.get(note)).toBeGreaterThanOrEqual(n);

    const refused = await runTool(['restore', file], { TALLY_DB_FILE: dbFile });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/A Tally server \(pid \d+\) is using .*Stop it first/);

    const exited = exitOf(server.child);
    server.child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    const restored = await runTool(['restore', file], { TALLY_DB_FILE: dbFile });
    expect(restored.code, restored.output).toBe(0);
    const after = readMerchants(dbFile);
    expect(after.integrity).toBe('ok');
    expect(before.filter((n) => !after.names.has(n))).toEqual([]);
    expect(after.names.size).toBe(names.size);
    const restoredLedger = await ledgerOf(dbFile);
    expect(restoredLedger.findings).toEqual([]);
    expect(restoredLedger.received).toEqual(copied.received);

    server = await startTally({ ...serverEnv, TALLY_JOBS_INTERVAL_MS: '0' });
    expect((await server.get('/readyz')).status).toBe(200);
    expect(await server.login()).toEqual(expect.any(String));
    await server.stop();
  }, 90_000);
});
