/**
 * Reads on a read replica (DATABASE_READ_URL, src/http/read-routing.ts) against a real streaming
 * standby: a private PostgreSQL 15 primary and hot standby made by test/helpers/pg-standby.ts.
 * Which server answered a read is what `pg_is_in_recovery()` said on the connection that ran it
 * (the test-only x-tally-debug-read-server header).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { sql } from 'kysely';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ReadReplica } from '../../src/db/read-replica.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { buildApp } from '../../src/http/app.js';
import { DEBUG_READ_HEADER } from '../../src/http/read-routing.js';
import { command } from '../../src/modules/shared/command.js';
import { SYSTEM_ACTOR, systemClock } from '../../src/modules/shared/context.js';
import { ADMIN_PASSWORD, client, type Client, type Res, type TestEnv } from '../helpers/app.js';
import { startStandbyPair, standbyUnavailable, until, type StandbyPair } from '../helpers/pg-standby.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

const wanted = (process.env.TALLY_TEST_DIALECTS ?? 'sqlite,postgres').split(',').includes('postgres');
const why = wanted ? standbyUnavailable() : 'TALLY_TEST_DIALECTS leaves PostgreSQL out';
if (why) console.warn(`\n!!! read-replica tests SKIPPED: ${why} !!!\n`);

/** Lag bound of the app under test; the paused-replay rounds of the read-your-writes test finish well within it. */
const MAX_LAG_MS = 3000;

const server = (res: Res) => res.headers[DEBUG_READ_HEADER];

describe.skipIf(!!why)('read replica on a streaming standby [postgres]', () => {
  let pair: StandbyPair | undefined;
  let primary: DbHandle | undefined;
  let standby: DbHandle | undefined;
  let app: FastifyInstance | undefined;
  let replica: ReadReplica;
  let dataDir: string;
  let w: World;
  let admin: Client;
  /** Set: the replica's clock stands still there (its last check stays fresh). */
  let heldAt: number | undefined;

  const onStandby = async (text: string) => {
    const c = new pg.Client({ connectionString: pair!.standbyUrl });
    await c.connect();
    try { await c.query(text); } finally { await c.end(); }
  };
  const address = (m: Client, name: string) =>
    m.post('/api/addresses', { name, phone: '13800000000', region: '上海市 浦东新区', detail: `${name} 1号` });
  const names = (res: Res) => (ok(res).items as { name: string }[]).map((a) => a.name);

  beforeAll(async () => {
    pair = await startStandbyPair();
    primary = createDb({ databaseUrl: pair.primaryUrl, poolSize: 10 });
    await migrateToLatest(primary.db);
    await ensureAdmin(primary, ADMIN_PASSWORD);
    standby = createDb({ databaseUrl: pair.standbyUrl, poolSize: 10 });
    replica = new ReadReplica(primary.db, standby.db, { maxLagMs: MAX_LAG_MS, checkMs: 50, now: () => heldAt ?? Date.now() });
    dataDir = mkdtempSync(join(tmpdir(), 'tally-read-replica-'));
    app = await buildApp({ db: primary.db, dialect: 'postgres', dataDir, readReplica: { replica, debugHeader: true } });
    await app.ready();
    await replica.start();
    const login = async (username: string, password: string) => {
      const res = await client(app!).post('/api/auth/login', { username, password });
      return client(app!, ok(res).token);
    };
    admin = await login('admin', ADMIN_PASSWORD);
    w = await seedWorld({ admin, login } as unknown as TestEnv);
    await until('the replica to be in use', async () => replica.current().up);
  });

  afterAll(async () => {
    await app?.close();
    await standby?.close();
    await primary?.close();
    await pair?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers lists, details, counts and the dashboard from the standby', async () => {
    const created = ok(await address(w.merchantA, 'replica-1'), 201);
    // once the standby has replayed the write the writer's reads are back on it
    await until('the writer\'s list to come from the standby', async () => server(await w.merchantA.get('/api/addresses')) === 'standby', 10_000);
    const list = await w.merchantA.get('/api/addresses');
    expect(server(list)).toBe('standby');
    expect(names(list)).toContain('replica-1');
    const detail = await w.merchantA.get(`/api/addresses/${created.id}`);
    expect([detail.status, server(detail), detail.body.name]).toEqual([200, 'standby', 'replica-1']);
    for (const url of ['/api/exceptions/counts', '/api/notifications/unread-count', '/api/delivery-notes', '/api/exceptions']) {
      const res = await w.merchantA.get(url);
      expect([url, res.status, server(res)]).toEqual([url, 200, 'standby']);
    }
    const dashboard = await w.ops.get('/api/dashboard');
    expect([dashboard.status, server(dashboard)]).toEqual([200, 'standby']);
    // a command never runs there, even handed a read route's context: its transaction is on the primary
    expect(server(await address(w.merchantA, 'replica-2'))).toBeUndefined();
    const readCtx = { db: standby!.db, primary: primary!.db, actor: SYSTEM_ACTOR, clock: systemClock, dataDir };
    const recovery = await command(readCtx, async (tx) => (await sql<{ r: boolean }>`select pg_is_in_recovery() as r`.execute(tx)).rows[0]!.r);
    expect(recovery).toBe(false);
    expect(await app!.metrics.text()).toMatch(/tally_db_reads_total\{target="replica"\} [1-9]/);
  });

  it('lets the writer read its own write, every time, also while the standby is behind', async () => {
    const other = client(app!, ok(await client(app!).post('/api/auth/login', { username: (await w.merchantA.get('/api/auth/me')).body.username, password: 'password-1234' })).token);
    const servers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = ok(await address(w.merchantA, `ryw-${i}`), 201);
      const list = await w.merchantA.get('/api/addresses', { limit: 100 });
      expect(names(list), `round ${i}`).toContain(`ryw-${i}`);
      const detail = await w.merchantA.get(`/api/addresses/${created.id}`);
      expect([detail.status, detail.body.name], `round ${i}`).toEqual([200, `ryw-${i}`]);
      servers.push(String(server(list)));
    }
    expect(servers.every((s) => s === 'primary' || s === 'standby')).toBe(true);
    // with replay paused the standby cannot have the write: the writer's session is on the primary,
    // another session of the same user (no write of its own) still reads the standby and misses it
    await onStandby('select pg_wal_replay_pause()');
    try {
      for (let i = 0; i < 3; i++) {
        ok(await address(w.merchantA, `paused-${i}`), 201);
        const mine = await w.merchantA.get('/api/addresses', { limit: 100 });
        expect([server(mine), names(mine).includes(`paused-${i}`)], `paused round ${i}`).toEqual(['primary', true]);
        const theirs = await other.get('/api/addresses', { limit: 100 });
        expect([server(theirs), names(theirs).includes(`paused-${i}`)], `paused round ${i}, other session`).toEqual(['standby', false]);
      }
    } finally {
      await onStandby('select pg_wal_replay_resume()');
    }
    expect(await app!.metrics.text()).toMatch(/tally_db_reads_total\{target="primary"\} [1-9]/);
  });

  it('reads from the primary while the standby is stopped, and from the standby again once it is back', async () => {
    await until('the replica to be in use', async () => replica.current().up, 10_000);
    // the standby dies between two checks: the last one still says "up", so the read is sent to the
    // standby, fails there and is answered by the primary — and the replica is not used after that
    replica.stop();
    heldAt = Date.now();
    try {
      await pair!.stopStandby();
      expect(replica.current().up).toBe(true);
      const caught = await w.merchantB.get('/api/addresses');
      expect([caught.status, server(caught)]).toEqual([200, 'primary']);
      expect(replica.current()).toMatchObject({ up: false });
    } finally {
      heldAt = undefined;
      await replica.start();
    }
    for (let i = 0; i < 10; i++) {
      const res = await w.merchantB.get('/api/addresses');
      expect([res.status, server(res)], `read ${i} with the standby stopped`).toEqual([200, 'primary']);
    }
    const counts = await w.merchantB.get('/api/exceptions/counts');
    expect([counts.status, server(counts)]).toEqual([200, 'primary']);
    expect(replica.current()).toMatchObject({ up: false });
    expect(await app!.metrics.text()).toMatch(/tally_db_reads_total\{target="fallback"\} [1-9]/);
    await pair!.startStandby();
    await until('reads to come from the standby again', async () => server(await w.merchantB.get('/api/addresses')) === 'standby', 20_000);
  });

  it('reads from the primary while the standby lags past the bound, and from the standby once it caught up', async () => {
    await until('the replica to be in use', async () => replica.current().up, 10_000);
    await onStandby('select pg_wal_replay_pause()');
    try {
      // someone else writes; merchant B, who did not, reads
      ok(await admin.post('/api/admin/merchants', { name: `lag ${Date.now()}` }), 201);
      const before = await w.merchantB.get('/api/addresses');
      expect(before.status).toBe(200);
      await until('the replica to be dropped for its lag', async () => /^lagging \d+ ms \(bound 3000 ms\)$/.test(replica.current().reason ?? ''), MAX_LAG_MS + 10_000);
      // replay is still paused: the lag only grows, so this read cannot go back to the standby
      const during = await w.merchantB.get('/api/addresses');
      expect([during.status, server(during)]).toEqual([200, 'primary']);
    } finally {
      await onStandby('select pg_wal_replay_resume()');
    }
    await until('reads to come from the standby again', async () => server(await w.merchantB.get('/api/addresses')) === 'standby', 10_000);
    expect(replica.current().lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
  });
  it('answers exports from the standby too, and the writer\'s own export with its write', async () => {
    await until('merchant A\'s reads to come from the standby', async () => server(await w.merchantA.get('/api/stocking-orders')) === 'standby', 10_000);
    await onStandby('select pg_wal_replay_pause()');
    let no = '';
    try {
      const order = ok(await w.ops.post('/api/stocking-orders', {
        merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'REPEAT',
        lines: [{ skuId: w.ids.skusA[0], qty: 3, unitPrice: 1250 }],
      }), 201);
      no = order.no;
      // the standby has not replayed the order: merchant A's export (no write of its own) comes from it
      const theirs = await w.merchantA.get('/api/stocking-orders/export', { format: 'csv' });
      expect([theirs.status, theirs.text.includes(order.no)]).toEqual([200, false]);
      const mine = await w.ops.get('/api/stocking-orders/export', { format: 'csv' });
      expect([mine.status, mine.text.includes(order.no)]).toEqual([200, true]);
    } finally {
      await onStandby('select pg_wal_replay_resume()');
    }
    await until('merchant A\'s export to show the order once replayed', async () => (await w.merchantA.get('/api/stocking-orders/export', { format: 'csv' })).text.includes(no), 10_000);
  });
});
