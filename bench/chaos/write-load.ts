/**
 * The mixed write load of the crash and cluster parts: new orders shipped and arrived, receipts,
 * registrations, decides, return methods — from several concurrent workers, every write with an
 * Idempotency-Key. A write is acknowledged (2xx), refused, or its answer is lost (the server was
 * killed); `retryLost` sends each lost one again with its key, and `verifyAcks` checks that every
 * acknowledged write is in the database:
 *  - a retried request whose first try had committed must replay, one that had not must run once;
 *  - a registration carries its key in the remark, so a duplicate would show;
 *  - the document exists at (at least) the acknowledged version, a decided exception has the
 *    acknowledged plan, a receipt's counts are not lost; and the invariants (invariants.ts) hold.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Client, Res } from './client.js';
import { allFindings } from './invariants.js';
import type { World } from './world.js';

type Db = Kysely<any>;

export interface LoadCounts {
  requests: number;
  acknowledged: number;
  lostAnswers: number;
  /** Of the lost answers: requests the server may have been running when it died (not refused at connect). */
  inFlightAtKill: number;
  /** Lost answers whose write had committed (its Idempotency-Key was stored) — their retry must replay. */
  committedBeforeKill: number;
  retriedReplayed: number;
  retriedExecuted: number;
  byStatus: Record<string, number>;
  findings: string[];
}

export const emptyCounts = (): LoadCounts => ({ requests: 0, acknowledged: 0, lostAnswers: 0, inFlightAtKill: 0, committedBeforeKill: 0, retriedReplayed: 0, retriedExecuted: 0, byStatus: {}, findings: [] });

export interface Ack { kind: string; key: string; body: any; plan?: string; remarkTag?: string }
interface Pending { kind: string; key: string; client: Client; url: string; body: unknown; remarkTag?: string; plan?: string }
interface NoteState { id: string; lines: { skuId: string; declared: number }[] }

const TABLE_OF: Record<string, string> = { exc: 'exceptions', dn: 'deliveryNotes', so: 'stockingOrders', ret: 'returnOrders' };

export type WriteLoad = ReturnType<typeof writeLoad>;

export function writeLoad(w: World, opts: { addressId: string; rnd: () => number; counts: LoadCounts }) {
  const { rnd, counts: report } = opts;
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const notes: NoteState[] = [];
  const pendingExc: { id: string; allowed: string[]; version: number }[] = [];
  const returns: string[] = [];
  const acks: Ack[] = [];
  let lost: Pending[] = [];

  /** One write: acknowledged, refused, or its answer lost to the kill. */
  const write = async (kind: string, client: Client, url: string, body: unknown, extra: { remarkTag?: string; plan?: string } = {}): Promise<Res | undefined> => {
    const key = randomUUID();
    report.requests++;
    try {
      const res = await client.post(url, body, { idempotencyKey: key });
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      if (res.status >= 500) report.findings.push(`${kind} ${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
      if (res.status < 300) { acks.push({ kind, key, body: res.body, ...extra }); report.acknowledged++; }
      return res;
    } catch (e) {
      lost.push({ kind, key, client, url, body, ...extra });
      report.lostAnswers++;
      if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') report.inFlightAtKill++;
      return undefined;
    }
  };

  const supply = async () => {
    const lines = [{ sku: 0, qty: 12 }, { sku: 1, qty: 8 }];
    const order = await write('order', w.ops, '/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: pick(['FIRST', 'REPEAT', 'JIT_REPEAT']),
      lines: lines.map((l) => ({ skuId: w.ids.skusA[l.sku], qty: l.qty, unitPrice: 990 })),
    });
    if (order?.status !== 201) return;
    if ((await write('accept', w.merchantA, `/api/stocking-orders/${order.body.id}/accept`, {}))?.status !== 200) return;
    const note = await write('note', w.merchantA, '/api/delivery-notes', {
      stockingOrderId: order.body.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
      boxes: lines.map((l) => ({ lines: [{ skuId: w.ids.skusA[l.sku], qty: l.qty }] })),
    });
    if (note?.status !== 201) return;
    if ((await write('confirm', w.merchantA, `/api/delivery-notes/${note.body.id}/confirm`, {}))?.status !== 200) return;
    if ((await write('arrive', w.whA, `/api/delivery-notes/${note.body.id}/arrive`, {}))?.status !== 200) return;
    notes.push({ id: note.body.id, lines: lines.map((l) => ({ skuId: w.ids.skusA[l.sku], declared: l.qty })) });
  };

  const step = async () => {
    const r = rnd();
    if (notes.length < 3 || r < 0.12) return supply();
    if (r < 0.4) {
      const n = pick(notes); const l = pick(n.lines);
      return void (await write('receipt', w.whA, `/api/delivery-notes/${n.id}/receipts`, { lines: [{ skuId: l.skuId, qty: 1 + Math.floor(rnd() * 2) }] }));
    }
    if (r < 0.6) {
      const n = pick(notes);
      const tag = `chaos:${randomUUID()}`;
      const body = rnd() < 0.5
        ? { deliveryNoteId: n.id, subtype: 'SHORTAGE', lines: [{ skuId: n.lines[0].skuId, qty: 1 }], remark: tag }
        : { deliveryNoteId: n.id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: n.lines[1].skuId, qty: 1 }], remark: tag };
      const res = await write('register', w.whA, '/api/exceptions', body, { remarkTag: tag });
      if (res?.status === 201) pendingExc.push({ id: res.body.id, allowed: res.body.allowedPlans, version: res.body.version });
      return;
    }
    if (r < 0.85 && pendingExc.length) {
      const e = pendingExc.splice(Math.floor(rnd() * pendingExc.length), 1)[0];
      const plan = pick(e.allowed);
      const res = await write('decide', w.ops, `/api/exceptions/${e.id}/decide`, { plan, version: e.version }, { plan });
      if (res?.status === 200) returns.push(...res.body.documents.returnOrders.map((x: { id: string }) => x.id));
      return;
    }
    if (returns.length) {
      const ro = pick(returns);
      const m = rnd();
      const body = m < 0.4 ? { method: 'PLATFORM_LOGISTICS', addressId: opts.addressId } : m < 0.8 ? { method: 'MERCHANT_PICKUP', pickupAt: new Date(Date.now() + 3 * 86400e3).toISOString() } : { method: 'ABANDON' };
      await write('method', w.merchantA, `/api/return-orders/${ro}/method`, body);
    }
  };

  /** `workers` concurrent loops of `step` while `running()`. */
  const run = (workers: number, running: () => boolean) => Promise.all(Array.from({ length: workers }, async () => {
    while (running()) {
      try { await step(); } catch (e) { report.findings.push(`harness: ${(e as Error).message}`); }
    }
  }));

  /** Answers lost to a kill: the same request with the same key runs at most once. Returns how many were retried. */
  const retryLost = async (db: Db): Promise<number> => {
    const retry = lost;
    lost = [];
    const committed = new Set<string>();
    for (let i = 0; i < retry.length; i += 500) {
      const rows = await db.selectFrom('idempotencyKeys').select('key').where('key', 'in', retry.slice(i, i + 500).map((p) => p.key)).execute();
      for (const r of rows) committed.add(r.key);
    }
    report.committedBeforeKill += committed.size;
    for (const p of retry) {
      let res: Res;
      try { res = await p.client.post(p.url, p.body, { idempotencyKey: p.key }); } catch (e) { report.findings.push(`retry of ${p.kind} failed: ${(e as Error).message}`); continue; }
      if (res.status >= 500) report.findings.push(`retry of ${p.kind} ${p.url} answered ${res.status}: ${res.text.slice(0, 300)}`);
      const replayed = res.headers['idempotent-replayed'] === 'true';
      if (committed.has(p.key) && !replayed) report.findings.push(`${p.kind} ${p.url} had committed before the kill, and its retry ran it again (${res.status})`);
      if (!committed.has(p.key) && replayed) report.findings.push(`${p.kind} ${p.url} never committed, yet its retry was answered as a replay`);
      if (res.status < 300) {
        if (replayed) report.retriedReplayed++;
        else report.retriedExecuted++;
        acks.push({ kind: p.kind, key: p.key, body: res.body, plan: p.plan, remarkTag: p.remarkTag });
      }
    }
    return retry.length;
  };

  return { write, run, retryLost, acks };
}

/** Invariants, plus every acknowledged write still there. */
export async function verifyAcks(db: Db, acks: Ack[]): Promise<string[]> {
  const out = await allFindings(db);
  // each registration's key is in its remark: exactly one exception per acknowledged registration
  const tags = acks.filter((a) => a.remarkTag).map((a) => a.remarkTag!);
  for (let i = 0; i < tags.length; i += 500) {
    const some = tags.slice(i, i + 500);
    const rows = await db.selectFrom('exceptions').select(['remark', (eb) => eb.fn.countAll().as('n')]).where('remark', 'in', some).groupBy('remark').execute();
    const n = new Map(rows.map((r) => [r.remark, Number(r.n)]));
    for (const t of some) if (n.get(t) !== 1) out.push(`registration ${t} acknowledged, found ${n.get(t) ?? 0} times`);
  }
  const dupTags = await db.selectFrom('exceptions').select(['remark', (eb) => eb.fn.countAll().as('n')]).where('remark', 'like', 'chaos:%').groupBy('remark').having((eb) => eb.fn.countAll(), '>', 1).execute();
  for (const d of dupTags) out.push(`registration ${d.remark} executed ${d.n} times`);
  // acknowledged documents are there at least at the acknowledged version
  const byTable = new Map<string, Map<string, number>>();
  for (const a of acks) {
    const id = a.body?.id as string | undefined;
    const table = id ? TABLE_OF[id.split('_')[0]] : undefined;
    if (!id || !table || typeof a.body.version !== 'number') continue;
    const m = byTable.get(table) ?? new Map();
    m.set(id, Math.max(m.get(id) ?? 0, a.body.version));
    byTable.set(table, m);
  }
  for (const [table, want] of byTable) {
    const ids = [...want.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom(table as 'exceptions').select(['id', 'version']).where('id', 'in', ids.slice(i, i + 500)).execute();
      const have = new Map(rows.map((r) => [r.id, Number(r.version)]));
      for (const id of ids.slice(i, i + 500)) {
        if (!have.has(id)) out.push(`acknowledged ${table} ${id} is missing`);
        else if (have.get(id)! < want.get(id)!) out.push(`acknowledged ${table} ${id} v${want.get(id)} is back at v${have.get(id)}`);
      }
    }
  }
  // decides keep their plan; receipts keep their counts
  const decided = acks.filter((a) => a.kind === 'decide');
  for (let i = 0; i < decided.length; i += 500) {
    const some = decided.slice(i, i + 500);
    const rows = await db.selectFrom('exceptions').select(['id', 'no', 'status', 'plan']).where('id', 'in', some.map((a) => a.body.id)).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of some) {
      const r = byId.get(a.body.id);
      if (!r || r.plan !== a.plan || r.status === 'PENDING' || r.status === 'CANCELLED') out.push(`decide of ${a.body.no} (${a.plan}) acknowledged, database has ${r?.status} ${r?.plan}`);
    }
  }
  const received = new Map<string, number>();
  for (const a of acks.filter((x) => x.kind === 'receipt')) {
    for (const l of a.body.lines ?? []) received.set(`${a.body.id}/${l.skuId}`, Math.max(received.get(`${a.body.id}/${l.skuId}`) ?? 0, l.received));
  }
  const noteIds = [...new Set([...received.keys()].map((k) => k.split('/')[0]))];
  for (let i = 0; i < noteIds.length; i += 500) {
    const rows = await db.selectFrom('deliveryNoteLines').select(['deliveryNoteId', 'skuId', 'received']).where('deliveryNoteId', 'in', noteIds.slice(i, i + 500)).execute();
    for (const r of rows) {
      const want = received.get(`${r.deliveryNoteId}/${r.skuId}`);
      if (want !== undefined && Number(r.received) < want) out.push(`note ${r.deliveryNoteId} sku ${r.skuId}: ${want} received acknowledged, database has ${r.received}`);
    }
  }
  return out;
}
