/** Documents of both tenants for the fuzzer to aim at: its own, and the other tenant's. */
import { ok, type Transport } from './client.js';
import type { FuzzTarget } from './fuzz.js';
import { arrivedNote, type World } from './world.js';

export async function fuzzTarget(w: World, send: Transport, adminToken: string): Promise<FuzzTarget> {
  const docs: FuzzTarget['docs'] = {};
  const add = (resource: string, id: string | undefined, tenant: 'A' | 'B') => { if (id) (docs[resource] ??= []).push({ id, tenant }); };

  // tenant A: an order shipped and arrived, units received, a pending exception, a decided one with a return order
  const note = await arrivedNote(w, [{ sku: 0, qty: 10 }, { sku: 1, qty: 6 }]);
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: 8 }, { skuId: w.ids.skusA[1], qty: 6 }] }));
  const pending = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SHORTAGE', lines: [{ skuId: w.ids.skusA[0], qty: 2 }] }), 201);
  const damaged = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: w.ids.skusA[1], qty: 1 }] }), 201);
  const decided = ok(await w.ops.post(`/api/exceptions/${damaged.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: damaged.version }));
  add('stocking-orders', note.stockingOrderId, 'A');
  add('delivery-notes', note.id, 'A');
  add('exceptions', pending.id, 'A');
  add('exceptions', damaged.id, 'A');
  for (const r of decided.documents.returnOrders) add('return-orders', r.id, 'A');
  add('addresses', ok(await w.merchantA.post('/api/addresses', { name: '王五', phone: '13700000000', region: '上海市', detail: '浦东 3 号', isDefault: true }), 201).id, 'A');
  add('tickets', (await w.merchantA.post('/api/tickets', { subject: '退货进度', body: '请问退货进度？', documentType: 'exception', documentId: damaged.id })).body?.id, 'A');

  // tenant B: an order of its own in its own warehouse, arrived
  const orderB = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantB, warehouseId: w.ids.warehouseB, type: 'FIRST', lines: [{ skuId: w.ids.skusB[0], qty: 5, unitPrice: 800 }],
  }), 201);
  ok(await w.merchantB.post(`/api/stocking-orders/${orderB.id}/accept`, {}));
  const noteB = ok(await w.merchantB.post('/api/delivery-notes', {
    stockingOrderId: orderB.id, logistics: 'SELF', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
    boxes: [{ lines: [{ skuId: w.ids.skusB[0], qty: 5 }] }],
  }), 201);
  ok(await w.merchantB.post(`/api/delivery-notes/${noteB.id}/confirm`, {}));
  ok(await w.whB.post(`/api/delivery-notes/${noteB.id}/arrive`, {}));
  add('stocking-orders', orderB.id, 'B');
  add('delivery-notes', noteB.id, 'B');
  add('addresses', ok(await w.merchantB.post('/api/addresses', { name: '赵六', phone: '13600000000', region: '北京市', detail: '朝阳 4 号', isDefault: true }), 201).id, 'B');
  add('tickets', (await w.merchantB.post('/api/tickets', { subject: '发货', body: '何时收货？', documentType: 'stockingOrder', documentId: orderB.id })).body?.id, 'B');

  // each merchant's notifications (ids of the inbox)
  for (const [c, t] of [[w.merchantA, 'A'], [w.merchantB, 'B']] as const) {
    const list = await c.get('/api/notifications');
    for (const n of (list.body?.items ?? []).slice(0, 3)) add('notifications', n.id, t);
  }
  return {
    send,
    tokens: { admin: adminToken, ops: w.ops.token, merchantA: w.merchantA.token, merchantB: w.merchantB.token, whA: w.whA.token, whB: w.whB.token },
    docs,
  };
}
