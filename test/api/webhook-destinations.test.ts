/**
 * Webhooks go only to public addresses unless the server allows private ones
 * (TALLY_WEBHOOK_ALLOW_PRIVATE=1). Saving an endpoint whose host is a private IP literal or
 * `localhost` answers 422 WEBHOOK_URL_NOT_PUBLIC on `url` and stores nothing; a name is checked when
 * a delivery resolves it: an answer that is not public fails the attempt — the merchant's delivery
 * log says "destination not allowed", the server log has the address and why — nothing reaches the
 * address, and the attempt is retried on the usual backoff. The connection goes to the address that
 * was checked (the names here exist only in the injected resolver).
 */
import { beforeAll, expect, it } from 'vitest';
import { deliverDueWebhooks, type DeliverOptions } from '../../src/jobs/webhooks.js';
import type { Resolve } from '../../src/modules/webhooks/send.js';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { dump, expectProblem } from './fixtures/problems.js';
import { signatureValid, startReceiver } from './fixtures/webhook-receiver.js';

const SECRET = 'test-secret-0123456789abcdef';
const EVENTS = ['stocking_order.created'];

/** As the app was built by the server with TALLY_WEBHOOK_ALLOW_PRIVATE set (true) or not (false). */
const allowPrivate = (e: TestEnv, allow: boolean) => { e.app.tally.allowPrivateWebhookDestinations = allow; };

const newOrder = (w: World) => w.ops.post('/api/stocking-orders', {
  merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'FIRST', lines: [{ skuId: w.ids.skusA[0], qty: 3, unitPrice: 990 }],
});

const deliveriesOf = async (w: World, endpointId: string) => ok(await w.merchantA.get(`/api/webhooks/${endpointId}/deliveries`)).items;

/** A resolver that knows a few names, counting its calls. */
function resolver(names: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve: Resolve = async (host) => {
    calls.push(host);
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

eachDialect('webhook destinations', (env) => {
  beforeAll(() => allowPrivate(env(), false));

  it('an endpoint on a private, loopback or metadata address is refused on create and update (422 on url), nothing stored', async () => {
    const e = env();
    const w = await seedWorld(e);
    const m = w.merchantA;
    const refused = [
      'http://127.0.0.1/hook', 'http://127.0.0.1:5432/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/tally',
      'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/', 'http://10.0.0.5/admin', 'https://172.16.5.4/',
      'http://192.168.0.10/', 'http://100.64.0.1/', 'http://0.0.0.0:3000/', 'http://[fd00::1]/', 'http://[fe80::1]/',
      'http://2130706433/', 'http://localhost:5432/', 'http://tally.localhost/',
    ];
    const before = await dump(e);
    for (const url of refused) {
      const res = await m.post('/api/webhooks', { url, secret: SECRET, events: EVENTS });
      expectProblem(res, 422, 'WEBHOOK_URL_NOT_PUBLIC', 'url');
      expect(res.body.errors).toEqual([{ field: 'url', code: 'WEBHOOK_URL_NOT_PUBLIC', message: res.body.detail }]);
      expect(res.body.detail).toMatch(/^Webhooks are sent only to public addresses: destination \S+ is /);
    }
    const metadata = await m.post('/api/webhooks', { url: 'http://169.254.169.254/latest/meta-data', events: EVENTS });
    expect(metadata.body.detail).toBe('Webhooks are sent only to public addresses: destination 169.254.169.254 is a link-local address');
    // not an http(s) URL, or credentials in it: refused by the request schema, as before
    for (const url of ['ftp://hooks.example.com/x', 'http://user:pw@example.com/', 'file:///etc/passwd']) {
      expectProblem(await m.post('/api/webhooks', { url, secret: SECRET, events: EVENTS }), 400, 'VALIDATION_FAILED', 'url');
    }
    expect(await dump(e)).toEqual(before);
    expect(ok(await m.get('/api/webhooks')).items).toEqual([]);

    // public names and addresses are accepted; names are not resolved when saved
    const hook = ok(await m.post('/api/webhooks', { url: 'https://hooks.example.com/tally', secret: SECRET, events: EVENTS }), 201);
    for (const url of ['http://8.8.8.8/tally', 'https://[2606:4700:4700::1111]/x', 'https://erp.internal.example/hook']) {
      ok(await m.post('/api/webhooks', { url, events: EVENTS }), 201);
    }

    // an update to a private address changes nothing
    const kept = await dump(e);
    for (const url of ['http://127.0.0.1:9/x', 'http://[::1]/', 'http://169.254.169.254/']) {
      expectProblem(await m.put(`/api/webhooks/${hook.id}`, { url, events: EVENTS, version: hook.version }), 422, 'WEBHOOK_URL_NOT_PUBLIC', 'url');
    }
    // another merchant's endpoint is not found before its URL is judged
    expectProblem(await w.merchantB.put(`/api/webhooks/${hook.id}`, { url: 'http://127.0.0.1/', events: EVENTS }), 404, 'NOT_FOUND');
    expect(await dump(e)).toEqual(kept);
    expect(ok(await m.get(`/api/webhooks/${hook.id}`))).toMatchObject({ url: 'https://hooks.example.com/tally', version: 1 });
    ok(await m.put(`/api/webhooks/${hook.id}`, { url: 'https://hooks2.example.com/tally', events: EVENTS, version: hook.version }));

    // with private destinations allowed (a developer's laptop), the same URLs are accepted
    allowPrivate(e, true);
    try {
      const local = ok(await m.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: EVENTS }), 201);
      ok(await m.put(`/api/webhooks/${local.id}`, { url: 'http://localhost:9/hook', events: EVENTS, version: local.version }));
    } finally {
      allowPrivate(e, false);
    }
  });

  it('a delivery to a name resolving to a private address is refused and retried, and the receiver gets nothing', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    const port = new URL(rx.url).port;
    const { resolve, calls } = resolver({
      'hooks.merchant.test': ['127.0.0.1'],
      'mixed.merchant.test': ['93.184.216.34', '10.0.0.5'],
    });
    const logged: Record<string, unknown>[] = [];
    const log = (message: string, detail?: Record<string, unknown>) => { logged.push({ message, ...detail }); };
    const reasonFor = (endpointId: string) => logged.filter((l) => l.endpointId === endpointId).map((l) => l.reason);
    const pass = (o: Partial<DeliverOptions> = {}) => deliverDueWebhooks({ db: e.db.handle.db, secrets: e.app.tally.secrets, clock: e.clock, resolve, log, ...o });
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: `http://hooks.merchant.test:${port}/hooks/tally`, secret: SECRET, events: EVENTS }), 201);
      const mixed = ok(await w.merchantA.post('/api/webhooks', { url: `http://mixed.merchant.test:${port}/hooks/tally`, secret: SECRET, events: EVENTS }), 201);
      ok(await newOrder(w), 201);

      expect(await pass()).toMatchObject({ attempted: 2, delivered: 0, retrying: 2 });
      expect(calls.sort()).toEqual(['hooks.merchant.test', 'mixed.merchant.test']);
      const [refused] = await deliveriesOf(w, hook.id);
      expect(refused).toMatchObject({
        status: 'PENDING', attempts: 1, lastStatusCode: null, deliveredAt: null,
        lastError: 'destination not allowed',
      });
      expect(reasonFor(hook.id)).toEqual(['destination 127.0.0.1 is a loopback address (hooks.merchant.test)']);
      expect(Date.parse(refused.nextAttemptAt) - Date.parse(refused.lastAttemptAt)).toBe(10_000);
      expect((await deliveriesOf(w, mixed.id))[0]).toMatchObject({
        status: 'PENDING', attempts: 1, lastError: 'destination not allowed',
      });
      expect(reasonFor(mixed.id)).toEqual(['destination 10.0.0.5 is a private address (mixed.merchant.test)']);
      expect(logged.every((l) => l.message === 'webhook destination refused')).toBe(true);
      expect(rx.requests).toEqual([]);

      // the next attempt resolves again: still refused, on the backoff
      e.clock.advance(10);
      expect(await pass()).toMatchObject({ attempted: 2, retrying: 2 });
      expect((await deliveriesOf(w, hook.id))[0]).toMatchObject({ attempts: 2, lastError: 'destination not allowed' });
      expect(reasonFor(hook.id)[1]).toContain('loopback');
      expect(rx.requests).toEqual([]);

      // allowed (TALLY_WEBHOOK_ALLOW_PRIVATE=1): the same retry reaches the receiver through the checked
      // address (the name exists nowhere else), named in the Host header, signed
      expect((await w.merchantA.del(`/api/webhooks/${mixed.id}`)).status).toBe(204); // its public half is not ours to call
      e.clock.advance(20);
      calls.length = 0;
      expect(await pass({ allowPrivateDestinations: true })).toMatchObject({ attempted: 1, delivered: 1 });
      expect(calls).toEqual(['hooks.merchant.test']); // once per attempt
      expect(rx.requests).toHaveLength(1);
      expect(rx.requests[0].headers.host).toBe(`hooks.merchant.test:${port}`);
      expect(rx.requests[0].headers['x-tally-delivery']).toBe(refused.id);
      expect(signatureValid(SECRET, rx.requests[0])).toBe(true);
      expect((await deliveriesOf(w, hook.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200, lastError: null });
    } finally {
      await rx.close();
    }
  });

  it('an endpoint saved on a private address (before the check, or while allowed) is refused when delivering, localhost too', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    const port = new URL(rx.url).port;
    allowPrivate(e, true);
    let literal: { id: string };
    let local: { id: string };
    try {
      literal = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: EVENTS }), 201);
      local = ok(await w.merchantA.post('/api/webhooks', { url: `http://localhost:${port}/hooks/tally`, secret: SECRET, events: EVENTS }), 201);
    } finally {
      allowPrivate(e, false);
    }
    try {
      ok(await newOrder(w), 201);
      // the system resolver answers for localhost
      const logged: Record<string, unknown>[] = [];
      const log = (message: string, detail?: Record<string, unknown>) => { logged.push({ message, ...detail }); };
      const reasonFor = (endpointId: string) => logged.find((l) => l.endpointId === endpointId)?.reason;
      expect(await deliverDueWebhooks({ db: e.db.handle.db, secrets: e.app.tally.secrets, clock: e.clock, log })).toMatchObject({ attempted: 2, retrying: 2 });
      expect((await deliveriesOf(w, literal.id))[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'destination not allowed' });
      expect((await deliveriesOf(w, local.id))[0].lastError).toBe('destination not allowed');
      expect(reasonFor(literal.id)).toBe('destination 127.0.0.1 is a loopback address');
      expect(reasonFor(local.id)).toMatch(/^destination (127\.0\.0\.1|::1) is a loopback address \(localhost\)$/);
      expect(rx.requests).toEqual([]);

      // allowed, as the other suites run: both arrive
      e.clock.advance(10);
      expect(await deliverDueWebhooks({ db: e.db.handle.db, secrets: e.app.tally.secrets, clock: e.clock, allowPrivateDestinations: true })).toMatchObject({ attempted: 2, delivered: 2 });
      expect(rx.requests.map((r) => r.headers.host).sort()).toEqual([`127.0.0.1:${port}`, `localhost:${port}`]);
      expect(rx.requests.every((r) => signatureValid(SECRET, r))).toBe(true);
    } finally {
      await rx.close();
    }
  });
});
