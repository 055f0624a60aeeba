/**
 * Issue 14, disputes (申诉): the window and SLA edges with the clock moved, what accepting and
 * rejecting change (scorecard rates, the penalty), one open dispute per document, scope and no
 * subtype for merchants; on PostgreSQL, accept ∥ reject and accept ∥ the SLA job (auto-accept on),
 * ≥ 20 rounds: one outcome, one event, no 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disputeSlaJob } from '../../src/jobs/dispute-sla.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { issuePenalty } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR } from '../../src/modules/shared/context.js';
import { ADMIN_PASSWORD, eachDialect, startTestApp, type Res, type TestEnv } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { at, DAY, fixedClock, HOUR, registerOn } from '../helpers/deadlines.js';
import { fold, rebuild, rollupRows } from '../helpers/performance.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

const ROUNDS = 20;

/** Sessions that outlive the clock's moves (the suite's clock goes forward test after test): the admin logs in again under them. */
const long = new WeakSet<TestEnv>();
async function longSessions(e: TestEnv) {
  if (long.has(e)) return;
  ok(await e.admin.put('/api/settings', { sessionIdleSeconds: 366 * DAY, sessionAbsoluteSeconds: 366 * DAY }));
  e.admin = await e.login('admin', ADMIN_PASSWORD);
  long.add(e);
}

/** One JIT order and its two penalties (accept late, ship late), issued now by the test clock. */
async function twoPenalties(e: TestEnv, w: World) {
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice: 1000 }],
  }), 201);
  const issue = (reason: 'JIT_ACCEPT_LATE' | 'JIT_SHIP_LATE') => e.db.handle.db.transaction().execute((tx) =>
    issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: e.clock }, { merchantId: w.ids.merchantA, stockingOrderId: order.id, reason, amount: 400, currency: 'CNY' }));
  return [await issue('JIT_ACCEPT_LATE'), await issue('JIT_SHIP_LATE')];
}

const dispute = (w: World, documentType: string, documentId: string, extra: Record<string, unknown> = {}) =>
  w.merchantA.post('/api/disputes', { documentType, documentId, text: '系统故障导致超时,附截图', ...extra });

const eventsOf = (e: TestEnv, documentId: string, action?: string) => {
  let q = e.db.handle.db.selectFrom('events').select(['action']).where('documentId', '=', documentId);
  if (action) q = q.where('action', '=', action);
  return q.execute();
};
const outboxTypes = async (e: TestEnv, documentId: string) =>
  (await e.db.handle.db.selectFrom('outbox').select('type').where('documentId', '=', documentId).orderBy('id').execute()).map((r) => r.type);
const no500 = (answers: Res[]) => { for (const a of answers) expect(a.status, a.text).toBeLessThan(500); };
const slaJobAt = (e: TestEnv, iso: string) =>
  runDueJobs({ db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(iso), dataDir: e.db.dataDir }, [disputeSlaJob]);

eachDialect('disputes', (env) => {
  it('penalty: the window\'s last second opens, the next refuses; one open per document (409); another merchant 404; accepted waives it', async () => {
    const e = env();
    await longSessions(e);
    const w = await seedWorld(e);
    const [p1, p2] = await twoPenalties(e, w);
    expect((await w.merchantB.post('/api/disputes', { documentType: 'PENALTY', documentId: p1.id, text: 'x' })).status).toBe(404);
    expect((await w.ops.post('/api/disputes', { documentType: 'PENALTY', documentId: p1.id, text: 'x' })).status).toBe(403);
    expect((await dispute(w, 'PENALTY', 'pen_nope')).status).toBe(404);
    expect((await dispute(w, 'FEE', p1.id)).status).toBe(404); // a penalty's id is no fee

    e.clock.advance(30 * DAY);
    const d = ok(await dispute(w, 'PENALTY', p1.id), 201);
    expect(d).toMatchObject({ status: 'OPEN', version: 1, document: { type: 'PENALTY', id: p1.id, no: p1.no }, overdue: false, photos: [] });
    expect(d.dueAt).toBe(new Date(e.clock.now().getTime() + 72 * HOUR * 1000).toISOString());
    const again = await dispute(w, 'PENALTY', p1.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DISPUTE_ALREADY_OPEN');
    e.clock.advance(1);
    const late = await dispute(w, 'PENALTY', p2.id);
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('DISPUTE_WINDOW_CLOSED');

    // while it is open the penalty is not confirmed; another merchant neither sees nor decides it
    expect((await w.ops.post(`/api/penalties/${p1.id}/confirm`, {})).body.code).toBe('DISPUTE_OPEN');
    expect((await w.merchantB.get(`/api/disputes/${d.id}`)).status).toBe(404);
    expect(ok(await w.merchantB.get('/api/disputes')).items).toEqual([]);
    expect((await w.merchantA.post(`/api/disputes/${d.id}/accept`, { reason: 'x' })).status).toBe(403);
    expect((await w.ops.post(`/api/disputes/${d.id}/accept`, {})).status).toBe(400);

    const accepted = ok(await w.ops.post(`/api/disputes/${d.id}/accept`, { reason: '核实为系统故障', version: 1 }));
    expect(accepted).toMatchObject({ status: 'ACCEPTED', decisionReason: '核实为系统故障', autoDecided: false, version: 2 });
    expect(ok(await w.merchantA.get(`/api/penalties/${p1.id}`))).toMatchObject({ status: 'WAIVED' });
    expect((await w.ops.post(`/api/disputes/${d.id}/reject`, { reason: 'x' })).body.code).toBe('ILLEGAL_TRANSITION');
    expect((await dispute(w, 'PENALTY', p1.id)).status).toBe(409);
    expect((await eventsOf(e, d.id)).map((x) => x.action)).toEqual(['OPENED', 'ACCEPTED']);
    expect(await outboxTypes(e, d.id)).toEqual(['dispute.opened', 'dispute.accepted']);
    expect(await outboxTypes(e, p1.id)).toEqual(['penalty.issued', 'penalty.waived']);
    const inbox = ok(await w.merchantA.get('/api/notifications')).items.map((n: any) => n.code);
    expect(inbox).toEqual(expect.arrayContaining(['dispute.opened', 'dispute.accepted', 'penalty.waived']));
    const opsInbox = ok(await w.ops.get('/api/notifications')).items.map((n: any) => n.code);
    expect(opsInbox).toContain('dispute.opened');
  });

  it('rejected: nothing changes (the penalty stays issued and may be confirmed); photos are the merchant\'s own', async () => {
    const e = env();
    await longSessions(e);
    const w = await seedWorld(e);
    const [p] = await twoPenalties(e, w);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const boundary = 'x-dispute-photo';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const upload = (token?: string) => e.app.inject({ method: 'POST', url: '/api/disputes/photos', payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` } });
    expect((await upload(w.whA.token)).statusCode).toBe(403);
    const photo = JSON.parse((await upload(w.merchantA.token)).body);
    expect(photo.url).toMatch(/^\/api\/photos\//);
    expect((await dispute(w, 'PENALTY', p.id, { photoIds: ['pho_nope'] })).body.code).toBe('UNKNOWN_PHOTO');
    const d = ok(await dispute(w, 'PENALTY', p.id, { photoIds: [photo.id] }), 201);
    expect(d.photos.map((x: any) => x.id)).toEqual([photo.id]);
    const fetch = (token?: string) => e.app.inject({ method: 'GET', url: photo.url, headers: { authorization: `Bearer ${token}` } });
    for (const c of [w.merchantA, w.ops]) expect((await fetch(c.token)).statusCode).toBe(200);
    for (const c of [w.merchantB, w.whA]) expect((await fetch(c.token)).statusCode).toBe(404);

    const before = ok(await w.merchantA.get(`/api/penalties/${p.id}`));
    const rejected = ok(await w.ops.post(`/api/disputes/${d.id}/reject`, { reason: '证据不足' }));
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionReason: '证据不足' });
    const after = ok(await w.merchantA.get(`/api/penalties/${p.id}`));
    expect(after).toEqual(before);
    expect(await outboxTypes(e, d.id)).toEqual(['dispute.opened', 'dispute.rejected']);
    // rejected, the merchant may dispute again within the window; confirming waits for that one
    const second = ok(await dispute(w, 'PENALTY', p.id), 201);
    ok(await w.ops.post(`/api/disputes/${second.id}/reject`, { reason: '同上' }));
    expect(ok(await w.ops.post(`/api/penalties/${p.id}/confirm`, {})).status).toBe('CONFIRMED');
    expect((await dispute(w, 'PENALTY', p.id)).body.code).toBe('PENALTY_SETTLED');
  });

  it('exception: disputable from its decision for the window; accepted, it leaves the scorecard rates (fold = rebuild); rejected, they stay; no subtype for merchants', async () => {
    const e = env();
    await longSessions(e);
    const w = await seedWorld(e);
    const exc = await registerOn(w, 'BARCODE_DAMAGED', 2);
    expect((await dispute(w, 'EXCEPTION', exc.id)).body.code).toBe('NOT_DISPUTABLE_YET');
    const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }));
    const rate = async () => {
      await fold(e);
      return ok(await w.merchantA.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 90 })).exceptionRate;
    };
    expect(await rate()).toEqual({ units: 2, pct: 20, ppm: 200000 });

    e.clock.advance(10 * DAY);
    const first = ok(await dispute(w, 'EXCEPTION', exc.id), 201);
    ok(await w.ops.post(`/api/disputes/${first.id}/reject`, { reason: '照片显示条码破损' }));
    expect(await rate()).toEqual({ units: 2, pct: 20, ppm: 200000 });

    const second = ok(await dispute(w, 'EXCEPTION', exc.id), 201);
    const accepted = await w.ops.post(`/api/disputes/${second.id}/accept`, { reason: '仓库扫描枪故障' });
    expect(ok(accepted).status).toBe('ACCEPTED');
    expect(await rate()).toEqual({ units: 0, pct: 0, ppm: 0 });
    const folded = await rollupRows(e);
    await rebuild(e);
    expect(await rollupRows(e)).toEqual(folded);
    expect((await dispute(w, 'EXCEPTION', exc.id)).body.code).toBe('DISPUTE_ALREADY_ACCEPTED');
    expect((await eventsOf(e, exc.id, 'DISPUTE_ACCEPTED'))).toHaveLength(1);

    for (const res of [
      await w.merchantA.get(`/api/disputes/${second.id}`), await w.merchantA.get('/api/disputes', { documentType: 'EXCEPTION' }),
      await w.merchantA.get('/api/notifications'),
    ]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/subtype|BARCODE_DAMAGED/i);
    }
    const payloads = await e.db.handle.db.selectFrom('outbox').select('payload').where('documentId', '=', second.id).execute();
    for (const p of payloads) expect(p.payload).not.toMatch(/subtype|BARCODE_DAMAGED/i);

    // the window is counted from the decision: its last second opens, the next does not
    const other = await registerOn(w, 'BARCODE_DAMAGED', 1);
    const d2 = ok(await w.ops.post(`/api/exceptions/${other.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: other.version }));
    const ends = Date.parse(d2.decidedAt) + 30 * DAY * 1000;
    e.clock.advance((ends - e.clock.now().getTime()) / 1000 + 1);
    expect((await dispute(w, 'EXCEPTION', other.id)).body.code).toBe('DISPUTE_WINDOW_CLOSED');
    void decided;
  });

  it('SLA: flagged overdue once at its due time, not a second before; with auto-accept on, the job accepts it and waives the penalty', async () => {
    const e = env();
    await longSessions(e);
    const w = await seedWorld(e);
    const [p1, p2] = await twoPenalties(e, w);
    const d1 = ok(await dispute(w, 'PENALTY', p1.id), 201);
    expect((await slaJobAt(e, at(d1.dueAt, -1))).disputeSla.done).toBe(0);
    expect(ok(await w.ops.get('/api/disputes', { overdue: 'true' })).items.map((x: any) => x.id)).not.toContain(d1.id);
    expect((await slaJobAt(e, d1.dueAt)).disputeSla.done).toBe(1);
    expect((await slaJobAt(e, at(d1.dueAt, HOUR))).disputeSla.done).toBe(0);
    const flagged = ok(await w.ops.get(`/api/disputes/${d1.id}`));
    expect(flagged).toMatchObject({ status: 'OPEN', version: 1, overdueFlaggedAt: d1.dueAt });
    expect(flagged.events.map((x: any) => x.action)).toEqual(['OPENED', 'DISPUTE_OVERDUE']);
    expect(ok(await w.ops.get('/api/notifications')).items.map((n: any) => n.code)).toContain('dispute.overdue');
    expect(ok(await w.merchantA.get('/api/notifications')).items.map((n: any) => n.code)).not.toContain('dispute.overdue');

    e.clock.advance(HOUR);
    const d2 = ok(await dispute(w, 'PENALTY', p2.id), 201);
    ok(await e.admin.put('/api/settings', { disputeAutoAccept: true }));
    expect((await slaJobAt(e, at(d2.dueAt, -1))).disputeSla.done).toBe(1); // d1, already overdue, is accepted now
    expect(ok(await w.ops.get(`/api/disputes/${d1.id}`))).toMatchObject({ status: 'ACCEPTED', autoDecided: true });
    expect(ok(await w.ops.get(`/api/disputes/${d2.id}`)).status).toBe('OPEN');
    expect((await slaJobAt(e, d2.dueAt)).disputeSla.done).toBe(1);
    const auto = ok(await w.merchantA.get(`/api/disputes/${d2.id}`));
    expect(auto).toMatchObject({ status: 'ACCEPTED', autoDecided: true });
    expect(auto.events.map((x: any) => x.action)).toEqual(['OPENED', 'DISPUTE_OVERDUE', 'ACCEPTED']);
    for (const p of [p1, p2]) expect(ok(await w.merchantA.get(`/api/penalties/${p.id}`)).status).toBe('WAIVED');
    expect(await outboxTypes(e, d2.id)).toEqual(['dispute.opened', 'dispute.overdue', 'dispute.accepted']);
    ok(await e.admin.put('/api/settings', { disputeAutoAccept: false }));
  });
});

const pg = DIALECTS.find((d) => d.name === 'postgres')!;
(pg.enabled ? describe : describe.skip)('disputes races [postgres]', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await startTestApp('postgres'); });
  afterAll(async () => { await env?.app.close(); await env?.db.cleanup(); });
  {
    it(`accept ∥ reject, and accept ∥ the SLA job with auto-accept on: one outcome, one event, no 500 (${ROUNDS} rounds each)`, async () => {
      const e = env;
      await longSessions(e);
      const w = await seedWorld(e);
      const wins = { accept: 0, reject: 0, ops: 0, job: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const [pa, pb] = await twoPenalties(e, w);
        // accept ∥ reject
        const d = ok(await dispute(w, 'PENALTY', pa.id), 201);
        const answers = await Promise.all([
          w.ops.post(`/api/disputes/${d.id}/accept`, { reason: '通过' }), w.ops.post(`/api/disputes/${d.id}/reject`, { reason: '驳回' }),
        ]);
        no500(answers);
        expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([200, 409]);
        const won = answers.find((a) => a.status === 200)!.body.status;
        wins[won === 'ACCEPTED' ? 'accept' : 'reject']++;
        expect((await eventsOf(e, d.id)).filter((x) => x.action === 'ACCEPTED' || x.action === 'REJECTED').map((x) => x.action)).toEqual([won]);
        expect(ok(await w.ops.get(`/api/penalties/${pa.id}`)).status).toBe(won === 'ACCEPTED' ? 'WAIVED' : 'ISSUED');

        // accept ∥ the SLA job
        const d2 = ok(await dispute(w, 'PENALTY', pb.id), 201);
        if (round === 0) ok(await e.admin.put('/api/settings', { disputeAutoAccept: true }));
        const [res, report] = await Promise.all([w.ops.post(`/api/disputes/${d2.id}/accept`, { reason: '通过' }), slaJobAt(e, d2.dueAt)]);
        no500([res]);
        expect(report.disputeSla.failed).toBe(0);
        expect([200, 409]).toContain(res.status);
        // exactly one of the two accepted it: ops (200, the job skipped or found it decided) or the job (ops 409)
        expect(report.disputeSla.done, `round ${round}`).toBe(res.status === 200 ? 0 : 1);
        expect(await eventsOf(e, d2.id, 'ACCEPTED')).toHaveLength(1);
        expect(await eventsOf(e, pb.id, 'WAIVED')).toHaveLength(1);
        const final = ok(await w.ops.get(`/api/disputes/${d2.id}`));
        expect(final.status).toBe('ACCEPTED');
        expect(final.autoDecided, `round ${round}`).toBe(res.status !== 200);
        wins[res.status === 200 ? 'ops' : 'job']++;
      }
      console.info('disputes races: winners', wins);
      ok(await e.admin.put('/api/settings', { disputeAutoAccept: false }));
    }, 180_000);
  }
});
