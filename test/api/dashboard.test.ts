/**
 * 运营看板 GET /api/dashboard: every count matches what the suite created (as the change from a
 * baseline taken first), decisions older than the 7-day window and plan-less orders stay out,
 * and only platform staff may read it.
 */
import { expect, it } from 'vitest';
import { ADMIN_PASSWORD, eachDialect, type TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { registerPrepared, decidePrepared } from '../helpers/scenarios.js';
import { issuePenalty } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR } from '../../src/modules/shared/context.js';

const DAY = 86400;

const register = async (w: World, subtype: string) => (await registerPrepared(w, subtype)).exc;

const decided = async (w: World, subtype: string, plan: string) => (await decidePrepared(w, subtype, plan)).exc;

async function penalty(e: TestEnv, w: World) {
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice: 1000 }],
  }), 201);
  return e.db.handle.db.transaction().execute((tx) => issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: e.clock }, {
    merchantId: w.ids.merchantA, stockingOrderId: order.id, reason: 'JIT_ACCEPT_LATE', amount: 400, currency: 'CNY',
  }));
}

/** b − a for every number in the dashboard (same shape), amounts per currency included. */
function delta(a: any, b: any): any {
  if (typeof b === 'number') return b - (typeof a === 'number' ? a : 0);
  if (Array.isArray(b)) {
    return b.map((x) => ({ currency: x.currency, amount: x.amount - ((a ?? []).find((y: any) => y.currency === x.currency)?.amount ?? 0) }));
  }
  if (b && typeof b === 'object') return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, delta(a?.[k], v)]));
  return b;
}

eachDialect('dashboard', (env) => {
  it('counts what was created: exceptions by status and type, overdue, decided in 7 days by plan, returns, replenishment, money', async () => {
    const e = env();
    const old = await seedWorld(e);
    const before = ok(await old.ops.get('/api/dashboard'));

    // decided eight days ago: a return order waiting for its method, but outside the 7-day window
    await decided(old, 'SURPLUS', 'PROBLEM_GOODS_RETURN');
    // pending, and overdue once the clock has moved past their 48 h decision deadline
    await register(old, 'SURPLUS');
    await register(old, 'BOX_LABEL_MISSING');
    e.clock.advance(8 * DAY);
    // sessions last 12 h: log in again, with users of a second world
    e.admin = await e.login('admin', ADMIN_PASSWORD);
    const w = await seedWorld(e);
    await register(w, 'BLOATED'); // pending, within its deadline

    await decided(w, 'SHORTAGE', 'CONTINUE_DELIVERY'); // replenishment to accept
    const accepted = await decided(w, 'SHORTAGE', 'CONTINUE_DELIVERY');
    ok(await w.merchantA.post(`/api/stocking-orders/${accepted.documents.stockingOrders[0].id}/accept`, {})); // accepted, not shipped
    await decided(w, 'QUALITY_ALL', 'ALL_RETURN');
    await decided(w, 'TRANSPORT_DAMAGE', 'TERMINATE_DELIVERY'); // compensation 3 × 12.50, pending
    const paid = await decided(w, 'TRANSPORT_DAMAGE', 'TERMINATE_DELIVERY');
    ok(await w.ops.post(`/api/compensations/${paid.documents.compensations[0].id}/pay`, { reference: 'PAY-1' }));
    const mistaken = await register(w, 'DAMAGED_DIRTY');
    ok(await w.ops.post(`/api/exceptions/${mistaken.id}/cancel`, { reason: '误登记' }));
    // an order ops placed (no source exception) waiting for acceptance is not a replenishment
    ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'FIRST', lines: [{ skuId: w.ids.skusA[0], qty: 1, unitPrice: 100 }],
    }), 201);
    await penalty(e, w); // issued
    const waived = await penalty(e, w);
    ok(await w.ops.post(`/api/penalties/${waived.id}/waive`, { reason: '系统故障' }));

    const after = ok(await w.ops.get('/api/dashboard'));
    expect(after.asOf).toBe(e.clock.now().toISOString());
    expect(after.exceptions.decided).toMatchObject({ days: 7, since: new Date(e.clock.now().getTime() - 7 * DAY * 1000).toISOString() });
    const d = delta(before, after);
    expect(d.exceptions.byStatus).toEqual({ PENDING: 3, PROCESSING: 4, COMPLETED: 2, CANCELLED: 1 });
    expect(d.exceptions.pendingByType).toEqual({ LOGISTICS: 0, PACKAGE: 1, GOODS: 2, QUALITY: 0, RECEIVED_PACKAGE: 0 });
    expect(d.exceptions.overduePending).toBe(2);
    expect(d.exceptions.decided.total).toBe(5);
    expect(Object.fromEntries(Object.entries(d.exceptions.decided.byPlan).filter(([, n]) => n !== 0)))
      .toEqual({ CONTINUE_DELIVERY: 2, ALL_RETURN: 1, TERMINATE_DELIVERY: 2 });
    expect(Object.keys(after.exceptions.decided.byPlan)).toContain('PROBLEM_GOODS_RETURN');
    expect(d.returnOrders.byStatus).toMatchObject({ PENDING_METHOD: 2, AWAITING_SHIPMENT: 0, SIGNED: 0, DISPOSED: 0 });
    expect(Object.values(d.returnOrders.byStatus).reduce((a: number, b) => a + (b as number), 0)).toBe(2);
    expect(d.replenishment).toEqual({ awaitingMerchant: 2, byStatus: { PENDING_ACCEPT: 1, ACCEPTED: 1 } });
    expect(d.compensations.pending).toEqual({ count: 1, amounts: [{ currency: 'CNY', amount: 3 * 1250 }] });
    expect(d.penalties.issued).toEqual({ count: 1, amounts: [{ currency: 'CNY', amount: 400 }] });

    // the filtered lists the cards link to agree with the counts
    expect(ok(await w.ops.get('/api/exceptions', { status: 'PENDING', overdue: 'true' })).items).toHaveLength(after.exceptions.overduePending);
    expect(ok(await w.ops.get('/api/stocking-orders', { fromPlan: 'true', status: 'PENDING_ACCEPT,ACCEPTED' })).items).toHaveLength(after.replenishment.awaitingMerchant);
    expect(ok(await w.ops.get('/api/compensations', { status: 'PENDING' })).items).toHaveLength(after.compensations.pending.count);
    expect(ok(await w.ops.get('/api/penalties', { status: 'ISSUED' })).items).toHaveLength(after.penalties.issued.count);
    // and ADMIN reads the same
    expect(ok(await e.admin.get('/api/dashboard'))).toEqual(after);
  });

  it('is for platform staff: merchant and warehouse users get 403, anonymous 401', async () => {
    const w = await seedWorld(env());
    for (const who of [w.merchantA, w.whA]) {
      const res = await who.get('/api/dashboard');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await env().anon.get('/api/dashboard')).status).toBe(401);
  });
});
