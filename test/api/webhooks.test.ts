/**
 * Merchant webhooks (issue 4): signed deliveries from the transactional outbox, retried with
 * exponential backoff on the test clock (never sleeping), exactly one accepted delivery per event,
 * in order per document, safe with two workers at once; endpoint management, the delivery log,
 * replay, and tenant isolation (another merchant's ids answer 404).
 *
 * The receivers listen on 127.0.0.1, so this suite allows private destinations, in the app and in
 * every worker pass, as TALLY_WEBHOOK_ALLOW_PRIVATE=1 does (refusing them: webhook-destinations.test.ts).
 */
import { beforeAll, expect, it } from 'vitest';
import { SUBTYPE_CODES } from '../../src/domain/catalog.js';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/notification-events.js';
import { deliverDueWebhooks } from '../../src/jobs/webhooks.js';
import type { RetryPolicy } from '../../src/modules/webhooks/deliveries.js';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { PREPARE, decidePrepared } from '../helpers/scenarios.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { expectProblem } from './fixtures/problems.js';
import { signatureValid, startReceiver, type Received } from './fixtures/webhook-receiver.js';

const SECRET = 'test-secret-0123456789abcdef';
const ALL = [...WEBHOOK_EVENT_TYPES];
/** Subtype codes that must never reach a merchant (RECEIVED_PACKAGE is also a type code). */
const HIDDEN = SUBTYPE_CODES.filter((c) => c !== 'RECEIVED_PACKAGE');

const pendingOf = (e: TestEnv, endpointId: string) =>
  e.db.handle.db.selectFrom('webhookDeliveries').select('id').where('endpointId', '=', endpointId).where('status', '=', 'PENDING').execute();

/** Worker passes with the clock moved a minute between them, until the endpoint has nothing pending. */
async function drain(e: TestEnv, endpointId: string, extra: { policy?: RetryPolicy } = {}) {
  for (let pass = 0; pass < 40; pass++) {
    await deliverDueWebhooks({ db: e.db.handle.db, secrets: e.app.tally.secrets, clock: e.clock, allowPrivateDestinations: true, ...extra });
    if (!(await pendingOf(e, endpointId)).length) return;
    e.clock.advance(60);
  }
  throw new Error(`deliveries of ${endpointId} still pending`);
}

const outboxOf = (e: TestEnv, merchantId: string) =>
  e.db.handle.db.selectFrom('outbox').selectAll().where('merchantId', '=', merchantId).orderBy('id').execute();

const newOrder = (w: World, merchant: 'A' | 'B' = 'A') => w.ops.post('/api/stocking-orders', {
  merchantId: merchant === 'A' ? w.ids.merchantA : w.ids.merchantB, warehouseId: w.ids.warehouseA, type: 'FIRST',
  lines: [{ skuId: merchant === 'A' ? w.ids.skusA[0] : w.ids.skusB[0], qty: 3, unitPrice: 990 }],
});

const decide = async (w: World, subtype: string, plan: string) => (await decidePrepared(w, subtype, plan)).exc;

function expectMerchantSafe(r: Received) {
  expect(r.body).not.toMatch(/subtype/i);
  for (const code of HIDDEN) expect(r.body, code).not.toContain(`"${code}"`);
}

eachDialect('webhooks', (env) => {
  beforeAll(() => { env().app.tally.allowPrivateWebhookDestinations = true; });

  it('a receiver failing its first 3 attempts still accepts each event exactly once, in order per document, signed', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver((n) => (n < 3 ? 500 : 200));
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: ALL }), 201);
      // exception 1: registered → decided → completed at once, plus the new order (自动建单补收)
      await decide(w, 'SURPLUS', 'AUTO_ORDER_RECEIVE');
      // exception 2: a return order and a replenishment order for the merchant
      await decide(w, 'BLOATED', 'PROBLEM_GOODS_REPAIR');
      ok(await newOrder(w, 'B'), 201); // another merchant's event never reaches A's endpoint
      const events = await outboxOf(e, w.ids.merchantA);
      expect(new Set(events.map((x) => x.type))).toEqual(new Set([
        'stocking_order.created', 'exception.registered', 'exception.decided', 'exception.completed', 'return_order.created',
      ]));

      await drain(e, hook.id);

      expect(rx.requests.slice(0, 3).map((r) => r.status)).toEqual([500, 500, 500]);
      for (const r of rx.requests) {
        expect(signatureValid(SECRET, r), r.body).toBe(true);
        expect(signatureValid('another-secret-0123456789', r)).toBe(false);
        expect(r.headers['x-tally-event']).toBe(r.json.type);
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.json.merchantId).toBe(w.ids.merchantA);
        expectMerchantSafe(r);
      }
      const accepted = rx.requests.filter((r) => r.status === 200);
      expect(accepted.map((r) => r.json.id).sort()).toEqual(events.map((x) => x.id).sort());
      expect(accepted.map((r) => r.body).sort()).toEqual(events.map((x) => x.payload).sort());

      // per document: accepted in the order they happened, and nothing later even tried before
      const docs = new Map<string, string[]>();
      for (const x of events) docs.set(x.documentId, [...(docs.get(x.documentId) ?? []), x.id]);
      expect([...docs.values()].some((ids) => ids.length === 3)).toBe(true); // registered, decided, completed
      for (const [docId, order] of docs) {
        let head = 0;
        for (const r of rx.requests.filter((q) => q.json.document.id === docId)) {
          expect(r.json.id, `document ${docId}`).toBe(order[head]);
          if (r.status === 200) head++;
        }
        expect(head).toBe(order.length);
      }

      const log = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`, { limit: 100 }));
      expect(log.items).toHaveLength(events.length);
      for (const d of log.items) {
        expect(d).toMatchObject({ status: 'DELIVERED', lastStatusCode: 200, lastError: null, nextAttemptAt: null, endpointId: hook.id });
        expect(d.deliveredAt).toBeTruthy();
        expect(accepted.filter((r) => r.headers['x-tally-delivery'] === d.id)).toHaveLength(1);
      }
      expect(log.items.reduce((n: number, d: any) => n + d.attempts, 0)).toBe(events.length + 3);
      expect(log.items.filter((d: any) => d.attempts > 1).length).toBeGreaterThan(0);
      const decided = log.items.find((d: any) => d.event.type === 'exception.decided' && d.payload.document.plan === 'AUTO_ORDER_RECEIVE');
      expect(decided.payload).toMatchObject({
        type: 'exception.decided', documentType: 'exception',
        document: { type: 'GOODS', status: 'COMPLETED', taskCategory: 'NONE', links: { stockingOrders: [expect.objectContaining({ status: 'SHIPPED' })] } },
      });
    } finally {
      await rx.close();
    }
  });

  it('two workers running at once send each event exactly once', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: ALL }), 201);
      for (let i = 0; i < 12; i++) ok(await newOrder(w), 201);
      await decide(w, 'SHORTAGE', 'TERMINATE_DELIVERY');
      const run = () => deliverDueWebhooks({ db: e.db.handle.db, secrets: e.app.tally.secrets, clock: e.clock, batchSize: 4, allowPrivateDestinations: true });
      await Promise.all([run(), run(), run()]);
      await drain(e, hook.id);
      const events = await outboxOf(e, w.ids.merchantA);
      expect(rx.requests.map((r) => r.json.id).sort()).toEqual(events.map((x) => x.id).sort());
      expect(rx.requests.every((r) => r.status === 200 && signatureValid(SECRET, r))).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it('backs off 10 s · 2^n on the clock, gives up after the last attempt, and a replay sends the event again', async () => {
    const e = env();
    const w = await seedWorld(e);
    const dead = await startReceiver();
    const deadUrl = dead.url;
    await dead.close(); // nothing listens there any more: connection refused
    const rx = await startReceiver();
    const policy: RetryPolicy = { baseDelaySeconds: 10, maxDelaySeconds: 3600, maxAttempts: 3, leaseSeconds: 60 };
    const pass = () => deliverDueWebhooks({ db: e.db.handle.db, secrets: e.app.tally.secrets, clock: e.clock, policy, allowPrivateDestinations: true });
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: deadUrl, secret: SECRET, events: ['stocking_order.created'] }), 201);
      const order = ok(await newOrder(w), 201);
      expect(await pass()).toMatchObject({ attempted: 1, retrying: 1 });
      let [d] = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`)).items;
      expect(d).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null, event: { type: 'stocking_order.created' }, document: { type: 'stockingOrder', id: order.id } });
      expect(d.lastError).toBeTruthy();
      expect(Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt)).toBe(10_000);
      expect(await pass()).toMatchObject({ attempted: 0 }); // not due yet
      e.clock.advance(9);
      expect(await pass()).toMatchObject({ attempted: 0 });
      e.clock.advance(1);
      expect(await pass()).toMatchObject({ attempted: 1, retrying: 1 });
      [d] = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`)).items;
      expect(Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt)).toBe(20_000);
      e.clock.advance(20);
      expect(await pass()).toMatchObject({ attempted: 1, failed: 1 });
      [d] = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`, { status: 'FAILED' })).items;
      expect(d).toMatchObject({ status: 'FAILED', attempts: 3, nextAttemptAt: null, deliveredAt: null });
      e.clock.advance(3600);
      expect(await pass()).toMatchObject({ attempted: 0 });

      // the merchant fixes the URL and replays the failed delivery
      ok(await w.merchantA.put(`/api/webhooks/${hook.id}`, { url: rx.url, events: ['stocking_order.created'], version: hook.version }));
      const replay = ok(await w.merchantA.post(`/api/webhook-deliveries/${d.id}/replay`, {}), 201);
      expect(replay).toMatchObject({ status: 'PENDING', attempts: 0, replayOf: d.id, event: d.event });
      expectProblem(await w.merchantA.post(`/api/webhook-deliveries/${replay.id}/replay`, {}), 409, 'DELIVERY_PENDING');
      await drain(e, hook.id, { policy });
      expect(rx.requests).toHaveLength(1);
      expect(rx.requests[0]).toMatchObject({ status: 200, json: { id: d.event.id, type: 'stocking_order.created', document: { id: order.id, no: order.no } } });
      expect(rx.requests[0].headers['x-tally-delivery']).toBe(replay.id);

      // a delivered one can be replayed too: same event, same body, a new delivery id
      const again = ok(await w.merchantA.post(`/api/webhook-deliveries/${replay.id}/replay`), 201);
      await drain(e, hook.id, { policy });
      expect(rx.requests).toHaveLength(2);
      expect(rx.requests[1].body).toBe(rx.requests[0].body);
      expect(rx.requests[1].headers['x-tally-delivery']).toBe(again.id);
      expect(signatureValid(SECRET, rx.requests[1])).toBe(true);
      const log = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`)).items;
      expect(log.map((x: any) => x.status)).toEqual(['DELIVERED', 'DELIVERED', 'FAILED']);
    } finally {
      await rx.close();
    }
  });

  it('endpoints: http(s) URLs, secrets of 16+ characters or generated and shown once, subscriptions, enabled, delete', async () => {
    const e = env();
    const w = await seedWorld(e);
    const m = w.merchantA;
    const base = { url: 'https://hooks.example.com/tally', events: ['exception.registered'] };
    for (const url of ['ftp://hooks.example.com/x', 'not a url', 'https://user:pw@hooks.example.com/', 'javascript:alert(1)', 'https://hooks.example.com/a\u0000b', '/relative']) {
      expectProblem(await m.post('/api/webhooks', { ...base, url }), 400, 'VALIDATION_FAILED', 'url');
    }
    expectProblem(await m.post('/api/webhooks', { ...base, secret: 'too-short' }), 400, 'VALIDATION_FAILED', 'secret');
    for (const events of [[], ['exception.overdue'], ['nope'], ['exception.registered', 'exception.registered']]) {
      expectProblem(await m.post('/api/webhooks', { ...base, events }), 400, 'VALIDATION_FAILED', /^events/);
    }
    expectProblem(await m.post('/api/webhooks', { ...base, extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
    expectProblem(await m.post('/api/webhooks', { ...base, description: 'a\u0000b' }), 400, 'VALIDATION_FAILED', 'description');
    expect(ok(await m.get('/api/webhooks')).items).toEqual([]);

    const created = ok(await m.post('/api/webhooks', base), 201);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ enabled: true, events: base.events, version: 1, secretHint: `…${created.secret.slice(-4)}` });
    const read = ok(await m.get(`/api/webhooks/${created.id}`));
    expect(read.secret).toBeUndefined();
    expect(JSON.stringify(ok(await m.get('/api/webhooks')))).not.toContain(created.secret);
    const rotated = ok(await m.put(`/api/webhooks/${created.id}`, { ...base, rotateSecret: true, version: 1 }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expectProblem(await m.put(`/api/webhooks/${created.id}`, { ...base, version: 1 }), 409, 'VERSION_CONFLICT');
    const plain = ok(await m.put(`/api/webhooks/${created.id}`, { ...base, description: '仓储系统', version: 2 }));
    expect(plain.secret).toBeUndefined();

    const all = ok(await m.post('/api/webhooks', { url: 'http://127.0.0.1:9/x', secret: SECRET, events: ALL, enabled: false }), 201);
    expect(all.secret).toBe(SECRET);
    const countFor = async (id: string) => (await e.db.handle.db.selectFrom('webhookDeliveries').select('id').where('endpointId', '=', id).execute()).length;
    ok(await newOrder(w), 201); // subscribed by neither: one only wants registrations, the other is disabled
    expect([await countFor(created.id), await countFor(all.id)]).toEqual([0, 0]);
    const { note, body } = await PREPARE.SURPLUS(w);
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', ...body }), 201);
    expect([await countFor(created.id), await countFor(all.id)]).toEqual([1, 0]);

    expect((await m.del(`/api/webhooks/${created.id}`)).status).toBe(204);
    expectProblem(await m.get(`/api/webhooks/${created.id}`), 404, 'NOT_FOUND');
    const left = await e.db.handle.db.selectFrom('webhookDeliveries').select('status').where('endpointId', '=', created.id).execute();
    expect(left.map((x) => x.status)).toEqual(['CANCELLED']);
    expect(ok(await m.get('/api/webhooks')).items.map((x: any) => x.id)).toEqual([all.id]);
    for (const c of [w.whA, w.ops, e.admin]) expectProblem(await c.get('/api/webhooks'), 403, 'FORBIDDEN');
    expect((await m.del(`/api/webhooks/${all.id}`)).status).toBe(204);
  });

  it("a merchant cannot see or touch another merchant's webhooks or deliveries (404), and nothing changes", async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: ALL }), 201);
      ok(await newOrder(w), 201);
      await drain(e, hook.id);
      const [delivery] = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`)).items;
      const b = w.merchantB;
      expectProblem(await b.get(`/api/webhooks/${hook.id}`), 404, 'NOT_FOUND');
      expectProblem(await b.put(`/api/webhooks/${hook.id}`, { url: 'https://evil.example.com/', events: ALL }), 404, 'NOT_FOUND');
      expectProblem(await b.del(`/api/webhooks/${hook.id}`), 404, 'NOT_FOUND');
      expectProblem(await b.get(`/api/webhooks/${hook.id}/deliveries`), 404, 'NOT_FOUND');
      expectProblem(await b.post(`/api/webhook-deliveries/${delivery.id}/replay`, {}), 404, 'NOT_FOUND');
      expect(ok(await b.get('/api/webhooks')).items).toEqual([]);
      expectProblem(await w.whA.post(`/api/webhook-deliveries/${delivery.id}/replay`, {}), 403, 'FORBIDDEN');
      expect(ok(await w.merchantA.get(`/api/webhooks/${hook.id}`))).toMatchObject({ url: rx.url, version: 1 });
      expect(ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`)).items).toHaveLength(1);
      expect(rx.requests).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });
});
