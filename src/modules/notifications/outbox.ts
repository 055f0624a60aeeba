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
import { EVENT_AUDIENCE, EVENT_TEXTS, type EventDoc, type EventType } from '../../domain/notification-events.js';
import type { Executor } from '../../db/create-db.js';
import { appendAtCommit } from '../../db/before-commit.js';
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
const endpointsOf = precompiled((db, merchantId: string) => db.selectFrom('webhookEndpoints').select(['id', 'events'])
  .where('merchantId', '=', merchantId).where('enabled', '=', 1).where('deletedAt', 'is', null)
  .orderBy('id'));

/** Both audiences in one read: the merchant's users (merchantId not null) and/or every OPS user. */
const recipients = (db: Executor, merchantId: string | null, ops: boolean) => db.selectFrom('users').select(['id', 'role']).where((eb) => eb.or([
  ...(merchantId !== null ? [eb.and([eb('role', '=', 'MERCHANT'), eb('merchantId', '=', merchantId)])] : []),
  ...(ops ? [eb('role', '=', 'OPS')] : []),
])).orderBy('id');
const merchantUsers = precompiled((db, merchantId: string) => recipients(db, merchantId, false));
const opsUsers = precompiled((db) => recipients(db, null, true));
const merchantAndOpsUsers = precompiled((db, merchantId: string) => recipients(db, merchantId, true));
// a command emitting several events (a decide: the decision and each document) reads its audience once
const merchantRecipients = perTransaction((db, merchantId) => merchantUsers.all(db, merchantId));
const opsRecipients = perTransaction((db) => opsUsers.all(db));
const merchantAndOpsRecipients = perTransaction((db, merchantId) => merchantAndOpsUsers.all(db, merchantId));
const subscribedEndpoints = perTransaction((db, merchantId) => endpointsOf.all(db, merchantId));

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
  await appendAtCommit(tx, 'outbox', [{
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
  const users = !toMerchant ? await opsRecipients(tx)
    : toOps ? await merchantAndOpsRecipients(tx, payload.merchantId) : await merchantRecipients(tx, payload.merchantId);
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
  await appendAtCommit(tx, 'notifications', rows, writeNotifications);
}

async function queueWebhooks(tx: Executor, payload: EventPayload, at: string): Promise<void> {
  if (!EVENT_AUDIENCE[payload.type].webhook) return;
  const endpoints = await subscribedEndpoints(tx, payload.merchantId);
  const subscribed = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(payload.type));
  if (!subscribed.length) return;
  await appendAtCommit(tx, 'webhookDeliveries', subscribed.map((e): WebhookDeliveryRow => ({
    id: newId('whd'), endpointId: e.id, merchantId: payload.merchantId, outboxId: payload.id, eventType: payload.type,
    documentId: payload.document.id, status: 'PENDING', attempts: 0, nextAttemptAt: at, claimedUntil: null,
    claimToken: null, lastAttemptAt: null, lastStatusCode: null, lastError: null, deliveredAt: null, replayOf: null,
    createdAt: at, updatedAt: at,
  })), writeDeliveries);
}

// a command's outbox rows, then the inbox rows and deliveries that reference them, each one statement at commit
const writeOutbox = async (tx: Executor, rows: OutboxRow[]) => void await insertOutbox.run(tx, rows);
const writeNotifications = async (tx: Executor, rows: NotificationRow[]) => void await insertNotifications.run(tx, rows);
const writeDeliveries = async (tx: Executor, rows: WebhookDeliveryRow[]) => void await insertDeliveries.run(tx, rows);
