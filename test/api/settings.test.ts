/** Settings (SPEC §6): read and changed by ADMIN/OPS, validated, and honoured by every use case. */
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld } from '../helpers/world.js';
import { at, HOUR, jobsAt, registerOn, shipArrivingAt } from '../helpers/deadlines.js';
import { expectProblem } from './fixtures/problems.js';

eachDialect('settings', (env) => {
  // every test leaves the defaults behind it
  afterEach(async () => {
    ok(await env().admin.put('/api/settings', { ...DEFAULT_SETTINGS }));
  });

  it('ADMIN and OPS read the defaults: every duration in seconds, the penalty rule and the matrix', async () => {
    const w = await seedWorld(env());
    for (const c of [env().admin, w.ops]) {
      const s = ok(await c.get('/api/settings'));
      expect(s).toMatchObject({
        transportGraceSeconds: 72 * HOUR, decisionSlaSeconds: 48 * HOUR, returnMethodSeconds: 7 * 24 * HOUR,
        jitAcceptSeconds: 24 * HOUR, jitShipSeconds: 48 * HOUR, returnDefaultMethod: 'PLATFORM_LOGISTICS_OR_ABANDON',
        penaltyRule: { mode: 'PERCENT', percent: 5 },
      });
      expect(s.orderTypeMatrix.AUTO_ORDER_RECEIVE).toEqual(['FIRST', 'REPEAT', 'JIT_REPEAT']);
    }
    for (const c of [w.merchantA, w.whA]) {
      expect((await c.get('/api/settings')).status).toBe(403);
      expect((await c.put('/api/settings', { jitAcceptSeconds: 3600 })).status).toBe(403);
    }
  });

  it('a change keeps the other keys, is recorded, and new deadlines use it', async () => {
    const e = env();
    const w = await seedWorld(e);
    const s = ok(await w.ops.put('/api/settings', { jitAcceptSeconds: 3600, decisionSlaSeconds: 7200, penaltyRule: { mode: 'FIXED', amount: 800, currency: 'CNY' } }));
    expect(s).toMatchObject({ jitAcceptSeconds: 3600, decisionSlaSeconds: 7200, jitShipSeconds: 48 * HOUR, penaltyRule: { mode: 'FIXED', amount: 800 } });
    expect(s.updatedBy).toMatch(/^ops-/);
    expect(ok(await e.admin.get('/api/settings')).jitAcceptSeconds).toBe(3600);

    const order = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 1, unitPrice: 100 }],
    }), 201);
    expect(order.acceptBy).toBe(at(order.createdAt, 3600));
    await jobsAt(e, order.acceptBy);
    expect(ok(await w.ops.get('/api/penalties', { stockingOrderId: order.id })).items.map((p: any) => p.amount)).toEqual([800]);

    const exc = await registerOn(w, 'SURPLUS', 1);
    expect(exc.decisionDueAt).toBe(at(exc.createdAt, 7200));

    ok(await w.ops.put('/api/settings', { transportGraceSeconds: HOUR, returnDefaultMethod: 'ABANDON', returnMethodSeconds: 600 }));
    const eta = at(e.clock.now().toISOString(), 60);
    const { note } = await shipArrivingAt(w, eta);
    await jobsAt(e, at(eta, HOUR - 1));
    expect(ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id })).items).toEqual([]);
    await jobsAt(e, at(eta, HOUR));
    expect(ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id })).items).toHaveLength(1);

    // the merchant has a default address, but the configured default is to abandon
    ok(await w.merchantA.post('/api/addresses', { name: '王五', phone: '13700000000', region: '上海市', detail: '1 号', isDefault: true }), 201);
    const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }));
    const ro = ok(await w.merchantA.get(`/api/return-orders/${decided.documents.returnOrders[0].id}`));
    expect(ro.methodDueAt).toBe(at(ro.createdAt, 600));
    await jobsAt(e, ro.methodDueAt);
    expect(ok(await w.merchantA.get(`/api/return-orders/${ro.id}`))).toMatchObject({ status: 'AWAITING_DISPOSAL', method: 'ABANDON' });
  });

  it('bad values answer 4xx naming the field, and nothing changes', async () => {
    const w = await seedWorld(env());
    const before = ok(await w.ops.get('/api/settings'));
    const cases: [unknown, string][] = [
      [{ jitAcceptSeconds: 0 }, 'jitAcceptSeconds'],
      [{ jitAcceptSeconds: -5 }, 'jitAcceptSeconds'],
      [{ decisionSlaSeconds: 3600.5 }, 'decisionSlaSeconds'],
      [{ transportGraceSeconds: '72h' }, 'transportGraceSeconds'],
      [{ returnMethodSeconds: 10 ** 12 }, 'returnMethodSeconds'],
      [{ jitShipSeconds: 3600, nope: 1 }, 'nope'],
      [{ returnDefaultMethod: 'BURN' }, 'returnDefaultMethod'],
      [{ penaltyRule: { mode: 'PERCENT', percent: 0 } }, 'penaltyRule.percent'],
      [{ penaltyRule: { mode: 'PERCENT', percent: 101 } }, 'penaltyRule.percent'],
      [{ penaltyRule: { mode: 'PERCENT', percent: 1.234 } }, 'penaltyRule.percent'],
      [{ penaltyRule: { mode: 'FIXED', amount: 100, currency: 'cny' } }, 'penaltyRule.currency'],
      [{ penaltyRule: { mode: 'FIXED', amount: -1, currency: 'CNY' } }, 'penaltyRule.amount'],
      [{ penaltyRule: { mode: 'FIXED', amount: 1, currency: 'CNY', percent: 3 } }, 'penaltyRule.percent'],
      [{ penaltyRule: { mode: 'FINE' } }, 'penaltyRule.mode'],
      [{ orderTypeMatrix: { NOT_A_PLAN: ['FIRST'] } }, 'orderTypeMatrix.NOT_A_PLAN'],
      [{ orderTypeMatrix: { ALL_RETURN: ['FIRST', 'FIRST'] } }, 'orderTypeMatrix.ALL_RETURN'],
      [{ orderTypeMatrix: { ALL_RETURN: ['SECOND'] } }, 'orderTypeMatrix.ALL_RETURN[0]'],
    ];
    for (const [body, field] of cases) {
      expectProblem(await w.ops.put('/api/settings', body), 400, 'VALIDATION_FAILED', field);
    }
    // a matrix that leaves QUALITY_ALL on FIRST orders without any plan could never be decided
    const none = await w.ops.put('/api/settings', { orderTypeMatrix: { ALL_RETURN: ['REPEAT'], ALL_REPAIR: ['REPEAT', 'JIT_REPEAT'] } });
    expectProblem(none, 422, 'MATRIX_LEAVES_NO_PLAN');
    expect(none.body.errors[0].field).toBe('orderTypeMatrix.ALL_RETURN');
    expect(none.body.detail).toContain('FIRST');
    const after = ok(await w.ops.get('/api/settings'));
    expect(after).toEqual(before);
  });

  it('the plan × order-type matrix is honoured by registration, preview, decide and the catalog', async () => {
    const w = await seedWorld(env());
    ok(await w.ops.put('/api/settings', { orderTypeMatrix: { TERMINATE_DELIVERY: ['FIRST', 'JIT_REPEAT'] } }));
    const exc = await registerOn(w, 'SHORTAGE', 2);
    expect(exc.allowedPlans).toEqual(['CONTINUE_DELIVERY']);
    expect(ok(await w.ops.get(`/api/exceptions/${exc.id}`)).allowedPlans).toEqual(['CONTINUE_DELIVERY']);
    expectProblem(await w.ops.get(`/api/exceptions/${exc.id}/preview`, { plan: 'TERMINATE_DELIVERY' }), 422, 'PLAN_NOT_ALLOWED');
    const refused = await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'TERMINATE_DELIVERY', version: exc.version });
    expectProblem(refused, 422, 'PLAN_NOT_ALLOWED');
    const cat = ok(await w.merchantA.get('/api/catalog'));
    expect(cat.plans.find((p: any) => p.code === 'TERMINATE_DELIVERY').orderTypes).toEqual(['FIRST', 'JIT_REPEAT']);
    // on an order type the matrix allows, the plan decides
    const first = await registerOn(w, 'SHORTAGE', 2, { type: 'FIRST' });
    expect(first.allowedPlans).toEqual(['CONTINUE_DELIVERY', 'TERMINATE_DELIVERY']);
    ok(await w.ops.post(`/api/exceptions/${first.id}/decide`, { plan: 'TERMINATE_DELIVERY', version: first.version }));
  });
});
