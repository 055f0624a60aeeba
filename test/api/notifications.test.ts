/**
 * The transactional outbox and the in-app inbox (issue 4): events are written in the transaction
 * of the change (a failed command leaves none), fanned out to the merchant's users and to ops with
 * zh-CN and en-US titles, read, counted and marked per user; no event or notification ever carries
 * an exception subtype (SPEC §2).
 */
import { expect, it } from 'vitest';
import { PLAN_LABELS, SUBTYPE_CODES } from '../../src/domain/catalog.js';
import { applyDefaultMethod } from '../../src/modules/return-orders/service.js';
import { issuePenalty } from '../../src/modules/penalties/service.js';
import { emit } from '../../src/modules/notifications/outbox.js';
import { command } from '../../src/modules/shared/command.js';
import { runBeforeCommit } from '../../src/db/before-commit.js';
import { SYSTEM_ACTOR, type Clock, type Ctx } from '../../src/modules/shared/context.js';
import { eachDialect, type Client, type TestEnv } from '../helpers/app.js';
import { registerPrepared } from '../helpers/scenarios.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { expectProblem } from './fixtures/problems.js';

const HIDDEN = SUBTYPE_CODES.filter((c) => c !== 'RECEIVED_PACKAGE');
const count = async (c: Client) => ok(await c.get('/api/notifications/unread-count')).count as number;
const titles = async (c: Client, query: Record<string, unknown> = {}) =>
  ok(await c.get('/api/notifications', { limit: 100, ...query })).items.map((n: any) => n.title['zh-CN']) as string[];
const rowsOf = async (e: TestEnv, table: 'outbox' | 'notifications' | 'webhookDeliveries') =>
  Number((await e.db.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const systemCtx = (e: TestEnv, clock: Clock = e.clock): Ctx => ({ db: e.db.handle.db, actor: SYSTEM_ACTOR, clock, dataDir: e.db.dataDir });

const register = async (w: World, subtype: string) => (await registerPrepared(w, subtype)).exc;

eachDialect('notifications', (env) => {
  it("tell the merchant's users and ops what happened, in zh-CN and en-US, each in its own inbox", async () => {
    const e = env();
    const w = await seedWorld(e);
    const [a0, b0, ops0, wh0] = await Promise.all([count(w.merchantA), count(w.merchantB), count(w.ops), count(w.whA)]);

    const order = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 2, unitPrice: 500 }],
    }), 201);
    expect(await count(w.merchantA)).toBe(a0 + 1);
    const [first] = ok(await w.merchantA.get('/api/notifications', { limit: 1 })).items;
    expect(first).toMatchObject({
      code: 'stocking_order.created', read: false, readAt: null,
      title: { 'zh-CN': `新的JIT备货订单 ${order.no} 待接单`, 'en-US': `New JIT stocking order ${order.no} awaits acceptance` },
      document: { type: 'stockingOrder', id: order.id, no: order.no },
    });

    const exc = await register(w, 'SURPLUS');
    expect(await titles(w.ops)).toContain(`新的异常单 ${exc.no} 待处理: 商品异常`);
    expect(await titles(w.merchantA)).toContain(`异常单 ${exc.no} 已登记: 商品异常`);
    const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }));
    const ro = decided.documents.returnOrders[0];
    const mine = ok(await w.merchantA.get('/api/notifications', { limit: 100 })).items;
    expect(mine.map((n: any) => n.title['zh-CN'])).toEqual(expect.arrayContaining([`异常单 ${exc.no} 已处理: 问题品退货`, `新的退货单 ${ro.no} 待录入退货方式`]));
    expect(mine.find((n: any) => n.code === 'exception.decided').title['en-US']).toBe(`Exception ${exc.no} decided: ${PLAN_LABELS.PROBLEM_GOODS_RETURN['en-US']}`);
    expect(mine.find((n: any) => n.code === 'return_order.created')).toMatchObject({ document: { type: 'returnOrder', id: ro.id, no: ro.no } });

    // B, the warehouse and nobody else heard of A's documents
    expect(await count(w.merchantB)).toBe(b0);
    expect(await count(w.whA)).toBe(wh0);
    expect(await count(w.ops)).toBe(ops0 + 1); // one exception registered
  });

  it('unread filter, pagination, mark one read (own only), read-all, and the counts follow', async () => {
    const e = env();
    const w = await seedWorld(e);
    for (let i = 0; i < 5; i++) {
      ok(await w.ops.post('/api/stocking-orders', {
        merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'FIRST', lines: [{ skuId: w.ids.skusA[1], qty: 1 + i, unitPrice: 100 }],
      }), 201);
    }
    expect(await count(w.merchantA)).toBe(5);
    const page1 = ok(await w.merchantA.get('/api/notifications', { limit: 2 }));
    expect(page1.items).toHaveLength(2);
    const page2 = ok(await w.merchantA.get('/api/notifications', { limit: 2, cursor: page1.nextCursor }));
    const page3 = ok(await w.merchantA.get('/api/notifications', { limit: 2, cursor: page2.nextCursor }));
    expect(page3).toMatchObject({ nextCursor: null });
    expect(new Set([...page1.items, ...page2.items, ...page3.items].map((n: any) => n.id)).size).toBe(5);

    const target = page1.items[0];
    expectProblem(await w.merchantB.post(`/api/notifications/${target.id}/read`, {}), 404, 'NOT_FOUND');
    expectProblem(await w.ops.post(`/api/notifications/${target.id}/read`), 404, 'NOT_FOUND');
    const read = ok(await w.merchantA.post(`/api/notifications/${target.id}/read`, {}));
    expect(read).toMatchObject({ id: target.id, read: true });
    expect(ok(await w.merchantA.post(`/api/notifications/${target.id}/read`)).readAt).toBe(read.readAt); // idempotent
    expect(await count(w.merchantA)).toBe(4);
    expect(ok(await w.merchantA.get('/api/notifications', { unread: true, limit: 100 })).items.map((n: any) => n.id)).not.toContain(target.id);
    expect(ok(await w.merchantA.get('/api/notifications', { unread: false })).items.map((n: any) => n.id)).toEqual([target.id]);
    expectProblem(await w.merchantA.get('/api/notifications', { unread: 'yes' }), 400, 'VALIDATION_FAILED', 'querystring.unread');
    expectProblem(await w.merchantA.post('/api/notifications/read-all', { all: true }), 400, 'VALIDATION_FAILED');

    expect(ok(await w.merchantA.post('/api/notifications/read-all', {}))).toEqual({ updated: 4 });
    expect(await count(w.merchantA)).toBe(0);
    expect(ok(await w.merchantA.post('/api/notifications/read-all'))).toEqual({ updated: 0 });
    expectProblem(await e.anon.get('/api/notifications/unread-count'), 401, 'UNAUTHENTICATED');
  });

  it('are written in the transaction of the change: a failed command leaves no outbox row, notification or delivery', async () => {
    const e = env();
    const w = await seedWorld(e);
    ok(await w.merchantA.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars', events: ['exception.decided', 'stocking_order.created'] }), 201);
    const exc = await register(w, 'SURPLUS');
    const before = await Promise.all([rowsOf(e, 'outbox'), rowsOf(e, 'notifications'), rowsOf(e, 'webhookDeliveries')]);

    // refused before anything is written, and refused after other writes of the same command
    expectProblem(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'CONTINUE_DELIVERY', version: exc.version }), 422, 'PLAN_NOT_ALLOWED');
    expectProblem(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'AUTO_ORDER_RECEIVE', version: exc.version + 1 }), 409, 'VERSION_CONFLICT');
    expectProblem(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'FIRST', lines: [{ skuId: w.ids.skusB[0], qty: 1, unitPrice: 1 }],
    }), 422);
    // emit wrote its rows (they go out just before the commit: written here by hand), then the command failed: all of it rolls back
    await expect(command(systemCtx(e), async (tx) => {
      await emit(tx, systemCtx(e), { type: 'exception.decided', merchantId: w.ids.merchantA, documentType: 'exception', documentId: exc.id });
      await runBeforeCommit(tx);
      expect(Number((await tx.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before[0] + 1);
      throw new Error('boom after emit');
    })).rejects.toThrow('boom after emit');
    expect(await Promise.all([rowsOf(e, 'outbox'), rowsOf(e, 'notifications'), rowsOf(e, 'webhookDeliveries')])).toEqual(before);

    ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'AUTO_ORDER_RECEIVE', version: exc.version }));
    const types = (await e.db.handle.db.selectFrom('outbox').select('type').where('documentId', '=', exc.id).orderBy('id').execute()).map((r) => r.type);
    expect(types).toEqual(['exception.registered', 'exception.decided', 'exception.completed']);
  });

  it('deadline events: a defaulted return method and a penalty tell the merchant; waiving tells it too', async () => {
    const e = env();
    const w = await seedWorld(e);
    const exc = await register(w, 'BARCODE_WRONG');
    const ro = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version })).documents.returnOrders[0];
    const later = { now: () => new Date(e.clock.now().getTime() + 8 * 86400e3) };
    expect(await applyDefaultMethod(systemCtx(e, later), ro.id)).toMatchObject({ status: 'AWAITING_DISPOSAL', method: 'ABANDON' });
    expect(await titles(w.merchantA)).toContain(`退货单 ${ro.no} 未按时录入退货方式,已按默认处理: 弃货`);

    const order = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice: 1000 }],
    }), 201);
    const issue = () => e.db.handle.db.transaction().execute((tx) => issuePenalty(tx, systemCtx(e), {
      merchantId: w.ids.merchantA, stockingOrderId: order.id, reason: 'JIT_ACCEPT_LATE', amount: 400, currency: 'CNY',
    }));
    const p = await issue();
    await issue(); // the second firing issues nothing and announces nothing
    const penaltyNotes = ok(await w.merchantA.get('/api/notifications', { limit: 100 })).items.filter((n: any) => n.document.id === p.id);
    expect(penaltyNotes.map((n: any) => n.title['zh-CN'])).toEqual([`处罚单 ${p.no} 已开具: JIT订单超时接单,金额 CNY 4.00`]);
    ok(await w.ops.post(`/api/penalties/${p.id}/waive`, { reason: '系统故障' }));
    expect(await titles(w.merchantA)).toContain(`处罚单 ${p.no} 已豁免`);
  });

  it('each payload carries its document as the merchant sees it, with the numbers of the documents it links to', async () => {
    const e = env();
    const w = await seedWorld(e);
    const payloads = async (documentId: string) => (await e.db.handle.db.selectFrom('outbox').select(['type', 'payload'])
      .where('documentId', '=', documentId).orderBy('id').execute()).map((r) => ({ event: r.type, ...JSON.parse(r.payload).document }));

    const surplus = await register(w, 'SURPLUS');
    const decided = ok(await w.ops.post(`/api/exceptions/${surplus.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: surplus.version }));
    const ro = decided.documents.returnOrders[0];
    const order = { id: surplus.stockingOrderId, no: expect.stringMatching(/\S/) };
    const [registered, decidedEvent] = await payloads(surplus.id);
    expect(registered).toMatchObject({ event: 'exception.registered', id: surplus.id, no: surplus.no, status: 'PENDING',
      deliveryNote: { id: surplus.deliveryNoteId, no: surplus.deliveryNoteNo }, stockingOrder: order,
      links: { stockingOrders: [], deliveryNotes: [], returnOrders: [], compensations: [] } });
    expect(decidedEvent).toMatchObject({ event: 'exception.decided', status: 'PROCESSING', plan: 'PROBLEM_GOODS_RETURN',
      links: { stockingOrders: [], deliveryNotes: [], returnOrders: [{ id: ro.id, no: ro.no, status: ro.status }], compensations: [] } });
    expect((await payloads(ro.id))[0]).toMatchObject({ event: 'return_order.created', id: ro.id, no: ro.no, totalQty: surplus.totalQty,
      sourceException: { id: surplus.id, no: surplus.no }, deliveryNote: { id: surplus.deliveryNoteId, no: surplus.deliveryNoteNo } });

    const shortage = await register(w, 'TRANSPORT_DAMAGE'); // replenishment and compensation
    const docs = ok(await w.ops.post(`/api/exceptions/${shortage.id}/decide`, { plan: 'CONTINUE_DELIVERY', version: shortage.version })).documents;
    const [replenishment] = docs.stockingOrders;
    const [compensation] = docs.compensations;
    const shortageDecided = (await payloads(shortage.id)).find((p) => p.event === 'exception.decided');
    expect(shortageDecided.links).toMatchObject({ stockingOrders: [{ id: replenishment.id, no: replenishment.no }], compensations: [{ id: compensation.id, no: compensation.no }] });
    expect((await payloads(replenishment.id))[0]).toMatchObject({ event: 'stocking_order.created', id: replenishment.id, sourceException: { id: shortage.id, no: shortage.no } });
    expect((await payloads(compensation.id))[0]).toMatchObject({ id: compensation.id, no: compensation.no, sourceException: { id: shortage.id, no: shortage.no } });

    const jit = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 1, unitPrice: 100 }],
    }), 201);
    expect((await payloads(jit.id))[0]).toMatchObject({ event: 'stocking_order.created', id: jit.id, no: jit.no, sourceException: null });
    const penalty = await e.db.handle.db.transaction().execute((tx) => issuePenalty(tx, systemCtx(e), {
      merchantId: w.ids.merchantA, stockingOrderId: jit.id, reason: 'JIT_ACCEPT_LATE', amount: 100, currency: 'CNY',
    }));
    expect((await payloads(penalty.id))[0]).toMatchObject({ id: penalty.id, no: penalty.no, stockingOrder: { id: jit.id, no: jit.no } });
  });

  it('no event payload or notification carries an exception subtype', async () => {
    const e = env();
    const w = await seedWorld(e);
    for (const [subtype, plan] of [['WRONG_GOODS', 'AUTO_ORDER_RECEIVE'], ['TRANSPORT_DAMAGE', 'CONTINUE_DELIVERY'], ['QUALITY_PARTIAL', 'DEFECTIVE_REPAIR']]) {
      const exc = await register(w, subtype);
      ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan, version: exc.version }));
    }
    const payloads = await e.db.handle.db.selectFrom('outbox').select(['type', 'payload']).where('merchantId', '=', w.ids.merchantA).execute();
    expect(new Set(payloads.map((p) => p.type))).toContain('compensation.created');
    const inbox = JSON.stringify([
      ok(await w.merchantA.get('/api/notifications', { limit: 100 })), ok(await w.ops.get('/api/notifications', { limit: 100 })),
    ]);
    for (const text of [...payloads.map((p) => p.payload), inbox]) {
      expect(text).not.toMatch(/subtype/i);
      for (const code of HIDDEN) expect(text, code).not.toContain(code);
    }
  });
});
