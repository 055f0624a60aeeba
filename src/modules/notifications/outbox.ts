/**
 * The transactional outbox. `emit` runs inside the caller's transaction and writes, with it (just
 * before it commits, one statement per table for all the command's events, ../../db/before-commit.ts):
 *  - one `outbox` row holding the exact merchant-facing JSON body (whitelisted, never a subtype);
 *  - one inbox `notifications` row per recipient user (fan-out at write time: the merchant's users
 *    and/or every OPS user, per EVENT_AUDIENCE; a user created later does not see older events);
 *  - one PENDING `webhook_deliveries` row per enabled endpoint of the merchant subscribed to the type.
 * So the change, its announcement and every pending delivery commit together or not at all, and no
 * relay job is needed; the delivery worker (src/jobs/webhooks.ts) only sends what is queued.
 */
import { sql } from 'kysely';
import { EVENT_AUDIENCE, EVENT_TEXTS, type EventDoc, type EventType } from '../../domain/notification-events.js';
import type { Executor } from '../../db/create-db.js';
import { appendStatementsAtCommit } from '../../db/before-commit.js';
import { precompiled } from '../../db/precompiled.js';
import { perTransaction } from '../../db/per-transaction.js';
import type { NotificationRow, OutboxRow, WebhookDeliveryRow } from '../../db/types.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { newId } from '../shared/ids.js';
import { documentSnapshot, merchantSafe, type EventDocumentType } from './payloads.js';

export interface EmitInput {
  type: EventType;
  merchantId: string;
  documentType: EventDocumentType;
  documentId: string;
  /** Extra facts about this event (e.g. the defaulted method); whitelisted like the document. */
  data?: Record<string, unknown>;
  /** The document's snapshot when the caller holds it (a registration: the row it just wrote); else it is read. */
  snapshot?: Record<string, unknown>;
}

/** The body a webhook receives, and what `outbox.payload` stores. */
export interface EventPayload {
  id: string;
  type: EventType;
  createdAt: string;
  merchantId: string;
  documentType: EventDocumentType;
  /** The document as the merchant sees it: id, no, status, its type code, plan, links … */
  document: { id: string; no: string } & Record<string, unknown>;
  data: Record<string, unknown>;
}

// Every registration and decide emits: its statements are compiled once (../../db/precompiled.ts).
const insertOutbox = precompiled((db, rows: OutboxRow[]) => db.insertInto('outbox').values(rows));
const insertNotifications = precompiled((db, rows: NotificationRow[]) => db.insertInto('notifications').values(rows));
const insertDeliveries = precompiled((db, rows: WebhookDeliveryRow[]) => db.insertInto('webhookDeliveries').values(rows));
/**
 * Who hears of a merchant's events, in one read: its users, every OPS user, and its enabled webhook
 * endpoints (role ENDPOINT, with the event types they subscribe to). Read once per transaction: a
 * command emitting several events (a decide: the decision and each document) reads it once.
 */
const audienceRows = precompiled((db, merchantId: string) => db.selectFrom('users')
  .select(['id', 'role', sql<string | null>`cast(null as text)`.as('events')])
  .where((eb) => eb.or([eb.and([eb('role', '=', 'MERCHANT'), eb('merchantId', '=', merchantId)]), eb('role', '=', 'OPS')]))
  .unionAll(db.selectFrom('webhookEndpoints').select(['id', sql<string>`${sql.lit('ENDPOINT')}`.as('role'), 'events'])
    .where('merchantId', '=', merchantId).where('enabled', '=', 1).where('deletedAt', 'is', null))
  .orderBy('id'));
const audienceOf = perTransaction((db, merchantId) => audienceRows.all(db, merchantId));

export async function emit(tx: Executor, ctx: Pick<Ctx, 'clock'>, input: EmitInput): Promise<string> {
  const id = newId('obx');
  const at = nowIso(ctx);
  const snapshot = await documentSnapshot(tx, input.documentType, input.documentId, input.snapshot);
  const payload: EventPayload = {
    id, type: input.type, createdAt: at, merchantId: input.merchantId, documentType: input.documentType,
    document: snapshot as EventPayload['document'],
    data: merchantSafe(input.data ?? {}) as Record<string, unknown>,
  };
  const body = JSON.stringify(payload);
  await appendStatementsAtCommit(tx, 'outbox', [{
    id, type: input.type, merchantId: input.merchantId, documentType: input.documentType, documentId: input.documentId,
    payload: body, createdAt: at,
  }], writeOutbox);
  await notifyInbox(tx, payload, at);
  await queueWebhooks(tx, payload, at);
  return id;
}

async function notifyInbox(tx: Executor, payload: EventPayload, at: string): Promise<void> {
  const audience = EVENT_AUDIENCE[payload.type];
  const texts = EVENT_TEXTS[payload.type];
  const doc: EventDoc = { ...(payload.document as EventDoc), ...(payload.data as EventDoc) };
  const toMerchant = audience.merchant ? texts.merchant : undefined;
  const toOps = audience.ops ? texts.ops : undefined;
  if (!toMerchant && !toOps) return;
  const users = await audienceOf(tx, payload.merchantId);
  const groups = [
    { userIds: users.filter((u) => u.role === 'MERCHANT').map((u) => u.id), text: toMerchant },
    { userIds: users.filter((u) => u.role === 'OPS').map((u) => u.id), text: toOps },
  ].filter((g): g is { userIds: string[]; text: NonNullable<typeof texts.ops> } => !!g.text);
  const params = JSON.stringify({ no: doc.no ?? null, type: doc.type ?? null, plan: doc.plan ?? null, method: doc.method ?? null, amount: doc.amount ?? null, currency: doc.currency ?? null, reason: doc.reason ?? null });
  const rows = groups.flatMap(({ userIds, text }) => {
    const title = text(doc);
    return userIds.map((userId) => ({
      id: newId('ntf'), userId, outboxId: payload.id, code: payload.type, documentType: payload.documentType,
      documentId: payload.document.id, documentNo: doc.no ?? null, params,
      titleZh: title['zh-CN'], titleEn: title['en-US'], readAt: null, createdAt: at,
    }));
  });
  await appendStatementsAtCommit(tx, 'notifications', rows, writeNotifications);
}

async function queueWebhooks(tx: Executor, payload: EventPayload, at: string): Promise<void> {
  if (!EVENT_AUDIENCE[payload.type].webhook) return;
  const endpoints = (await audienceOf(tx, payload.merchantId)).filter((e) => e.role === 'ENDPOINT');
  const subscribed = endpoints.filter((e) => (JSON.parse(e.events!) as string[]).includes(payload.type));
  if (!subscribed.length) return;
  await appendStatementsAtCommit(tx, 'webhookDeliveries', subscribed.map((e): WebhookDeliveryRow => ({
    id: newId('whd'), endpointId: e.id, merchantId: payload.merchantId, outboxId: payload.id, eventType: payload.type,
    documentId: payload.document.id, status: 'PENDING', attempts: 0, nextAttemptAt: at, claimedUntil: null,
    claimToken: null, lastAttemptAt: null, lastStatusCode: null, lastError: null, deliveredAt: null, replayOf: null,
    createdAt: at, updatedAt: at,
  })), writeDeliveries);
}

// a command's outbox rows, then the inbox rows and deliveries that reference them: one insert per table at
// commit, all in one statement with the command's other commit-time writes on PostgreSQL
const writeOutbox = (tx: Executor, rows: OutboxRow[]) => [insertOutbox.compile(tx, rows)];
const writeNotifications = (tx: Executor, rows: NotificationRow[]) => [insertNotifications.compile(tx, rows)];
const writeDeliveries = (tx: Executor, rows: WebhookDeliveryRow[]) => [insertDeliveries.compile(tx, rows)];
