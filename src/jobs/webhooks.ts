/**
 * The webhook delivery worker: claims due deliveries (src/modules/webhooks/deliveries.ts), POSTs
 * each event's JSON body with its signature, and records the answer. A 2xx is delivered; anything
 * else (status, network error, timeout after `timeoutMs`) is retried with exponential backoff on
 * the clock until the attempts run out. Safe to run on several instances at once.
 *
 * `deliverDueWebhooks` is one pass (the scheduler calls it on each tick; tests call it after moving
 * their clock); `startWebhookLoop` runs passes on a timer for a server without the scheduler.
 */
import type { Job } from './due.js';
import type { Db } from '../db/create-db.js';
import { systemClock, type Clock } from '../modules/shared/context.js';
import { claimDue, DEFAULT_RETRY, recordAttempt, type AttemptResult, type ClaimedDelivery, type RetryPolicy } from '../modules/webhooks/deliveries.js';
import { SIGNATURE_HEADER, sign } from '../modules/webhooks/signature.js';

export interface DeliverOptions {
  db: Db;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Deliveries claimed and sent concurrently per round. */
  batchSize?: number;
  /** Rounds per pass: the next event of a document goes out in the next round once its predecessor is delivered. */
  maxRounds?: number;
  timeoutMs?: number;
  policy?: RetryPolicy;
}

export interface DeliverSummary {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

const USER_AGENT = 'Tally-Webhooks/1';

async function attempt(d: ClaimedDelivery, clock: Clock, fetchFn: typeof globalThis.fetch, timeoutMs: number): Promise<AttemptResult> {
  const t = Math.floor(clock.now().getTime() / 1000);
  try {
    const res = await fetchFn(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'X-Tally-Event': d.eventType,
        'X-Tally-Delivery': d.id,
        [SIGNATURE_HEADER]: sign(d.secret, d.body, t),
      },
      body: d.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined); // drain, so the connection is released
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const error = err.name === 'TimeoutError' ? `Timed out after ${timeoutMs} ms` : err.cause?.code ?? err.cause?.message ?? err.message;
    return { ok: false, statusCode: null, error: String(error).slice(0, 500) };
  }
}

/** One pass: sends every delivery that is due now, in order per (endpoint, document). */
export async function deliverDueWebhooks(opts: DeliverOptions): Promise<DeliverSummary> {
  const clock = opts.clock ?? systemClock;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const policy = opts.policy ?? DEFAULT_RETRY;
  const summary: DeliverSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 10); round++) {
    const claimed = await claimDue(opts.db, clock.now().toISOString(), opts.batchSize ?? 20, policy);
    if (!claimed.length) break;
    await Promise.all(claimed.map(async (d) => {
      const result = await attempt(d, clock, fetchFn, opts.timeoutMs ?? 10_000);
      const outcome = await recordAttempt(opts.db, d, result, clock.now().toISOString(), policy);
      summary.attempted++;
      if (outcome === 'DELIVERED') summary.delivered++;
      else if (outcome === 'RETRY') summary.retrying++;
      else if (outcome === 'FAILED') summary.failed++;
    }));
  }
  return summary;
}

/** Webhook delivery as one of the scheduler's jobs: every instance runs it, claims keep it once. */
export const webhookJob: Job = {
  name: 'webhooks',
  run: async (jc) => {
    const s = await deliverDueWebhooks({ db: jc.db, clock: jc.clock });
    return { done: s.delivered, skipped: s.retrying, failed: s.failed };
  },
};
