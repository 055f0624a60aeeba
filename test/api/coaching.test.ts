/**
 * Issue 13, coaching levels: with the jobs' clock moved, a merchant above the acceptable rate goes
 * Standard → Elevated on the day edge after 21 days above, → Critical 21 days later, and back to
 * Standard on the edge after 120 days below; each change is an event in the merchant's history, an
 * inbox entry and a webhook delivery; each merchant × type × day is evaluated once, also with two
 * runs at the same moment; a policy can match on the level.
 */
import { expect, it } from 'vitest';
import { DEFAULT_COACHING } from '../../src/domain/performance/coaching.js';
import { addDays, dayOf } from '../../src/domain/performance/days.js';
import { eachDialect } from '../helpers/app.js';
import { fold, performanceJobsAt } from '../helpers/performance.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

/** Midnight starting `day` in Asia/Shanghai (UTC+8 all year), as an ISO instant. */
const startOf = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const before = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

eachDialect('coaching levels', (env) => {
  let w: World;
  let d0: string;
  const level = async (type = 'GOODS') => {
    const c = ok(await w.ops.get(`/api/merchants/${w.ids.merchantA}/coaching`));
    return c.levels.find((l: any) => l.type === type).level as string;
  };
  const coachingDone = (r: Record<string, { done: number }>) => r.coaching.done;

  it('a history above the acceptable GOODS rate', async () => {
    const e = env();
    ok(await e.admin.put('/api/settings', {
      timeZone: 'Asia/Shanghai', sessionIdleSeconds: 366 * 86400, sessionAbsoluteSeconds: 366 * 86400,
      // the whole history stays in the window: the rate is above until the acceptable rate changes
      coaching: { ...DEFAULT_COACHING, windowDays: 400 },
    }));
    w = await seedWorld(e);
    d0 = dayOf(e.clock.now(), 'Asia/Shanghai');
    ok(await w.merchantA.post('/api/webhooks', { url: 'http://127.0.0.1:9/coaching-hook', events: ['merchant.coaching_level_changed'] }), 201);
    const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] });
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: 10 }] }));
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 2 }] }), 201);
    await fold(e); // 2 of 12 arrived units: 16.7 % > 1 %
    expect(await level()).toBe('STANDARD');
  });

  it('Standard → Elevated exactly at the start of the 22nd day (21 days above evaluated)', async () => {
    const e = env();
    const edge = startOf(addDays(d0, 21));
    const r = await performanceJobsAt(e, before(edge));
    expect(coachingDone(r)).toBeGreaterThanOrEqual(5 * 20); // days d0 … d0+19 for each type of A (and B's)
    expect(await level()).toBe('STANDARD');
    const row = await e.db.handle.db.selectFrom('coachingLevels').selectAll().where('merchantId', '=', w.ids.merchantA).where('exceptionType', '=', 'GOODS').executeTakeFirstOrThrow();
    expect([row.evaluatedThrough, Number(row.aboveDays), Number(row.daysEvaluated)]).toEqual([addDays(d0, 19), 20, 20]);
    expect(await level('QUALITY')).toBe('STANDARD');

    const again = await performanceJobsAt(e, before(edge));
    expect(coachingDone(again), 'the same day is never evaluated twice').toBe(0);
    await performanceJobsAt(e, edge);
    expect(await level()).toBe('ELEVATED');
    expect(await level('QUALITY')).toBe('STANDARD');
    const sc = ok(await w.merchantA.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 7 }));
    expect(sc.byType.find((t: any) => t.type === 'GOODS').coaching).toMatchObject({ level: 'ELEVATED', since: addDays(d0, 21) });
    expect(sc.coaching.worst).toBe('ELEVATED');
  });

  it('Elevated → Critical 21 days later, exactly at the day edge; two runs at once evaluate each day once', async () => {
    const e = env();
    const edge = startOf(addDays(d0, 42));
    await performanceJobsAt(e, before(edge));
    expect(await level()).toBe('ELEVATED');
    const [a, b] = await Promise.all([performanceJobsAt(e, edge), performanceJobsAt(e, edge)]);
    // one more day (d0+41) for each of A's and B's five rows, whoever evaluated it
    expect(coachingDone(a) + coachingDone(b)).toBe(2 * 5);
    expect(await level()).toBe('CRITICAL');
    const rows = await e.db.handle.db.selectFrom('coachingLevels').selectAll().where('merchantId', 'in', [w.ids.merchantA, w.ids.merchantB]).execute();
    expect(rows.map((r) => [r.evaluatedThrough, Number(r.daysEvaluated)])).toEqual(Array(10).fill([addDays(d0, 41), 42]));
  });

  it('Critical → Standard after 120 days below, exactly at the day edge', async () => {
    const e = env();
    // from the next day on, 16.7 % is acceptable for GOODS: every day is below
    ok(await w.ops.put('/api/settings', { coaching: { ...DEFAULT_COACHING, windowDays: 400, acceptableRatePct: { ...DEFAULT_COACHING.acceptableRatePct, GOODS: 50 } } }));
    const edge = startOf(addDays(d0, 42 + 120));
    await performanceJobsAt(e, before(edge));
    expect(await level()).toBe('CRITICAL');
    await performanceJobsAt(e, edge);
    expect(await level()).toBe('STANDARD');
  });

  it('each change is in the merchant\'s history, its inbox and its webhook queue, naming the type, never a subtype', async () => {
    const e = env();
    const c = ok(await w.merchantA.get(`/api/merchants/${w.ids.merchantA}/coaching`));
    expect(c.history.map((h: any) => [h.from, h.to, h.data.type, h.data.day])).toEqual([
      ['STANDARD', 'ELEVATED', 'GOODS', addDays(d0, 20)],
      ['ELEVATED', 'CRITICAL', 'GOODS', addDays(d0, 41)],
      ['CRITICAL', 'STANDARD', 'GOODS', addDays(d0, 161)],
    ]);
    const inbox = ok(await w.merchantA.get('/api/notifications')).items.filter((n: any) => n.code === 'merchant.coaching_level_changed');
    expect(inbox).toHaveLength(3);
    expect(JSON.stringify(inbox.map((n: any) => n.title))).toMatch(/商品异常/);
    expect(JSON.stringify(inbox)).not.toMatch(/subtype|SURPLUS/i);
    const opsInbox = ok(await w.ops.get('/api/notifications')).items.filter((n: any) => n.code === 'merchant.coaching_level_changed');
    expect(opsInbox.length).toBeGreaterThanOrEqual(3);
    const deliveries = await e.db.handle.db.selectFrom('webhookDeliveries as d').innerJoin('outbox as o', 'o.id', 'd.outboxId')
      .select(['o.payload']).where('d.eventType', '=', 'merchant.coaching_level_changed').where('d.merchantId', '=', w.ids.merchantA).execute();
    expect(deliveries).toHaveLength(3);
    const payload = JSON.parse(deliveries[0].payload);
    expect(payload).toMatchObject({ type: 'merchant.coaching_level_changed', document: { id: w.ids.merchantA }, data: { type: 'GOODS', level: 'ELEVATED', previousLevel: 'STANDARD' } });
    expect(deliveries.map((d) => d.payload).join()).not.toMatch(/subtype|SURPLUS/i);
  });

  it('a policy matches on the merchant\'s coaching level', async () => {
    const e = env();
    const policy = ok(await w.ops.post('/api/policies', {
      name: `critical surplus → return ${w.tag}`, applyAt: 'REGISTRATION', subtypes: ['SURPLUS'], plan: 'PROBLEM_GOODS_RETURN', coachingLevels: ['CRITICAL'],
    }), 201);
    expect(policy.coachingLevels).toEqual(['CRITICAL']);
    const register = async () => {
      const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 4 }] });
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: 4 }] }));
      return ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
    };
    // A is Standard again: the policy does not match
    expect((await register()).status).toBe('PENDING');
    await e.db.handle.db.updateTable('coachingLevels').set({ level: 'CRITICAL' }).where('merchantId', '=', w.ids.merchantA).where('exceptionType', '=', 'GOODS').execute();
    const decided = await register();
    expect([decided.status, decided.plan]).toEqual(['PROCESSING', 'PROBLEM_GOODS_RETURN']);
    expect((await w.ops.post('/api/policies', { name: `bad ${w.tag}`, applyAt: 'REGISTRATION', subtypes: ['SURPLUS'], plan: 'PROBLEM_GOODS_RETURN', coachingLevels: ['RED'] })).status).toBe(400);
  });
});
