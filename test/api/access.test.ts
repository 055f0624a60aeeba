/**
 * Visibility and roles (SPEC §2): another tenant's document answers 404 (never 403) on every
 * detail and action and is left untouched; lists never show it; roles that may not act get 403;
 * no token gets 401. Subtype hiding is in access-subtype.test.ts.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Client, Res } from '../helpers/app.js';
import { client, eachDialect } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { documentsOfA, type Docs } from './fixtures/tenant-docs.js';
import { dump, expectProblem, inDays, uploadPhoto } from './fixtures/problems.js';

type Role = 'M' | 'W'; // which tenant role may use the endpoint on its own documents
interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string; // `:id` is replaced by id(d)
  id: (d: Docs) => string;
  body?: (d: Docs, w: World, id: string) => unknown;
  who: Role[];
}

const E = (method: Endpoint['method'], path: string, id: Endpoint['id'], who: Role[], body?: Endpoint['body']): Endpoint => ({ method, path, id, who, body });
const none = () => ({});

/** Every GET detail and every action on an id, from src/modules/*\/routes.ts. */
const ENDPOINTS: Endpoint[] = [
  // stocking orders
  E('GET', '/api/stocking-orders/:id', (d) => d.orderPending.id, ['M', 'W']),
  E('POST', '/api/stocking-orders/:id/accept', (d) => d.orderPending.id, ['M'], none),
  E('POST', '/api/stocking-orders/:id/accept', (d) => d.replenishment.id, ['M'], none),
  E('POST', '/api/stocking-orders/:id/cancel', (d) => d.orderPending.id, [], () => ({ reason: '不要了' })),
  // delivery notes
  E('GET', '/api/delivery-notes/:id', (d) => d.noteReceiving.id, ['M', 'W']),
  E('GET', '/api/delivery-notes/lookup?code=:id', (d) => d.noteInTransit.no, ['M', 'W']),
  E('GET', '/api/delivery-notes/lookup?code=:id', (d) => d.noteInTransit.boxes[0].labelCode, ['M', 'W']),
  E('POST', '/api/delivery-notes/:id/confirm', (d) => d.noteCreated.id, ['M'], none),
  E('POST', '/api/delivery-notes/:id/cancel', (d) => d.noteInTransit.id, ['M'], none),
  E('POST', '/api/delivery-notes/:id/arrive', (d) => d.noteInTransit.id, ['W'], none),
  E('POST', '/api/delivery-notes/:id/receipts', (d) => d.noteReceiving.id, ['W'], (_d, w) => ({ lines: [{ skuId: w.ids.skusA[1], qty: 1 }] })),
  E('POST', '/api/delivery-notes/:id/qc', (d) => d.noteReceiving.id, ['W'], (_d, w) => ({ lines: [{ skuId: w.ids.skusA[0], passed: 1, failed: 0 }] })),
  E('POST', '/api/delivery-notes/:id/putaway', (d) => d.noteReceiving.id, ['W'], (_d, w) => ({ lines: [{ skuId: w.ids.skusA[0], qty: 1 }] })),
  E('POST', '/api/delivery-notes/:id/receipts/reversals', (d) => d.noteReceiving.id, ['W'], (_d, w) => ({ lines: [{ skuId: w.ids.skusA[0], qty: 1 }] })),
  E('POST', '/api/delivery-notes/:id/qc/reversals', (d) => d.noteReceiving.id, ['W'], (_d, w) => ({ lines: [{ skuId: w.ids.skusA[0], passed: 1, failed: 0 }] })),
  E('POST', '/api/delivery-notes/:id/putaway/reversals', (d) => d.noteReceiving.id, ['W'], (_d, w) => ({ lines: [{ skuId: w.ids.skusA[0], qty: 1 }] })),
  // documents created naming A's document in the body
  E('POST', '/api/delivery-notes', (d) => d.orderAccepted.id, ['M'], (_d, w, id) => ({
    stockingOrderId: id, logistics: 'PLATFORM', expectedArrivalAt: inDays(1), boxes: [{ lines: [{ skuId: w.ids.skusA[0], qty: 4 }] }],
  })),
  E('POST', '/api/exceptions', (d) => d.noteReceiving.id, ['W'], (_d, w, id) => ({ deliveryNoteId: id, subtype: 'BLOATED', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] })),
  // exceptions
  E('GET', '/api/exceptions/:id', (d) => d.excPending.id, ['M', 'W']),
  E('GET', '/api/exceptions/:id', (d) => d.excDamage.id, ['M', 'W']),
  E('GET', '/api/exceptions/:id/preview?plan=IN_WAREHOUSE_RECEIVE', (d) => d.excPending.id, []),
  E('POST', '/api/exceptions/:id/decide', (d) => d.excPending.id, [], (d) => ({ plan: 'IN_WAREHOUSE_RECEIVE', version: d.excPending.version })),
  E('POST', '/api/exceptions/:id/cancel', (d) => d.excPending.id, ['W'], () => ({ reason: '登记错误' })),
  // photos
  E('GET', '/api/photos/:id', (d) => d.photo.id, ['M', 'W']),
  E('GET', '/api/photos/:id', (d) => d.loosePhoto.id, ['W']),
  E('GET', '/api/photos/:id/thumb', (d) => d.photo.id, ['M', 'W']),
  E('GET', '/api/photos/:id/thumb', (d) => d.loosePhoto.id, ['W']),
  // return orders
  E('GET', '/api/return-orders/:id', (d) => d.roPending.id, ['M', 'W']),
  E('POST', '/api/return-orders/:id/method', (d) => d.roPending.id, ['M'], () => ({ method: 'ABANDON' })),
  E('POST', '/api/return-orders/:id/method', (d) => d.roShip.id, ['M'], () => ({ method: 'MERCHANT_PICKUP', pickupAt: inDays(3) })),
  E('POST', '/api/return-orders/:id/ship', (d) => d.roShip.id, ['W'], () => ({ carrier: '中通', trackingNo: 'ZT1' })),
  E('POST', '/api/return-orders/:id/picked-up', (d) => d.roPickup.id, ['W'], none),
  E('POST', '/api/return-orders/:id/dispose', (d) => d.roDispose.id, ['W'], none),
  E('POST', '/api/return-orders/:id/sign', (d) => d.roSign.id, ['M'], none),
  // addresses
  E('GET', '/api/addresses/:id', (d) => d.address.id, ['M']),
  E('PUT', '/api/addresses/:id', (d) => d.address.id, ['M'], () => ({ name: '王五', phone: '13700000000', region: '上海市', detail: '外滩 3 号', isDefault: true })),
  E('DELETE', '/api/addresses/:id', (d) => d.address.id, ['M']),
  // compensations, penalties, tickets
  E('GET', '/api/compensations/:id', (d) => d.compensation.id, ['M']),
  E('POST', '/api/compensations/:id/pay', (d) => d.compensation.id, [], () => ({ reference: 'PAY-1' })),
  E('GET', '/api/penalties/:id', (d) => d.penalty.id, ['M']),
  E('POST', '/api/penalties/:id/waive', (d) => d.penalty.id, [], () => ({ reason: '系统故障' })),
  E('POST', '/api/penalties/:id/confirm', (d) => d.penalty.id, [], none),
  // fees (issue 14)
  E('GET', '/api/fees/:id', (d) => d.fee.id, ['M']),
  E('POST', '/api/fees/:id/waive', (d) => d.fee.id, [], () => ({ reason: '仓库原因' })),
  E('GET', '/api/tickets/:id', (d) => d.ticket.id, ['M']),
  E('POST', '/api/tickets/:id/replies', (d) => d.ticket.id, ['M'], () => ({ body: '我也想问' })),
  E('POST', '/api/tickets/:id/close', (d) => d.ticket.id, ['M'], none),
  // box labels, the merchant's webhooks and inbox
  E('GET', '/api/delivery-notes/:id/labels.pdf', (d) => d.noteInTransit.id, ['M', 'W']),
  E('GET', '/api/webhooks/:id', (d) => d.webhook.id, ['M']),
  E('PUT', '/api/webhooks/:id', (d) => d.webhook.id, ['M'], () => ({ url: 'https://evil.example/steal', events: ['exception.decided'] })),
  E('DELETE', '/api/webhooks/:id', (d) => d.webhook.id, ['M']),
  E('GET', '/api/webhooks/:id/deliveries', (d) => d.webhook.id, ['M']),
  E('POST', '/api/webhook-deliveries/:id/replay', (d) => d.delivery.id, ['M'], none),
  E('POST', '/api/notifications/:id/read', (d) => d.notification.id, ['M', 'W'], none),
  // disputes (issue 14): the merchant's own; ops decide them
  E('GET', '/api/disputes/:id', (d) => d.dispute.id, ['M']),
  E('POST', '/api/disputes/:id/accept', (d) => d.dispute.id, [], () => ({ reason: '核实属实' })),
  E('POST', '/api/disputes/:id/reject', (d) => d.dispute.id, [], () => ({ reason: '证据不足' })),
  // inbound performance (issue 13): a merchant's own scorecard and coaching levels
  E('GET', '/api/merchants/:id/scorecard', (d) => d.orderPending.merchantId, ['M']),
  E('GET', '/api/merchants/:id/coaching', (d) => d.orderPending.merchantId, ['M']),
  E('GET', '/api/merchants/:id/scorecard/export?format=csv', (d) => d.orderPending.merchantId, ['M']),
];

/** Routes on an id that belong to no merchant or warehouse: platform configuration (OPS, ADMIN). */
const NOT_TENANT_SCOPED = [
  'GET /api/policies/:id', 'PUT /api/policies/:id', 'DELETE /api/policies/:id',
  // ADMIN-only (the role table below), and a user's own sessions (test/api/security-accounts.test.ts)
  'POST /api/admin/users/:id/disable', 'POST /api/admin/users/:id/enable', 'POST /api/admin/users/:id/reset-password',
  'GET /api/admin/users/:id/sessions', 'DELETE /api/admin/users/:id/sessions', 'DELETE /api/auth/sessions/:id',
];

const FAKE_ID = 'zzz_0000000000000000000000';
const label = (ep: Endpoint) => `${ep.method} ${ep.path}`;

async function send(c: Client, ep: Endpoint, d: Docs, w: World, id = ep.id(d)): Promise<Res> {
  const url = ep.path.replace(':id', encodeURIComponent(id));
  const body = ep.body?.(d, w, id);
  if (ep.method === 'GET') return c.get(url);
  if (ep.method === 'DELETE') return c.del(url);
  return ep.method === 'PUT' ? c.put(url, body) : c.post(url, body);
}

eachDialect('access', (env) => {
  let w: World;
  let d: Docs;
  beforeAll(async () => {
    w = await seedWorld(env());
    d = await documentsOfA(env(), w);
  });

  const outsiders = [['merchant B', 'M', () => w.merchantB], ['warehouse B', 'W', () => w.whB]] as const;

  ENDPOINTS.forEach((ep, n) => {
    for (const [name, role, who] of outsiders) {
      it(`${name}: #${n} ${label(ep)} with A's id → 404, nothing changes`, async () => {
        const before = await dump(env());
        const res = await send(who(), ep, d, w);
        if (ep.who.includes(role)) {
          // SPEC §2: another tenant's id is "not found", never "forbidden"
          expectProblem(res, 404, 'NOT_FOUND');
        } else {
          // a role that may never do this is refused whatever the id: the answer tells nothing
          const fake = await send(who(), ep, d, w, FAKE_ID);
          expect([403, 404], res.text).toContain(res.status);
          expectProblem(res, fake.status, fake.body.code);
        }
        expect(await dump(env())).toEqual(before);
      });
    }
  });

  it('the table covers every route on an id in the OpenAPI document (a new one must be added here)', async () => {
    const doc = ok(await env().anon.get('/api/openapi.json'));
    const onId = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.includes('{id}'))
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${path.replace('{id}', ':id')}`));
    const covered = new Set(ENDPOINTS.map((ep) => `${ep.method} ${ep.path.split('?')[0]}`));
    for (const global of NOT_TENANT_SCOPED) covered.add(global);
    expect(onId.filter((r) => !covered.has(r)).sort()).toEqual([]);
  });

  it('the owner can do each of these (so the 404s above are about the tenant, not a broken request)', async () => {
    const owner = { M: w.merchantA, W: w.whA } as const;
    for (const ep of ENDPOINTS.filter((x) => x.method === 'GET' && x.who.length)) {
      for (const role of ep.who) {
        const res = await send(owner[role], ep, d, w);
        expect(res.status, `${role} ${label(ep)}: ${res.text.slice(0, 300)}`).toBe(200);
      }
    }
  });

  it('references to A\'s documents inside bodies answer exactly as unknown ids, and write nothing', async () => {
    const pairs: [Client, string, (id: string) => unknown, string][] = [
      [w.merchantB, '/api/tickets', (id) => ({ subject: 's', body: 'b', documentType: 'exception', documentId: id }), d.excDamage.id],
      [w.merchantB, '/api/tickets', (id) => ({ subject: 's', body: 'b', documentType: 'returnOrder', documentId: id }), d.roPending.id],
      [w.merchantB, '/api/tickets', (id) => ({ subject: 's', body: 'b', documentType: 'compensation', documentId: id }), d.compensation.id],
      [w.merchantA, `/api/return-orders/${d.roPending.id}/method`, (id) => ({ method: 'PLATFORM_LOGISTICS', addressId: id }), d.addressB.id],
    ];
    const before = await dump(env());
    for (const [c, url, body, id] of pairs) {
      const real = await c.post(url, body(id));
      const fake = await c.post(url, body(FAKE_ID));
      expect(real.status, real.text).toBeGreaterThanOrEqual(400);
      expect(real.status, real.text).not.toBe(403);
      expectProblem(real, fake.status, fake.body.code);
      expect(real.body.errors, real.text).toEqual(fake.body.errors?.map((e: any) => ({ ...e, message: expect.any(String) })));
    }
    expect(await dump(env())).toEqual(before);
    // another warehouse's photo cannot be attached: whB uploads, whA names it
    const foreign = ok(await uploadPhoto(env(), w.whB), 201);
    const before2 = await dump(env());
    const reg = await w.whA.post('/api/exceptions', { deliveryNoteId: d.noteReceiving.id, subtype: 'BLOATED', lines: [{ skuId: w.ids.skusA[0], qty: 1 }], photoIds: [foreign.id] });
    expectProblem(reg, 422, 'UNKNOWN_PHOTO', 'photoIds[0]');
    expect(await dump(env())).toEqual(before2);
  });

  it('lists of merchant B and warehouse B never contain A\'s documents, whatever the filters', async () => {
    const db = env().db.handle.db as any;
    const secrets = new Set<string>();
    for (const t of ['stockingOrders', 'deliveryNotes', 'exceptions', 'returnOrders', 'compensations', 'penalties', 'fees', 'tickets', 'addresses', 'disputes']) {
      for (const r of await db.selectFrom(t).selectAll().where('merchantId', '=', w.ids.merchantA).execute()) {
        secrets.add(r.id);
        if (r.no) secrets.add(r.no);
      }
    }
    for (const r of await db.selectFrom('photos').select('id').where('warehouseId', '=', w.ids.warehouseA).execute()) secrets.add(r.id);
    expect(secrets.size).toBeGreaterThan(40);
    const A = { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA };
    const lists: [string, Record<string, unknown>][] = [
      ['/api/stocking-orders', {}], ['/api/stocking-orders', A], ['/api/stocking-orders', { q: d.orderPending.no }],
      ['/api/stocking-orders', { sourceExceptionId: d.excDamage.id }], ['/api/stocking-orders', { status: 'PENDING_ACCEPT' }],
      ['/api/delivery-notes', {}], ['/api/delivery-notes', A], ['/api/delivery-notes', { q: d.noteInTransit.no }],
      ['/api/delivery-notes', { stockingOrderId: d.noteInTransit.stockingOrderId }],
      ['/api/exceptions', {}], ['/api/exceptions', A], ['/api/exceptions', { deliveryNoteNo: d.excPending.deliveryNoteNo }],
      ['/api/exceptions', { deliveryNoteId: d.excPending.deliveryNoteId }], ['/api/exceptions', { status: 'PENDING,PROCESSING' }],
      ['/api/exceptions/counts', {}],
      ['/api/return-orders', {}], ['/api/return-orders', A], ['/api/return-orders', { sourceExceptionId: d.excDamage.id }],
      ['/api/return-orders', { q: d.roPending.no }],
      ['/api/compensations', {}], ['/api/compensations', { merchantId: w.ids.merchantA, sourceExceptionId: d.excDamage.id }],
      ['/api/penalties', {}], ['/api/penalties', { merchantId: w.ids.merchantA, stockingOrderId: d.jit.id }],
      ['/api/fees', {}], ['/api/fees', { merchantId: w.ids.merchantA, exceptionId: d.fee.exception.id }],
      ['/api/tickets', {}], ['/api/tickets', { merchantId: w.ids.merchantA, documentId: d.excDamage.id }],
      ['/api/addresses', {}],
      ['/api/disputes', {}], ['/api/disputes', { merchantId: w.ids.merchantA, documentId: d.excDamage.id }], ['/api/disputes', { status: 'OPEN' }],
    ];
    for (const [, role, who] of outsiders) {
      // a merchant sees only its own SKUs; a warehouse those of merchants delivering to it
      for (const [url, q] of role === 'M' || role === 'W' ? [...lists, ['/api/skus', {}] as const, ['/api/skus', { merchantId: w.ids.merchantA }] as const] : lists) {
        const extra = url === '/api/skus' ? w.ids.skusA : [];
        const res = await who().get(url, q);
        const where = `${url} ${JSON.stringify(q)} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status === 403) continue; // the role has no such list at all (warehouse: tickets, addresses…)
        expect(res.status, where).toBe(200);
        for (const s of [...secrets, ...extra]) expect(res.text.includes(s), `${where} shows ${s}`).toBe(false);
        if (url === '/api/exceptions/counts') expect(Object.values(res.body).every((v) => v === 0), where).toBe(true);
      }
    }
    // and the owners do see them (the check above is not vacuous)
    const mine = ok(await w.merchantA.get('/api/return-orders', { limit: 100 })).items.map((r: any) => r.id);
    expect(mine).toEqual(expect.arrayContaining([d.roPending.id, d.roShip.id, d.roSign.id]));
    expect(ok(await w.whA.get('/api/exceptions', { limit: 100 })).items.map((x: any) => x.id)).toContain(d.excPending.id);
  });

  it('roles that may not act get 403 FORBIDDEN on their own tenant\'s documents, and nothing changes', async () => {
    const s = w.ids.skusA;
    const cases: [string, Client, string, string, unknown?][] = [
      ['merchant decides', w.merchantA, 'POST', `/api/exceptions/${d.excPending.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: d.excPending.version }],
      ['merchant previews', w.merchantA, 'GET', `/api/exceptions/${d.excPending.id}/preview?plan=IN_WAREHOUSE_RECEIVE`],
      ['merchant cancels an exception', w.merchantA, 'POST', `/api/exceptions/${d.excPending.id}/cancel`, { reason: 'x' }],
      ['merchant registers an exception', w.merchantA, 'POST', '/api/exceptions', { deliveryNoteId: d.noteReceiving.id, subtype: 'BLOATED', lines: [{ skuId: s[0], qty: 1 }] }],
      ['merchant arrives', w.merchantA, 'POST', `/api/delivery-notes/${d.noteInTransit.id}/arrive`, {}],
      ['merchant receives', w.merchantA, 'POST', `/api/delivery-notes/${d.noteReceiving.id}/receipts`, { lines: [{ skuId: s[1], qty: 1 }] }],
      ['merchant inspects', w.merchantA, 'POST', `/api/delivery-notes/${d.noteReceiving.id}/qc`, { lines: [{ skuId: s[0], passed: 1, failed: 0 }] }],
      ['merchant puts away', w.merchantA, 'POST', `/api/delivery-notes/${d.noteReceiving.id}/putaway`, { lines: [{ skuId: s[0], qty: 1 }] }],
      ['merchant orders', w.merchantA, 'POST', '/api/stocking-orders', { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'REPEAT', lines: [{ skuId: s[0], qty: 1, unitPrice: 1 }] }],
      ['merchant cancels an order', w.merchantA, 'POST', `/api/stocking-orders/${d.orderPending.id}/cancel`, { reason: 'x' }],
      ['merchant pays itself', w.merchantA, 'POST', `/api/compensations/${d.compensation.id}/pay`, { reference: 'x' }],
      ['merchant waives its penalty', w.merchantA, 'POST', `/api/penalties/${d.penalty.id}/waive`, { reason: 'x' }],
      ['merchant ships a return', w.merchantA, 'POST', `/api/return-orders/${d.roShip.id}/ship`, { carrier: 'x', trackingNo: 'y' }],
      ['merchant hands over', w.merchantA, 'POST', `/api/return-orders/${d.roPickup.id}/picked-up`, {}],
      ['merchant disposes', w.merchantA, 'POST', `/api/return-orders/${d.roDispose.id}/dispose`, {}],
      ['merchant creates a merchant', w.merchantA, 'POST', '/api/admin/merchants', { name: 'x' }],
      ['merchant lists users', w.merchantA, 'GET', '/api/admin/users'],
      ['ops disables a user', w.ops, 'POST', `/api/admin/users/${FAKE_ID}/disable`, {}],
      ['merchant resets a password', w.merchantA, 'POST', `/api/admin/users/${FAKE_ID}/reset-password`, { temporaryPassword: 'a-long-temporary-pw' }],
      ['warehouse ends a user\'s sessions', w.whA, 'DELETE', `/api/admin/users/${FAKE_ID}/sessions`],
      ['warehouse accepts', w.whA, 'POST', `/api/stocking-orders/${d.orderPending.id}/accept`, {}],
      ['warehouse confirms', w.whA, 'POST', `/api/delivery-notes/${d.noteCreated.id}/confirm`, {}],
      ['warehouse cancels a note', w.whA, 'POST', `/api/delivery-notes/${d.noteInTransit.id}/cancel`, {}],
      ['warehouse decides', w.whA, 'POST', `/api/exceptions/${d.excPending.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: d.excPending.version }],
      ['warehouse enters a method', w.whA, 'POST', `/api/return-orders/${d.roPending.id}/method`, { method: 'ABANDON' }],
      ['warehouse signs', w.whA, 'POST', `/api/return-orders/${d.roSign.id}/sign`, {}],
      ['warehouse reads addresses', w.whA, 'GET', `/api/addresses/${d.address.id}`],
      ['warehouse edits an address', w.whA, 'PUT', `/api/addresses/${d.address.id}`, { name: 'x', phone: '13700000000', region: 'r', detail: 'd' }],
      ['warehouse opens a ticket', w.whA, 'POST', '/api/tickets', { subject: 's', body: 'b' }],
      ['warehouse reads a compensation', w.whA, 'GET', `/api/compensations/${d.compensation.id}`],
      ['warehouse pays', w.whA, 'POST', `/api/compensations/${d.compensation.id}/pay`, { reference: 'x' }],
      ['ops accepts for the merchant', w.ops, 'POST', `/api/stocking-orders/${d.orderPending.id}/accept`, {}],
      ['ops confirms for the merchant', w.ops, 'POST', `/api/delivery-notes/${d.noteCreated.id}/confirm`, {}],
      ['ops arrives', w.ops, 'POST', `/api/delivery-notes/${d.noteInTransit.id}/arrive`, {}],
      ['ops receives', w.ops, 'POST', `/api/delivery-notes/${d.noteReceiving.id}/receipts`, { lines: [{ skuId: s[1], qty: 1 }] }],
      ['ops enters a method', w.ops, 'POST', `/api/return-orders/${d.roPending.id}/method`, { method: 'ABANDON' }],
      ['ops signs', w.ops, 'POST', `/api/return-orders/${d.roSign.id}/sign`, {}],
      ['ops deletes an address', w.ops, 'DELETE', `/api/addresses/${d.address.id}`],
      ['merchant reads settings', w.merchantA, 'GET', '/api/settings'],
      ['merchant changes settings', w.merchantA, 'PUT', '/api/settings', {}],
      ['warehouse changes settings', w.whA, 'PUT', '/api/settings', {}],
      ['merchant lists policies', w.merchantA, 'GET', '/api/policies'],
      ['warehouse lists policies', w.whA, 'GET', '/api/policies'],
      ['warehouse reads standing instructions', w.whA, 'GET', '/api/standing-instructions'],
      ['ops creates a webhook for a merchant', w.ops, 'POST', '/api/webhooks', { url: 'https://x.example/h', events: ['exception.decided'] }],
      ['ops creates a delivery note', w.ops, 'POST', '/api/delivery-notes', { stockingOrderId: d.orderAccepted.id, logistics: 'PLATFORM', expectedArrivalAt: inDays(1), boxes: [{ lines: [{ skuId: s[0], qty: 4 }] }] }],
    ];
    const before = await dump(env());
    for (const [what, c, method, url, body] of cases) {
      const res = method === 'GET' ? await c.get(url) : method === 'PUT' ? await c.put(url, body) : method === 'DELETE' ? await c.del(url) : await c.post(url, body);
      expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBe(403);
      expectProblem(res, 403, 'FORBIDDEN');
    }
    expect(await dump(env())).toEqual(before);
  });

  it('no token or a bad token → 401 problem+json on every endpoint and list', async () => {
    const forged = client(env().app, 'forged-token-0123456789');
    const before = await dump(env());
    const lists = ['/api/stocking-orders', '/api/delivery-notes', '/api/exceptions', '/api/return-orders', '/api/compensations', '/api/penalties', '/api/fees', '/api/tickets', '/api/addresses', '/api/catalog', '/api/auth/me'];
    for (const c of [env().anon, forged]) {
      for (const ep of ENDPOINTS) expectProblem(await send(c, ep, d, w), 401, 'UNAUTHENTICATED');
      for (const url of lists) expectProblem(await c.get(url), 401, 'UNAUTHENTICATED');
      expectProblem(await uploadPhoto(env(), c), 401, 'UNAUTHENTICATED');
    }
    expect(await dump(env())).toEqual(before);
  });

  // authentication comes before validation: an anonymous caller learns nothing about the schema
  it('no token and an invalid body or query → 401, not a validation answer', async () => {
    const anon = env().anon;
    expectProblem(await anon.post('/api/stocking-orders', {}), 401, 'UNAUTHENTICATED');
    expectProblem(await anon.post(`/api/exceptions/${d.excPending.id}/decide`, { plan: 'NOPE' }), 401, 'UNAUTHENTICATED');
    expectProblem(await anon.get('/api/exceptions', { status: 'NOPE' }), 401, 'UNAUTHENTICATED');
  });

  it('A\'s documents are exactly as built after all of the above', async () => {
    const check = async (c: Client, url: string, want: Record<string, unknown>) => expect(ok(await c.get(url))).toMatchObject(want);
    await check(w.ops, `/api/stocking-orders/${d.orderPending.id}`, { status: 'PENDING_ACCEPT', version: 1 });
    await check(w.ops, `/api/delivery-notes/${d.noteCreated.id}`, { status: 'CREATED' });
    await check(w.ops, `/api/delivery-notes/${d.noteInTransit.id}`, { status: 'IN_TRANSIT' });
    await check(w.ops, `/api/exceptions/${d.excPending.id}`, { status: 'PENDING', version: d.excPending.version });
    await check(w.ops, `/api/return-orders/${d.roPending.id}`, { status: 'PENDING_METHOD' });
    await check(w.ops, `/api/return-orders/${d.roSign.id}`, { status: 'SHIPPED' });
    await check(w.ops, `/api/compensations/${d.compensation.id}`, { status: 'PENDING' });
    await check(w.ops, `/api/penalties/${d.penalty.id}`, { status: 'ISSUED' });
    await check(w.ops, `/api/tickets/${d.ticket.id}`, { status: 'OPEN' });
    await check(w.merchantA, `/api/addresses/${d.address.id}`, { name: '张三', version: d.address.version });
  });
});
