/**
 * Issue 13, rollups: after random sequences of operations (warehouse steps, exceptions registered,
 * decided and cancelled, merchant tasks, the clock moving across days, the fold run at random
 * moments), the incrementally folded rollups equal a rebuild from the documents; and two folds
 * racing on PostgreSQL fold every event exactly once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDialect, startTestApp, type Client, type Res, type TestEnv } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { fold, rebuild, rollupRows } from '../helpers/performance.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';
import { rollupsJob } from '../../src/jobs/rollups.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { MEASURES } from '../../src/domain/performance/facts.js';
import { PERFORMANCE_MEASURES } from '../../src/db/migrations/2026_12_04_0010_performance.js';

it('the migration has a column for every measure (it may not import the domain, so it lists them again)', () => {
  expect(PERFORMANCE_MEASURES).toEqual(MEASURES.map((m) => m.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
});

const SUBTYPES = ['SURPLUS', 'WRONG_GOODS', 'SHORTAGE', 'DAMAGED_DIRTY', 'QUALITY_PARTIAL', 'QUALITY_ALL', 'BOX_LABEL_MISSING', 'TRANSPORT_DAMAGE'] as const;
const sku = fc.nat(1);
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('receipt' as const), sku, qty: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('qc' as const), sku, passed: fc.integer({ min: 1, max: 4 }), failed: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('putaway' as const), sku, qty: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('register' as const), subtype: fc.constantFrom(...SUBTYPES), sku, qty: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), plan: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('merchantTasks' as const), method: fc.constantFrom('ABANDON', 'MERCHANT_PICKUP') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fold' as const) }) },
  // issue 14: a decided exception disputed, the dispute accepted (out of the rates) or rejected
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispute' as const), pick: fc.nat(), accept: fc.boolean() }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
const ACCEPTED_DISPUTE: Op[] = [
  { kind: 'receipt', sku: 0, qty: 6 }, { kind: 'register', subtype: 'DAMAGED_DIRTY', sku: 0, qty: 1 },
  { kind: 'decide', pick: 0, plan: 0 }, { kind: 'fold' }, { kind: 'dispute', pick: 0, accept: true }, { kind: 'clock', hours: 1 },
];
type Pending = { id: string; version: number; plans: string[] };
/** Exceptions decided in this run, which the merchant may dispute. */
const decided: string[] = [];

/** Sessions that outlive the clock's moves (a session ends 12 h after login by default). */
export async function longSessions(e: TestEnv) {
  ok(await e.admin.put('/api/settings', { sessionIdleSeconds: 366 * 86400, sessionAbsoluteSeconds: 366 * 86400 }));
}

const none: Res = { status: 204, body: null, headers: {}, text: '' };

/** The merchant enters a method on its open return orders and accepts its replenishment orders. */
async function merchantTasks(w: World, m: Client, method: string, clockIso: string): Promise<Res> {
  const returns = ok(await m.get('/api/return-orders', { status: 'PENDING_METHOD' })).items;
  for (const r of returns) {
    const body = method === 'ABANDON' ? { method } : { method, pickupAt: new Date(Date.parse(clockIso) + 86400e3).toISOString() };
    await m.post(`/api/return-orders/${r.id}/method`, body);
  }
  const orders = ok(await m.get('/api/stocking-orders', { status: 'PENDING_ACCEPT' })).items;
  for (const o of orders) await m.post(`/api/stocking-orders/${o.id}/accept`, {});
  void w;
  return none;
}

async function apply(e: TestEnv, w: World, noteId: string, o: Op, pending: Pending[]): Promise<Res> {
  const skuId = 'sku' in o ? w.ids.skusA[o.sku] : '';
  switch (o.kind) {
    case 'receipt': return w.whA.post(`/api/delivery-notes/${noteId}/receipts`, { lines: [{ skuId, qty: o.qty }] });
    case 'qc': return w.whA.post(`/api/delivery-notes/${noteId}/qc`, { lines: [{ skuId, passed: o.passed, failed: o.failed }] });
    case 'putaway': return w.whA.post(`/api/delivery-notes/${noteId}/putaway`, { lines: [{ skuId, qty: o.qty }] });
    case 'register': {
      const body = ['QUALITY_ALL', 'BOX_LABEL_MISSING'].includes(o.subtype) ? {} : { lines: [{ skuId, qty: o.qty }] };
      const res = await w.whA.post('/api/exceptions', { deliveryNoteId: noteId, subtype: o.subtype, ...body });
      if (res.status === 201 && res.body.status === 'PENDING') pending.push({ id: res.body.id, version: res.body.version, plans: res.body.allowedPlans });
      return res;
    }
    case 'decide': {
      const exc = pending.length ? pending.splice(o.pick % pending.length, 1)[0] : undefined;
      if (!exc) return none;
      const res = await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: exc.plans[o.plan % exc.plans.length], version: exc.version });
      if (res.status === 200) decided.push(exc.id);
      return res;
    }
    case 'dispute': {
      const id = decided.length ? decided.splice(o.pick % decided.length, 1)[0] : undefined;
      if (!id) return none;
      const d = await w.merchantA.post('/api/disputes', { documentType: 'EXCEPTION', documentId: id, text: '非我方责任' });
      if (d.status !== 201) return d;
      return w.ops.post(`/api/disputes/${d.body.id}/${o.accept ? 'accept' : 'reject'}`, { reason: o.accept ? '核实属实' : '证据不足' });
    }
    case 'cancel': {
      const exc = pending.length ? pending.splice(o.pick % pending.length, 1)[0] : undefined;
      if (!exc) return none;
      return w.whA.post(`/api/exceptions/${exc.id}/cancel`, { reason: 'registered in error' });
    }
    case 'merchantTasks': return merchantTasks(w, w.merchantA, o.method, e.clock.now().toISOString());
    case 'clock': e.clock.advance(o.hours * 3600); return none;
    case 'fold': await fold(e); return none;
  }
}

eachDialect('rollups', (env) => {
  it('the incremental fold equals the rebuild after random operation sequences', async () => {
    const e = env();
    await longSessions(e);
    const w = await seedWorld(e);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 18 }), fc.boolean(), async (ops, arriveFirst) => {
        runs++;
        const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 6 }, { sku: 1, qty: 3 }] });
        if (arriveFirst) ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
        const pending: Pending[] = [];
        for (const o of ops) {
          const res = await apply(e, w, note.id, o, pending);
          expect(res.status, `${JSON.stringify(o)} → ${res.text}`).toBeLessThan(500);
        }
        await fold(e);
        const folded = await rollupRows(e);
        await rebuild(e);
        expect(await rollupRows(e)).toEqual(folded);
        // a fold after the rebuild changes nothing
        await fold(e);
        expect(await rollupRows(e)).toEqual(folded);
      }),
      // one run known to accept a dispute (the random ones may never decide an exception before disputing it)
      { numRuns: 20, examples: [[ACCEPTED_DISPUTE, true]] },
    );
    expect(runs).toBe(20); // the example is one of the 20
    const rows = await rollupRows(e);
    expect(rows.some((r) => Number(r.unitsArrived) > 0)).toBe(true);
    expect(rows.some((r) => Number(r.unitsException) > 0)).toBe(true);
    expect(rows.some((r) => Number(r.exceptionsDecided) > 0)).toBe(true);
    const accepted = await e.db.handle.db.selectFrom('disputes').select('id').where('status', '=', 'ACCEPTED').execute();
    expect(accepted.length, 'some runs accepted a dispute').toBeGreaterThan(0);
  }, 120_000);

  it('folding again folds nothing; every event is folded once', async () => {
    const e = env();
    await fold(e);
    expect(await fold(e)).toBe(0);
    const cursor = await e.db.handle.db.selectFrom('performanceCursor').selectAll().executeTakeFirstOrThrow();
    const events = Number((await e.db.handle.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(Number(cursor.folded)).toBe(events);
  });
});

const pg = DIALECTS.find((d) => d.name === 'postgres')!;
(pg.enabled ? describe : describe.skip)('rollups: two folds at the same moment [postgres]', () => {
  let e: TestEnv;
  beforeAll(async () => { e = await startTestApp('postgres'); });
  afterAll(async () => {
    await e?.app.close();
    await e?.db.cleanup();
  });

  it('every event folded exactly once, 20 rounds', async () => {
    const w = await seedWorld(e);
    await fold(e);
    for (let round = 0; round < 20; round++) {
      // new events: a note shipped, arrived and received, an exception registered
      const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 3 }] });
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: 3 }] }));
      ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
      const before = Number((await e.db.handle.db.selectFrom('performanceCursor').select('folded').executeTakeFirstOrThrow()).folded);
      const events = Number((await e.db.handle.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      // the rollup job fired twice at the same moment (two instances' schedulers)
      const jc = { db: e.db.handle.db, dialect: e.dialect, clock: e.clock, dataDir: e.db.dataDir };
      const [a, b] = (await Promise.all([runDueJobs(jc, [rollupsJob]), runDueJobs(jc, [rollupsJob])])).map((r) => r.rollups);
      expect([a.failed, b.failed]).toEqual([0, 0]);
      expect(a.done + b.done, `round ${round}`).toBe(events - before);
      expect(Math.min(a.done, b.done), 'the second waited for the first and found nothing left').toBe(0);
      const after = Number((await e.db.handle.db.selectFrom('performanceCursor').select('folded').executeTakeFirstOrThrow()).folded);
      expect(after).toBe(events);
    }
    const folded = await rollupRows(e);
    await rebuild(e);
    expect(await rollupRows(e)).toEqual(folded);
  }, 120_000);
});
