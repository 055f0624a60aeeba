/**
 * Exceptions per status are counters (exception_counts, migration 0005) that every status change
 * updates in its own transaction. Whatever happened — registration, decisions to PROCESSING or
 * straight to COMPLETED, cancel, completion by the follow-up, policies at registration and at the
 * deadline, the transport-timeout job, parallel writers, rolled-back commands — the counts endpoint
 * and the dashboard equal a GROUP BY over the exceptions table, in every scope.
 */
import { expect, it } from 'vitest';
import { eachDialect, type Client, type TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { at, HOUR, jobsAt, receivedNote, registerOn, shipArrivingAt } from '../helpers/deadlines.js';
import { acceptAndShip, completeReturn } from '../helpers/follow-up.js';
import { exceptionMachine, statesOf } from '../../src/domain/state-machines.js';
import { backfill, down, up } from '../../src/db/migrations/2026_11_26_0005_exception_counts.js';
import { expectProblem } from './fixtures/problems.js';

const STATUSES = statesOf(exceptionMachine);

/** The truth: a GROUP BY over the exceptions table, every status listed. */
async function groupBy(e: TestEnv, scope: { merchantId?: string; warehouseId?: string } = {}) {
  let q = e.db.handle.db.selectFrom('exceptions').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status');
  if (scope.merchantId) q = q.where('merchantId', '=', scope.merchantId);
  if (scope.warehouseId) q = q.where('warehouseId', '=', scope.warehouseId);
  const out: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of await q.execute()) out[r.status] = Number(r.n);
  return out;
}

/** The counts endpoint for ops and for every tenant user of the worlds, and the dashboard, equal the GROUP BY. */
async function expectCountsExact(e: TestEnv, worlds: World[]) {
  const total = await groupBy(e);
  expect(ok(await worlds[0].ops.get('/api/exceptions/counts')), 'ops').toEqual(total);
  expect(ok(await e.admin.get('/api/exceptions/counts')), 'admin').toEqual(total);
  expect(ok(await worlds[0].ops.get('/api/dashboard')).exceptions.byStatus, 'dashboard').toEqual(total);
  for (const w of worlds) {
    const users: [string, Client, { merchantId?: string; warehouseId?: string }][] = [
      ['merchant A', w.merchantA, { merchantId: w.ids.merchantA }], ['merchant B', w.merchantB, { merchantId: w.ids.merchantB }],
      ['warehouse A', w.whA, { warehouseId: w.ids.warehouseA }], ['warehouse B', w.whB, { warehouseId: w.ids.warehouseB }],
    ];
    for (const [who, c, scope] of users) expect(ok(await c.get('/api/exceptions/counts')), `${w.tag} ${who}`).toEqual(await groupBy(e, scope));
  }
  return total;
}

async function policy(w: World, body: Record<string, unknown>) {
  return ok(await w.ops.post('/api/policies', { applyAt: 'REGISTRATION', merchantIds: [w.ids.merchantA], ...body, name: `${w.tag} ${body.name}` }), 201);
}

const decide = async (w: World, exc: { id: string; version: number }, plan: string) =>
  ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan, version: exc.version }));

/** The held units of a BLOATED exception vanish from hold behind the engine's back: its plan can no longer run. */
async function breakHold(e: TestEnv, exc: { deliveryNoteId: string }, qty: number) {
  const db = e.db.handle.db;
  const line = await db.selectFrom('deliveryNoteLines').selectAll().where('deliveryNoteId', '=', exc.deliveryNoteId).executeTakeFirstOrThrow();
  await db.updateTable('deliveryNoteLines').set({ onHold: line.onHold - qty, inProcess: line.inProcess + qty }).where('id', '=', line.id).execute();
}

eachDialect('exception counts', (env) => {
  it('every status change keeps the counts equal to a GROUP BY, for ops, each merchant and each warehouse user', async () => {
    const e = env();
    const w = await seedWorld(e);
    const other = await seedWorld(e);
    const zero = Object.fromEntries(STATUSES.map((s) => [s, 0]));
    // a tenant with nothing yet sees every status at 0
    expect(ok(await w.merchantA.get('/api/exceptions/counts'))).toEqual(zero);
    const start = await expectCountsExact(e, [w, other]);

    await registerOn(w, 'SHORTAGE', 2); // stays pending
    const toProcessing = await decide(w, await registerOn(w, 'SHORTAGE', 2), 'CONTINUE_DELIVERY');
    expect(toProcessing.status).toBe('PROCESSING');
    const toCompleted = await decide(w, await registerOn(w, 'SHORTAGE', 2), 'TERMINATE_DELIVERY');
    expect(toCompleted.status).toBe('COMPLETED');
    const mistaken = await registerOn(w, 'BLOATED', 1);
    expect(ok(await w.whA.post(`/api/exceptions/${mistaken.id}/cancel`, { reason: '误登记' })).status).toBe('CANCELLED');
    await expectCountsExact(e, [w, other]);

    // completed by the follow-up: a replenishment accepted and shipped, a return disposed of
    const replenished = await decide(w, await registerOn(w, 'SHORTAGE', 1), 'CONTINUE_DELIVERY');
    await acceptAndShip(w, replenished.documents.stockingOrders[0].id);
    const returned = await decide(w, await registerOn(w, 'BARCODE_DAMAGED', 1), 'PROBLEM_GOODS_RETURN');
    await completeReturn(w, returned.documents.returnOrders[0].id, 'ABANDON');
    for (const x of [replenished, returned]) expect(ok(await w.ops.get(`/api/exceptions/${x.id}`)).status).toBe('COMPLETED');

    // the other world: another merchant and warehouse, with exceptions of its own
    await registerOn(other, 'BLOATED', 2);
    await decide(other, await registerOn(other, 'BLOATED', 2), 'PROBLEM_GOODS_REPAIR');
    const counted = await expectCountsExact(e, [w, other]);
    expect(Object.values(counted).reduce((a, b) => a + b, 0) - Object.values(start).reduce((a, b) => a + b, 0)).toBe(8);
    expect(ok(await w.merchantA.get('/api/exceptions/counts'))).toEqual({ PENDING: 1, PROCESSING: 1, COMPLETED: 3, CANCELLED: 1 });
    expect(ok(await other.merchantA.get('/api/exceptions/counts'))).toEqual({ PENDING: 1, PROCESSING: 1, COMPLETED: 0, CANCELLED: 0 });
    expect(ok(await w.merchantB.get('/api/exceptions/counts'))).toEqual(zero);
  });

  it('policies and jobs count too: decided at registration (in its transaction), at the deadline, a failed policy rolled back to its savepoint, a timeout the system registers', async () => {
    const e = env();
    const w = await seedWorld(e);
    await policy(w, { name: 'surplus → return', subtypes: ['SURPLUS'], plan: 'PROBLEM_GOODS_RETURN' });
    await policy(w, { name: 'received package → terminate', subtypes: ['RECEIVED_PACKAGE'], plan: 'TERMINATE_DELIVERY' });
    await policy(w, { name: 'bloated at the deadline', applyAt: 'DEADLINE', subtypes: ['BLOATED'], plan: 'IN_WAREHOUSE_RECEIVE' });
    await policy(w, { name: 'timeouts → continue', subtypes: ['PLATFORM_TRANSPORT_TIMEOUT'], plan: 'CONTINUE_DELIVERY' });
    expect((await registerOn(w, 'SURPLUS', 1)).status).toBe('PROCESSING');
    expect((await registerOn(w, 'RECEIVED_PACKAGE', 2)).status).toBe('COMPLETED');
    const auto = await registerOn(w, 'BLOATED', 2);
    const broken = await registerOn(w, 'BLOATED', 2);
    await breakHold(e, broken, 2);
    const eta = at(e.clock.now().toISOString(), HOUR);
    const { note } = await shipArrivingAt(w, eta);
    await expectCountsExact(e, [w]);

    await jobsAt(e, at(auto.decisionDueAt, HOUR));
    await jobsAt(e, at(eta, 72 * HOUR));
    expect(ok(await w.ops.get(`/api/exceptions/${auto.id}`)).status).toBe('COMPLETED');
    const failed = ok(await w.ops.get(`/api/exceptions/${broken.id}`));
    expect(failed.status).toBe('PENDING');
    expect(failed.events.map((x: any) => x.action)).toContain('POLICY_FAILED');
    const [timeout] = ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id })).items;
    expect(timeout).toMatchObject({ registeredBy: 'system', status: 'PROCESSING' });
    await expectCountsExact(e, [w]);
    expect(ok(await w.merchantA.get('/api/exceptions/counts'))).toEqual({ PENDING: 1, PROCESSING: 2, COMPLETED: 2, CANCELLED: 0 });
  });

  it('a command that fails after the status write, and a replayed one, leave the counts unchanged', async () => {
    const e = env();
    const w = await seedWorld(e);
    const exc = await registerOn(w, 'BLOATED', 2);
    const before = await expectCountsExact(e, [w]);

    // the decision is written, then the plan cannot run: the whole transaction rolls back
    await breakHold(e, exc, 2);
    const refused = await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: exc.version });
    expect([refused.status, refused.body.code]).toEqual([500, 'LEDGER_INVARIANT']);
    expect(ok(await w.ops.get(`/api/exceptions/${exc.id}`)).status).toBe('PENDING');
    // the exception is inserted, then a photo is refused
    const { note } = await receivedNote(w);
    expectProblem(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BLOATED', lines: [{ skuId: w.ids.skusA[0], qty: 1 }], photoIds: ['pho_missing'] }),
      422, 'UNKNOWN_PHOTO', 'photoIds[0]');
    expect(await expectCountsExact(e, [w])).toEqual(before);

    // one Idempotency-Key sent twice: one exception, counted once
    const body = { deliveryNoteId: note.id, subtype: 'BLOATED', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] };
    const first = await w.whA.post('/api/exceptions', body, { idempotencyKey: `${w.tag}-once` });
    const again = await w.whA.post('/api/exceptions', body, { idempotencyKey: `${w.tag}-once` });
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(await expectCountsExact(e, [w])).toEqual({ ...before, PENDING: before.PENDING + 1 });
  });

  it('20 registrations, then 20 decisions and cancels, all at once on one merchant and warehouse: every one succeeds, counts stay exact', async () => {
    const e = env();
    const w = await seedWorld(e);
    const notes = [];
    for (let i = 0; i < 20; i++) notes.push((await receivedNote(w)).note);
    const before = await expectCountsExact(e, [w]);

    const registered = await Promise.all(notes.map((n) =>
      w.whA.post('/api/exceptions', { deliveryNoteId: n.id, subtype: 'BLOATED', lines: [{ skuId: w.ids.skusA[0], qty: 2 }] })));
    expect(registered.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(await expectCountsExact(e, [w])).toEqual({ ...before, PENDING: before.PENDING + 20 });

    // a third each: to PROCESSING (a repair returns and resends), straight to COMPLETED (received in the warehouse), cancelled
    const answers = await Promise.all(registered.map(({ body: x }, i) => (i % 3 === 2
      ? w.whA.post(`/api/exceptions/${x.id}/cancel`, { reason: '误登记', version: x.version })
      : w.ops.post(`/api/exceptions/${x.id}/decide`, { plan: i % 3 === 0 ? 'PROBLEM_GOODS_REPAIR' : 'IN_WAREHOUSE_RECEIVE', version: x.version }))));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => a.body.status)).toEqual(registered.map((_, i) => ['PROCESSING', 'COMPLETED', 'CANCELLED'][i % 3]));
    expect(await expectCountsExact(e, [w])).toEqual({
      PENDING: before.PENDING, PROCESSING: before.PROCESSING + 7, COMPLETED: before.COMPLETED + 7, CANCELLED: before.CANCELLED + 6,
    });
    // the transactions spread over the slots (all 40 in one of 8 would be a broken random pick)
    const slots = await e.db.handle.db.selectFrom('exceptionCounts').select('slot').distinct()
      .where('merchantId', '=', w.ids.merchantA).execute();
    expect(slots.length).toBeGreaterThan(1);
  });

  it('the migration counts the exceptions already there: its backfill, and the migration run again, replace wrong counters', async () => {
    const e = env();
    const w = await seedWorld(e);
    await registerOn(w, 'SHORTAGE', 2);
    await decide(w, await registerOn(w, 'SHORTAGE', 2), 'CONTINUE_DELIVERY');
    await decide(w, await registerOn(w, 'SHORTAGE', 2), 'TERMINATE_DELIVERY');
    const truth = await expectCountsExact(e, [w]);
    const raw = e.db.handle.db.withoutPlugins();

    // counters gone wrong (lost, and one made up), then the backfill: exact again, all in slot 0
    await e.db.handle.db.deleteFrom('exceptionCounts').where('merchantId', '=', w.ids.merchantA).execute();
    await e.db.handle.db.insertInto('exceptionCounts').values({ merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, status: 'CANCELLED', slot: 5, n: 7 }).execute();
    expect(ok(await w.merchantA.get('/api/exceptions/counts'))).toEqual({ PENDING: 0, PROCESSING: 0, COMPLETED: 0, CANCELLED: 7 });
    await backfill(raw);
    expect(await expectCountsExact(e, [w])).toEqual(truth);
    const rows = await e.db.handle.db.selectFrom('exceptionCounts').select(['slot', 'n']).execute();
    expect(rows.every((r) => r.slot === 0 && Number(r.n) > 0)).toBe(true);

    // the migration itself on a database full of exceptions: down, then up again
    await down(raw);
    await up(raw);
    expect(await expectCountsExact(e, [w])).toEqual(truth);
    // and the counters keep counting from there
    await registerOn(w, 'SHORTAGE', 1);
    expect(await expectCountsExact(e, [w])).toEqual({ ...truth, PENDING: truth.PENDING + 1 });
  });
});
