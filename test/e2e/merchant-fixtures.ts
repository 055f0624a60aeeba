/**
 * Data for the merchant browser journeys, made through the API (and, for penalties, the deadline
 * job itself): a world with two merchants, and documents in the states each page needs.
 */
import { deflateSync } from 'node:zlib';
import type { TestEnv } from '../helpers/app.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { jitAcceptJob } from '../../src/jobs/jit-accept.js';
import type { Server } from './harness.js';

export const PASSWORD = 'merchant-e2e-1234';

export interface MerchantWorld extends World {
  /** UI logins: merchant A (the journeys' merchant) and merchant B (the other one). */
  userA: string;
  userB: string;
}

export async function seedMerchants(server: Server): Promise<MerchantWorld> {
  const w = await seedWorld(server as unknown as TestEnv);
  const userA = `shop-a-${w.tag}`;
  const userB = `shop-b-${w.tag}`;
  ok(await server.admin.post('/api/admin/users', { username: userA, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);
  ok(await server.admin.post('/api/admin/users', { username: userB, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantB }), 201);
  return { ...w, userA, userB };
}

/** A real 160×120 PNG (a carton-brown gradient), so the photo thumbnail has something to show. */
export function samplePng(): Buffer {
  const w = 160, h = 120;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 150 + Math.round((x / w) * 80); raw[o + 1] = 100 + Math.round((y / h) * 60); raw[o + 2] = 60;
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The warehouse uploads a photo (multipart, as the browser would). */
export async function uploadPhoto(server: Server, w: World): Promise<string> {
  const boundary = `----tally${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="damage.png"\r\nContent-Type: image/png\r\n\r\n`),
    samplePng(),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await server.app.inject({
    method: 'POST', url: '/api/photos', payload: body,
    headers: { authorization: `Bearer ${w.whA.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  if (res.statusCode !== 201) throw new Error(`photo upload: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body).id;
}

const line = (w: World, i: number, qty: number) => ({ skuId: w.ids.skusA[i], qty });

/** A note of SKU0 ×10 and SKU1 ×5 that arrived and was counted ([sku0, sku1] units). */
export async function receivedNote(w: World, type: 'REPEAT' | 'JIT_REPEAT', counts: [number, number]) {
  const { order, note } = await orderAndShip(w, { type });
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: counts.map((qty, i) => line(w, i, qty)).filter((l) => l.qty > 0) }));
  return { order, note };
}

export async function register(w: World, deliveryNoteId: string, subtype: string, lines: { skuId: string; qty: number }[], remark?: string, photoIds?: string[]) {
  return ok(await w.whA.post('/api/exceptions', { deliveryNoteId, subtype, lines, remark, photoIds }), 201);
}

export async function decide(w: World, exc: { id: string; version: number }, plan: string) {
  return ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan, version: exc.version }));
}

/** JIT SHORTAGE of 3 units of SKU0, decided CONTINUE_DELIVERY: a JIT replenishment order to accept and ship. */
export async function jitShortageContinued(server: Server, w: World) {
  const { note } = await receivedNote(w, 'JIT_REPEAT', [7, 5]);
  const photo = await uploadPhoto(server, w);
  const exc = await register(w, note.id, 'SHORTAGE', [line(w, 0, 3)], '少 3 件', [photo]);
  const decided = await decide(w, exc, 'CONTINUE_DELIVERY');
  const detail = ok(await w.merchantA.get(`/api/exceptions/${exc.id}`));
  const order = detail.documents.stockingOrders[0];
  return { exc: decided, note, order: ok(await w.merchantA.get(`/api/stocking-orders/${order.id}`)) };
}

/** SURPLUS of 2 units of SKU0, decided PROBLEM_GOODS_RETURN: a return order waiting for its method. */
export async function surplusReturned(w: World) {
  const { note } = await receivedNote(w, 'REPEAT', [10, 5]);
  const exc = await register(w, note.id, 'SURPLUS', [line(w, 0, 2)], '多出 2 件');
  await decide(w, exc, 'PROBLEM_GOODS_RETURN');
  const detail = ok(await w.merchantA.get(`/api/exceptions/${exc.id}`));
  return { exc: detail, returnOrder: detail.documents.returnOrders[0] as { id: string; no: string } };
}

/** TRANSPORT_DAMAGE of 3 units, decided TERMINATE_DELIVERY: a compensation (paid when asked). */
export async function damageCompensated(w: World, pay: boolean) {
  const { note } = await orderAndShip(w, { type: 'REPEAT' });
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
  const exc = await register(w, note.id, 'TRANSPORT_DAMAGE', [line(w, 0, 3)], '外箱压损');
  await decide(w, exc, 'TERMINATE_DELIVERY');
  const [comp] = ok(await w.ops.get('/api/compensations', { sourceExceptionId: exc.id })).items;
  if (pay) ok(await w.ops.post(`/api/compensations/${comp.id}/pay`, { reference: `PAY-${w.tag}` }));
  return comp as { id: string; no: string };
}

/** A JIT order nobody accepted, and the accept-deadline job run two days on: a penalty. */
export async function latePenalty(server: Server, w: World) {
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[2], qty: 20, unitPrice: 990 }],
  }), 201);
  const later = new Date(Date.now() + 2 * 86400e3);
  await runDueJobs({ db: server.db.handle.db, dialect: 'sqlite', clock: { now: () => later }, dataDir: server.db.dataDir }, [jitAcceptJob]);
  const [penalty] = ok(await w.merchantA.get('/api/penalties', { stockingOrderId: order.id })).items;
  return { order, penalty };
}
