import { expect, it } from 'vitest';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { issuePenalty, type PenaltyReason } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR } from '../../src/modules/shared/context.js';

/** A JIT order and the penalty the deadline job would issue for it. */
async function penaltyFor(e: TestEnv, w: World, reason: PenaltyReason = 'JIT_ACCEPT_LATE') {
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT',
    lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice: 1000 }],
  }), 201);
  const issue = () => e.db.handle.db.transaction().execute((tx) => issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: e.clock }, {
    merchantId: w.ids.merchantA, stockingOrderId: order.id, reason, amount: 400, currency: 'CNY',
  }));
  return { order, issue };
}

eachDialect('penalties', (env) => {
  it('are issued once per order and reason, even when two instances race', async () => {
    const w = await seedWorld(env());
    const { order, issue } = await penaltyFor(env(), w);
    const [a, b] = await Promise.all([issue(), issue()]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.id).toBe(b.id);
    const third = await issue();
    expect(third).toMatchObject({ id: a.id, created: false, status: 'ISSUED' });
    const page = ok(await w.ops.get('/api/penalties', { stockingOrderId: order.id }));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      status: 'ISSUED', reason: 'JIT_ACCEPT_LATE', amount: 400, currency: 'CNY', version: 1,
      stockingOrder: { id: order.id, no: order.no, type: 'JIT_REPEAT' },
    });
    const detail = ok(await w.merchantA.get(`/api/penalties/${a.id}`));
    expect(detail.events.map((e: any) => e.action)).toEqual(['ISSUED']);
  });

  it('ops waive with a reason or confirm; both are final', async () => {
    const w = await seedWorld(env());
    const accept = await (await penaltyFor(env(), w, 'JIT_ACCEPT_LATE')).issue();
    const ship = await (await penaltyFor(env(), w, 'JIT_SHIP_LATE')).issue();
    const noReason = await w.ops.post(`/api/penalties/${accept.id}/waive`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: any) => e.field)).toContain('reason');
    const waived = ok(await w.ops.post(`/api/penalties/${accept.id}/waive`, { reason: '系统故障', version: 1 }));
    expect(waived).toMatchObject({ status: 'WAIVED', waiveReason: '系统故障', version: 2 });
    expect(waived.waivedAt).toBeTruthy();
    expect((await w.ops.post(`/api/penalties/${accept.id}/confirm`)).body.code).toBe('ILLEGAL_TRANSITION');
    const confirmed = ok(await w.ops.post(`/api/penalties/${ship.id}/confirm`));
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', version: 2, waivedAt: null });
    expect((await w.ops.post(`/api/penalties/${ship.id}/waive`, { reason: 'late' })).status).toBe(409);
    expect(ok(await w.merchantA.get('/api/penalties', { status: 'WAIVED' })).items.map((p: any) => p.id)).toEqual([accept.id]);
    expect(ok(await w.merchantA.get('/api/penalties', { reason: 'JIT_SHIP_LATE' })).items.map((p: any) => p.id)).toEqual([ship.id]);
  });

  it('are scoped: merchant own, ops and admin all, warehouse 403, another merchant 404; only ops act', async () => {
    const w = await seedWorld(env());
    const p = await (await penaltyFor(env(), w)).issue();
    expect(ok(await w.merchantA.get('/api/penalties')).items.map((x: any) => x.id)).toEqual([p.id]);
    expect(ok(await w.merchantB.get('/api/penalties')).items).toEqual([]);
    expect(ok(await env().admin.get(`/api/penalties/${p.id}`)).id).toBe(p.id);
    expect((await w.merchantB.get(`/api/penalties/${p.id}`)).status).toBe(404);
    expect((await w.whA.get('/api/penalties')).status).toBe(403);
    expect((await w.whA.get(`/api/penalties/${p.id}`)).status).toBe(403);
    for (const c of [w.merchantA, w.whA, env().admin]) {
      expect((await c.post(`/api/penalties/${p.id}/waive`, { reason: 'x' })).status).toBe(403);
      expect((await c.post(`/api/penalties/${p.id}/confirm`)).status).toBe(403);
    }
    expect((await w.ops.post('/api/penalties/pen_nope/confirm')).status).toBe(404);
    expect((await w.ops.get('/api/penalties', { reason: 'LATE' })).status).toBe(400);
  });

  it('stale versions answer 409 and write nothing; an Idempotency-Key replays', async () => {
    const w = await seedWorld(env());
    const p = await (await penaltyFor(env(), w)).issue();
    const stale = await w.ops.post(`/api/penalties/${p.id}/waive`, { reason: 'x', version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await w.ops.post(`/api/penalties/${p.id}/confirm`, { version: 1, note: 'x' })).status).toBe(400);
    expect(ok(await w.ops.get(`/api/penalties/${p.id}`))).toMatchObject({ status: 'ISSUED', version: 1 });
    const first = await w.ops.post(`/api/penalties/${p.id}/confirm`, { version: 1 }, { idempotencyKey: 'pen-confirm' });
    const replay = await w.ops.post(`/api/penalties/${p.id}/confirm`, { version: 1 }, { idempotencyKey: 'pen-confirm' });
    expect(first.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
