/**
 * What the job loops have left to do, counted for the metrics (src/http/metrics.ts): deadlines that
 * are due by the jobs' own conditions but not fired yet, and the webhook outbox. Each count reads an
 * index over a working set (pending exceptions, notes in transit, return orders waiting for a
 * method, pending deliveries) and stops at `cap` rows, so a scrape stays cheap however far behind
 * the jobs are. The JIT deadlines are not counted: their due condition ranges over every JIT order
 * ever made.
 *
 * The outbox itself (`outbox`) is an append-only event log whose inbox rows and webhook deliveries
 * are written in the same transaction as the event, so what waits is only the PENDING deliveries.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Database } from '../db/types.js';
import { addSeconds } from '../modules/shared/context.js';
import { loadSettings } from '../modules/settings/service.js';
import { dueExceptions } from './decision-sla.js';
import { dueReturns } from './return-method.js';
import { dueNotes } from './transport-timeout.js';

export const DUE_COUNT_CAP = 10_000;

export interface Backlog {
  /** Per job: rows due by `now` that the job has not handled yet (at most DUE_COUNT_CAP). */
  due: Record<'transportTimeout' | 'decisionSla' | 'returnMethod' | 'webhooks', number>;
  /** Webhook deliveries not delivered, failed for good or cancelled; and the oldest one's creation time. */
  webhooksPending: number;
  oldestPendingWebhookAt: string | null;
}

export async function jobBacklog(db: Db, now: string, cap = DUE_COUNT_CAP): Promise<Backlog> {
  const { transportGraceSeconds } = await loadSettings(db);
  const count = async (qb: SelectQueryBuilder<Database, any, {}>) => {
    const capped = qb.select(sql<number>`1`.as('one')).limit(cap).as('due');
    const row = await db.selectFrom(capped).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  // one after another: a scrape takes one pooled connection at a time, not five
  const transportTimeout = await count(dueNotes(db, addSeconds(now, -transportGraceSeconds)));
  const decisionSla = await count(dueExceptions(db, now));
  const returnMethod = await count(dueReturns(db, now));
  const webhooks = await count(db.selectFrom('webhookDeliveries').where('status', '=', 'PENDING').where('nextAttemptAt', '<=', now));
  const pending = await db.selectFrom('webhookDeliveries').where('status', '=', 'PENDING')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('createdAt').as('oldest')]).executeTakeFirstOrThrow();
  return {
    due: { transportTimeout, decisionSla, returnMethod, webhooks },
    webhooksPending: Number(pending.n),
    oldestPendingWebhookAt: (pending.oldest as string | null) ?? null,
  };
}
