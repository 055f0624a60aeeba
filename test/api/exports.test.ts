/**
 * GET /api/<list>/export (issue 13): each list's export, XLSX (read back with exceljs) and CSV, is
 * the list's rows for the same filters, in the same order; scoped like the list (a merchant's own
 * rows, never a subtype); headers, labels, amounts and times for people; refusals before the stream.
 */
import { expect, it } from 'vitest';
import { SUBTYPES, SUBTYPE_CODES } from '../../src/domain/catalog.js';
import { MACHINES } from '../../src/domain/state-machines.js';
import { exceptionExport } from '../../src/modules/exceptions/export.js';
import { issuePenalty } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR, type Actor } from '../../src/modules/shared/context.js';
import { startExport } from '../../src/modules/shared/export.js';
import { eachDialect, type Client, type TestEnv } from '../helpers/app.js';
import { download, exported, readCsv, readXlsx, shanghai, type Cell } from '../helpers/exports.js';
import { arrive, ok, seedWorld, surplusReturn, type World } from '../helpers/world.js';
import { compensationFor, returnOrderFor } from './fixtures/returns.js';

type Item = Record<string, any>;
interface List {
  path: string;
  doc: keyof typeof MACHINES;
  /** A filter the page offers, and which of the unfiltered rows it keeps. */
  filter: Record<string, string>;
  keeps: (i: Item) => boolean;
  /** The amount column's minor units, for lists with money. */
  amount?: (i: Item) => number;
  time: string;
}

const LISTS: List[] = [
  { path: '/api/exceptions', doc: 'exception', filter: { type: 'GOODS' }, keeps: (i) => i.type === 'GOODS', time: '登记时间 (Asia/Shanghai)' },
  { path: '/api/return-orders', doc: 'returnOrder', filter: { status: 'AWAITING_DISPOSAL' }, keeps: (i) => i.status === 'AWAITING_DISPOSAL', time: '创建时间 (Asia/Shanghai)' },
  { path: '/api/stocking-orders', doc: 'stockingOrder', filter: { type: 'JIT_REPEAT' }, keeps: (i) => i.type === 'JIT_REPEAT', amount: (i) => i.totalAmount, time: '创建时间 (Asia/Shanghai)' },
  { path: '/api/delivery-notes', doc: 'deliveryNote', filter: { status: 'IN_TRANSIT' }, keeps: (i) => i.status === 'IN_TRANSIT', time: '创建时间 (Asia/Shanghai)' },
  { path: '/api/compensations', doc: 'compensation', filter: { status: 'PENDING' }, keeps: (i) => i.status === 'PENDING', amount: (i) => i.amount, time: '创建时间 (Asia/Shanghai)' },
  { path: '/api/penalties', doc: 'penalty', filter: { reason: 'JIT_SHIP_LATE' }, keeps: (i) => i.reason === 'JIT_SHIP_LATE', amount: (i) => i.amount, time: '创建时间 (Asia/Shanghai)' },
];

/**
 * Merchant A: four exceptions (two LOGISTICS, one GOODS, one PACKAGE), their returns (one abandoned),
 * two compensations (one paid), two penalties, a note in transit; merchant B: one exception, its
 * return and a penalty.
 */
async function seed(env: TestEnv): Promise<World> {
  const w = await seedWorld(env);
  const paid = (await compensationFor(w)).cmp;
  ok(await w.ops.post(`/api/compensations/${paid.id}/pay`, { reference: 'BANK-1' }));
  await compensationFor(w, 1);
  const abandoned = await surplusReturn(w);
  ok(await w.merchantA.post(`/api/return-orders/${abandoned.id}/method`, { method: 'ABANDON' }));
  await returnOrderFor(w);
  const jit = ok(await w.ops.post('/api/stocking-orders', { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice: 1099 }] }), 201);
  await penalty(env, w.ids.merchantA, jit.id, 'JIT_ACCEPT_LATE', 400);
  await penalty(env, w.ids.merchantA, jit.id, 'JIT_SHIP_LATE', 1250);
  ok(await w.merchantA.post(`/api/stocking-orders/${jit.id}/accept`, {}));
  const inTransit = ok(await w.merchantA.post('/api/delivery-notes', {
    stockingOrderId: jit.id, logistics: 'SELF', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(), boxes: [{ lines: [{ skuId: w.ids.skusA[0], qty: 4 }] }],
  }), 201);
  ok(await w.merchantA.post(`/api/delivery-notes/${inTransit.id}/confirm`, {}));
  // merchant B, at the same warehouse
  const order = ok(await w.ops.post('/api/stocking-orders', { merchantId: w.ids.merchantB, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusB[0], qty: 3, unitPrice: 500 }] }), 201);
  await penalty(env, w.ids.merchantB, order.id, 'JIT_SHIP_LATE', 300);
  ok(await w.merchantB.post(`/api/stocking-orders/${order.id}/accept`, {}));
  const note = ok(await w.merchantB.post('/api/delivery-notes', {
    stockingOrderId: order.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(), boxes: [{ lines: [{ skuId: w.ids.skusB[0], qty: 3 }] }],
  }), 201);
  ok(await w.merchantB.post(`/api/delivery-notes/${note.id}/confirm`, {}));
  await arrive(w, note.id);
  const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BOX_LABEL_MISSING' }), 201);
  ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'TERMINATE_DELIVERY', version: exc.version }));
  return w;
}

const penalty = (env: TestEnv, merchantId: string, stockingOrderId: string, reason: 'JIT_ACCEPT_LATE' | 'JIT_SHIP_LATE', amount: number) =>
  env.db.handle.db.transaction().execute((tx) => issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: env.clock }, { merchantId, stockingOrderId, reason, amount, currency: 'CNY' }));

/** Every page of a list. */
async function listAll(c: Client, path: string, query: Record<string, string>): Promise<Item[]> {
  const items: Item[] = [];
  for (let cursor: string | undefined; ;) {
    const page = ok(await c.get(path, { ...query, limit: 2, cursor }));
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

const column = (rows: Cell[][], header: string) => {
  const i = rows[0].indexOf(header);
  expect(i, `column ${header} in ${rows[0].join(' | ')}`).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[i]);
};

/** The export equals the list: same rows in the same order, status, time and amount cells as the list's values read by hand. */
function expectSameRows(rows: Cell[][], items: Item[], list: List) {
  expect(rows.length - 1).toBe(items.length);
  expect(rows.slice(1).map((r) => r[0])).toEqual(items.map((i) => i.no));
  const labels = MACHINES[list.doc].labels as Record<string, { 'zh-CN': string }>;
  expect(column(rows, '状态')).toEqual(items.map((i) => labels[i.status]['zh-CN']));
  expect(column(rows, list.time)).toEqual(items.map((i) => shanghai(i.createdAt)));
  if (list.amount) {
    expect(column(rows, '金额')).toEqual(items.map((i) => list.amount!(i) / 100));
    expect(column(rows, '币种')).toEqual(items.map((i) => i.currency));
  }
}

const cells = (rows: Cell[][]) => rows.flat().map(String);

eachDialect('exports', (env) => {
  it('each list, XLSX and CSV, for ops: the list\'s rows for the same filters; a filter applied', async () => {
    const w = await seed(env());
    for (const list of LISTS) {
      const mine = { merchantId: w.ids.merchantA };
      const all = await listAll(w.ops, list.path, mine);
      expect(all.length, list.path).toBeGreaterThan(0);
      expectSameRows(await exported(env(), w.ops, list.path, mine), all, list);
      const filtered = await listAll(w.ops, list.path, { ...mine, ...list.filter });
      expect(filtered.map((i) => i.no), list.path).toEqual(all.filter(list.keeps).map((i) => i.no));
      expect(filtered.length, `${list.path} ${JSON.stringify(list.filter)} keeps some, not all`).toBeGreaterThan(0);
      expect(filtered.length).toBeLessThan(all.length);
      expectSameRows(await exported(env(), w.ops, list.path, { ...mine, ...list.filter }), filtered, list);
    }
  });

  it('a merchant exports its own rows only, and never a subtype: no column, no code, no label in any cell', async () => {
    const w = await seed(env());
    const subtypeTexts = [...SUBTYPE_CODES, ...SUBTYPES.flatMap((s) => [s.label['zh-CN'], s.label['en-US']])];
    for (const list of LISTS) {
      const own = await listAll(w.merchantA, list.path, {});
      const rows = await exported(env(), w.merchantA, list.path, {});
      expectSameRows(rows, own, list);
      expect(rows[0]).not.toContain('异常细分');
      for (const cell of cells(rows)) for (const s of subtypeTexts) expect(cell.includes(s), `${list.path}: "${cell}" names subtype ${s}`).toBe(false);
      const filtered = await listAll(w.merchantA, list.path, list.filter);
      expectSameRows(await exported(env(), w.merchantA, list.path, list.filter), filtered, list);
      // B's rows are not in A's export, and A's not in B's
      const theirs = await exported(env(), w.merchantB, list.path, {});
      const ownNos = new Set(own.map((i) => i.no));
      for (const no of theirs.slice(1).map((r) => r[0])) expect(ownNos.has(String(no)), `${list.path}: ${no}`).toBe(false);
      expect(cells(theirs)).not.toContain(`商家A ${w.tag}`);
      expect(cells(rows)).not.toContain(`商家B ${w.tag}`);
    }
    // what the merchant may not see is there for ops (the search above would have found it)
    const ops = await exported(env(), w.ops, '/api/exceptions', { merchantId: w.ids.merchantA });
    expect(column(ops, '异常细分')).toEqual(expect.arrayContaining(['物流运损', '数量异常(多货)']));
    expect(cells(await exported(env(), w.merchantB, '/api/exceptions', {}))).toContain(`商家B ${w.tag}`);
  });

  it('labels in zh-CN by default, en-US by ?lang or Accept-Language; amounts in yuan with two decimals in CSV', async () => {
    const w = await seed(env());
    const q = { merchantId: w.ids.merchantA, format: 'csv' };
    const header = async (query: Record<string, string>, headers?: Record<string, string>) =>
      readCsv((await download(env(), w.ops, '/api/penalties', query, headers)).raw.toString('utf8'));
    expect((await header(q))[0].slice(0, 2)).toEqual(['处罚单号', '备货订单号']);
    expect((await header({ ...q, lang: 'en-US' }))[0].slice(0, 2)).toEqual(['Penalty no.', 'Stocking order no.']);
    const en = await header(q, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en[0]).toContain('Created at (Asia/Shanghai)');
    expect(en.slice(1).map((r) => r[en[0].indexOf('Reason')]).sort()).toEqual(['JIT order accepted late', 'JIT order shipped late']);
    expect(en.slice(1).map((r) => r[en[0].indexOf('Amount')]).sort()).toEqual(['12.50', '4.00']);
    const zh = await header({ ...q, lang: 'zh-CN' }, { 'accept-language': 'en-US' });
    expect(zh.slice(1).map((r) => r[zh[0].indexOf('处罚原因')]).sort()).toEqual(['JIT订单超时接单', 'JIT订单超时发货'].sort());
    const res = await download(env(), w.ops, '/api/penalties', { ...q, lang: 'en-US' });
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^Penalties-\d{4}-\d{2}-\d{2}\.csv$/);
    // times follow the platform's time zone setting, named in the header
    const items = await listAll(w.ops, '/api/penalties', { merchantId: w.ids.merchantA });
    ok(await w.ops.put('/api/settings', { timeZone: 'UTC' }));
    try {
      const utc = await header(q);
      expect(utc.slice(1).map((r) => r[utc[0].indexOf('创建时间 (UTC)')])).toEqual(items.map((i) => i.createdAt.slice(0, 19).replace('T', ' ')));
    } finally {
      ok(await w.ops.put('/api/settings', { timeZone: 'Asia/Shanghai' }));
    }
  });

  it('refuses before the stream: a merchant\'s subtype filter, a role the list refuses, a bad format or filter', async () => {
    const w = await seed(env());
    const refused = async (c: Client, path: string, query: Record<string, string>, status: number, code?: string) => {
      const res = await download(env(), c, path, query);
      expect(res.status, `${path} ${JSON.stringify(query)}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (code) expect(res.json().code).toBe(code);
    };
    await refused(w.merchantA, '/api/exceptions', { format: 'xlsx', subtype: 'SURPLUS' }, 422, 'FILTER_NOT_ALLOWED');
    await refused(w.merchantA, '/api/exceptions', { format: 'xlsx', subtype: 'NOT_A_SUBTYPE' }, 422, 'FILTER_NOT_ALLOWED');
    await refused(w.whA, '/api/compensations', { format: 'csv' }, 403);
    await refused(w.ops, '/api/exceptions', {}, 400);
    await refused(w.ops, '/api/exceptions', { format: 'pdf' }, 400);
    await refused(w.ops, '/api/exceptions', { format: 'csv', status: 'LOST' }, 400);
    await refused(w.ops, '/api/exceptions', { format: 'csv', cursor: 'x' }, 400);
    expect((await env().anon.get('/api/exceptions/export', { format: 'csv' })).status).toBe(401);
    // ops may filter by subtype
    const surplus = await exported(env(), w.ops, '/api/exceptions', { merchantId: w.ids.merchantA, subtype: 'SURPLUS' });
    expect(column(surplus, '异常细分')).toEqual(['数量异常(多货)']);
  });

  it('pages through the list in chunks: two rows a read gives the same file as one read', async () => {
    const w = await seed(env());
    const actor: Actor = { id: null, username: 'merchant', role: 'MERCHANT', merchantId: w.ids.merchantA, warehouseId: null };
    const ctx = { db: env().db.handle.db, actor, clock: env().clock, dataDir: env().db.dataDir };
    const text = async (chunk?: number) => {
      const answer = await startExport(ctx, exceptionExport, {}, 'csv', 'zh-CN', (err) => { throw err; }, chunk);
      const parts: Buffer[] = [];
      for await (const part of answer.stream) parts.push(part as Buffer);
      return Buffer.concat(parts).toString('utf8');
    };
    const small = await text(2);
    expect(readCsv(small).length).toBe(5); // header and four exceptions, in two reads of two
    expect(small).toBe(await text());
    expect(small).toBe((await download(env(), w.merchantA, '/api/exceptions', { format: 'csv' })).raw.toString('utf8'));
  });
});
