/**
 * Webhook secrets (issue 10): encrypted at rest with the server's key (AES-256-GCM,
 * src/security/secret-box.ts; the embedded default keeps the key in `<dataDir>/secret.key`), rows
 * left in plaintext by an earlier version still sign and are encrypted at start, never kept in an
 * idempotency replay, rotated with a grace period during which deliveries carry both signatures,
 * and a refused destination logged for the merchant as "destination not allowed" while the server
 * log keeps the address.
 *
 * Deliveries go to receivers on 127.0.0.1, so private destinations are allowed here, except in the
 * refused-destination test (as webhook-destinations.test.ts does).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { deliverDueWebhooks, type DeliverOptions } from '../../src/jobs/webhooks.js';
import { verify } from '../../src/modules/webhooks/signature.js';
import type { Resolve } from '../../src/modules/webhooks/send.js';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { dump, expectProblem } from './fixtures/problems.js';
import { startReceiver, type Received } from './fixtures/webhook-receiver.js';

const SECRET = 'given-secret-0123456789abcdef';
const OTHER = 'another-given-secret-9876543210';
const LEGACY = 'legacy-plaintext-secret-0123456789';
const EVENTS = ['stocking_order.created'];
const HOUR = 3600;

const newOrder = (w: World) => w.ops.post('/api/stocking-orders', {
  merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'FIRST', lines: [{ skuId: w.ids.skusA[0], qty: 3, unitPrice: 990 }],
});

/** One worker pass with the app's key, as the server's scheduler runs it. */
const pass = (e: TestEnv, o: Partial<DeliverOptions> = {}) =>
  deliverDueWebhooks({ db: e.db.handle.db, clock: e.clock, allowPrivateDestinations: true, secrets: e.app.tally.secrets, ...o });

/** The hex signatures in X-Tally-Signature, in header order, and its timestamp. */
function signaturesOf(r: Received): { t: string; v1: string[] } {
  const parts = String(r.headers['x-tally-signature'] ?? '').split(',').map((p) => p.split('=', 2));
  return { t: parts.find(([k]) => k === 't')?.[1] ?? '', v1: parts.filter(([k]) => k === 'v1').map(([, v]) => v) };
}

const hmac = (secret: string, r: Received) => createHmac('sha256', secret).update(`${signaturesOf(r).t}.${r.body}`).digest('hex');

/** Every value of every table (sessions aside) as one string, to search for a secret in plaintext. */
const everything = async (e: TestEnv) => JSON.stringify(await dump(e));

/** A PUT with an Idempotency-Key (the test client's put sends none). */
async function putWithKey(e: TestEnv, token: string, url: string, body: unknown, key: string) {
  const res = await e.app.inject({ method: 'PUT', url, payload: body as object, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } });
  return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
}

const endpointRow = (e: TestEnv, id: string) =>
  e.db.handle.db.selectFrom('webhookEndpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Promise<Record<string, unknown>>;

eachDialect('webhook secrets', (env) => {
  beforeAll(() => { env().app.tally.allowPrivateWebhookDestinations = true; });

  it('secrets are stored only encrypted (AES-256-GCM, random IV, key in <dataDir>/secret.key 0600) and still sign deliveries', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: EVENTS }), 201);
      const twin = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: EVENTS, enabled: false }), 201);
      expect(hook.secretHint).toBe(`…${SECRET.slice(-4)}`);
      expect(await everything(e)).not.toContain(SECRET);
      const [a, b] = [await endpointRow(e, hook.id), await endpointRow(e, twin.id)];
      // versioned envelope: v1.<key id>.<iv>.<ciphertext>.<tag>, base64url; one IV per value
      expect(a.secretSealed).toMatch(/^v1\.[0-9a-f]{16}\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
      expect(a.secretSealed).not.toBe(b.secretSealed);
      expect(String(a.secretSealed).split('.')[1]).toBe(e.app.tally.secrets.keyId);
      // the embedded default: the key was created in the data folder, readable by its owner only
      const file = statSync(join(e.db.dataDir, 'secret.key'));
      expect(file.mode & 0o777).toBe(0o600);

      ok(await newOrder(w), 201);
      expect(await pass(e)).toMatchObject({ delivered: 1 });
      expect(rx.requests).toHaveLength(1);
      expect(signaturesOf(rx.requests[0]).v1).toEqual([hmac(SECRET, rx.requests[0])]);
    } finally {
      await rx.close();
    }
  });

  it('create and rotate with an Idempotency-Key: the replays answer without the secret, and no table keeps it in plaintext', async () => {
    const e = env();
    const w = await seedWorld(e);
    const m = w.merchantA;
    const generatedBody = { url: 'https://hooks.example.com/generated', events: EVENTS };
    const created = ok(await m.post('/api/webhooks', generatedBody, { idempotencyKey: 'create-generated' }), 201);
    expect(created.secret).toMatch(/^whsec_/);
    const again = await m.post('/api/webhooks', generatedBody, { idempotencyKey: 'create-generated' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const { secret: _shown, ...view } = created;
    expect(again.body).toEqual({ ...view, secretShownOnce: true });

    const givenBody = { url: 'https://hooks.example.com/given', secret: SECRET, events: EVENTS };
    const given = ok(await m.post('/api/webhooks', givenBody, { idempotencyKey: 'create-given' }), 201);
    expect(given.secret).toBe(SECRET);
    const givenAgain = ok(await m.post('/api/webhooks', givenBody, { idempotencyKey: 'create-given' }), 201);
    expect(givenAgain).toMatchObject({ id: given.id, secretShownOnce: true });
    expect(givenAgain.secret).toBeUndefined();

    const rotateBody = { ...generatedBody, rotateSecret: true, version: created.version };
    const rotated = await putWithKey(e, m.token!, `/api/webhooks/${created.id}`, rotateBody, 'rotate-1');
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    const rotatedAgain = await putWithKey(e, m.token!, `/api/webhooks/${created.id}`, rotateBody, 'rotate-1');
    expect(rotatedAgain.headers['idempotent-replayed']).toBe('true');
    expect(rotatedAgain.body).toMatchObject({ id: created.id, version: rotated.body.version, secretShownOnce: true });
    expect(rotatedAgain.body.secret).toBeUndefined();

    const raw = await everything(e);
    for (const s of [created.secret, SECRET, rotated.body.secret]) expect(raw).not.toContain(s);
    const replays = await e.db.handle.db.selectFrom('idempotencyKeys').select('response').where('key', 'in', ['create-generated', 'create-given', 'rotate-1']).execute();
    expect(replays).toHaveLength(3);
    for (const r of replays) expect(JSON.parse(r.response)).toMatchObject({ secretShownOnce: true });
  });

  it('rotation keeps the previous secret valid for the grace period (both signatures, newest first), then only the new one', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: EVENTS }), 201);
      const body = { url: rx.url, events: EVENTS };
      // the default grace period is 24 h
      const byDefault = ok(await w.merchantA.put(`/api/webhooks/${hook.id}`, { ...body, secret: OTHER, version: hook.version }));
      expect(Date.parse(byDefault.previousSecretExpiresAt) - e.clock.now().getTime()).toBe(24 * HOUR * 1000);
      expect(ok(await w.merchantA.get(`/api/webhooks/${hook.id}`)).previousSecretExpiresAt).toBe(byDefault.previousSecretExpiresAt);
      // an hour here, so that the clock moved past it leaves the test's sessions alive; SECRET → OTHER → fresh
      const rotated = ok(await w.merchantA.put(`/api/webhooks/${hook.id}`, { ...body, rotateSecret: true, rotationGraceSeconds: HOUR, version: byDefault.version }));
      const fresh: string = rotated.secret;
      expect(Date.parse(rotated.previousSecretExpiresAt) - e.clock.now().getTime()).toBe(HOUR * 1000);

      ok(await newOrder(w), 201);
      expect(await pass(e)).toMatchObject({ delivered: 1 });
      const during = rx.requests[0];
      // the one it replaced signs too; the one before that no longer does
      expect(signaturesOf(during).v1).toEqual([hmac(fresh, during), hmac(OTHER, during)]);
      const nowSeconds = Math.floor(e.clock.now().getTime() / 1000);
      for (const s of [fresh, OTHER]) expect(verify(s, during.body, String(during.headers['x-tally-signature']), nowSeconds), s).toBe(true);
      expect(verify(SECRET, during.body, String(during.headers['x-tally-signature']), nowSeconds)).toBe(false);

      // a second after the grace period: the old secret no longer signs
      e.clock.advance(HOUR + 1);
      expect(ok(await w.merchantA.get(`/api/webhooks/${hook.id}`)).previousSecretExpiresAt).toBeNull();
      ok(await newOrder(w), 201);
      expect(await pass(e)).toMatchObject({ delivered: 1 });
      const after = rx.requests[1];
      expect(signaturesOf(after).v1).toEqual([hmac(fresh, after)]);
      expect(verify(OTHER, after.body, String(after.headers['x-tally-signature']), Math.floor(e.clock.now().getTime() / 1000))).toBe(false);

      // a leaked secret is cut off at once with a grace period of 0; the grace period is bounded
      const current = ok(await w.merchantA.get(`/api/webhooks/${hook.id}`));
      expectProblem(await w.merchantA.put(`/api/webhooks/${hook.id}`, { ...body, rotateSecret: true, rotationGraceSeconds: 8 * 24 * HOUR, version: current.version }),
        400, 'VALIDATION_FAILED', 'rotationGraceSeconds');
      expectProblem(await w.merchantA.put(`/api/webhooks/${hook.id}`, { ...body, rotationGraceSeconds: 60, version: current.version }), 422, 'SECRET_CONFLICT', 'rotationGraceSeconds');
      const cut = ok(await w.merchantA.put(`/api/webhooks/${hook.id}`, { ...body, rotateSecret: true, rotationGraceSeconds: 0, version: current.version }));
      expect(cut.previousSecretExpiresAt).toBeNull();
      ok(await newOrder(w), 201);
      expect(await pass(e)).toMatchObject({ delivered: 1 });
      expect(signaturesOf(rx.requests[2]).v1).toEqual([hmac(cut.secret, rx.requests[2])]);
      for (const s of [SECRET, OTHER, fresh, cut.secret]) expect(await everything(e)).not.toContain(s);
    } finally {
      await rx.close();
    }
  });

  it('a destination resolving to a private address: the delivery log says "destination not allowed", the server log has the address', async () => {
    const e = env();
    const w = await seedWorld(e);
    const logged: { message: string; detail?: Record<string, unknown> }[] = [];
    const resolve: Resolve = async (host) => (host === 'hooks.internal.test' ? [{ address: '10.1.2.3', family: 4 }] : []);
    const hook = ok(await w.merchantA.post('/api/webhooks', { url: 'http://hooks.internal.test:8080/tally', secret: SECRET, events: EVENTS }), 201);
    ok(await newOrder(w), 201);
    expect(await pass(e, { allowPrivateDestinations: false, resolve, log: (message, detail) => logged.push({ message, detail }) } as Partial<DeliverOptions>))
      .toMatchObject({ attempted: 1, retrying: 1 });
    const log = ok(await w.merchantA.get(`/api/webhooks/${hook.id}/deliveries`));
    expect(log.items[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: null, lastError: 'destination not allowed' });
    const shown = JSON.stringify(log);
    expect(shown).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    expect(shown).not.toMatch(/private/);
    expect(JSON.stringify(logged)).toContain('10.1.2.3');
    expect(logged.find((l) => JSON.stringify(l).includes('10.1.2.3'))?.detail).toMatchObject({ deliveryId: log.items[0].id, endpointId: hook.id });
  });

  // last: it takes migration 0008 down and up again on this suite's database
  it('a secret left in plaintext by the previous version still signs, and is encrypted at start (migration 2026_12_03_0008)', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rx = await startReceiver();
    try {
      const hook = ok(await w.merchantA.post('/api/webhooks', { url: rx.url, secret: SECRET, events: EVENTS }), 201);
      const migration = await import('../../src/db/migrations/2026_12_03_0008_webhook_secrets.js');
      const plain = e.db.handle.db.withoutPlugins() as any;
      // the table as the previous version left it: `secret` in plaintext
      await migration.down(plain);
      await plain.updateTable('webhook_endpoints').set({ secret: LEGACY }).where('id', '=', hook.id).execute();
      await migration.up(plain);
      const migrated = await endpointRow(e, hook.id);
      expect(migrated).toMatchObject({ legacySecret: LEGACY, secretSealed: null, secretHint: `…${LEGACY.slice(-4)}` });
      expect(ok(await w.merchantA.get(`/api/webhooks/${hook.id}`)).secretHint).toBe(`…${LEGACY.slice(-4)}`);

      // before the start step (another instance still on its way up): read as legacy
      ok(await newOrder(w), 201);
      expect(await pass(e)).toMatchObject({ delivered: 1 });
      expect(signaturesOf(rx.requests[0]).v1).toEqual([hmac(LEGACY, rx.requests[0])]);

      // what the server does at start: every plaintext secret encrypted, once
      const { sealLegacyWebhookSecrets } = await import('../../src/modules/webhooks/secrets.js');
      expect(await sealLegacyWebhookSecrets(e.db.handle.db, e.app.tally.secrets)).toBeGreaterThanOrEqual(1);
      expect(await sealLegacyWebhookSecrets(e.db.handle.db, e.app.tally.secrets)).toBe(0);
      expect(await endpointRow(e, hook.id)).toMatchObject({ legacySecret: '', secretSealed: expect.stringMatching(/^v1\./) });
      expect(await everything(e)).not.toContain(LEGACY);

      ok(await newOrder(w), 201);
      expect(await pass(e)).toMatchObject({ delivered: 1 });
      expect(signaturesOf(rx.requests[1]).v1).toEqual([hmac(LEGACY, rx.requests[1])]);
    } finally {
      await rx.close();
    }
  });
});
