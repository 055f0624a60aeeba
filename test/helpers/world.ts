/** Factories: a small world of tenants and users, built through the API, and the common flows. */
import { expect } from 'vitest';
import { ledgerViolations, LEDGER_FIELDS, type Ledger } from '../../src/domain/ledger.js';
import type { Client, Res, TestEnv } from './app.js';

export interface World {
  tag: string;
  ops: Client;
  merchantA: Client;
  merchantB: Client;
  whA: Client;
  whB: Client;
  ids: { merchantA: string; merchantB: string; warehouseA: string; warehouseB: string; skusA: string[]; skusB: string[] };
}

let worldSeq = 0;
const PASSWORD = 'password-1234';

export function ok<T = any>(res: Res<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  return res.body;
}

export async function seedWorld(env: TestEnv): Promise<World> {
  const tag = `w${++worldSeq}${Math.random().toString(36).slice(2, 6)}`;
  const a = env.admin;
  const merchantA = ok(await a.post('/api/admin/merchants', { name: `商家A ${tag}` }), 201).id;
  const merchantB = ok(await a.post('/api/admin/merchants', { name: `商家B ${tag}` }), 201).id;
  const warehouseA = ok(await a.post('/api/admin/warehouses', { name: `仓A ${tag}`, code: `WA-${tag}` }), 201).id;
  const warehouseB = ok(await a.post('/api/admin/warehouses', { name: `仓B ${tag}`, code: `WB-${tag}` }), 201).id;
  const sku = async (merchantId: string, i: number) =>
    ok(await a.post('/api/admin/skus', { merchantId, code: `S${i}-${tag}`, name: `商品${i}`, barcode: `69${i}${tag}` }), 201).id as string;
  const skusA = [await sku(merchantA, 1), await sku(merchantA, 2), await sku(merchantA, 3)];
  const skusB = [await sku(merchantB, 4)];
  const user = async (role: string, extra: Record<string, string> = {}) => {
    const username = `${role.toLowerCase()}-${Object.values(extra).join('').slice(-6)}-${tag}`;
    ok(await a.post('/api/admin/users', { username, password: PASSWORD, role, ...extra }), 201);
    return env.login(username, PASSWORD);
  };
  return {
    tag,
    ops: await user('OPS'),
    merchantA: await user('MERCHANT', { merchantId: merchantA }),
    merchantB: await user('MERCHANT', { merchantId: merchantB }),
    whA: await user('WAREHOUSE', { warehouseId: warehouseA }),
    whB: await user('WAREHOUSE', { warehouseId: warehouseB }),
    ids: { merchantA, merchantB, warehouseA, warehouseB, skusA, skusB },
  };
}

export interface ShipOptions {
  type?: 'FIRST' | 'REPEAT' | 'JIT_REPEAT';
  /** qty per SKU of merchant A (index into skusA); default 10 of SKU 0 and 5 of SKU 1. */
  lines?: { sku: number; qty: number; unitPrice?: number }[];
  logistics?: 'PLATFORM' | 'SELF';
  confirm?: boolean;
}

/** OPS orders, the merchant accepts and ships one note (one box per line), optionally confirmed. */
export async function orderAndShip(w: World, o: ShipOptions = {}) {
  const lines = o.lines ?? [{ sku: 0, qty: 10 }, { sku: 1, qty: 5 }];
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: o.type ?? 'REPEAT',
    lines: lines.map((l) => ({ skuId: w.ids.skusA[l.sku], qty: l.qty, unitPrice: l.unitPrice ?? 1250 })),
  }), 201);
  ok(await w.merchantA.post(`/api/stocking-orders/${order.id}/accept`, {}));
  let note = ok(await w.merchantA.post('/api/delivery-notes', {
    stockingOrderId: order.id, logistics: o.logistics ?? 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
    boxes: lines.map((l) => ({ lines: [{ skuId: w.ids.skusA[l.sku], qty: l.qty }] })),
  }), 201);
  if (o.confirm !== false) note = ok(await w.merchantA.post(`/api/delivery-notes/${note.id}/confirm`, {}));
  return { order, note };
}

export async function arrive(w: World, noteId: string) {
  return ok(await w.whA.post(`/api/delivery-notes/${noteId}/arrive`, {}));
}

export async function receiveAll(w: World, noteId: string, lines: { skuId: string; qty: number }[]) {
  return ok(await w.whA.post(`/api/delivery-notes/${noteId}/receipts`, { lines }));
}

/** A received note with a surplus decided as a problem-goods return: its return order awaits the method. */
export async function surplusReturn(w: World) {
  const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 4 }] });
  await arrive(w, note.id);
  await receiveAll(w, note.id, [{ skuId: w.ids.skusA[0], qty: 4 }]);
  const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
  const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }));
  return { ...(decided.documents.returnOrders[0] as { id: string; no: string }), note: note as { id: string; no: string; boxes: { labelCode: string }[] } };
}

/** Every ledger line in the database satisfies the invariant of SPEC §5. */
export async function expectLedgersSound(env: TestEnv): Promise<void> {
  const rows = await env.db.handle.db.selectFrom('deliveryNoteLines').selectAll().execute();
  for (const r of rows) {
    const ledger = Object.fromEntries(LEDGER_FIELDS.map((f) => [f, Number(r[f])])) as unknown as Ledger;
    expect(ledgerViolations(ledger), `line ${r.id} of note ${r.deliveryNoteId}`).toEqual([]);
  }
}

export const sku = (w: World, i: number) => w.ids.skusA[i];
