/**
 * Acceptance (issue 4): each deadline fires at its moment — not a second before — and once, however
 * often the scheduler runs. The jobs run at a chosen "now"; everything is read back through the API.
 */
import { expect, it } from 'vitest';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { acceptStockingOrder } from '../../src/modules/stocking-orders/service.js';
import type { Actor } from '../../src/modules/shared/context.js';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { actions, at, DAY, DEADLINE_JOBS, fixedClock, HOUR, jobsAt, registerOn, shipArrivingAt } from '../helpers/deadlines.js';

const count = (list: string[], x: string) => list.filter((a) => a === x).length;

async function jitOrder(w: World, unitPrice = 2500) {
  return ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT',
    lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice }],
  }), 201);
}

const penaltiesOf = async (c: World['ops'], orderId: string) => ok(await c.get('/api/penalties', { stockingOrderId: orderId })).items;

async function merchantActor(e: TestEnv, w: World): Promise<Actor> {
  const u = await e.db.handle.db.selectFrom('users').selectAll().where('merchantId', '=', w.ids.merchantA).executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, role: 'MERCHANT', merchantId: u.merchantId, warehouseId: null };
}

eachDialect('deadlines', (env) => {
  it('transport timeout: expected arrival + 72 h, by logistics, system-registered, once per note', async () => {
    const e = env();
    const w = await seedWorld(e);
    const eta = at(e.clock.now().toISOString(), HOUR);
    const platform = (await shipArrivingAt(w, eta)).note;
    const self = (await shipArrivingAt(w, eta, { logistics: 'SELF' })).note;
    const due = at(eta, 72 * HOUR);
    const excs = async (noteId: string) => ok(await w.ops.get('/api/exceptions', { deliveryNoteId: noteId })).items;

    await jobsAt(e, at(due, -1));
    expect(await excs(platform.id)).toEqual([]);
    expect(await excs(self.id)).toEqual([]);

    const report = await jobsAt(e, due);
    expect(report.transportTimeout.done).toBeGreaterThanOrEqual(2);
    await jobsAt(e, at(due, HOUR));
    const [p] = await excs(platform.id);
    const [s] = await excs(self.id);
    expect(await excs(platform.id)).toHaveLength(1);
    expect(p).toMatchObject({ subtype: 'PLATFORM_TRANSPORT_TIMEOUT', type: 'LOGISTICS', stage: 'TRANSIT', status: 'PENDING', registeredBy: 'system', createdAt: due });
    expect(s).toMatchObject({ subtype: 'SELF_TRANSPORT_TIMEOUT', status: 'PENDING', registeredBy: 'system' });
    expect(p.decisionDueAt).toBe(at(due, 48 * HOUR));
    const detail = ok(await w.ops.get(`/api/exceptions/${p.id}`));
    expect(detail.events[0]).toMatchObject({ action: 'REGISTERED', actor: { name: 'system', role: 'SYSTEM' } });
    expect(detail.remark).toContain('72');

    // the merchant sees it as a logistics exception, never its subtype
    const seen = await w.merchantA.get(`/api/exceptions/${p.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toMatch(/subtype|TRANSPORT_TIMEOUT/i);

    // cancelled as registered in error: the note is not timed out a second time
    ok(await w.ops.post(`/api/exceptions/${p.id}/cancel`, { reason: '车辆已到园区' }));
    await jobsAt(e, at(due, 2 * HOUR));
    expect((await excs(platform.id)).map((x: any) => x.status)).toEqual(['CANCELLED']);
  });

  it('decision SLA: flagged overdue once at decision_due_at; ops can still decide', async () => {
    const e = env();
    const w = await seedWorld(e);
    const exc = await registerOn(w, 'SURPLUS', 2);
    expect(exc.decisionDueAt).toBe(at(exc.createdAt, 48 * HOUR));

    await jobsAt(e, at(exc.decisionDueAt, -1));
    let d = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
    expect(d.overdueFlaggedAt).toBeNull();
    expect(actions(d)).not.toContain('DECISION_OVERDUE');

    await jobsAt(e, exc.decisionDueAt);
    await jobsAt(e, at(exc.decisionDueAt, DAY));
    d = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
    expect(d).toMatchObject({ status: 'PENDING', overdueFlaggedAt: exc.decisionDueAt, version: exc.version });
    expect(count(actions(d), 'DECISION_OVERDUE')).toBe(1);
    expect(d.events.find((x: any) => x.action === 'DECISION_OVERDUE')).toMatchObject({ actor: { role: 'SYSTEM' }, data: { decisionDueAt: exc.decisionDueAt } });
    // the platform's own deadline is not the merchant's business
    expect(actions(ok(await w.merchantA.get(`/api/exceptions/${exc.id}`)))).not.toContain('DECISION_OVERDUE');
    // flagging is not a change under ops' feet: the version they hold still decides
    ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'AUTO_ORDER_RECEIVE', version: exc.version }));
  });

  it('return method: the default applies once at method_due_at — platform logistics to the default address, else abandon', async () => {
    const e = env();
    const w = await seedWorld(e);
    const returnOf = async () => {
      const exc = await registerOn(w, 'SURPLUS', 2);
      const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }));
      return ok(await w.merchantA.get(`/api/return-orders/${decided.documents.returnOrders[0].id}`));
    };
    const get = async (id: string) => ok(await w.merchantA.get(`/api/return-orders/${id}`));

    const bare = await returnOf();
    expect(bare.methodDueAt).toBe(at(bare.createdAt, 7 * DAY));
    await jobsAt(e, at(bare.methodDueAt, -1));
    expect((await get(bare.id)).status).toBe('PENDING_METHOD');
    await jobsAt(e, bare.methodDueAt);
    await jobsAt(e, at(bare.methodDueAt, HOUR));
    const abandoned = await get(bare.id);
    expect(abandoned).toMatchObject({ status: 'AWAITING_DISPOSAL', method: 'ABANDON', version: bare.version + 1 });
    expect(count(actions(abandoned), 'METHOD_DEFAULTED')).toBe(1);

    const address = ok(await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900000000', region: '浙江省 杭州市', detail: '文一西路 1 号', isDefault: true }), 201);
    const withAddress = await returnOf();
    await jobsAt(e, withAddress.methodDueAt);
    await jobsAt(e, withAddress.methodDueAt);
    const shipped = await get(withAddress.id);
    expect(shipped).toMatchObject({ status: 'AWAITING_SHIPMENT', method: 'PLATFORM_LOGISTICS', addressId: address.id, address: { name: '李四' } });
    expect(count(actions(shipped), 'METHOD_DEFAULTED')).toBe(1);
    expect(shipped.events.find((x: any) => x.action === 'METHOD_DEFAULTED').actor.role).toBe('SYSTEM');
  });

  it('JIT acceptance: a penalty (5 % of the order by default) once at accept_by, visible to the merchant, waivable', async () => {
    const e = env();
    const w = await seedWorld(e);
    const late = await jitOrder(w);
    const onTime = await jitOrder(w);
    const cancelled = await jitOrder(w);
    expect(late.acceptBy).toBe(at(late.createdAt, DAY));
    ok(await w.merchantA.post(`/api/stocking-orders/${onTime.id}/accept`, {}));
    ok(await w.ops.post(`/api/stocking-orders/${cancelled.id}/cancel`, { reason: '需求取消' }));

    await jobsAt(e, at(late.acceptBy, -1));
    expect(await penaltiesOf(w.ops, late.id)).toEqual([]);
    await jobsAt(e, late.acceptBy);
    await jobsAt(e, at(late.acceptBy, HOUR));
    const [p, ...more] = await penaltiesOf(w.merchantA, late.id);
    expect(more).toEqual([]);
    expect(p).toMatchObject({ reason: 'JIT_ACCEPT_LATE', status: 'ISSUED', amount: 500, currency: 'CNY', merchantId: w.ids.merchantA });
    expect(ok(await w.merchantB.get('/api/penalties')).items).toEqual([]);
    const order = ok(await w.merchantA.get(`/api/stocking-orders/${late.id}`));
    expect(count(actions(order), 'PENALTY_ISSUED')).toBe(1);

    // far later: orders accepted in time, or cancelled before their deadline, never get one
    await jobsAt(e, at(late.acceptBy, 30 * DAY));
    expect(await penaltiesOf(w.ops, onTime.id)).toEqual(expect.not.arrayContaining([expect.objectContaining({ reason: 'JIT_ACCEPT_LATE' })]));
    expect(await penaltiesOf(w.ops, cancelled.id)).toEqual([]);

    ok(await w.ops.post(`/api/penalties/${p.id}/waive`, { reason: '系统故障' }));
    await jobsAt(e, at(late.acceptBy, 31 * DAY));
    expect((await penaltiesOf(w.ops, late.id)).map((x: any) => x.status)).toEqual(['WAIVED']);
  });

  it('JIT shipment: a penalty once at ship_by (acceptance + 48 h); shipped in time never', async () => {
    const e = env();
    const w = await seedWorld(e);
    const late = ok(await w.merchantA.post(`/api/stocking-orders/${(await jitOrder(w)).id}/accept`, {}));
    expect(late.shipBy).toBe(at(late.acceptedAt, 48 * HOUR));
    const shipped = (await shipArrivingAt(w, at(e.clock.now().toISOString(), DAY), { type: 'JIT_REPEAT' })).order;

    await jobsAt(e, at(late.shipBy, -1));
    expect(await penaltiesOf(w.ops, late.id)).toEqual([]);
    await jobsAt(e, late.shipBy);
    await jobsAt(e, late.shipBy);
    expect((await penaltiesOf(w.merchantA, late.id)).map((x: any) => [x.reason, x.amount])).toEqual([['JIT_SHIP_LATE', 500]]);
    await jobsAt(e, at(late.shipBy, 30 * DAY));
    expect(await penaltiesOf(w.ops, shipped.id)).toEqual([]);
  });

  it('JIT acceptance made after the deadline but before the job ran still costs the penalty, once', async () => {
    const e = env();
    const w = await seedWorld(e);
    const order = await jitOrder(w, 1000);
    const acceptedAt = at(order.acceptBy, 60);
    const accepted = await acceptStockingOrder(
      { db: e.db.handle.db, actor: await merchantActor(e, w), clock: fixedClock(acceptedAt), dataDir: e.db.dataDir }, order.id, {});
    expect(accepted).toMatchObject({ status: 'ACCEPTED', acceptedAt, shipBy: at(acceptedAt, 48 * HOUR) });
    await jobsAt(e, at(acceptedAt, 60));
    await jobsAt(e, at(acceptedAt, 120));
    expect((await penaltiesOf(w.ops, order.id)).map((x: any) => [x.reason, x.amount])).toEqual([['JIT_ACCEPT_LATE', 200]]);
  });

  it('the server\'s scheduler runs the passes on its interval and stops cleanly', async () => {
    const e = env();
    const w = await seedWorld(e);
    const order = await jitOrder(w);
    const logs: string[] = [];
    const scheduler = startScheduler({
      db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(at(order.acceptBy, 1)), dataDir: e.db.dataDir, log: (m) => logs.push(m),
    }, 20, DEADLINE_JOBS); // in its future the session cleanup would end the sessions this test reads with
    const until = Date.now() + 10_000;
    while (!(await penaltiesOf(w.ops, order.id)).length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // a few more passes: still one
    await scheduler.stop();
    expect((await penaltiesOf(w.ops, order.id)).map((p: any) => p.reason)).toEqual(['JIT_ACCEPT_LATE']);
    expect(logs).toContain('deadline jobs ran');
    expect(logs.filter((m) => m.includes('failed'))).toEqual([]);
  });
});
