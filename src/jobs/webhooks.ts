/**
 * The webhook delivery worker: claims due deliveries (src/modules/webhooks/deliveries.ts), POSTs
 * each event's JSON body with its signature, and records the answer. A 2xx is delivered; anything
 * else (status, network error, timeout after `timeoutMs`) is retried with exponential backoff on
 * the clock until the attempts run out. Safe to run on several instances at once.
 *
 * Only public addresses are sent to unless `allowPrivateDestinations` (TALLY_WEBHOOK_ALLOW_PRIVATE=1):
 * the host is resolved once per attempt and the connection goes to the checked address
 * (src/modules/webhooks/send.ts). A refused destination is a failed attempt like any other, with
 * its reason as the error ("destination 10.0.0.5 is a private address"), and is retried on the same
 * backoff: a name may resolve elsewhere later, and a merchant who corrects the URL gets the pending
 * deliveries sent to the new one without replaying them.
 *
 * `deliverDueWebhooks` is one pass (the scheduler calls it on each tick; tests call it after moving
 * their clock).
 */
import type { Job } from './due.js';
import type { Db } from '../db/create-db.js';
import { systemClock, type Clock } from '../modules/shared/context.js';
import { claimDue, DEFAULT_RETRY, recordAttempt, type AttemptResult, type ClaimedDelivery, type RetryPolicy } from '../modules/webhooks/deliveries.js';
import { SIGNATURE_HEADER, sign } from '../modules/webhooks/signature.js';
import { DestinationRefused, postChecked, PostTimeout, type Resolve } from '../modules/webhooks/send.js';

export interface DeliverOptions {
  db: Db;
  clock?: Clock;
  /** Send to loopback, private, link-local… addresses too (default false: public addresses only). */
  allowPrivateDestinations?: boolean;
  /** How host names are resolved (default: the system resolver); tests inject names. */
  resolve?: Resolve;
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

async function attempt(d: ClaimedDelivery, clock: Clock, opts: DeliverOptions, timeoutMs: number): Promise<AttemptResult> {
  const t = Math.floor(clock.now().getTime() / 1000);
  try {
    const res = await postChecked(d.url, d.body, {
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'X-Tally-Event': d.eventType,
        'X-Tally-Delivery': d.id,
        [SIGNATURE_HEADER]: sign(d.secret, d.body, t),
      },
      timeoutMs,
      policy: { allowPrivate: opts.allowPrivateDestinations === true },
      resolve: opts.resolve,
    });
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return { ok, statusCode: res.statusCode, error: ok ? null : `HTTP ${res.statusCode}` };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const error = e instanceof DestinationRefused || e instanceof PostTimeout ? err.message : err.code ?? err.message;
    return { ok: false, statusCode: null, error: String(error).slice(0, 500) };
  }
}

/** One pass: sends every delivery that is due now, in order per (endpoint, document). */
export async function deliverDueWebhooks(opts: DeliverOptions): Promise<DeliverSummary> {
  const clock = opts.clock ?? systemClock;
  const policy = opts.policy ?? DEFAULT_RETRY;
  const summary: DeliverSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 10); round++) {
    const claimed = await claimDue(opts.db, clock.now().toISOString(), opts.batchSize ?? 20, policy);
    if (!claimed.length) break;
    await Promise.all(claimed.map(async (d) => {
      const result = await attempt(d, clock, opts, opts.timeoutMs ?? 10_000);
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
export function createWebhookJob(opts: { allowPrivateDestinations?: boolean } = {}): Job {
  return {
    name: 'webhooks',
    run: async (jc) => {
      const s = await deliverDueWebhooks({ db: jc.db, clock: jc.clock, allowPrivateDestinations: opts.allowPrivateDestinations });
      return { done: s.delivered, skipped: s.retrying, failed: s.failed };
    },
  };
}

/** The job sending to public addresses only. */
export const webhookJob: Job = createWebhookJob();
