/**
 * Merchant webhooks: endpoints (URL, secret, subscribed event types, enabled) and their delivery
 * log with replay. A merchant sees only its own endpoints and deliveries; any other id is 404.
 * The secret signs every delivery (HMAC-SHA256), so the server must be able to read it: it is
 * stored encrypted with the server's key (./secrets.ts) and shown only in the answer that created or
 * rotated it — never in that answer's idempotency record, whose replay says `secretShownOnce: true`
 * instead. A rotation keeps the replaced secret signing for a grace period (default 24 h). A URL must
 * point at a public address (./destinations.ts) unless the server allows private destinations
 * (TALLY_WEBHOOK_ALLOW_PRIVATE).
 */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../db/types.js';
import type { EventType } from '../../domain/notification-events.js';
import { conflict, notFound, ruleViolation } from '../../domain/errors.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { assertUpdated, assertVersion } from '../shared/guards.js';
import { newId } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import type { SecretBox } from '../../security/secret-box.js';
import { destinationProblem, PUBLIC_ONLY, type DestinationPolicy } from './destinations.js';
import { DEFAULT_ROTATION_GRACE_SECONDS, previousSecretExpiresAt, rotatedSecrets, sealedCurrent, tidiedSecrets } from './secrets.js';

const WHAT = 'Webhook';
export const MAX_ENDPOINTS = 10;
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;

export interface EndpointInput {
  url: string;
  /** At least 16 characters; omitted on create → generated (and shown once). */
  secret?: string;
  events: EventType[];
  enabled?: boolean;
  description?: string | null;
}

export interface EndpointChange extends EndpointInput {
  /** A new generated secret (shown once); not together with `secret`. */
  rotateSecret?: boolean;
  /** With a new secret: how long the replaced one still signs (default 24 h; 0: it stops at once). */
  rotationGraceSeconds?: number;
  version?: number;
}

/** What the server brings to a write: its key (the app's `tally.secrets`) and where webhooks may go. */
export interface WebhookOptions {
  secrets: SecretBox;
  destinations?: DestinationPolicy;
}

type Endpoint = Selectable<WebhookEndpointRow>;

export const generateSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** An endpoint as the merchant sees it at `at`: never a secret, only its hint and when a previous one stops signing. */
export function toEndpointView(e: Endpoint, at: string) {
  return {
    id: e.id,
    url: e.url,
    events: JSON.parse(e.events) as EventType[],
    enabled: Number(e.enabled) === 1,
    description: e.description,
    secretHint: e.secretHint,
    /** After a rotation: until when the replaced secret still signs deliveries (null: it no longer does). */
    previousSecretExpiresAt: previousSecretExpiresAt(e, at),
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

const live = (db: Executor, merchantId: string) =>
  db.selectFrom('webhookEndpoints').selectAll().where('merchantId', '=', merchantId).where('deletedAt', 'is', null);

function merchantOf(ctx: Ctx): string {
  requireRole(ctx.actor, 'MERCHANT');
  return ctx.actor.merchantId ?? '-';
}

/** The merchant's own live endpoint, or 404 (another merchant's id included). */
async function ownEndpoint(db: Executor, merchantId: string, id: string): Promise<Endpoint> {
  const e = await live(db, merchantId).where('id', '=', id).executeTakeFirst();
  if (!e) throw notFound(WHAT);
  return e;
}

/**
 * 422 on `url` when it is not an http(s) URL without credentials, or its host is an IP literal or
 * `localhost` that is not public. Other names are checked when a delivery resolves them.
 */
function assertDestinationAllowed(url: string, policy: DestinationPolicy) {
  const problem = destinationProblem(url, policy);
  if (problem) throw ruleViolation(problem.code, problem.detail, 'url');
}

export async function listEndpoints(ctx: Ctx, q: PageQuery) {
  const merchantId = merchantOf(ctx);
  const page = await paginate(live(ctx.db, merchantId), 'id', q);
  const at = nowIso(ctx);
  return { items: page.items.map((e) => toEndpointView(e, at)), nextCursor: page.nextCursor };
}

export async function getEndpoint(ctx: Ctx, id: string) {
  return toEndpointView(await ownEndpoint(ctx.db, merchantOf(ctx), id), nowIso(ctx));
}

/** The answer to a create or a secret change: the secret, this once. */
export type WithSecret = ReturnType<typeof toEndpointView> & { secret?: string; secretShownOnce?: true };

/** What the idempotency record keeps of such an answer: everything but the secret, and that it was shown. */
function withoutSecret(answer: WithSecret): WithSecret {
  if (answer.secret === undefined) return answer;
  const { secret: _shown, ...view } = answer;
  return { ...view, secretShownOnce: true };
}

export async function createEndpoint(ctx: Ctx, input: EndpointInput, opts: WebhookOptions): Promise<WithSecret> {
  const merchantId = merchantOf(ctx);
  return command(ctx, async (tx) => {
    assertDestinationAllowed(input.url, opts.destinations ?? PUBLIC_ONLY);
    const count = await tx.selectFrom('webhookEndpoints').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('merchantId', '=', merchantId).where('deletedAt', 'is', null).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ENDPOINTS) {
      throw ruleViolation('WEBHOOK_LIMIT', `A merchant has at most ${MAX_ENDPOINTS} webhook endpoints; delete one first`);
    }
    const at = nowIso(ctx);
    const id = newId('whk');
    const secret = input.secret ?? generateSecret();
    await tx.insertInto('webhookEndpoints').values({
      id, merchantId, url: input.url, ...sealedCurrent(opts.secrets, id, secret), previousSecretSealed: null, previousSecretExpiresAt: null,
      events: JSON.stringify(input.events), enabled: input.enabled === false ? 0 : 1,
      description: input.description ?? null, deletedAt: null, version: 1, createdAt: at, updatedAt: at,
    }).execute();
    await recordEvent(tx, ctx, { documentType: 'webhookEndpoint', documentId: id, action: 'CREATED', data: { url: input.url, events: input.events } });
    return { ...toEndpointView(await ownEndpoint(tx, merchantId, id), at), secret };
  }, { forReplay: withoutSecret });
}

export async function updateEndpoint(ctx: Ctx, id: string, input: EndpointChange, opts: WebhookOptions): Promise<WithSecret> {
  const merchantId = merchantOf(ctx);
  return command(ctx, async (tx) => {
    const e = await ownEndpoint(tx, merchantId, id);
    assertVersion(WHAT, e.version, input.version);
    assertDestinationAllowed(input.url, opts.destinations ?? PUBLIC_ONLY);
    if (input.secret && input.rotateSecret) throw ruleViolation('SECRET_CONFLICT', 'Give a new secret or ask for a generated one, not both', 'rotateSecret');
    const secret = input.secret ?? (input.rotateSecret ? generateSecret() : undefined);
    if (!secret && input.rotationGraceSeconds !== undefined) {
      throw ruleViolation('SECRET_CONFLICT', 'A grace period goes with a new secret: give `secret` or `rotateSecret: true`', 'rotationGraceSeconds');
    }
    const at = nowIso(ctx);
    const secrets = secret
      ? rotatedSecrets(opts.secrets, e, secret, input.rotationGraceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS, at)
      : tidiedSecrets(opts.secrets, e, at);
    const result = await tx.updateTable('webhookEndpoints').set({
      url: input.url, events: JSON.stringify(input.events), enabled: input.enabled === false ? 0 : 1,
      description: input.description ?? null, ...secrets, version: e.version + 1, updatedAt: at,
    }).where('id', '=', id).where('version', '=', e.version).executeTakeFirst();
    assertUpdated(result, WHAT);
    await recordEvent(tx, ctx, {
      documentType: 'webhookEndpoint', documentId: id, action: 'UPDATED',
      data: {
        url: input.url, events: input.events, enabled: input.enabled !== false, secretChanged: !!secret,
        ...(secret ? { previousSecretExpiresAt: secrets.previousSecretExpiresAt } : {}),
      },
    });
    const view = toEndpointView(await ownEndpoint(tx, merchantId, id), at);
    return secret ? { ...view, secret } : view;
  }, { forReplay: withoutSecret });
}

/** Deleting stops the endpoint for good: its pending deliveries are cancelled; the log stays. */
export async function deleteEndpoint(ctx: Ctx, id: string, input: { version?: number }) {
  const merchantId = merchantOf(ctx);
  await command(ctx, async (tx) => {
    const e = await ownEndpoint(tx, merchantId, id);
    assertVersion(WHAT, e.version, input.version);
    const at = nowIso(ctx);
    const result = await tx.updateTable('webhookEndpoints').set({ deletedAt: at, enabled: 0, version: e.version + 1, updatedAt: at })
      .where('id', '=', id).where('version', '=', e.version).executeTakeFirst();
    assertUpdated(result, WHAT);
    await tx.updateTable('webhookDeliveries').set({ status: 'CANCELLED', nextAttemptAt: null, claimToken: null, claimedUntil: null, updatedAt: at })
      .where('endpointId', '=', id).where('status', '=', 'PENDING').execute();
    await recordEvent(tx, ctx, { documentType: 'webhookEndpoint', documentId: id, action: 'DELETED' });
    return null;
  });
}

// ---------------------------------------------------------------- the delivery log

type Delivery = Selectable<WebhookDeliveryRow>;

async function deliveryViews(db: Executor, rows: Delivery[]) {
  const ids = [...new Set(rows.map((r) => r.outboxId))];
  const events = ids.length ? await db.selectFrom('outbox').select(['id', 'type', 'documentType', 'payload', 'createdAt']).where('id', 'in', ids).execute() : [];
  const byId = new Map(events.map((e) => [e.id, e]));
  return rows.map((d) => {
    const ev = byId.get(d.outboxId);
    return {
      id: d.id,
      endpointId: d.endpointId,
      event: { id: d.outboxId, type: d.eventType, createdAt: ev?.createdAt ?? null },
      document: { type: ev?.documentType ?? null, id: d.documentId },
      status: d.status,
      attempts: Number(d.attempts),
      lastStatusCode: d.lastStatusCode === null ? null : Number(d.lastStatusCode),
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt,
      nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt : null,
      deliveredAt: d.deliveredAt,
      replayOf: d.replayOf,
      createdAt: d.createdAt,
      payload: ev ? (JSON.parse(ev.payload) as unknown) : null,
    };
  });
}

export async function listDeliveries(ctx: Ctx, endpointId: string, q: PageQuery & { status?: string; eventType?: string }) {
  const merchantId = merchantOf(ctx);
  const e = await ownEndpoint(ctx.db, merchantId, endpointId);
  let query = ctx.db.selectFrom('webhookDeliveries').selectAll().where('endpointId', '=', e.id).where('merchantId', '=', merchantId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.eventType) query = query.where('eventType', '=', q.eventType);
  const page = await paginate(query, 'id', q);
  return { items: await deliveryViews(ctx.db, page.items), nextCursor: page.nextCursor };
}

async function ownDelivery(tx: Tx, merchantId: string, id: string): Promise<Delivery> {
  const d = await tx.selectFrom('webhookDeliveries').selectAll().where('id', '=', id).where('merchantId', '=', merchantId).executeTakeFirst();
  if (!d) throw notFound('Webhook delivery');
  return d;
}

/**
 * Sends an event again: a new delivery of the same event (same body, new delivery id), queued now
 * behind any earlier pending delivery for the same document. A delivery still being retried is not
 * replayed (409); the endpoint must be live and enabled.
 */
export async function replayDelivery(ctx: Ctx, id: string) {
  const merchantId = merchantOf(ctx);
  return command(ctx, async (tx) => {
    const d = await ownDelivery(tx, merchantId, id);
    const e = await live(tx, merchantId).where('id', '=', d.endpointId).executeTakeFirst();
    if (!e) throw notFound('Webhook delivery');
    if (d.status === 'PENDING') throw conflict('DELIVERY_PENDING', 'This delivery is still being attempted; replay it once it is delivered or failed');
    if (Number(e.enabled) !== 1) throw conflict('WEBHOOK_DISABLED', 'Enable the webhook before replaying its deliveries');
    const at = nowIso(ctx);
    const replayId = newId('whd');
    await tx.insertInto('webhookDeliveries').values({
      id: replayId, endpointId: d.endpointId, merchantId, outboxId: d.outboxId, eventType: d.eventType, documentId: d.documentId,
      status: 'PENDING', attempts: 0, nextAttemptAt: at, claimedUntil: null, claimToken: null, lastAttemptAt: null,
      lastStatusCode: null, lastError: null, deliveredAt: null, replayOf: d.id, createdAt: at, updatedAt: at,
    }).execute();
    await recordEvent(tx, ctx, { documentType: 'webhookEndpoint', documentId: d.endpointId, action: 'DELIVERY_REPLAYED', data: { deliveryId: d.id, replayId } });
    const row = await tx.selectFrom('webhookDeliveries').selectAll().where('id', '=', replayId).executeTakeFirstOrThrow();
    return (await deliveryViews(tx, [row]))[0];
  });
}
