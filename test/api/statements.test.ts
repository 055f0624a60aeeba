/**
 * Issue 14, statements (对账单): closing = opening + Σ lines per currency, opening = the previous
 * closing, month edges in the platform's time zone (23:59 local on the last day vs 00:00 the next),
 * the close by hand (Idempotency-Key) and by the job on the close day, a closed month unchanged by a
 * later waiver which lands in the next month, scope (merchant: its own, no subtype), PDF and XLSX;
 * on PostgreSQL a waive ∥ ops' close ∥ the close job on one month, 20 rounds: one snapshot, one outcome, no 500.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementCloseJob } from '../../src/jobs/statement-close.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { insertCompensation } from '../../src/modules/compensations/service.js';
import { issuePenalty, waivePenalty, waivePenaltyInTx } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/modules/shared/context.js';
import { addMonths, closeDueAt, monthBounds } from '../../src/domain/statements.js';
import { eachDialect, startTestApp, type Res, type TestEnv } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { at, fixedClock, registerOn } from '../helpers/deadlines.js';
import { pdfText } from '../helpers/pdf.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

const ROUNDS = 20;
const TZ = 'Asia/Shanghai';

/** A penalty of `amount` CNY issued at `iso` (its own JIT order). */
async function penaltyAt(e: TestEnv, w: World, iso: string, amount: number) {
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 1, unitPrice: 1000 }],
  }), 201);
  return e.db.handle.db.transaction().execute((tx) => issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: fixedClock(iso) },
    { merchantId: w.ids.merchantA, stockingOrderId: order.id, reason: 'JIT_ACCEPT_LATE', amount, currency: 'CNY' }));
}

const compensationAt = (e: TestEnv, w: World, iso: string, amount: number, currency = 'CNY') => e.db.handle.db.transaction().execute((tx) =>
  insertCompensation(tx, { actor: SYSTEM_ACTOR, clock: fixedClock(iso) }, { merchantId: w.ids.merchantA, sourceExceptionId: 'exc_statement_test', amount, currency }));

const waiveAt = (e: TestEnv, penaltyId: string, iso: string) => e.db.handle.db.transaction().execute((tx) =>
  waivePenaltyInTx(tx, { actor: SYSTEM_ACTOR, clock: fixedClock(iso) }, penaltyId, '核实豁免'));

const statementOf = (c: World['ops'], w: World, month: string) => c.get(`/api/statements/${w.ids.merchantA}/${month}`);
const cny = (s: any) => s.currencies.find((c: any) => c.currency === 'CNY');
const lineKinds = (c: any) => c.lines.map((l: any) => `${l.kind}:${l.amount}`);
const no500 = (answers: Res[]) => { for (const a of answers) expect(a.status, a.text).toBeLessThan(500); };
const closeJobAt = (e: TestEnv, iso: string) =>
  runDueJobs({ db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(iso), dataDir: e.db.dataDir }, [statementCloseJob]);

/** Every currency: closing = opening + Σ lines, totals = Σ per kind. */
function expectBalanced(s: any) {
  for (const c of s.currencies) {
    expect(c.closing, `${s.month} ${c.currency}`).toBe(c.opening + c.lines.reduce((sum: number, l: any) => sum + l.amount, 0));
    expect(Object.values(c.totals).reduce((a: number, b: any) => a + b, 0)).toBe(c.closing - c.opening);
    expect(c.lineCount).toBe(c.lines.length);
  }
}

eachDialect('statements', (env) => {
  it('month edges in the time zone; closing = opening + Σ lines per currency; opening = the previous closing; close by hand, replayed', async () => {
    const e = env();
    const w = await seedWorld(e);
    // 2026-08-31 23:59 and 2026-09-01 00:00 in Asia/Shanghai
    const lastMinute = await penaltyAt(e, w, '2026-08-31T15:59:00.000Z', 400);
    const firstMinute = await penaltyAt(e, w, '2026-08-31T16:00:00.000Z', 300);
    await compensationAt(e, w, '2026-08-10T02:00:00.000Z', 1000);
    await compensationAt(e, w, '2026-09-02T02:00:00.000Z', 500, 'USD');

    const aug = ok(await statementOf(w.merchantA, w, '2026-08'));
    expect(aug).toMatchObject({ status: 'OPEN', month: '2026-08', period: { ...monthBounds('2026-08', TZ), timeZone: TZ } });
    expect(aug.currencies.map((c: any) => c.currency)).toEqual(['CNY']);
    expect(lineKinds(cny(aug))).toEqual(['COMPENSATION:1000', 'PENALTY:-400']);
    expect(cny(aug)).toMatchObject({ opening: 0, closing: 600, totals: { COMPENSATION: 1000, PENALTY: -400, PENALTY_WAIVER: 0 } });
    expect(cny(aug).lines[1].document).toEqual({ type: 'penalty', id: lastMinute.id, no: lastMinute.no });
    const sep = ok(await statementOf(w.merchantA, w, '2026-09'));
    expect(sep.currencies.map((c: any) => [c.currency, c.opening, c.closing])).toEqual([['CNY', 600, 300], ['USD', 0, 500]]);
    expect(cny(sep).lines.map((l: any) => l.document.id)).toEqual([firstMinute.id]);
    for (const s of [aug, sep]) expectBalanced(s);

    // in UTC both minutes are in August
    ok(await e.admin.put('/api/settings', { timeZone: 'UTC' }));
    try {
      expect(lineKinds(cny(ok(await statementOf(w.ops, w, '2026-08'))))).toEqual(['COMPENSATION:1000', 'PENALTY:-400', 'PENALTY:-300']);
    } finally {
      ok(await e.admin.put('/api/settings', { timeZone: TZ }));
    }

    // the month in progress cannot be closed; August can, once; a retry with the key replays
    const current = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(e.clock.now()).slice(0, 7);
    expect((await w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month: current })).body.code).toBe('MONTH_NOT_ENDED');
    expect((await w.merchantA.post('/api/statements/close', { merchantId: w.ids.merchantA, month: '2026-08' })).status).toBe(403);
    const key = `close-${w.tag}`;
    const closed = ok(await w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month: '2026-08' }, { idempotencyKey: key }));
    expect(closed.closed).toEqual(['2026-08']);
    expect(closed.statement).toMatchObject({ status: 'CLOSED', month: '2026-08' });
    expect(cny(closed.statement).no).toMatch(/^ST\d{14}$/);
    const replay = await w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month: '2026-08' }, { idempotencyKey: key });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(ok(await w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month: '2026-08' })).closed).toEqual([]);
    const augClosed = ok(await statementOf(w.merchantA, w, '2026-08'));
    expect(augClosed.currencies.map(({ id: _i, no: _n, ...c }: any) => c)).toEqual(aug.currencies.map(({ id: _i, no: _n, ...c }: any) => c));

    // closing October closes September first; October carries both balances without lines
    expect(ok(await w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month: '2026-10' })).closed).toEqual(['2026-09', '2026-10']);
    const oct = ok(await statementOf(w.merchantA, w, '2026-10'));
    expect(oct.currencies.map((c: any) => [c.currency, c.opening, c.closing, c.lines.length])).toEqual([['CNY', 300, 300, 0], ['USD', 500, 500, 0]]);
    const list = ok(await w.merchantA.get('/api/statements'));
    const months = list.items.map((s: any) => s.month);
    expect(months.filter((m: string) => m <= '2026-10')).toEqual(['2026-10', '2026-09', '2026-08']);
    expect(list.items.filter((s: any) => s.month <= '2026-10').every((s: any) => s.status === 'CLOSED')).toBe(true);
    expect(list.items.find((s: any) => s.month === '2026-09').currencies.map((c: any) => c.closing)).toEqual([300, 500]);
    expect(ok(await w.ops.get('/api/statements', { merchantId: w.ids.merchantA, month: '2026-09' })).items).toHaveLength(1);
  });

  it('a closed month never changes: a later waiver of its penalty goes on the next month; the job closes on the close day; scope; PDF and XLSX', async () => {
    const e = env();
    const w = await seedWorld(e);
    const p = await penaltyAt(e, w, '2026-06-15T04:00:00.000Z', 400);
    const q = await penaltyAt(e, w, '2026-06-16T04:00:00.000Z', 250);
    const due = closeDueAt('2026-06', { statementCloseDay: 5 }, TZ);
    expect(due).toBe('2026-07-04T16:00:00.000Z');
    await closeJobAt(e, at(due, -1));
    expect(ok(await statementOf(w.ops, w, '2026-06')).status).toBe('OPEN');
    expect((await closeJobAt(e, due)).statementClose.failed).toBe(0);
    const june = ok(await statementOf(w.ops, w, '2026-06'));
    expect(june).toMatchObject({ status: 'CLOSED' });
    expect(cny(june)).toMatchObject({ opening: 0, closing: -650 });

    // waived on 2026-06-20 (June, by its time) after June closed: June stays, July has the waiver
    await waiveAt(e, p.id, '2026-06-20T04:00:00.000Z');
    expect(ok(await statementOf(w.ops, w, '2026-06'))).toEqual(june);
    const july = ok(await statementOf(w.ops, w, '2026-07'));
    expect(july.status).toBe('OPEN');
    expect(cny(july)).toMatchObject({ opening: -650, closing: -250 });
    expect(cny(july).lines).toEqual([{ kind: 'PENALTY_WAIVER', document: { type: 'penalty', id: p.id, no: p.no }, amount: 400, occurredAt: '2026-06-20T04:00:00.000Z' }]);
    // ops' waive now (the route) lands in the current month
    ok(await w.ops.post(`/api/penalties/${q.id}/waive`, { reason: '系统原因' }));
    const now = ok(await w.merchantA.get('/api/statements')).items[0];
    expect(now.status).toBe('OPEN');
    expect(cny(now).totals.PENALTY_WAIVER).toBe(250);
    expectBalanced(ok(await statementOf(w.ops, w, now.month)));
    // an accepted dispute waives through the same waive: its waiver is on this month's statement too
    const r = await penaltyAt(e, w, e.clock.now().toISOString(), 150);
    const d = ok(await w.merchantA.post('/api/disputes', { documentType: 'PENALTY', documentId: r.id, text: '系统故障' }), 201);
    ok(await w.ops.post(`/api/disputes/${d.id}/accept`, { reason: '核实' }));
    const after = cny(ok(await statementOf(w.merchantA, w, now.month)));
    expect(after.lines.filter((l: any) => l.document.id === r.id).map((l: any) => `${l.kind}:${l.amount}`)).toEqual(['PENALTY:-150', 'PENALTY_WAIVER:150']);
    expect(after.closing).toBe(cny(now).closing);

    // scope: another merchant, a warehouse user; no subtype anywhere
    expect((await statementOf(w.merchantB, w, '2026-06')).status).toBe(404);
    expect((await w.merchantB.get(`/api/statements/${w.ids.merchantA}/2026-06/export`, { format: 'pdf' })).status).toBe(404);
    expect(ok(await w.merchantB.get('/api/statements', { merchantId: w.ids.merchantA })).items).toEqual([]);
    expect(ok(await w.merchantB.get('/api/statements')).items.every((s: any) => s.merchant.id === w.ids.merchantB)).toBe(true);
    expect((await w.whA.get('/api/statements')).status).toBe(403);
    for (const res of [await statementOf(w.merchantA, w, '2026-06'), await w.merchantA.get('/api/statements')]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/subtype/i);
    }

    // PDF: the text layer has the closing balance (and Chinese); XLSX: the closing row
    const pdf = await e.app.inject({ method: 'GET', url: `/api/statements/${w.ids.merchantA}/2026-06/export?format=pdf&lang=zh-CN`, headers: { authorization: `Bearer ${w.merchantA.token}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).join('\n');
    expect(text).toContain('期末余额');
    expect(text).toContain('-6.50 CNY');
    expect(text).toContain(p.no);
    const xlsx = await e.app.inject({ method: 'GET', url: `/api/statements/${w.ids.merchantA}/2026-07/export?format=xlsx&lang=en-US`, headers: { authorization: `Bearer ${w.ops.token}` } });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((r: any) => r.slice(1));
    expect(rows).toContainEqual(['Closing balance', '', '', -2.5, 'CNY']);
    expect(rows).toContainEqual(['Opening balance', '', '', -6.5, 'CNY']);
  });
});

const pg = DIALECTS.find((d) => d.name === 'postgres')!;
eachDialect('statements with fees', (env) => {
  it('a fee charged by a decision is a − line of its month, its waiver a + line; the month stays balanced', async () => {
    const e = env();
    const w = await seedWorld(e);
    ok(await e.admin.put('/api/settings', { feesRequirePhoto: false }));
    const exc = await registerOn(w, 'BARCODE_DAMAGED', 2);
    ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: exc.version }));
    const [fee] = ok(await w.ops.get('/api/fees', { exceptionId: exc.id })).items;
    expect(fee).toMatchObject({ status: 'CHARGED', amount: 300, currency: 'CNY' });
    const month = ok(await w.merchantA.get('/api/statements')).items[0].month;
    const charged = cny(ok(await statementOf(w.merchantA, w, month)));
    expect(charged.lines).toEqual([{ kind: 'FEE', document: { type: 'fee', id: fee.id, no: fee.no }, amount: -300, occurredAt: fee.createdAt }]);
    expect(charged.totals).toMatchObject({ FEE: -300, FEE_WAIVER: 0 });

    ok(await w.ops.post(`/api/fees/${fee.id}/waive`, { reason: '仓库误判' }));
    const waived = ok(await statementOf(w.merchantA, w, month));
    expect(lineKinds(cny(waived))).toEqual(['FEE:-300', 'FEE_WAIVER:300']);
    expect(cny(waived)).toMatchObject({ closing: charged.closing + 300, totals: { FEE: -300, FEE_WAIVER: 300 } });
    expectBalanced(waived);
    expect(JSON.stringify(waived)).not.toMatch(/subtype|BARCODE_DAMAGED/i);
  });
});

(pg.enabled ? describe : describe.skip)('statements races [postgres]', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await startTestApp('postgres'); });
  afterAll(async () => { await env?.app.close(); await env?.db.cleanup(); });

  it(`waive ∥ ops' close ∥ the close job, on one month: one snapshot, the waiver on the closed month XOR on the next, no 500 (${ROUNDS} rounds)`, async () => {
    const e = env;
    const w = await seedWorld(e);
    const ops = await e.db.handle.db.selectFrom('users').select(['id', 'username']).where('role', '=', 'OPS').executeTakeFirstOrThrow();
    const actor: Actor = { id: ops.id, username: ops.username, role: 'OPS', merchantId: null, warehouseId: null };
    const outcomes = { closedMonth: 0, nextMonth: 0 };
    const closers = { ops: 0, job: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const month = addMonths('2023-01', round);
      const { start, end } = monthBounds(month, TZ);
      const p = await penaltyAt(e, w, at(start, 3600), 100 + round);
      // the waive's clock: the month's last minute, so its line belongs to `month` unless the close took it first
      const waiveCtx = { db: e.db.handle.db, actor, clock: fixedClock(at(end, -60)), dataDir: e.db.dataDir };
      // ops' close and the job's close of the same month race each other too: one claim, one snapshot
      const [waived, byOps, byJob] = await Promise.all([
        waivePenalty(waiveCtx, p.id, { reason: '并发豁免' }).then(() => 200, (err) => err.status ?? 500),
        w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month }),
        closeJobAt(e, closeDueAt(month, { statementCloseDay: 5 }, TZ)),
      ]);
      no500([byOps]);
      expect([waived, byOps.status, byJob.statementClose.failed], `round ${round}`).toEqual([200, 200, 0]);
      // exactly one of the two closes took the month
      expect(byOps.body.closed.length + byJob.statementClose.done, `round ${round}`).toBe(1);
      closers[byOps.body.closed.length ? 'ops' : 'job']++;
      const s = ok(await w.ops.get(`/api/statements/${w.ids.merchantA}/${month}`));
      expect(s.status).toBe('CLOSED');
      const next = ok(await w.ops.get(`/api/statements/${w.ids.merchantA}/${addMonths(month, 1)}`));
      expect(next.status).toBe('OPEN');
      const inClosed = cny(s).lines.filter((l: any) => l.kind === 'PENALTY_WAIVER' && l.document.id === p.id).length;
      const inNext = (cny(next)?.lines ?? []).filter((l: any) => l.kind === 'PENALTY_WAIVER' && l.document.id === p.id).length;
      expect(inClosed + inNext, `round ${round}`).toBe(1);
      outcomes[inClosed ? 'closedMonth' : 'nextMonth']++;
      // the closed statement is its snapshot: the stored lines, balanced
      const stored = await e.db.handle.db.selectFrom('statementLines').select(['kind', 'documentId', 'amount']).where('statementId', '=', cny(s).id).orderBy('occurredAt').orderBy('kind').orderBy('id').execute();
      expect(cny(s).lines.map((l: any) => [l.kind, l.document.id, l.amount])).toEqual(stored.map((r) => [r.kind, r.documentId, Number(r.amount)]));
      expectBalanced(s);
      expectBalanced(next);
      expect(cny(next)?.opening ?? 0).toBe(cny(s).closing);
    }
    console.info('statements races: waiver on', outcomes, 'closed by', closers);
  }, 180_000);
});
