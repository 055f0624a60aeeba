/**
 * The webhook delivery queue: claiming due deliveries safely with several server instances, and
 * recording each attempt. The worker that sends them is src/jobs/webhooks.ts.
 *
 * - Due: PENDING, `nextAttemptAt` reached, not leased by another worker, endpoint live and enabled.
 * - In order per document: a delivery waits while an earlier PENDING delivery exists for the same
 *   (endpoint, document). One that was given up (FAILED) or cancelled no longer holds the rest back.
 * - Claim: a lease (`claimedUntil`, `claimToken`) set by a conditional update, so two workers
 *   cannot both claim a row; on PostgreSQL the candidates are also read `FOR UPDATE SKIP LOCKED`
 *   so concurrent workers pass each other by instead of queueing. A worker that dies mid-send
 *   leaves a lease that expires, and the delivery is sent again (at least once; receivers dedupe
 *   on the event id in the body or on X-Tally-Delivery).
 * - Results are written only by the lease holder (conditional on the token).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/create-db.js';
import { dialectOf } from '../../db/dialect.js';
import { addSeconds } from '../shared/context.js';
import type { SigningSecrets } from './secrets.js';

export interface RetryPolicy {
  /** Delay after the first failed attempt; doubles after each further failure. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** After this many failed attempts the delivery is FAILED (it can be replayed). */
  maxAttempts: number;
  /** How long a claim holds before another worker may take the delivery over. */
  leaseSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelaySeconds: 10, maxDelaySeconds: 3600, maxAttempts: 12, leaseSeconds: 120 };

/** 10 s · 2^(n−1) after the n-th failed attempt, capped. */
export const backoffSeconds = (failedAttempts: number, p: RetryPolicy = DEFAULT_RETRY) =>
  Math.min(p.baseDelaySeconds * 2 ** Math.max(0, failedAttempts - 1), p.maxDelaySeconds);

export interface ClaimedDelivery {
  id: string;
  token: string;
  endpointId: string;
  url: string;
  /** The endpoint's secrets, still sealed: the worker opens them when it signs (./secrets.ts). */
  signing: SigningSecrets;
  eventType: string;
  documentId: string;
  attempts: number;
  body: string;
}

/** Claims up to `limit` due deliveries for this worker, oldest due first. */
export async function claimDue(db: Db, now: string, limit: number, policy: RetryPolicy = DEFAULT_RETRY): Promise<ClaimedDelivery[]> {
  const pg = dialectOf(db) === 'postgres';
  return db.transaction().execute(async (tx) => {
    let candidates = tx.selectFrom('webhookDeliveries')
      .innerJoin('webhookEndpoints', 'webhookEndpoints.id', 'webhookDeliveries.endpointId')
      .select('webhookDeliveries.id')
      .where('webhookDeliveries.status', '=', 'PENDING')
      .where('webhookDeliveries.nextAttemptAt', '<=', now)
      .where((eb) => eb.or([eb('webhookDeliveries.claimedUntil', 'is', null), eb('webhookDeliveries.claimedUntil', '<=', now)]))
      .where('webhookEndpoints.enabled', '=', 1)
      .where('webhookEndpoints.deletedAt', 'is', null)
      .where((eb) => eb.not(eb.exists(
        eb.selectFrom('webhookDeliveries as earlier').select('earlier.id')
          .whereRef('earlier.endpointId', '=', 'webhookDeliveries.endpointId')
          .whereRef('earlier.documentId', '=', 'webhookDeliveries.documentId')
          .whereRef('earlier.id', '<', 'webhookDeliveries.id')
          .where('earlier.status', '=', 'PENDING'),
      )))
      .orderBy('webhookDeliveries.nextAttemptAt')
      .orderBy('webhookDeliveries.id')
      .limit(limit);
    if (pg) candidates = candidates.forUpdate(['webhookDeliveries']).skipLocked();
    const ids = (await candidates.execute()).map((r) => r.id);
    if (!ids.length) return [];
    const token = randomUUID();
    await tx.updateTable('webhookDeliveries')
      .set({ claimToken: token, claimedUntil: addSeconds(now, policy.leaseSeconds), updatedAt: now })
      .where('id', 'in', ids)
      .where('status', '=', 'PENDING')
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<=', now)]))
      .execute();
    const rows = await tx.selectFrom('webhookDeliveries')
      .innerJoin('webhookEndpoints', 'webhookEndpoints.id', 'webhookDeliveries.endpointId')
      .innerJoin('outbox', 'outbox.id', 'webhookDeliveries.outboxId')
      .select([
        'webhookDeliveries.id', 'webhookDeliveries.endpointId', 'webhookDeliveries.eventType', 'webhookDeliveries.documentId',
        'webhookDeliveries.attempts', 'webhookEndpoints.url', 'webhookEndpoints.legacySecret', 'webhookEndpoints.secretSealed',
        'webhookEndpoints.previousSecretSealed', 'webhookEndpoints.previousSecretExpiresAt', 'outbox.payload',
      ])
      .where('webhookDeliveries.claimToken', '=', token)
      .orderBy('webhookDeliveries.id')
      .execute();
    return rows.map((r) => ({
      id: r.id, token, endpointId: r.endpointId, url: r.url, eventType: r.eventType,
      signing: {
        id: r.endpointId, legacySecret: r.legacySecret, secretSealed: r.secretSealed,
        previousSecretSealed: r.previousSecretSealed, previousSecretExpiresAt: r.previousSecretExpiresAt,
      },
      documentId: r.documentId, attempts: Number(r.attempts), body: r.payload,
    }));
  });
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export type AttemptOutcome = 'DELIVERED' | 'RETRY' | 'FAILED' | 'LOST_CLAIM';

/** Records one attempt by the lease holder: delivered, retried later with backoff, or given up. */
export async function recordAttempt(db: Db, d: ClaimedDelivery, r: AttemptResult, now: string, policy: RetryPolicy = DEFAULT_RETRY): Promise<AttemptOutcome> {
  const attempts = d.attempts + 1;
  const outcome: AttemptOutcome = r.ok ? 'DELIVERED' : attempts >= policy.maxAttempts ? 'FAILED' : 'RETRY';
  const res = await db.updateTable('webhookDeliveries').set({
    status: outcome === 'RETRY' ? 'PENDING' : outcome,
    attempts,
    lastAttemptAt: now,
    lastStatusCode: r.statusCode,
    lastError: r.ok ? null : r.error,
    deliveredAt: r.ok ? now : null,
    nextAttemptAt: outcome === 'RETRY' ? addSeconds(now, backoffSeconds(attempts, policy)) : null,
    claimToken: null,
    claimedUntil: null,
    updatedAt: now,
  }).where('id', '=', d.id).where('claimToken', '=', d.token).where('status', '=', 'PENDING').executeTakeFirst();
  return Number(res.numUpdatedRows) === 0 ? 'LOST_CLAIM' : outcome;
}
