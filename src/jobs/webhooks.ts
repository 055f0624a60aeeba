/**
 * The webhook delivery worker: claims due deliveries (src/modules/webhooks/deliveries.ts), POSTs
 * each event's JSON body with its signature, and records the answer. A 2xx is delivered; anything
 * else (status, network error, timeout after `timeoutMs`) is retried with exponential backoff on
 * the clock until the attempts run out. Safe to run on several instances at once.
 *
 * Only public addresses are sent to unless `allowPrivateDestinations` (TALLY_WEBHOOK_ALLOW_PRIVATE=1):
 * the host is resolved once per attempt and the connection goes to the checked address
 * (src/modules/webhooks/send.ts). A refused destination is a failed attempt like any other, retried
 * on the same backoff: a name may resolve elsewhere later, and a merchant who corrects the URL gets
 * the pending deliveries sent to the new one without replaying them. The merchant's delivery log
 * says only `destination not allowed` (the resolved address is the server's network, not theirs to
 * learn); the server log has the address and the reason.
 *
 * Each delivery is signed when it is sent, with the endpoint's secrets opened by the server's key:
 * the current one, and the previous one while a rotation's grace period lasts (by the clock).
 *
 * `deliverDueWebhooks` is one pass (the scheduler calls it on each tick; tests call it after moving
 * their clock).
 */
import type { Job } from './due.js';
import type { Db } from '../db/create-db.js';
import { systemClock, type Clock } from '../modules/shared/context.js';
import type { SecretBox } from '../security/secret-box.js';
import { openSecrets } from '../security/secret-key.js';
import { signingSecrets } from '../modules/webhooks/secrets.js';
import { claimDue, DEFAULT_RETRY, recordAttempt, type AttemptResult, type ClaimedDelivery, type RetryPolicy } from '../modules/webhooks/deliveries.js';
import { SIGNATURE_HEADER, sign } from '../modules/webhooks/signature.js';
import { DestinationRefused, postChecked, PostTimeout, type Resolve } from '../modules/webhooks/send.js';

export interface DeliverOptions {
  db: Db;
  clock?: Clock;
  /** The server's key, which opens the endpoints' secrets (the app's `tally.secrets`). */
  secrets: SecretBox;
  /** Where the details of a refused destination or an unreadable secret go (the server log). */
  log?: (message: string, detail?: Record<string, unknown>) => void;
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
  /** The server is stopping: no further round is claimed (attempts in flight finish, up to `timeoutMs`). */
  signal?: AbortSignal;
}

export interface DeliverSummary {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

const USER_AGENT = 'Tally-Webhooks/1';

/** What the merchant's delivery log says of any refused destination: the same words whatever the address. */
export const DESTINATION_NOT_ALLOWED = 'destination not allowed';
export const SECRET_UNAVAILABLE = 'signing secret unavailable';

async function attempt(d: ClaimedDelivery, clock: Clock, opts: DeliverOptions, timeoutMs: number): Promise<AttemptResult> {
  const now = clock.now();
  const t = Math.floor(now.getTime() / 1000);
  const about = { deliveryId: d.id, endpointId: d.endpointId, host: new URL(d.url).host };
  let secrets: string[];
  try {
    secrets = signingSecrets(opts.secrets, d.signing, now.toISOString());
    if (!secrets.length) throw new Error('the endpoint has no secret');
  } catch (e) {
    opts.log?.('webhook secret cannot be opened with this server\'s key', { ...about, reason: (e as Error).message });
    return { ok: false, statusCode: null, error: SECRET_UNAVAILABLE };
  }
  try {
    const res = await postChecked(d.url, d.body, {
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'X-Tally-Event': d.eventType,
        'X-Tally-Delivery': d.id,
        [SIGNATURE_HEADER]: sign(secrets, d.body, t),
      },
      timeoutMs,
      policy: { allowPrivate: opts.allowPrivateDestinations === true },
      resolve: opts.resolve,
    });
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return { ok, statusCode: res.statusCode, error: ok ? null : `HTTP ${res.statusCode}` };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof DestinationRefused) {
      opts.log?.('webhook destination refused', { ...about, reason: err.message });
      return { ok: false, statusCode: null, error: DESTINATION_NOT_ALLOWED };
    }
    const error = e instanceof PostTimeout ? err.message : err.code ?? err.message;
    return { ok: false, statusCode: null, error: String(error).slice(0, 500) };
  }
}

/** One pass: sends every delivery that is due now, in order per (endpoint, document). */
export async function deliverDueWebhooks(opts: DeliverOptions): Promise<DeliverSummary> {
  const clock = opts.clock ?? systemClock;
  const policy = opts.policy ?? DEFAULT_RETRY;
  const summary: DeliverSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 10) && !opts.signal?.aborted; round++) {
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

/** A box whose key is loaded when first needed: a pass with nothing to send reads no key file. */
function lazyBox(load: () => SecretBox): SecretBox {
  let box: SecretBox | undefined;
  const get = () => (box ??= load());
  return { get keyId() { return get().keyId; }, seal: (p, c) => get().seal(p, c), open: (v, c) => get().open(v, c), digest: (t) => get().digest(t) };
}

/** The data folder's key, read once per folder (the embedded default: no TALLY_SECRET_KEY). */
const dataDirBoxes = new Map<string, SecretBox>();
function dataDirBox(dataDir: string): SecretBox {
  let box = dataDirBoxes.get(dataDir);
  if (!box) dataDirBoxes.set(dataDir, (box = openSecrets({ dataDir }).box));
  return box;
}

/**
 * Webhook delivery as one of the scheduler's jobs: every instance runs it, claims keep it once.
 * Without `secrets` (TALLY_SECRET_KEY's box, from the server) it uses the key in the job's data folder.
 */
export function createWebhookJob(opts: { allowPrivateDestinations?: boolean; secrets?: SecretBox } = {}): Job {
  return {
    name: 'webhooks',
    run: async (jc) => {
      const s = await deliverDueWebhooks({
        db: jc.db, clock: jc.clock, allowPrivateDestinations: opts.allowPrivateDestinations, log: jc.log, signal: jc.signal,
        secrets: opts.secrets ?? lazyBox(() => dataDirBox(jc.dataDir)),
      });
      return { done: s.delivered, skipped: s.retrying, failed: s.failed };
    },
  };
}

/** The job sending to public addresses only. */
export const webhookJob: Job = createWebhookJob();
