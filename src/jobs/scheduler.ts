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
 * | photoCleanup     | photos never attached to an exception, a day after upload | row and objects removed         |
 * | rollups          | events after the fold's cursor                         | daily rollups (docs/performance.md)   |
 * | coaching         | merchant × exception type not evaluated through yesterday | coaching level, change announced   |
 * | disputeSla       | disputes OPEN, due_at                                  | overdue flag (+ accepted, by setting) |
 * | statementClose   | a merchant's month M, from statementCloseDay of M+1     | statement snapshot (docs/statements.md) |
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
import { photoCleanupJob } from './photo-cleanup.js';
import { rollupsJob } from './rollups.js';
import { coachingJob } from './coaching.js';
import { disputeSlaJob } from './dispute-sla.js';
import { statementCloseJob } from './statement-close.js';
import type { SecretBox } from '../security/secret-box.js';

export type { JobContext, JobResult } from './due.js';

export const JOBS: readonly Job[] = [transportTimeoutJob, decisionSlaJob, returnMethodJob, jitAcceptJob, jitShipJob, webhookJob, idempotencyCleanupJob, sessionCleanupJob, photoCleanupJob, disputeSlaJob, rollupsJob, coachingJob, statementCloseJob];

/**
 * `JOBS` with the server's settings: whether webhooks may go to private addresses
 * (TALLY_WEBHOOK_ALLOW_PRIVATE) and the key that opens their secrets (TALLY_SECRET_KEY or the data folder's).
 */
export const configuredJobs = (opts: { allowPrivateWebhookDestinations?: boolean; webhookSecrets?: SecretBox }): readonly Job[] =>
  JOBS.map((job) => (job === webhookJob
    ? createWebhookJob({ allowPrivateDestinations: opts.allowPrivateWebhookDestinations, secrets: opts.webhookSecrets })
    : job));

export type JobReport = Record<string, JobResult>;

/** What the scheduler learns of each job as a pass runs it (for its stats). */
export interface PassObserver {
  /** Stop before the next job (and a job's next row, ./due.ts) once this is aborted. */
  signal?: AbortSignal;
  onStart?(job: string): void;
  onEnd?(job: string, result: JobResult, threw: boolean): void;
}

/** One pass over every job; a job that throws is reported as failed and the others still run. */
export async function runDueJobs(jc: JobContext, jobs: readonly Job[] = JOBS, observe: PassObserver = {}): Promise<JobReport> {
  const report: JobReport = {};
  for (const job of jobs) {
    if (observe.signal?.aborted) break;
    observe.onStart?.(job.name);
    let threw = false;
    try {
      report[job.name] = await job.run(observe.signal ? { ...jc, signal: observe.signal } : jc);
    } catch (e) {
      threw = true;
      jc.log?.(`job ${job.name} failed`, { error: e instanceof Error ? e.message : String(e) });
      report[job.name] = { done: 0, skipped: 0, failed: 1 };
    }
    observe.onEnd?.(job.name, report[job.name], threw);
  }
  return report;
}

export const totalDone = (r: JobReport) => Object.values(r).reduce((s, x) => s + x.done, 0);

/** One job as this instance's scheduler last ran it; times are the wall clock's epoch milliseconds. */
export interface JobStats {
  job: string;
  /** When the pass that last started this job was due, and when the job actually started. */
  dueAt?: number;
  startedAt?: number;
  /** How long its last completed run took. */
  lastDurationMs?: number;
  /** Rows acted on, skipped and failed since start, and runs that threw. */
  totals: JobResult & { errors: number };
}

export interface SchedulerStats {
  intervalMs: number;
  /** When the current pass was due, or the next one is (its timer). */
  passDueAt: number;
  /** The job running now, if any. */
  running?: string;
  jobs: JobStats[];
}

/**
 * How late `s` started, in seconds: for a job the current pass has not reached although it is
 * due, how long it has been waiting so far; else how late its last run started.
 */
export function jobLagSeconds(stats: SchedulerStats, s: JobStats, now = Date.now()): number | undefined {
  if (stats.passDueAt <= now && s.dueAt !== stats.passDueAt) return (now - stats.passDueAt) / 1000;
  return s.dueAt === undefined || s.startedAt === undefined ? undefined : Math.max(0, s.startedAt - s.dueAt) / 1000;
}

export interface Scheduler {
  /** Stops the timer, asks the pass in progress to stop at its next job or row, and waits for it. */
  stop(): Promise<void>;
  stats(): SchedulerStats;
}

/** Runs `runDueJobs` every `intervalMs` (passes never overlap); the timer does not keep the process alive. */
export function startScheduler(jc: JobContext, intervalMs = 5000, jobs: readonly Job[] = JOBS): Scheduler {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const byName = new Map<string, JobStats>(jobs.map((j) => [j.name, { job: j.name, totals: { done: 0, skipped: 0, failed: 0, errors: 0 } }]));
  const state: { passDueAt: number; running?: string } = { passDueAt: Date.now() };
  const observe: PassObserver = {
    signal: stopping.signal,
    onStart(name) {
      const s = byName.get(name)!;
      s.dueAt = state.passDueAt;
      s.startedAt = Date.now();
      state.running = name;
    },
    onEnd(name, result, threw) {
      const s = byName.get(name)!;
      s.lastDurationMs = Date.now() - (s.startedAt ?? Date.now());
      s.totals.done += result.done;
      s.totals.skipped += result.skipped;
      s.totals.failed += result.failed;
      if (threw) s.totals.errors++;
      state.running = undefined;
    },
  };
  const schedule = (delayMs: number) => {
    state.passDueAt = Date.now() + delayMs;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  const tick = () => {
    current = runDueJobs(jc, jobs, observe)
      .then((report) => { if (totalDone(report)) jc.log?.('deadline jobs ran', report); })
      .catch((e) => jc.log?.('deadline jobs failed', { error: String(e) }))
      .finally(() => { if (!stopping.signal.aborted) schedule(intervalMs); });
  };
  schedule(0);
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await current;
    },
    stats: () => ({ intervalMs, passDueAt: state.passDueAt, running: state.running, jobs: [...byName.values()].map((s) => ({ ...s, totals: { ...s.totals } })) }),
  };
}
