/**
 * Two commands sent at the same moment, many rounds, on both databases (PostgreSQL is the one with
 * real parallel transactions; SQLite runs them one after the other). Each test names the rule that
 * looks at other rows and then acts, and checks it holds every round with no 500 (issue 9).
 */
import { expect, it } from 'vitest';
import { PLAN_EFFECTS, SUBTYPES, taskCategoryOf, type Plan, type Subtype } from '../../src/domain/catalog.js';
import { jitAcceptJob } from '../../src/jobs/jit-accept.js';
import { returnMethodJob } from '../../src/jobs/return-method.js';
import { eachDialect, type Client, type Res, type TestEnv } from '../helpers/app.js';
import { DAY, fixedClock, at } from '../helpers/deadlines.js';
import { PREPARE } from '../helpers/scenarios.js';
import { expectLedgersSound, ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

const ROUNDS = 21;

/** Every (subtype, plan) whose plan makes both a return order and a replenishment order (退货且补送). */
const BOTH_TASKS = SUBTYPES.flatMap((s) => Object.entries(PLAN_EFFECTS[s.code as Subtype])
  .filter(([, effects]) => taskCategoryOf(effects!) === 'RETURN_AND_RESEND')
  .map(([plan]) => ({ subtype: s.code as Subtype, plan: plan as Plan })));

type Ending = 'SIGNED' | 'PICKED_UP' | 'DISPOSED';
const ENDINGS: Ending[] = ['SIGNED', 'PICKED_UP', 'DISPOSED'];

const no500 = (answers: Res[]) => {
  for (const a of answers) expect(a.status, a.text).toBeLessThan(500);
};

const eventsOf = async (e: TestEnv, documentId: string, action?: string) => {
  let q = e.db.handle.db.selectFrom('events').select(['id', 'action', 'fromStatus', 'toStatus']).where('documentId', '=', documentId);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('id').execute();
};

/** The return order brought to the step before its last, and that last step as a request. */
async function returnUpToLastStep(w: World, returnId: string, ending: Ending): Promise<() => Promise<Res>> {
  if (ending === 'SIGNED') {
    const address = ok(await w.merchantA.post('/api/addresses', { name: '张三', phone: '13800000000', region: '广东省 深圳市', detail: '科技园路 1 号' }), 201);
    ok(await w.merchantA.post(`/api/return-orders/${returnId}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id }));
    ok(await w.whA.post(`/api/return-orders/${returnId}/ship`, { carrier: '顺丰', trackingNo: 'SF0001' }));
    return () => w.merchantA.post(`/api/return-orders/${returnId}/sign`, {});
  }
  if (ending === 'PICKED_UP') {
    ok(await w.merchantA.post(`/api/return-orders/${returnId}/method`, { method: 'MERCHANT_PICKUP', pickupAt: new Date(Date.now() + 2 * 86400e3).toISOString() }));
    return () => w.whA.post(`/api/return-orders/${returnId}/picked-up`, {});
  }
  ok(await w.merchantA.post(`/api/return-orders/${returnId}/method`, { method: 'ABANDON' }));
  return () => w.whA.post(`/api/return-orders/${returnId}/dispose`, {});
}

/** The replenishment accepted and its note created, and 确认送货 (which ships the order) as a request. */
async function replenishmentUpToShipping(w: World, orderId: string): Promise<() => Promise<Res>> {
  const order = ok(await w.merchantA.post(`/api/stocking-orders/${orderId}/accept`, {}));
  const note = ok(await w.merchantA.post('/api/delivery-notes', {
    stockingOrderId: orderId, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
    boxes: [{ lines: order.lines.map((l: any) => ({ skuId: l.skuId, qty: l.qty })) }],
  }), 201);
  return () => w.merchantA.post(`/api/delivery-notes/${note.id}/confirm`, {});
}

eachDialect('races', (env) => {
  it('the catalog has plans that make both tasks', () => {
    expect(BOTH_TASKS.map((x) => `${x.subtype}/${x.plan}`)).toEqual([
      'BLOATED/PROBLEM_GOODS_REPAIR', 'DAMAGED_DIRTY/PROBLEM_GOODS_REPAIR', 'QUALITY_PARTIAL/DEFECTIVE_REPAIR', 'QUALITY_ALL/ALL_REPAIR',
    ]);
  });

  for (const { subtype, plan } of BOTH_TASKS) {
    it(`${subtype}/${plan}: the return finished ∥ the replenishment shipped → COMPLETED with one COMPLETED event, every round, all three endings`, async () => {
      const e = env();
      const w = await seedWorld(e);
      for (let round = 0; round < ROUNDS; round++) {
        const ending = ENDINGS[round % ENDINGS.length];
        const { note, body } = await PREPARE[subtype](w);
        const registered = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype, ...body }), 201);
        const exc = ok(await w.ops.post(`/api/exceptions/${registered.id}/decide`, { plan, version: registered.version }));
        expect(exc.status).toBe('PROCESSING');
        const finishReturn = await returnUpToLastStep(w, exc.documents.returnOrders[0].id, ending);
        const shipReplenishment = await replenishmentUpToShipping(w, exc.documents.stockingOrders[0].id);
        const answers = await Promise.all([finishReturn(), shipReplenishment()]);
        no500(answers);
        expect(answers.map((a) => a.status), `round ${round} (${ending})`).toEqual([200, 200]);
        const after = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
        expect(after.status, `round ${round} (${ending})`).toBe('COMPLETED');
        expect(await eventsOf(e, exc.id, 'COMPLETED'), `round ${round} (${ending})`).toHaveLength(1);
      }
    });
  }

  it('decide ∥ cancel of one pending exception: exactly one wins, the other answers 409, units and counts stay exact', async () => {
    const e = env();
    const w = await seedWorld(e);
    for (let round = 0; round < ROUNDS; round++) {
      const { note, body } = await PREPARE.BLOATED(w);
      const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BLOATED', ...body }), 201);
      const answers = await Promise.all([
        w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_REPAIR', version: exc.version }),
        w.whA.post(`/api/exceptions/${exc.id}/cancel`, { reason: '误登记' }),
      ]);
      no500(answers);
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([200, 409]);
      const after = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
      expect(after.status).toBe(answers[0].status === 200 ? 'PROCESSING' : 'CANCELLED');
      const docs = after.documents.returnOrders.length;
      expect(docs).toBe(answers[0].status === 200 ? 1 : 0);
      const line = ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).lines.find((l: any) => l.skuId === w.ids.skusA[1]);
      expect(line.onHold, `round ${round}`).toBe(0);
      expect(line.returned, `round ${round}`).toBe(answers[0].status === 200 ? 2 : 0);
    }
    await expectLedgersSound(e);
    await expectCountsExact(e, w.ops);
  });

  it('two receipts on one line at once: both are booked, one after the other', async () => {
    const e = env();
    const w = await seedWorld(e);
    const sku = w.ids.skusA[0];
    for (let round = 0; round < ROUNDS; round++) {
      const { note } = await orderAndShip(w);
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
      const answers = await Promise.all([1, 2].map(() => w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: sku, qty: 1 }] })));
      no500(answers);
      expect(answers.map((a) => a.status), `round ${round}`).toEqual([200, 200]);
      const line = ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).lines.find((l: any) => l.skuId === sku);
      expect(line.received, `round ${round}`).toBe(2);
      expect(await eventsOf(e, note.id, 'RECEIPT')).toHaveLength(2);
    }
    await expectLedgersSound(e);
  });

  it('method entry ∥ the return-method deadline job: the merchant\'s method or the default, never both', async () => {
    const e = env();
    const w = await seedWorld(e);
    const jc = { db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(at(e.clock.now().toISOString(), 8 * DAY)), dataDir: e.db.dataDir };
    for (let round = 0; round < ROUNDS; round++) {
      const { note, body } = await PREPARE.SURPLUS(w);
      const registered = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', ...body }), 201);
      const exc = ok(await w.ops.post(`/api/exceptions/${registered.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: registered.version }));
      const returnId = exc.documents.returnOrders[0].id;
      // no default address: the default is to abandon, after which a pickup can no longer be entered
      const [entry, job] = await Promise.all([
        w.merchantA.post(`/api/return-orders/${returnId}/method`, { method: 'MERCHANT_PICKUP', pickupAt: new Date(Date.now() + 2 * 86400e3).toISOString() }),
        returnMethodJob.run(jc),
      ]);
      no500([entry]);
      expect(job.failed, `round ${round}`).toBe(0);
      const ro = ok(await w.merchantA.get(`/api/return-orders/${returnId}`));
      const acts = ro.events.map((x: any) => x.action).filter((a: string) => a === 'METHOD_ENTERED' || a === 'METHOD_DEFAULTED');
      if (entry.status === 200) {
        expect(acts, `round ${round}`).toEqual(['METHOD_ENTERED']);
        expect(ro.status).toBe('AWAITING_PICKUP');
      } else {
        expect(entry.status, `round ${round}: ${entry.text}`).toBe(409);
        expect(acts, `round ${round}`).toEqual(['METHOD_DEFAULTED']);
        expect(ro.status).toBe('AWAITING_DISPOSAL');
      }
    }
  });

  it('JIT accept ∥ the JIT acceptance deadline job: at most one penalty, issued only while the order was unaccepted', async () => {
    const e = env();
    const w = await seedWorld(e);
    const jc = { db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(at(e.clock.now().toISOString(), 2 * DAY)), dataDir: e.db.dataDir };
    let penalised = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const order = ok(await w.ops.post('/api/stocking-orders', {
        merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 5, unitPrice: 1000 }],
      }), 201);
      const [accepted, job] = await Promise.all([w.merchantA.post(`/api/stocking-orders/${order.id}/accept`, {}), jitAcceptJob.run(jc)]);
      no500([accepted]);
      expect(accepted.status, accepted.text).toBe(200);
      expect(job.failed, `round ${round}`).toBe(0);
      const penalties = ok(await w.ops.get(`/api/penalties?stockingOrderId=${order.id}`)).items;
      expect(penalties.length, `round ${round}`).toBeLessThanOrEqual(1);
      const events = (await eventsOf(e, order.id)).map((x) => x.action);
      if (penalties.length) {
        penalised++;
        // the job held the order first: its penalty is in the history before the acceptance
        expect(events.indexOf('PENALTY_ISSUED'), `round ${round}: ${events}`).toBeLessThan(events.indexOf('ACCEPTED'));
      } else {
        expect(events, `round ${round}`).not.toContain('PENALTY_ISSUED');
      }
      // once accepted, a later pass finds nothing more to do
      expect((await jitAcceptJob.run(jc)).done).toBe(0);
    }
    console.info(`${e.dialect}: the deadline job won ${penalised} of ${ROUNDS} rounds`);
  });
});

/** The counters equal a GROUP BY of the exceptions ops can see. */
async function expectCountsExact(e: TestEnv, ops: Client) {
  const rows = await e.db.handle.db.selectFrom('exceptions').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const truth = Object.fromEntries(['PENDING', 'PROCESSING', 'COMPLETED', 'CANCELLED'].map((s) => [s, Number(rows.find((r) => r.status === s)?.n ?? 0)]));
  expect(ok(await ops.get('/api/exceptions/counts'))).toEqual(truth);
}
