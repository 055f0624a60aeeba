/**
 * Storm: many concurrent clients acting on the same few documents — receipts and QC on shared
 * notes, registrations, decides and cancels on shared exceptions, return methods on shared return
 * orders — with versions that are often stale. Every answer must be a success, a 409 or a 422;
 * afterwards the invariants hold and the successes add up:
 *  - a line's received/passed counters moved by exactly the sum of the successful receipts / QC;
 *  - an exception was decided or cancelled at most once, and the database shows that outcome;
 *  - no two successes on one document answered with the same version (no lost update), and the
 *    document's last successful answer is what the database holds.
 */
import type { Kysely } from 'kysely';
import { ok, type Client, type Res } from './client.js';
import { allFindings } from './invariants.js';
import { arrivedNote, type World } from './world.js';

export interface StormReport {
  clients: number;
  requests: number;
  byStatus: Record<string, number>;
  byAction: Record<string, Record<string, number>>;
  findings: string[];
  seconds: number;
}

interface Setup {
  notes: { id: string; skus: string[] }[];
  exceptions: { id: string; allowed: string[] }[];
  returns: string[];
  addressId: string;
}

async function setup(w: World, notes: number): Promise<Setup> {
  const s: Setup = { notes: [], exceptions: [], returns: [], addressId: '' };
  const [sku0, sku1] = w.ids.skusA;
  for (let i = 0; i < notes; i++) {
    const note = await arrivedNote(w, [{ sku: 0, qty: 30 }, { sku: 1, qty: 20 }]);
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: sku0, qty: 10 }, { skuId: sku1, qty: 8 }] }));
    s.notes.push({ id: note.id, skus: [sku0, sku1] });
    for (const body of [
      { deliveryNoteId: note.id, subtype: 'SHORTAGE', lines: [{ skuId: sku0, qty: 1 }] },
      { deliveryNoteId: note.id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: sku1, qty: 1 }] },
    ]) {
      const e = ok(await w.whA.post('/api/exceptions', body), 201);
      s.exceptions.push({ id: e.id, allowed: e.allowedPlans });
    }
  }
  // return orders to fight over: damaged units sent back
  const extra = await arrivedNote(w, [{ sku: 2, qty: 12 }]);
  ok(await w.whA.post(`/api/delivery-notes/${extra.id}/receipts`, { lines: [{ skuId: w.ids.skusA[2], qty: 12 }] }));
  for (let i = 0; i < 3; i++) {
    const e = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: extra.id, subtype: 'DAMAGED_DIRTY', lines: [{ skuId: w.ids.skusA[2], qty: 2 }] }), 201);
    const d = ok(await w.ops.post(`/api/exceptions/${e.id}/decide`, { plan: 'PROBLEM_GOODS_REPAIR', version: e.version }));
    s.returns.push(...d.documents.returnOrders.map((r: { id: string }) => r.id));
  }
  s.addressId = ok(await w.merchantA.post('/api/addresses', { name: '张三', phone: '13800000000', region: '浙江省 杭州市', detail: '仓库路 1 号', isDefault: true }), 201).id;
  return s;
}

type Outcome = { action: string; doc: string; res: Res; detail: Record<string, unknown> };

export async function runStorm(w: World, db: Kysely<any>, opts: { clients: number; actionsPerClient: number; notes?: number; seed?: number }): Promise<StormReport> {
  const s = await setup(w, opts.notes ?? 3);
  const lines0 = await db.selectFrom('deliveryNoteLines').select(['deliveryNoteId', 'skuId', 'received', 'passed']).where('deliveryNoteId', 'in', s.notes.map((n) => n.id)).execute();
  const before = new Map(lines0.map((l) => [`${l.deliveryNoteId}/${l.skuId}`, { received: Number(l.received), passed: Number(l.passed) }]));
  let seed = opts.seed ?? 1;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const outcomes: Outcome[] = [];
  const started = Date.now();

  const act = async (): Promise<Outcome> => {
    const r = rnd();
    if (r < 0.3) {
      const n = pick(s.notes); const sku = pick(n.skus); const qty = 1 + Math.floor(rnd() * 3);
      const version = rnd() < 0.3 ? (await w.whA.get(`/api/delivery-notes/${n.id}`)).body?.version : undefined;
      return { action: 'receipt', doc: n.id, detail: { sku, qty }, res: await w.whA.post(`/api/delivery-notes/${n.id}/receipts`, { lines: [{ skuId: sku, qty }], ...(version ? { version } : {}) }) };
    }
    if (r < 0.4) {
      const n = pick(s.notes); const sku = pick(n.skus);
      return { action: 'qc', doc: n.id, detail: { sku, passed: 1 }, res: await w.whA.post(`/api/delivery-notes/${n.id}/qc`, { lines: [{ skuId: sku, passed: 1, failed: 0 }] }) };
    }
    if (r < 0.6) {
      const e = pick(s.exceptions); const plan = pick(e.allowed);
      const version = rnd() < 0.7 ? (await w.ops.get(`/api/exceptions/${e.id}`)).body?.version ?? 1 : 1;
      return { action: 'decide', doc: e.id, detail: { plan }, res: await w.ops.post(`/api/exceptions/${e.id}/decide`, { plan, version }) };
    }
    if (r < 0.67) {
      const e = pick(s.exceptions);
      return { action: 'cancel', doc: e.id, detail: {}, res: await w.whA.post(`/api/exceptions/${e.id}/cancel`, { reason: 'storm: registered in error' }) };
    }
    if (r < 0.75) {
      const n = pick(s.notes);
      const res = await w.whA.post('/api/exceptions', { deliveryNoteId: n.id, subtype: 'SHORTAGE', lines: [{ skuId: n.skus[0], qty: 1 }], remark: 'storm' });
      if (res.status === 201) s.exceptions.push({ id: res.body.id, allowed: res.body.allowedPlans });
      return { action: 'register', doc: n.id, detail: {}, res };
    }
    const ro = pick(s.returns);
    const m = rnd();
    const body = m < 0.4 ? { method: 'PLATFORM_LOGISTICS', addressId: s.addressId }
      : m < 0.8 ? { method: 'MERCHANT_PICKUP', pickupAt: new Date(Date.now() + 86400e3 * (1 + Math.floor(rnd() * 5))).toISOString() }
        : { method: 'ABANDON' };
    const version = rnd() < 0.5 ? (await w.merchantA.get(`/api/return-orders/${ro}`)).body?.version : undefined;
    return { action: 'method', doc: ro, detail: body, res: await w.merchantA.post(`/api/return-orders/${ro}/method`, { ...body, ...(version ? { version } : {}) }) };
  };

  await Promise.all(Array.from({ length: opts.clients }, async () => {
    for (let i = 0; i < opts.actionsPerClient; i++) outcomes.push(await act());
  }));

  const report: StormReport = { clients: opts.clients, requests: outcomes.length, byStatus: {}, byAction: {}, findings: [], seconds: (Date.now() - started) / 1000 };
  const clean = new Set([200, 201, 409, 422]);
  for (const o of outcomes) {
    report.byStatus[o.res.status] = (report.byStatus[o.res.status] ?? 0) + 1;
    const a = (report.byAction[o.action] ??= {});
    a[o.res.status] = (a[o.res.status] ?? 0) + 1;
    if (!clean.has(o.res.status)) report.findings.push(`${o.action} on ${o.doc} ${JSON.stringify(o.detail)} answered ${o.res.status}: ${o.res.text.slice(0, 300)}`);
    else if (o.res.status >= 400 && !String(o.res.headers['content-type'] ?? '').startsWith('application/problem+json')) report.findings.push(`${o.action} answered ${o.res.status} without problem+json`);
  }
  const okd = outcomes.filter((o) => o.res.status === 200 || o.res.status === 201);

  // the successes add up on the ledger counters
  const lines1 = await db.selectFrom('deliveryNoteLines').select(['deliveryNoteId', 'skuId', 'received', 'passed']).where('deliveryNoteId', 'in', s.notes.map((n) => n.id)).execute();
  for (const l of lines1) {
    const key = `${l.deliveryNoteId}/${l.skuId}`;
    const b = before.get(key) ?? { received: 0, passed: 0 };
    const rec = okd.filter((o) => o.action === 'receipt' && `${o.doc}/${o.detail.sku}` === key).reduce((n, o) => n + Number(o.detail.qty), 0);
    const qc = okd.filter((o) => o.action === 'qc' && `${o.doc}/${o.detail.sku}` === key).length;
    if (Number(l.received) !== b.received + rec) report.findings.push(`line ${key}: received ${l.received}, but ${b.received} + ${rec} acknowledged`);
    if (Number(l.passed) !== b.passed + qc) report.findings.push(`line ${key}: passed ${l.passed}, but ${b.passed} + ${qc} acknowledged`);
  }
  // exceptions: one outcome at most, and it is what the database shows
  const excRows = await db.selectFrom('exceptions').select(['id', 'no', 'status', 'plan']).where('id', 'in', s.exceptions.map((e) => e.id)).execute();
  for (const e of excRows) {
    const decided = okd.filter((o) => o.action === 'decide' && o.doc === e.id);
    const cancelled = okd.filter((o) => o.action === 'cancel' && o.doc === e.id);
    if (decided.length + cancelled.length > 1) report.findings.push(`exception ${e.no}: ${decided.length} decides and ${cancelled.length} cancels succeeded`);
    if (decided.length === 1 && (e.status === 'PENDING' || e.status === 'CANCELLED' || e.plan !== decided[0].detail.plan)) report.findings.push(`exception ${e.no}: decided ${decided[0].detail.plan} acknowledged, database has ${e.status} ${e.plan}`);
    if (cancelled.length === 1 && e.status !== 'CANCELLED') report.findings.push(`exception ${e.no}: cancel acknowledged, database has ${e.status}`);
    if (!decided.length && !cancelled.length && e.status !== 'PENDING') report.findings.push(`exception ${e.no}: nothing acknowledged, database has ${e.status}`);
  }
  // no lost update: successes on one document never share a version; the last one is in the database
  const byDoc = new Map<string, Outcome[]>();
  for (const o of okd) {
    const id = o.action === 'register' ? o.res.body.id : o.action === 'qc' || o.action === 'receipt' ? o.doc : o.doc;
    byDoc.set(id, [...(byDoc.get(id) ?? []), o]);
  }
  for (const [doc, list] of byDoc) {
    const versions = list.map((o) => o.res.body?.version).filter((v) => v !== undefined);
    if (new Set(versions).size !== versions.length) report.findings.push(`document ${doc}: two successes answered the same version (${versions.join(', ')})`);
  }
  const roRows = await db.selectFrom('returnOrders').select(['id', 'no', 'method', 'version']).where('id', 'in', s.returns).execute();
  for (const ro of roRows) {
    const list = okd.filter((o) => o.action === 'method' && o.doc === ro.id).sort((a, b) => a.res.body.version - b.res.body.version);
    const last = list[list.length - 1];
    if (last && (last.res.body.version !== Number(ro.version) || last.res.body.method !== ro.method)) {
      report.findings.push(`return order ${ro.no}: last acknowledged ${last.res.body.method} v${last.res.body.version}, database has ${ro.method} v${ro.version}`);
    }
  }
  report.findings.push(...(await allFindings(db)));
  return report;
}
