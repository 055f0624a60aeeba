/**
 * Issue 14, fees (扣费): the plan preview's fees are the fees the decision creates; no photo → no
 * fee while the setting requires one; the coaching level prices the unit; waive once (409 after);
 * merchants see their own fees and never a subtype; a FEE dispute accepted waives the fee, rejected
 * leaves it; on PostgreSQL, ops' waive ∥ a dispute's accept on one fee (≥ 20 rounds): one outcome,
 * one WAIVED event, no 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDialect, startTestApp, type Res, type TestEnv } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { registerOn } from '../helpers/deadlines.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

const ROUNDS = 20;
let photoSeq = 0;

/** The warehouse's photo on the exception (a row as the upload leaves it; the image itself plays no part in fees). */
async function photoOn(e: TestEnv, w: World, exceptionId: string) {
  const id = `pho_${String(Date.now()).padStart(14, '0')}${String(++photoSeq).padStart(8, '0')}`.slice(0, 26);
  await e.db.handle.db.insertInto('photos').values({
    id, warehouseId: w.ids.warehouseA, uploadedBy: 'test', exceptionId, contentType: 'image/jpeg', size: 1, fileName: 'a.jpg',
    createdAt: new Date().toISOString(), disputeId: null,
  } as never).execute();
}

/** The merchant's coaching level for an exception type (as the coaching job leaves it). */
async function setLevel(e: TestEnv, merchantId: string, exceptionType: string, level: string) {
  const at = new Date().toISOString();
  await e.db.handle.db.insertInto('coachingLevels').values({
    merchantId, exceptionType, level, aboveDays: 0, belowDays: 0, evaluatedThrough: at.slice(0, 10), daysEvaluated: 0, levelSince: at, updatedAt: at,
  } as never).onConflict((oc) => oc.columns(['merchantId', 'exceptionType'] as never).doUpdateSet({ level } as never)).execute();
}

/** A BARCODE_DAMAGED exception of `qty` units (a GOODS exception) with a photo unless told otherwise. */
async function goodsException(e: TestEnv, w: World, qty: number, photo = true) {
  const exc = await registerOn(w, 'BARCODE_DAMAGED', qty);
  if (photo) await photoOn(e, w, exc.id);
  return exc;
}

const preview = async (w: World, exc: { id: string }, plan: string) => ok(await w.ops.get(`/api/exceptions/${exc.id}/preview`, { plan }));
const decide = async (w: World, exc: { id: string; version: number }, plan: string) =>
  ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan, version: exc.version }));
const feesOf = async (w: World, exceptionId: string) => ok(await w.ops.get('/api/fees', { exceptionId })).items;
const pick = (f: any) => ({ service: f.service, plan: f.plan, coachingLevel: f.coachingLevel, units: f.units, unitAmount: f.unitAmount, amount: f.amount, currency: f.currency });
const no500 = (answers: Res[]) => { for (const a of answers) expect(a.status, a.text).toBeLessThan(500); };
const eventsOf = (e: TestEnv, documentId: string, action: string) =>
  e.db.handle.db.selectFrom('events').select('action').where('documentId', '=', documentId).where('action', '=', action).execute();

/** A charged fee of merchant A: a 2-unit relabelling. */
async function chargedFee(e: TestEnv, w: World) {
  const exc = await goodsException(e, w, 2);
  await decide(w, exc, 'IN_WAREHOUSE_RECEIVE');
  const [fee] = await feesOf(w, exc.id);
  return { exc, fee };
}

eachDialect('fees', (env) => {
  it('the preview\'s fees are the fees the decision creates, in its transaction (event, notification); no fee for a plan without a rule', async () => {
    const e = env();
    const w = await seedWorld(e);
    const exc = await goodsException(e, w, 3);
    const quoted = await preview(w, exc, 'IN_WAREHOUSE_RECEIVE');
    expect(quoted.feesSkipped).toBeNull();
    expect(quoted.fees.map(pick)).toEqual([{ service: 'RELABEL', plan: 'IN_WAREHOUSE_RECEIVE', coachingLevel: 'STANDARD', units: 3, unitAmount: 150, amount: 450, currency: 'CNY' }]);
    expect(quoted.fees[0].label).toEqual({ 'zh-CN': '贴标费', 'en-US': 'Relabelling' });
    await decide(w, exc, 'IN_WAREHOUSE_RECEIVE');
    const created = await feesOf(w, exc.id);
    expect(created.map(pick)).toEqual(quoted.fees.map(pick));
    const fee = created[0];
    expect(fee).toMatchObject({ status: 'CHARGED', version: 1, subtype: 'BARCODE_DAMAGED', merchantId: w.ids.merchantA, exception: { id: exc.id, no: exc.no, type: 'GOODS' } });
    expect(fee.no).toMatch(/^FE\d{14}$/);
    const detail = ok(await w.ops.get(`/api/fees/${fee.id}`));
    expect(detail.events.map((x: any) => x.action)).toEqual(['CHARGED']);
    const outbox = await e.db.handle.db.selectFrom('outbox').select(['type', 'payload']).where('documentId', '=', fee.id).execute();
    expect(outbox.map((o) => o.type)).toEqual(['fee.charged']);
    expect(outbox[0].payload).not.toMatch(/subtype|BARCODE_DAMAGED/i);
    expect(ok(await w.merchantA.get('/api/notifications')).items.map((n: any) => n.code)).toContain('fee.charged');

    // the other plan of the subtype has its own rule (return freight); a subtype without rules charges nothing
    const other = await goodsException(e, w, 2);
    expect((await preview(w, other, 'PROBLEM_GOODS_RETURN')).fees.map(pick)).toEqual([
      { service: 'RETURN_FREIGHT', plan: 'PROBLEM_GOODS_RETURN', coachingLevel: 'STANDARD', units: 2, unitAmount: 200, amount: 400, currency: 'CNY' },
    ]);
    const shortage = await registerOn(w, 'SHORTAGE', 2);
    await photoOn(e, w, shortage.id);
    expect((await preview(w, shortage, 'CONTINUE_DELIVERY')).fees).toEqual([]);
    await decide(w, shortage, 'CONTINUE_DELIVERY');
    expect(await feesOf(w, shortage.id)).toEqual([]);
  });

  it('no photo → no fee while feesRequirePhoto is on (the default); off, the fee is charged', async () => {
    const e = env();
    const w = await seedWorld(e);
    expect(ok(await w.ops.get('/api/settings')).feesRequirePhoto).toBe(true);
    const bare = await goodsException(e, w, 2, false);
    const quoted = await preview(w, bare, 'IN_WAREHOUSE_RECEIVE');
    expect(quoted).toMatchObject({ fees: [], feesSkipped: 'NO_PHOTO' });
    await decide(w, bare, 'IN_WAREHOUSE_RECEIVE');
    expect(await feesOf(w, bare.id)).toEqual([]);

    ok(await w.ops.put('/api/settings', { feesRequirePhoto: false }));
    try {
      const second = await goodsException(e, w, 2, false);
      const q2 = await preview(w, second, 'IN_WAREHOUSE_RECEIVE');
      expect(q2.feesSkipped).toBeNull();
      await decide(w, second, 'IN_WAREHOUSE_RECEIVE');
      expect((await feesOf(w, second.id)).map(pick)).toEqual(q2.fees.map(pick));
      expect(q2.fees.map((f: any) => f.amount)).toEqual([300]);
    } finally {
      ok(await w.ops.put('/api/settings', { feesRequirePhoto: true }));
    }
  });

  it('the coaching level of the exception\'s type at the decision prices the unit; the rules are settings (validated)', async () => {
    const e = env();
    const w = await seedWorld(e);
    await setLevel(e, w.ids.merchantA, 'GOODS', 'ELEVATED');
    const exc = await goodsException(e, w, 4);
    const quoted = await preview(w, exc, 'IN_WAREHOUSE_RECEIVE');
    expect(quoted.fees.map(pick)).toEqual([{ service: 'RELABEL', plan: 'IN_WAREHOUSE_RECEIVE', coachingLevel: 'ELEVATED', units: 4, unitAmount: 300, amount: 1200, currency: 'CNY' }]);
    // another type's level does not count
    await setLevel(e, w.ids.merchantA, 'PACKAGE', 'CRITICAL');
    await setLevel(e, w.ids.merchantA, 'GOODS', 'CRITICAL');
    const settings = ok(await w.ops.get('/api/settings'));
    const rules = settings.fees.rules.map((r: any) => (r.subtype === 'BARCODE_DAMAGED' && r.plan === 'IN_WAREHOUSE_RECEIVE'
      ? { ...r, unitAmount: { STANDARD: 100, ELEVATED: 250, CRITICAL: 500 } } : r));
    ok(await w.ops.put('/api/settings', { fees: { ...settings.fees, rules } }));
    try {
      await decide(w, exc, 'IN_WAREHOUSE_RECEIVE');
      // the decision prices at its own moment: level and rules as they are now
      expect((await feesOf(w, exc.id)).map(pick)).toEqual([{ ...pick(quoted.fees[0]), coachingLevel: 'CRITICAL', unitAmount: 500, amount: 2000 }]);
      const bad = await w.ops.put('/api/settings', { fees: { ...settings.fees, rules: [{ ...rules[0], plan: 'ALL_RETURN' }] } });
      expect(bad.status).toBe(400);
      expect((await w.ops.put('/api/settings', { fees: { ...settings.fees, rules: [rules[0], rules[0]] } })).status).toBe(400);
    } finally {
      ok(await w.ops.put('/api/settings', { fees: settings.defaults.fees }));
    }
  });

  it('waive → WAIVED with its event and notification; a second waive 409 and no change; merchants: own fees only, no subtype; export', async () => {
    const e = env();
    const w = await seedWorld(e);
    const { exc, fee } = await chargedFee(e, w);
    expect((await w.merchantA.post(`/api/fees/${fee.id}/waive`, { reason: 'x' })).status).toBe(403);
    expect((await w.ops.post(`/api/fees/${fee.id}/waive`, {})).status).toBe(400);
    const waived = ok(await w.ops.post(`/api/fees/${fee.id}/waive`, { reason: '仓库误贴', version: 1 }, { idempotencyKey: `waive-${fee.id}` }));
    expect(waived).toMatchObject({ status: 'WAIVED', version: 2, waiveReason: '仓库误贴' });
    expect(waived.waivedAt).toBeTruthy();
    // the same key answers the same, a new waive is refused
    expect(ok(await w.ops.post(`/api/fees/${fee.id}/waive`, { reason: '仓库误贴', version: 1 }, { idempotencyKey: `waive-${fee.id}` }))).toEqual(waived);
    const again = await w.ops.post(`/api/fees/${fee.id}/waive`, { reason: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    expect(ok(await w.ops.get(`/api/fees/${fee.id}`))).toMatchObject({ status: 'WAIVED', version: 2, waiveReason: '仓库误贴' });
    expect(await eventsOf(e, fee.id, 'WAIVED')).toHaveLength(1);
    expect(ok(await w.merchantA.get('/api/notifications')).items.map((n: any) => n.code)).toContain('fee.waived');

    // scope: B sees none of A's; A sees its own; filters
    expect((await w.merchantB.get(`/api/fees/${fee.id}`)).status).toBe(404);
    expect(ok(await w.merchantB.get('/api/fees')).items).toEqual([]);
    expect(ok(await w.merchantB.get('/api/fees', { merchantId: w.ids.merchantA })).items).toEqual([]);
    e.clock.advance(60); // the second is charged a minute later (the from filter below)
    const second = await chargedFee(e, w);
    const mine = ok(await w.merchantA.get('/api/fees')).items.map((f: any) => f.id);
    expect(mine).toEqual([second.fee.id, fee.id]);
    expect(ok(await w.merchantA.get('/api/fees', { status: 'CHARGED' })).items.map((f: any) => f.id)).toEqual([second.fee.id]);
    expect(ok(await w.ops.get('/api/fees', { merchantId: w.ids.merchantA, status: 'WAIVED' })).items.map((f: any) => f.id)).toEqual([fee.id]);
    const from = new Date(Date.parse(second.fee.createdAt) - 1000).toISOString();
    expect(ok(await w.merchantA.get('/api/fees', { from })).items.map((f: any) => f.id)).toEqual([second.fee.id]);
    expect(ok(await w.merchantA.get('/api/fees', { limit: 1 })).nextCursor).toBeTruthy();
    for (const res of [
      await w.merchantA.get('/api/fees'), await w.merchantA.get(`/api/fees/${fee.id}`), await w.merchantA.get('/api/notifications'),
      await w.merchantA.get('/api/fees/export', { format: 'csv' }), await w.merchantA.get(`/api/exceptions/${exc.id}`),
    ]) {
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toMatch(/subtype|BARCODE_DAMAGED/i);
    }
    const csv = (await w.merchantA.get('/api/fees/export', { format: 'csv', lang: 'zh-CN' })).text;
    expect(csv).toContain(fee.no);
    expect(csv).toContain('贴标费');
    expect(csv).not.toContain(`${w.ids.merchantB}`);
    const xlsx = await w.ops.get('/api/fees/export', { format: 'xlsx' });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('a FEE dispute: accepted, the fee is WAIVED (its own event and notification); rejected, it stays CHARGED; a waived fee is not disputable', async () => {
    const e = env();
    const w = await seedWorld(e);
    const a = await chargedFee(e, w);
    const b = await chargedFee(e, w);
    expect((await w.merchantB.post('/api/disputes', { documentType: 'FEE', documentId: a.fee.id, text: 'x' })).status).toBe(404);
    const d1 = ok(await w.merchantA.post('/api/disputes', { documentType: 'FEE', documentId: a.fee.id, text: '条码是仓库贴错的' }), 201);
    expect(d1.document).toEqual({ type: 'FEE', id: a.fee.id, no: a.exc.no });
    ok(await w.ops.post(`/api/disputes/${d1.id}/accept`, { reason: '核实' }));
    expect(ok(await w.merchantA.get(`/api/fees/${a.fee.id}`))).toMatchObject({ status: 'WAIVED' });
    expect(await eventsOf(e, a.fee.id, 'WAIVED')).toHaveLength(1);
    expect((await w.merchantA.post('/api/disputes', { documentType: 'FEE', documentId: a.fee.id, text: 'x' })).body.code).toBe('FEE_SETTLED');

    const d2 = ok(await w.merchantA.post('/api/disputes', { documentType: 'FEE', documentId: b.fee.id, text: '不认可' }), 201);
    const before = ok(await w.merchantA.get(`/api/fees/${b.fee.id}`));
    ok(await w.ops.post(`/api/disputes/${d2.id}/reject`, { reason: '照片清楚' }));
    expect(ok(await w.merchantA.get(`/api/fees/${b.fee.id}`))).toEqual(before);
    expect(before.status).toBe('CHARGED');
  });
});

const pg = DIALECTS.find((d) => d.name === 'postgres')!;
(pg.enabled ? describe : describe.skip)('fees races [postgres]', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await startTestApp('postgres'); });
  afterAll(async () => { await env?.app.close(); await env?.db.cleanup(); });

  it(`ops' waive ∥ a dispute's accept on one fee: one WAIVED, no 500 (${ROUNDS} rounds)`, async () => {
    const e = env;
    const w = await seedWorld(e);
    const wins = { ops: 0, dispute: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { fee } = await chargedFee(e, w);
      const d = ok(await w.merchantA.post('/api/disputes', { documentType: 'FEE', documentId: fee.id, text: '申诉' }), 201);
      const [waive, accept] = await Promise.all([
        w.ops.post(`/api/fees/${fee.id}/waive`, { reason: '豁免' }), w.ops.post(`/api/disputes/${d.id}/accept`, { reason: '通过' }),
      ]);
      no500([waive, accept]);
      // the dispute is accepted either way; the fee is waived once, by whichever came first
      expect(accept.status, `round ${round}: ${accept.text}`).toBe(200);
      expect([200, 409]).toContain(waive.status);
      const final = ok(await w.ops.get(`/api/fees/${fee.id}`));
      expect(final).toMatchObject({ status: 'WAIVED', version: 2 });
      expect(await eventsOf(e, fee.id, 'WAIVED')).toHaveLength(1);
      const changed = (await e.db.handle.db.selectFrom('events').select('data').where('documentId', '=', d.id).where('action', '=', 'ACCEPTED').executeTakeFirstOrThrow()).data;
      expect(JSON.parse(changed).documentChanged, `round ${round}`).toBe(waive.status !== 200);
      expect(final.waiveReason).toBe(waive.status === 200 ? '豁免' : `申诉 ${d.no} 已通过 / dispute ${d.no} accepted`);
      wins[waive.status === 200 ? 'ops' : 'dispute']++;
    }
    console.info('fees races: winners', wins);
  }, 180_000);
});
