/**
 * The deadline scheduler (SPEC §6). Each job reads due times stored in the database and acts on
 * what is due by the clock it is given, so tests move a TestClock and call `runDueJobs` instead of
 * sleeping, and any number of server instances may run it at once (see ./due.ts).
 *
 * | job              | due when                                               | effect, once                          |
 * |------------------|--------------------------------------------------------|---------------------------------------|
 * | transportTimeout | delivery_notes IN_TRANSIT, expected_arrival_at + grace | system-registered timeout exception   |
 * | decisionSla      | exceptions PENDING, decision_due_at                    | overdue flag + DEADLINE policies      |
 * | returnMethod     | return_orders PENDING_METHOD, method_due_at            | default method applied                |
 * | jitAccept        | JIT stocking_orders not accepted by accept_by          | JIT_ACCEPT_LATE penalty               |
 * | jitShip          | JIT stocking_orders not shipped by ship_by             | JIT_SHIP_LATE penalty                 |
 * | webhooks         | webhook_deliveries due for an attempt                  | signed POST, retried with backoff     |
 * | idempotencyCleanup | idempotency_keys older than a day                    | forgotten                             |
 * | sessionCleanup   | sessions past their expiry, login_throttle past its window | forgotten                         |
 */
import type { Job, JobContext, JobResult } from './due.js';
import { transportTimeoutJob } from './transport-timeout.js';
import { decisionSlaJob } from './decision-sla.js';
import { returnMethodJob } from './return-method.js';
import { jitAcceptJob } from './jit-accept.js';
import { jitShipJob } from './jit-ship.js';
import { createWebhookJob, webhookJob } from './webhooks.js';
import { idempotencyCleanupJob } from './idempotency-cleanup.js';
import { sessionCleanupJob } from './session-cleanup.js';
import type { SecretBox } from '../security/secret-box.js';

export type { JobContext, JobResult } from './due.js';

export const JOBS: readonly Job[] = [transportTimeoutJob, decisionSlaJob, returnMethodJob, jitAcceptJob, jitShipJob, webhookJob, idempotencyCleanupJob, sessionCleanupJob];

/**
 * `JOBS` with the server's settings: whether webhooks may go to private addresses
 * (TALLY_WEBHOOK_ALLOW_PRIVATE) and the key that opens their secrets (TALLY_SECRET_KEY or the data folder's).
 */
export const configuredJobs = (opts: { allowPrivateWebhookDestinations?: boolean; webhookSecrets?: SecretBox }): readonly Job[] =>
  JOBS.map((job) => (job === webhookJob
    ? createWebhookJob({ allowPrivateDestinations: opts.allowPrivateWebhookDestinations, secrets: opts.webhookSecrets })
    : job));

export type JobReport = Record<string, JobResult>;

/** One pass over every job; a job that throws is reported as failed and the others still run. */
export async function runDueJobs(jc: JobContext, jobs: readonly Job[] = JOBS): Promise<JobReport> {
  const report: JobReport = {};
  for (const job of jobs) {
    try {
      report[job.name] = await job.run(jc);
    } catch (e) {
      jc.log?.(`job ${job.name} failed`, { error: e instanceof Error ? e.message : String(e) });
      report[job.name] = { done: 0, skipped: 0, failed: 1 };
    }
  }
  return report;
}

export const totalDone = (r: JobReport) => Object.values(r).reduce((s, x) => s + x.done, 0);

export interface Scheduler {
  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/** Runs `runDueJobs` every `intervalMs` (passes never overlap); the timer does not keep the process alive. */
export function startScheduler(jc: JobContext, intervalMs = 5000, jobs: readonly Job[] = JOBS): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = runDueJobs(jc, jobs)
      .then((report) => { if (totalDone(report)) jc.log?.('deadline jobs ran', report); })
      .catch((e) => jc.log?.('deadline jobs failed', { error: String(e) }))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      });
  };
  timer = setTimeout(tick, 0);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
