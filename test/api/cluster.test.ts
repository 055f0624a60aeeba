/**
 * Several instances on one PostgreSQL (issue 12), in this process and cheap: three apps, each with
 * its own pool, on one schema. The full harness — real server processes, one SIGKILLed mid-load,
 * photos in a bucket — is `npm run cluster` (bench/chaos/cluster.ts, docs/reliability.md).
 *  - three instances starting at once on a fresh database: one creates the admin, none fails;
 *  - a settings change through one instance is what the others answer and act on at once;
 *  - the deadline passes of three instances running together fire each of 200 deadlines once.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/bootstrap.js';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { buildApp } from '../../src/http/app.js';
import { runDueJobs, type JobReport } from '../../src/jobs/scheduler.js';
import { client, startTestApp, type Client, type TestEnv } from '../helpers/app.js';
import { DIALECTS, openTestDb, PG_URL } from '../helpers/db.js';
import { countEffects, dueBy, expectedCounts, seedDueDeadlines } from '../helpers/deadline-seed.js';
import { DEADLINE_JOBS, fixedClock } from '../helpers/deadlines.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

const pg = DIALECTS.find((d) => d.name === 'postgres')!;

(pg.enabled ? describe : describe.skip)('three instances on one PostgreSQL', () => {
  let e: TestEnv;
  let w: World;
  const others: { handle: DbHandle; app: FastifyInstance }[] = [];
  /** The same user on instance 0, 1 or 2 (a session is a database row: any instance knows it). */
  const on = (i: number, c: Client) => (i === 0 ? c : client(others[i - 1].app, c.token));
  const handles = () => [e.db.handle, ...others.map((o) => o.handle)];

  beforeAll(async () => {
    e = await startTestApp('postgres');
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(e.db.handle.db);
    for (let i = 0; i < 2; i++) {
      const handle = createDb({ databaseUrl: PG_URL, pgSchema: rows[0].s, poolSize: 10 });
      const app = await buildApp({ db: handle.db, dialect: 'postgres', dataDir: e.db.dataDir, clock: e.clock });
      await app.ready();
      others.push({ handle, app });
    }
    w = await seedWorld(e);
  });
  afterAll(async () => {
    for (const o of others) { await o.app.close(); await o.handle.close(); }
    await e?.app.close();
    await e?.db.cleanup();
  });

  it('three instances starting at once on a fresh database: one admin, no failed start', async () => {
    const fresh = await openTestDb('postgres');
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(fresh.handle.db);
    const more = [1, 2].map(() => createDb({ databaseUrl: PG_URL, pgSchema: rows[0].s, poolSize: 2 }));
    try {
      const generated = await Promise.all([fresh.handle, ...more].map((h) => ensureAdmin(h)));
      expect(generated.filter(Boolean)).toHaveLength(1);
      const admins = await fresh.handle.db.selectFrom('users').select('id').where('username', '=', 'admin').execute();
      expect(admins).toHaveLength(1);
    } finally {
      for (const h of more) await h.close();
      await fresh.cleanup();
    }
  });

  it('a settings change through one instance is answered and used by the others at once', async () => {
    const acceptWindow = async (i: number) => {
      const o = ok(await on(i, w.ops).post('/api/stocking-orders', {
        merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 1, unitPrice: 100 }],
      }), 201);
      // cancelled before its deadline, so it is never due (the deadline test below counts every effect)
      ok(await on(i, w.ops).post(`/api/stocking-orders/${o.id}/cancel`, { reason: 'settings check' }));
      return (Date.parse(o.acceptBy) - Date.parse(o.createdAt)) / 1000;
    };
    for (const [writer, seconds] of [[0, 3600], [1, 7200], [2, 600]] as const) {
      ok(await on(writer, e.admin).put('/api/settings', { jitAcceptSeconds: seconds }));
      for (const i of [0, 1, 2]) {
        expect(ok(await on(i, e.admin).get('/api/settings')).jitAcceptSeconds, `instance ${i} after a change on ${writer}`).toBe(seconds);
        expect(await acceptWindow(i), `a JIT order made on instance ${i}`).toBe(seconds);
      }
    }
  });

  it('200 due deadlines, three instances running their passes together: each fired exactly once', async () => {
    const t0 = e.clock.now().toISOString();
    await seedDueDeadlines(e.db.handle.db, w, t0, 40);
    const pass = (h: DbHandle) => runDueJobs({ db: h.db, dialect: 'postgres', clock: fixedClock(dueBy(t0)), dataDir: e.db.dataDir, batchSize: 10 }, DEADLINE_JOBS);
    const done = (reports: JobReport[]) => {
      const out: Record<string, number> = {};
      for (const r of reports) for (const [job, x] of Object.entries(r)) out[job] = (out[job] ?? 0) + x.done;
      return out;
    };
    const reports = await Promise.all(handles().map(pass));
    expect(reports.flatMap((r) => Object.values(r).map((x) => x.failed))).toEqual(Array(3 * DEADLINE_JOBS.length).fill(0));
    expect(done(reports)).toMatchObject({ transportTimeout: 40, decisionSla: 40, returnMethod: 40, jitAccept: 40, jitShip: 40 });
    expect(await countEffects(e.db.handle.db, w.ids.merchantA)).toEqual(expectedCounts(40));
    // and a second round of all three finds nothing left
    const again = done(await Promise.all(handles().map(pass)));
    expect(Object.values(again).reduce((a, b) => a + b, 0)).toBe(0);
  }, 180_000); // seeding 200 deadlines through the use cases takes 15–25 s on a loaded 2-core machine
});
