/**
 * Issue 13, scorecards: for a hand-built history every figure equals the number worked out by hand
 * below; a merchant reads only its own scorecard, which names no subtype; ops ranks merchants.
 */
import { expect, it } from 'vitest';
import { EXCEPTION_TYPES, SUBTYPES } from '../../src/domain/catalog.js';
import { ADMIN_PASSWORD, eachDialect } from '../helpers/app.js';
import { fold } from '../helpers/performance.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { jitAcceptJob } from '../../src/jobs/jit-accept.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';
import { download, exported, readCsv } from '../helpers/exports.js';
import { SORTS } from '../../src/modules/performance/ranking.js';
import { addToRollups } from '../../src/modules/performance/repository.js';
import { keyString, type Measures } from '../../src/domain/performance/facts.js';
import { addDays, dayOf, weekOf } from '../../src/domain/performance/days.js';

const HOUR = 3600;

eachDialect('scorecard', (env) => {
  let w: World;
  let compensation: { amount: number; currency: string };

  it('a hand-built history', async () => {
    const e = env();
    ok(await e.admin.put('/api/settings', { sessionIdleSeconds: 366 * 86400, sessionAbsoluteSeconds: 366 * 86400 }));
    w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    // N1: 4 units arrive by their day, all put away: due, on time, in full
    const n1 = (await orderAndShip(w, { lines: [{ sku: 0, qty: 4 }] })).note;
    ok(await w.whA.post(`/api/delivery-notes/${n1.id}/arrive`, {}));
    ok(await w.whA.post(`/api/delivery-notes/${n1.id}/receipts`, { lines: [{ skuId: s0, qty: 4 }] }));
    ok(await w.whA.post(`/api/delivery-notes/${n1.id}/qc`, { lines: [{ skuId: s0, passed: 4, failed: 0 }] }));
    const done = ok(await w.whA.post(`/api/delivery-notes/${n1.id}/putaway`, { lines: [{ skuId: s0, qty: 4 }] }));
    expect(done.status).toBe('COMPLETED');
    // N2: 10 received, 2 surplus (arrived 12), 1 damaged: 3 GOODS units
    const n2 = (await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] })).note;
    ok(await w.whA.post(`/api/delivery-notes/${n2.id}/arrive`, {}));
    ok(await w.whA.post(`/api/delivery-notes/${n2.id}/receipts`, { lines: [{ skuId: s0, qty: 10 }] }));
    const surplus = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: n2.id, subtype: 'SURPLUS', lines: [{ skuId: s0, qty: 2 }] }), 201);
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: n2.id, subtype: 'DAMAGED_DIRTY', lines: [{ skuId: s0, qty: 1 }] }), 201);
    // N3: 5 declared, 2 damaged in transport and refused at the dock: nothing arrives, 2 LOGISTICS units
    const n3 = (await orderAndShip(w, { lines: [{ sku: 0, qty: 5 }] })).note;
    ok(await w.whA.post(`/api/delivery-notes/${n3.id}/arrive`, {}));
    const damage = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: n3.id, subtype: 'TRANSPORT_DAMAGE', lines: [{ skuId: s0, qty: 2 }] }), 201);
    // merchant B: 5 arrive, 1 damaged (its figures never reach A's scorecard)
    const orderB = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantB, warehouseId: w.ids.warehouseA, type: 'REPEAT', lines: [{ skuId: w.ids.skusB[0], qty: 5, unitPrice: 100 }],
    }), 201);
    ok(await w.merchantB.post(`/api/stocking-orders/${orderB.id}/accept`, {}));
    const nB = ok(await w.merchantB.post('/api/delivery-notes', {
      stockingOrderId: orderB.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(e.clock.now().getTime() + 86400e3).toISOString(),
      boxes: [{ lines: [{ skuId: w.ids.skusB[0], qty: 5 }] }],
    }), 201);
    ok(await w.merchantB.post(`/api/delivery-notes/${nB.id}/confirm`, {}));
    ok(await w.whA.post(`/api/delivery-notes/${nB.id}/arrive`, {}));
    ok(await w.whA.post(`/api/delivery-notes/${nB.id}/receipts`, { lines: [{ skuId: w.ids.skusB[0], qty: 5 }] }));
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: nB.id, subtype: 'DAMAGED_DIRTY', lines: [{ skuId: w.ids.skusB[0], qty: 1 }] }), 201);

    // +1 h: the transport damage is terminated (decided and completed after 1 h; a compensation of 2 × 12.50)
    e.clock.advance(HOUR);
    const terminated = ok(await w.ops.post(`/api/exceptions/${damage.id}/decide`, { plan: 'TERMINATE_DELIVERY', version: damage.version }));
    expect(terminated.status).toBe('COMPLETED');
    compensation = ok(await w.ops.get('/api/compensations', { merchantId: w.ids.merchantA })).items[0];
    expect(compensation.amount).toBe(2500);
    // +3 h: the surplus goes back (decided after 3 h); +4 h: the merchant abandons it (1 h after the return order)
    e.clock.advance(2 * HOUR);
    const returned = ok(await w.ops.post(`/api/exceptions/${surplus.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: surplus.version }));
    e.clock.advance(HOUR);
    ok(await w.merchantA.post(`/api/return-orders/${returned.documents.returnOrders[0].id}/method`, { method: 'ABANDON' }));
    await fold(e);
  });

  it('figures equal the ones worked out by hand', async () => {
    const sc = ok(await w.ops.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 7 }));
    // arrived: N1 4 + N2 12 + N3 0 = 16; under exception: 3 GOODS + 2 LOGISTICS = 5
    expect(sc.units).toEqual({ declared: 19, arrived: 16, short: 0, surplus: 2, exception: 5 });
    expect(sc.exceptionRate).toEqual({ units: 5, pct: 31.25, ppm: 312500 });
    const byType = Object.fromEntries(sc.byType.map((t: any) => [t.type, t]));
    expect(byType.GOODS).toMatchObject({ units: 3, exceptions: 2, pct: 18.75, ppm: 187500 });
    expect(byType.LOGISTICS).toMatchObject({ units: 2, exceptions: 1, pct: 12.5, ppm: 125000 });
    expect(byType.QUALITY).toMatchObject({ units: 0, exceptions: 0, pct: 0, ppm: 0 });
    expect(sc.byPlan).toEqual([
      { plan: 'PROBLEM_GOODS_RETURN', exceptions: 1, units: 2, pct: 12.5, ppm: 125000 },
      { plan: 'TERMINATE_DELIVERY', exceptions: 1, units: 2, pct: 12.5, ppm: 125000 },
      { plan: 'UNDECIDED', exceptions: 1, units: 1, pct: 6.25, ppm: 62500 },
    ]);
    // due and closed: N1 (on time, in full) and N3 (on time, nothing arrived); N2 is still open
    expect(sc.otif).toEqual({ due: 2, onTime: 2, inFull: 1, otif: 1, onTimePct: 100, inFullPct: 50, otifPct: 50 });
    expect(sc.handling).toEqual({ registered: 3, cancelled: 0, decided: 2, avgDecisionHours: 2, completed: 1, avgCompletionHours: 1 });
    expect(sc.response).toEqual({ returnMethodsEntered: 1, avgReturnMethodHours: 1, replenishmentsAccepted: 0, avgReplenishmentAcceptHours: null, avgHours: 1 });
    expect(sc.jit).toMatchObject({ acceptDue: 0, shipDue: 0, onTimePct: null });
    expect(sc.cost).toEqual({ compensations: [{ currency: compensation.currency, count: 1, amount: 2500, paid: 0 }], penalties: [] });
    // score: exception rate 31.25 % ≥ 10 % scores 0 (weight 40), OTIF 50 (30), no JIT, response 1 h of 168 h → 100 × 167/168 (10)
    const expected = Math.round(((0 * 40 + 50 * 30 + (100 * 167) / 168 * 10) / 80) * 10) / 10;
    expect(expected).toBe(31.2);
    expect(sc.score).toBe(expected);
    expect(sc.band).toMatchObject({ code: 'AT_RISK', warn: true });
    expect(sc.components).toMatchObject({ exceptionRate: 0, otif: 50, jitOnTime: null });
    // the weeks add up to the period
    expect(sc.weekly.reduce((s: number, x: any) => s + x.arrived, 0)).toBe(16);
    expect(sc.weekly.reduce((s: number, x: any) => s + x.units, 0)).toBe(5);
    // ops sees the causes, by subtype
    expect(sc.topCauses.map((c: any) => [c.subtype, c.units])).toEqual([['SURPLUS', 2], ['TRANSPORT_DAMAGE', 2], ['DAMAGED_DIRTY', 1]]);
    expect(byType.GOODS.coaching.level).toBe('STANDARD');
  });

  it('a merchant reads its own scorecard, without a subtype, and no other merchant\'s', async () => {
    const own = await w.merchantA.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 7 });
    expect(own.status).toBe(200);
    expect(own.body.exceptionRate).toEqual({ units: 5, pct: 31.25, ppm: 312500 });
    expect(own.body.topCauses).toBeUndefined();
    expect(own.text).not.toMatch(/subtype/i);
    // (RECEIVED_PACKAGE is a type's code too)
    for (const s of SUBTYPES.filter((x) => !(EXCEPTION_TYPES as readonly string[]).includes(x.code))) expect(own.text, s.code).not.toContain(s.code);
    // B's figures (5 arrived, 1 damaged) are nowhere in A's
    expect(own.body.units.arrived).toBe(16);
    expect(own.text).not.toContain(w.ids.merchantB);
    expect((await w.merchantA.get(`/api/merchants/${w.ids.merchantB}/scorecard`)).status).toBe(404);
    expect((await w.merchantA.get(`/api/merchants/${w.ids.merchantB}/coaching`)).status).toBe(404);
    expect((await w.merchantA.get('/api/scorecards')).status).toBe(403);
    expect((await w.whA.get(`/api/merchants/${w.ids.merchantA}/scorecard`)).status).toBe(403);
    expect((await w.ops.get('/api/merchants/mer_nope/scorecard')).status).toBe(404);
    const b = ok(await w.merchantB.get(`/api/merchants/${w.ids.merchantB}/scorecard`, { days: 30 }));
    expect(b.exceptionRate).toEqual({ units: 1, pct: 20, ppm: 200000 });
  });

  it('JIT deadlines, a penalty and a replenishment order accepted, worked out by hand', async () => {
    const e = env();
    e.admin = await e.login('admin', ADMIN_PASSWORD); // its session went idle while the clock moved
    const w2 = await seedWorld(e);
    const m = w2.ids.merchantA;
    // a JIT order nobody accepts within 24 h: the acceptance deadline is missed, a 5 % penalty issued
    const jit = ok(await w2.ops.post('/api/stocking-orders', {
      merchantId: m, warehouseId: w2.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w2.ids.skusA[0], qty: 10, unitPrice: 1000 }],
    }), 201);
    // a shortage of 2, continued: a replenishment order the merchant accepts 2 h later
    const { note } = await orderAndShip(w2, { lines: [{ sku: 0, qty: 10 }] });
    ok(await w2.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
    ok(await w2.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w2.ids.skusA[0], qty: 8 }] }));
    const short = ok(await w2.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SHORTAGE', lines: [{ skuId: w2.ids.skusA[0], qty: 2 }] }), 201);
    const decided = ok(await w2.ops.post(`/api/exceptions/${short.id}/decide`, { plan: 'CONTINUE_DELIVERY', version: short.version }));
    e.clock.advance(2 * HOUR);
    ok(await w2.merchantA.post(`/api/stocking-orders/${decided.documents.stockingOrders[0].id}/accept`, {}));
    e.clock.advance(23 * HOUR);
    await runDueJobs({ db: e.db.handle.db, dialect: e.dialect, clock: e.clock, dataDir: e.db.dataDir }, [jitAcceptJob]);
    ok(await w2.merchantA.post(`/api/stocking-orders/${jit.id}/accept`, {})); // late
    await fold(e);
    const sc = ok(await w2.ops.get(`/api/merchants/${m}/scorecard`, { days: 7 }));
    expect(sc.jit).toEqual({ acceptDue: 1, acceptedOnTime: 0, acceptOnTimePct: 0, shipDue: 0, shippedOnTime: 0, shipOnTimePct: null, onTimePct: 0 });
    expect(sc.cost.penalties).toEqual([{ currency: 'CNY', count: 1, amount: 500 }]);
    expect(sc.response).toMatchObject({ replenishmentsAccepted: 1, avgReplenishmentAcceptHours: 2, returnMethodsEntered: 0, avgHours: 2 });
    expect(sc.units).toMatchObject({ declared: 10, arrived: 8, short: 2, exception: 2 });
    expect(sc.exceptionRate).toEqual({ units: 2, pct: 25, ppm: 250000 });
    expect(sc.byPlan).toEqual([{ plan: 'CONTINUE_DELIVERY', exceptions: 1, units: 2, pct: 25, ppm: 250000 }]);
    // exception rate 25 % scores 0 (40), JIT 0 % (20), response 2 h of 168 (10); no note closed yet, so no OTIF
    expect(sc.components).toMatchObject({ exceptionRate: 0, otif: null, jitOnTime: 0 });
    expect(sc.score).toBe(Math.round(((100 * 166) / 168 * 10 / 70) * 10) / 10);
  });

  it('the score\'s weights and bands, the coaching rules and the time zone are settings, validated', async () => {
    const e = env();
    e.admin = await e.login('admin', ADMIN_PASSWORD);
    const s = ok(await e.admin.get('/api/settings'));
    expect(s.timeZone).toBe('Asia/Shanghai');
    expect(s.scorecard.weights).toEqual({ exceptionRate: 40, otif: 30, jitOnTime: 20, response: 10 });
    expect(s.coaching).toMatchObject({ elevateAfterDays: 21, criticalAfterDays: 21, recoverAfterDays: 120 });
    const refused = async (patch: object, field: string) => {
      const res = await e.admin.put('/api/settings', patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
    };
    await refused({ timeZone: 'Mars/Olympus' }, 'timeZone');
    await refused({ scorecard: { ...s.scorecard, bands: [s.scorecard.bands[1], s.scorecard.bands[0]] } }, 'bands');
    await refused({ scorecard: { ...s.scorecard, weights: { exceptionRate: 0, otif: 0, jitOnTime: 0, response: 0 } } }, 'weights');
    await refused({ coaching: { ...s.coaching, elevateAfterDays: 0 } }, 'elevateAfterDays');
    await refused({ coaching: { ...s.coaching, acceptableRatePct: { GOODS: 1 } } }, 'acceptableRatePct');
    // the score follows the weights: OTIF alone (A's OTIF is 50 %)
    ok(await e.admin.put('/api/settings', { scorecard: { ...s.scorecard, weights: { exceptionRate: 0, otif: 1, jitOnTime: 0, response: 0 } } }));
    expect(ok(await w.ops.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 7 })).score).toBe(50);
    ok(await e.admin.put('/api/settings', { scorecard: s.scorecard }));
  });

  it('ops ranks merchants, sorted and paged', async () => {
    const all = ok(await w.ops.get('/api/scorecards', { days: 7, warehouseId: w.ids.warehouseA, sort: '-exceptionRate' }));
    const mine = all.items.filter((i: any) => [w.ids.merchantA, w.ids.merchantB].includes(i.merchant.id));
    expect(mine.map((i: any) => [i.merchant.id, i.exceptionRate.ppm])).toEqual([[w.ids.merchantA, 312500], [w.ids.merchantB, 200000]]);
    expect(mine[0].score).toBe(31.2);
    const first = ok(await w.ops.get('/api/scorecards', { days: 7, limit: 1, sort: 'name' }));
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = ok(await w.ops.get('/api/scorecards', { days: 7, limit: 1, sort: 'name', cursor: first.nextCursor }));
    expect(second.items[0].merchant.id).not.toBe(first.items[0].merchant.id);
    expect((await w.ops.get('/api/scorecards', { days: 8 })).status).toBe(400);
    expect(ok(await w.ops.get('/api/scorecards', { days: 7, warehouseId: w.ids.warehouseB })).items).toEqual([]);
  });

  it('the ranking is sorted and paged in the query: every sort\'s pages are the full list sorted, nulls last, ties by id', async () => {
    type Item = any;
    const cmpKey: Record<string, (i: Item) => number | null> = {
      score: (i) => i.score,
      exceptionRate: (i) => (i.units.arrived > 0 ? i.units.exception / i.units.arrived : null),
      otif: (i) => (i.otif.due > 0 ? i.otif.otif / i.otif.due : null),
      jit: (i) => (i.jit.acceptDue + i.jit.shipDue > 0 ? (i.jit.acceptedOnTime + i.jit.shippedOnTime) / (i.jit.acceptDue + i.jit.shipDue) : null),
      response: (i) => (i.response.avgHours === null ? null : i.response.avgHours),
      arrived: (i) => i.units.arrived,
      penalties: (i) => i.cost.penalties.reduce((n: number, p: any) => n + p.count, 0),
    };
    for (const sort of SORTS) {
      const full = ok(await w.ops.get('/api/scorecards', { days: 90, sort, limit: 100 }));
      expect(full.total).toBe(full.items.length);
      expect(full.total).toBeGreaterThanOrEqual(3);
      const paged: Item[] = [];
      for (let cursor: string | undefined; ;) {
        const page = ok(await w.ops.get('/api/scorecards', { days: 90, sort, limit: 2, cursor }));
        expect(page.total).toBe(full.total);
        paged.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(paged.map((i) => i.merchant.id), sort).toEqual(full.items.map((i: Item) => i.merchant.id));
      expect(paged, sort).toEqual(full.items);
      const key = sort.replace('-', '');
      if (key === 'name') continue; // the database's collation orders names
      const desc = sort.startsWith('-');
      const bySort = [...full.items].sort((a: Item, b: Item) => {
        const va = cmpKey[key](a);
        const vb = cmpKey[key](b);
        if (va === null || vb === null) return va === vb ? (a.merchant.id < b.merchant.id ? -1 : 1) : va === null ? 1 : -1;
        return (desc ? vb - va : va - vb) || (a.merchant.id < b.merchant.id ? -1 : 1);
      });
      expect(full.items.map((i: Item) => i.merchant.id), sort).toEqual(bySort.map((i) => i.merchant.id));
    }
    // the figures of a row are the merchant's scorecard's
    const a = ok(await w.ops.get('/api/scorecards', { days: 7, warehouseId: w.ids.warehouseA, sort: 'score' })).items.find((i: Item) => i.merchant.id === w.ids.merchantA);
    const sc = ok(await w.ops.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 7, warehouseId: w.ids.warehouseA }));
    expect(a).toMatchObject({ score: sc.score, units: sc.units, exceptionRate: sc.exceptionRate, otif: sc.otif, jit: sc.jit, response: sc.response, cost: sc.cost });
  });

  it('scorecard exports: the ranking and a scorecard as XLSX and CSV; a merchant\'s has its own figures and no subtype', async () => {
    const e = env();
    const ranking = await exported(e, w.ops, '/api/scorecards', { days: '7', warehouseId: w.ids.warehouseA, sort: '-exceptionRate', lang: 'en-US' });
    expect(ranking[0].slice(0, 3)).toEqual(['Merchant', 'Score', 'Band']);
    expect(ranking.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([[expect.stringContaining('商家A'), 31.2, 31.25, 312500], [expect.stringContaining('商家B'), expect.any(Number), 20, 200000]]);
    const own = await exported(e, w.merchantA, `/api/merchants/${w.ids.merchantA}/scorecard`, { days: '7' });
    expect(own[0]).toEqual(['分类', '项目', '异常单数', '异常件数', '到货件数', '异常率 %', 'PPM', '数值', '说明']);
    expect(own.find((r) => r[0] === '概览' && r[1] === '得分')?.[7]).toBe(31.2);
    expect(own.find((r) => r[0] === '概览' && r[1] === '异常率')?.slice(3, 7)).toEqual([5, 16, 31.25, 312500]);
    expect(own.find((r) => r[0] === '按异常类型' && r[1] === '商品异常')?.slice(2, 6)).toEqual([2, 3, 16, 18.75]);
    const cells = new Set(own.flat().map(String));
    const typeLabels = new Set(own.filter((r) => r[0] === '按异常类型').map((r) => r[1]));
    for (const st of SUBTYPES.filter((x) => !(EXCEPTION_TYPES as readonly string[]).includes(x.code))) {
      expect(cells.has(st.code), st.code).toBe(false);
      if (!typeLabels.has(st.label['zh-CN'])) expect(cells.has(st.label['zh-CN']), st.label['zh-CN']).toBe(false);
    }
    expect(own.some((r) => r[0] === '异常原因')).toBe(false);
    expect(JSON.stringify(own)).not.toContain('商家B');
    // staff see the causes, by subtype
    const staff = await exported(e, w.ops, `/api/merchants/${w.ids.merchantA}/scorecard`, { days: '7', lang: 'en-US' });
    expect(staff.filter((r) => r[0] === 'Causes').map((r) => [r[3]])).toEqual([[2], [2], [1]]);
    // scope: another merchant's scorecard, the ranking, a warehouse user
    expect((await download(e, w.merchantA, `/api/merchants/${w.ids.merchantB}/scorecard`, { format: 'csv' })).status).toBe(404);
    expect((await download(e, w.merchantA, '/api/scorecards', { format: 'csv' })).status).toBe(403);
    expect((await download(e, w.whA, `/api/merchants/${w.ids.merchantA}/scorecard`, { format: 'xlsx' })).status).toBe(403);
    expect(readCsv((await download(e, w.ops, '/api/scorecards', { format: 'csv', days: '7', warehouseId: w.ids.warehouseB })).raw.toString('utf8'))).toHaveLength(1);
  });

  it('the 运营看板 trend and Pareto: 12 weeks from the rollups, worked out by hand from the documents', async () => {
    const e = env();
    // a week later: 9 of 10 arrive, 1 short and 2 damaged; the shortage is decided
    e.clock.advance(7 * 86400);
    // the world's sessions ended while the clock moved: log its users in again
    const again = (role: string, extra = '') => e.login(`${role}-${extra.slice(-6)}-${w.tag}`, 'password-1234');
    w = { ...w, ops: await again('ops'), merchantA: await again('merchant', w.ids.merchantA), whA: await again('warehouse', w.ids.warehouseA) };
    const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] });
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: 9 }] }));
    const short = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SHORTAGE', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'DAMAGED_DIRTY', lines: [{ skuId: w.ids.skusA[0], qty: 2 }] }), 201);
    ok(await w.ops.post(`/api/exceptions/${short.id}/decide`, { plan: 'CONTINUE_DELIVERY', version: short.version }));
    // the trend reads the rollups only: nothing of this week shows until the fold has run
    const before = ok(await w.ops.get('/api/dashboard/trend', { warehouseId: w.ids.warehouseA }));
    expect(before.totals.registered).toBe(4);
    await fold(e);
    const d = ok(await w.ops.get('/api/dashboard/trend', { warehouseId: w.ids.warehouseA }));
    expect(d.weekly).toHaveLength(12);
    expect(d.weekly[11].week).toBe(weekOf(dayOf(e.clock.now(), 'Asia/Shanghai')));
    expect(d.period.from).toBe(d.weekly[0].week);
    // the hand count, from the warehouse's exceptions as they are
    const list: any[] = [];
    for (let cursor: string | undefined; ;) {
      const page = ok(await w.ops.get('/api/exceptions', { warehouseId: w.ids.warehouseA, limit: 100, cursor }));
      list.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(list).toHaveLength(6);
    const weekOfIso = (iso: string) => weekOf(dayOf(iso, 'Asia/Shanghai'));
    for (const wk of d.weekly) {
      const inWeek = (at: string | null) => !!at && weekOfIso(at) === wk.week;
      expect(wk.registered, wk.week).toBe(list.filter((x) => inWeek(x.createdAt)).length);
      expect(wk.decided, wk.week).toBe(list.filter((x) => inWeek(x.decidedAt)).length);
      expect(wk.completed, wk.week).toBe(list.filter((x) => inWeek(x.completedAt)).length);
      for (const t of EXCEPTION_TYPES) expect(wk.byType[t], `${wk.week} ${t}`).toBe(list.filter((x) => inWeek(x.createdAt) && x.type === t).length);
    }
    // the list the decided count opens: decided in that week (Monday 00:00 to the next, Asia/Shanghai)
    const at = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
    const decidedThisWeek = ok(await w.ops.get('/api/exceptions', { warehouseId: w.ids.warehouseA, decidedFrom: at(d.weekly[11].week), decidedTo: at(addDays(d.weekly[11].week, 7)), limit: 100 }));
    expect(decidedThisWeek.items.map((x: any) => x.id)).toEqual([short.id]);
    expect(d.weekly[11].decided).toBe(1);
    // this week: 2 registered, 3 exception units of 9 arrived
    expect(d.weekly[11]).toMatchObject({ registered: 2, arrived: 9, exceptionRate: { units: 3, pct: 33.33, ppm: 333333 } });
    // the 12 weeks: A 16 + B 5 + 9 arrived, 5 + 1 + 3 under exception
    expect(d.totals).toEqual({ registered: 6, decided: 3, completed: list.filter((x) => x.completedAt).length, exceptionRate: { units: 9, pct: 30, ppm: 300000 } });
    // Pareto: damaged 3 (A, B, this week), then 1 each: surplus and transport damage (2 units), shortage (1 unit)
    expect(d.pareto.total).toBe(6);
    expect(d.pareto.causes.map((c: any) => [c.subtype, c.count, c.units, c.sharePct, c.cumulativePct])).toEqual([
      ['DAMAGED_DIRTY', 3, 4, 50, 50], ['SURPLUS', 1, 2, 16.67, 66.67], ['TRANSPORT_DAMAGE', 1, 2, 16.67, 83.33], ['SHORTAGE', 1, 1, 16.67, 100],
    ]);
    // another warehouse: nothing; every warehouse: at least these; merchants and warehouse users: refused
    const other = ok(await w.ops.get('/api/dashboard/trend', { warehouseId: w.ids.warehouseB }));
    expect(other.totals.registered).toBe(0);
    expect(other.pareto.causes).toEqual([]);
    expect(ok(await w.ops.get('/api/dashboard/trend')).totals.registered).toBeGreaterThanOrEqual(6);
    expect((await w.merchantA.get('/api/dashboard/trend')).status).toBe(403);
    expect((await w.whA.get('/api/dashboard/trend')).status).toBe(403);
  });

  it('the ranking in SQL over 14 merchants with random figures (ties, missing figures): every sort\'s pages equal the order of the figures shown', async () => {
    const e = env();
    const admin = await e.login('admin', ADMIN_PASSWORD);
    const warehouseId = ok(await admin.post('/api/admin/warehouses', { name: `仓R ${w.tag}`, code: `WR-${w.tag}` }), 201).id;
    let seed = 13;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; }; // deterministic
    const day = dayOf(e.clock.now(), 'Asia/Shanghai');
    const delta = new Map<string, Measures>();
    const key = (merchantId: string, currency = '') => keyString({ day, merchantId, warehouseId, skuId: '', exceptionType: currency ? '' : 'GOODS', subtype: '', plan: '', currency });
    for (let i = 0; i < 14; i++) {
      const merchantId = ok(await admin.post('/api/admin/merchants', { name: `R${String(i % 5)} ${w.tag} ${i}` }), 201).id;
      const due = rnd(3);
      const jitDue = rnd(3);
      const responses = rnd(3);
      delta.set(key(merchantId), {
        unitsArrived: [0, 10, 20, 40][rnd(4)], unitsException: rnd(4), exceptionsRegistered: 1,
        notesDue: due, notesOtif: due ? rnd(due + 1) : 0, jitAcceptDue: jitDue, jitAcceptedOnTime: jitDue ? rnd(jitDue + 1) : 0,
        returnMethodsEntered: responses, returnMethodSeconds: responses * 3600 * [1, 24, 200][rnd(3)],
      });
      if (rnd(2)) delta.set(key(merchantId, 'CNY'), { penaltyCount: 1 + rnd(2), penaltyAmount: 100 });
    }
    await addToRollups(e.db.handle.db, delta);
    const shown: Record<string, (i: any) => number | null> = {
      score: (i) => i.score,
      exceptionRate: (i) => (i.units.arrived > 0 ? i.units.exception / i.units.arrived : null),
      otif: (i) => (i.otif.due > 0 ? i.otif.otif / i.otif.due : null),
      jit: (i) => (i.jit.acceptDue + i.jit.shipDue > 0 ? (i.jit.acceptedOnTime + i.jit.shippedOnTime) / (i.jit.acceptDue + i.jit.shipDue) : null),
      response: (i) => (i.response.returnMethodsEntered + i.response.replenishmentsAccepted > 0 ? i.response.avgHours : null),
      arrived: (i) => i.units.arrived,
      penalties: (i) => i.cost.penalties.reduce((n: number, p: any) => n + p.count, 0),
    };
    for (const sort of SORTS) {
      const full = ok(await w.ops.get('/api/scorecards', { days: 7, warehouseId, sort, limit: 100 }));
      expect(full.total).toBe(14);
      const paged: any[] = [];
      for (let cursor: string | undefined; ;) {
        const page = ok(await w.ops.get('/api/scorecards', { days: 7, warehouseId, sort, limit: 5, cursor }));
        paged.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(paged, sort).toEqual(full.items);
      const k = sort.replace('-', '');
      if (k === 'name') continue;
      const desc = sort.startsWith('-');
      const expected = [...full.items].sort((a, b) => {
        const va = shown[k](a);
        const vb = shown[k](b);
        if (va === null || vb === null) return va === vb ? (a.merchant.id < b.merchant.id ? -1 : 1) : va === null ? 1 : -1;
        return (desc ? vb - va : va - vb) || (a.merchant.id < b.merchant.id ? -1 : 1);
      });
      expect(full.items.map((i: any) => i.merchant.id), sort).toEqual(expected.map((i) => i.merchant.id));
    }
  });
});
