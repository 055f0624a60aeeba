/**
 * Two tenants of each kind and their users, built through the API — the same shape as
 * test/helpers/world.ts's World, which the slice inside `npm test` passes in instead.
 */
import { ok, type Client } from './client.js';

export interface World {
  tag: string;
  ops: Client;
  merchantA: Client;
  merchantB: Client;
  whA: Client;
  whB: Client;
  ids: { merchantA: string; merchantB: string; warehouseA: string; warehouseB: string; skusA: string[]; skusB: string[] };
}

export const PASSWORD = 'password-1234';

export async function seedWorld(admin: Client, login: (u: string, p: string) => Promise<Client>, tag = `c${Math.random().toString(36).slice(2, 8)}`): Promise<World> {
  const merchantA = ok(await admin.post('/api/admin/merchants', { name: `商家A ${tag}` }), 201).id;
  const merchantB = ok(await admin.post('/api/admin/merchants', { name: `商家B ${tag}` }), 201).id;
  const warehouseA = ok(await admin.post('/api/admin/warehouses', { name: `仓A ${tag}`, code: `WA-${tag}` }), 201).id;
  const warehouseB = ok(await admin.post('/api/admin/warehouses', { name: `仓B ${tag}`, code: `WB-${tag}` }), 201).id;
  const sku = async (merchantId: string, i: number) =>
    ok(await admin.post('/api/admin/skus', { merchantId, code: `S${i}-${tag}`, name: `商品${i}`, barcode: `69${i}${tag}` }), 201).id as string;
  const skusA = [await sku(merchantA, 1), await sku(merchantA, 2), await sku(merchantA, 3)];
  const skusB = [await sku(merchantB, 4)];
  const user = async (role: string, extra: Record<string, string> = {}) => {
    const username = `${role.toLowerCase()}-${Object.values(extra).join('').slice(-6)}-${tag}`;
    ok(await admin.post('/api/admin/users', { username, password: PASSWORD, role, ...extra }), 201);
    return login(username, PASSWORD);
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

/** OPS orders, merchant A accepts and ships one note (a box per line), confirmed and arrived. */
export async function arrivedNote(w: World, lines: { sku: number; qty: number }[] = [{ sku: 0, qty: 10 }, { sku: 1, qty: 6 }]) {
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'REPEAT',
    lines: lines.map((l) => ({ skuId: w.ids.skusA[l.sku], qty: l.qty, unitPrice: 1250 })),
  }), 201);
  ok(await w.merchantA.post(`/api/stocking-orders/${order.id}/accept`, {}));
  const note = ok(await w.merchantA.post('/api/delivery-notes', {
    stockingOrderId: order.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
    boxes: lines.map((l) => ({ lines: [{ skuId: w.ids.skusA[l.sku], qty: l.qty }] })),
  }), 201);
  ok(await w.merchantA.post(`/api/delivery-notes/${note.id}/confirm`, {}));
  return ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
}
