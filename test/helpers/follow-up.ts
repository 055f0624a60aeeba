/** The follow-up after a plan: the merchant's tasks and the warehouse receiving new notes. */
import { expect } from 'vitest';
import { ok, type World } from './world.js';

/** Receives, inspects (all passed) and puts away whatever a note still expects, until it completes. */
export async function finishNote(w: World, noteId: string) {
  let note = ok(await w.whA.get(`/api/delivery-notes/${noteId}`));
  const receipts = note.lines.map((l: any) => ({ skuId: l.skuId, qty: l.declared - l.short - l.received })).filter((l: any) => l.qty > 0);
  if (receipts.length) note = ok(await w.whA.post(`/api/delivery-notes/${noteId}/receipts`, { lines: receipts }));
  const qc = note.lines.map((l: any) => ({ skuId: l.skuId, passed: Math.min(l.received - l.passed - l.failed, l.inProcess), failed: 0 })).filter((l: any) => l.passed > 0);
  if (qc.length) note = ok(await w.whA.post(`/api/delivery-notes/${noteId}/qc`, { lines: qc }));
  const put = note.lines.map((l: any) => ({ skuId: l.skuId, qty: Math.min(l.inProcess, l.passed - l.stocked) })).filter((l: any) => l.qty > 0);
  if (put.length) note = ok(await w.whA.post(`/api/delivery-notes/${noteId}/putaway`, { lines: put }));
  expect(note.status, `note ${note.no} should be stocked`).toBe('COMPLETED');
  return note;
}

export type ReturnMethod = 'PLATFORM_LOGISTICS' | 'MERCHANT_PICKUP' | 'ABANDON';

/** The merchant enters a return method and the goods go back that way, to the final state. */
export async function completeReturn(w: World, returnId: string, method: ReturnMethod) {
  if (method === 'PLATFORM_LOGISTICS') {
    const address = ok(await w.merchantA.post('/api/addresses', {
      name: '张三', phone: '13800000000', region: '广东省 深圳市 南山区', detail: '科技园路 1 号', isDefault: true,
    }), 201);
    expect(ok(await w.merchantA.post(`/api/return-orders/${returnId}/method`, { method, addressId: address.id })).status).toBe('AWAITING_SHIPMENT');
    expect(ok(await w.whA.post(`/api/return-orders/${returnId}/ship`, { carrier: '顺丰', trackingNo: 'SF1234567890' })).status).toBe('SHIPPED');
    return ok(await w.merchantA.post(`/api/return-orders/${returnId}/sign`, {}));
  }
  if (method === 'MERCHANT_PICKUP') {
    const pickupAt = new Date(Date.now() + 2 * 86400e3).toISOString();
    expect(ok(await w.merchantA.post(`/api/return-orders/${returnId}/method`, { method, pickupAt })).status).toBe('AWAITING_PICKUP');
    return ok(await w.whA.post(`/api/return-orders/${returnId}/picked-up`, {}));
  }
  expect(ok(await w.merchantA.post(`/api/return-orders/${returnId}/method`, { method })).status).toBe('AWAITING_DISPOSAL');
  return ok(await w.whA.post(`/api/return-orders/${returnId}/dispose`, {}));
}

/** 接单 and 发货: accept the replenishment order and ship all of it under a confirmed note. */
export async function acceptAndShip(w: World, orderId: string) {
  const order = ok(await w.merchantA.post(`/api/stocking-orders/${orderId}/accept`, {}));
  expect(order.status).toBe('ACCEPTED');
  const note = ok(await w.merchantA.post('/api/delivery-notes', {
    stockingOrderId: orderId, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 86400e3).toISOString(),
    boxes: [{ lines: order.lines.map((l: any) => ({ skuId: l.skuId, qty: l.qty })) }],
  }), 201);
  ok(await w.merchantA.post(`/api/delivery-notes/${note.id}/confirm`, {}));
  return order;
}
