/**
 * Prometheus metrics (`prom-client`), one registry per app. `GET /metrics` on the main port is for
 * ADMIN sessions and tokens only; with METRICS_PORT the same text is served without login on that
 * port, bound to 127.0.0.1 (src/http/metrics-port.ts).
 *
 * | metric | labels | what |
 * |---|---|---|
 * | tally_http_request_duration_seconds (histogram) | route, method, status_class | the route's pattern (`/api/exceptions/:id`), never the raw URL; `static` for the web app's files, `unmatched` for a 404 |
 * | tally_http_requests_in_flight | | requests received and not answered yet |
 * | tally_db_pool_connections, _idle_connections, _waiting_requests, _max_connections | | PostgreSQL's pg.Pool (totalCount, idleCount, waitingCount, max); absent on SQLite |
 * | tally_job_lag_seconds | job | how late the job's last run started after its pass was due; while a due pass has not reached it, how long it has waited so far |
 * | tally_job_last_duration_seconds | job | its last completed run |
 * | tally_job_rows_total (counter) | job, result | rows done / skipped / failed since start, and `error` for runs that threw |
 * | tally_deadlines_due | job | due by the job's own condition but not handled yet (at most 10,000; src/jobs/backlog.ts) |
 * | tally_webhook_deliveries_pending | | the outbox backlog: deliveries neither delivered, failed for good nor cancelled |
 * | tally_webhook_oldest_pending_age_seconds | | age of the oldest of them (0 when none) |
 * | tally_database_up | | 1 when this scrape's database reads answered |
 * | tally_db_reads_total (counter) | target | with DATABASE_READ_URL: read routes answered by the `replica`, by the `primary` for a session whose own write the replica has not replayed yet, or by the primary as a `fallback` (replica down, lagging, failing a read) |
 * | tally_db_replica_up, tally_db_replica_lag_seconds | | with DATABASE_READ_URL: the last replica check (src/db/read-replica.ts) |
 *
 * The job metrics exist on an instance that runs the jobs (TALLY_JOBS_INTERVAL_MS > 0). Process
 * metrics (`process_*`, `nodejs_*`) are there when the app is built with `processMetrics`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { poolStats } from '../db/pool-stats.js';
import { jobBacklog } from '../jobs/backlog.js';
import { jobLagSeconds } from '../jobs/scheduler.js';
import { requireRole } from '../modules/shared/access.js';
import { requireActor } from './auth.js';
import type { Lifecycle } from './lifecycle.js';

export interface Metrics {
  contentType: string;
  /** The exposition text, with the database's figures read now. */
  text(): Promise<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/** How long a scrape waits for its database reads before answering without them. */
const DB_TIMEOUT_MS = 2000;

const OWN_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** The route's pattern; files of the web app are one label, so a rebuild adds none. */
export function routeLabel(req: FastifyRequest): string {
  const url = req.routeOptions.url;
  if (req.is404 || !url) return 'unmatched';
  return url.startsWith('/api/') || url.startsWith('/docs') || OWN_ROUTES.has(url) ? url : 'static';
}

export function installMetrics(app: FastifyInstance, lifecycle: Lifecycle, opts: { processMetrics?: boolean } = {}): void {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const duration = new Histogram({
    name: 'tally_http_request_duration_seconds', help: 'Time to answer a request, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status_class'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
  });
  new Gauge({
    name: 'tally_http_requests_in_flight', help: 'Requests received and not answered yet', registers,
    collect() { this.set(lifecycle.inFlight.size); },
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ route: routeLabel(req), method: req.method, status_class: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });

  // PostgreSQL only: SQLite has no pool (one connection; its group commit queues in memory)
  const pool = app.tally.dialect !== 'postgres' ? undefined : {
    total: new Gauge({ name: 'tally_db_pool_connections', help: 'PostgreSQL pool: open connections (pg.Pool totalCount)', registers }),
    idle: new Gauge({ name: 'tally_db_pool_idle_connections', help: 'PostgreSQL pool: idle connections (idleCount)', registers }),
    waiting: new Gauge({ name: 'tally_db_pool_waiting_requests', help: 'PostgreSQL pool: queries waiting for a connection (waitingCount)', registers }),
    max: new Gauge({ name: 'tally_db_pool_max_connections', help: 'PostgreSQL pool: its size', registers }),
  };
  const lag = new Gauge({ name: 'tally_job_lag_seconds', help: 'How late the job loop started this job after its pass was due', labelNames: ['job'] as const, registers });
  const lastDuration = new Gauge({ name: 'tally_job_last_duration_seconds', help: 'How long the job\'s last run took', labelNames: ['job'] as const, registers });
  const rows = new Counter({ name: 'tally_job_rows_total', help: 'Rows the job handled since start, by result (done, skipped, failed; error: runs that threw)', labelNames: ['job', 'result'] as const, registers });
  const due = new Gauge({ name: 'tally_deadlines_due', help: 'Rows due by the job\'s condition and not handled yet (capped at 10000)', labelNames: ['job'] as const, registers });
  const pending = new Gauge({ name: 'tally_webhook_deliveries_pending', help: 'Webhook deliveries waiting to be delivered (the outbox backlog)', registers });
  const oldest = new Gauge({ name: 'tally_webhook_oldest_pending_age_seconds', help: 'Age of the oldest pending webhook delivery', registers });
  const dbUp = new Gauge({ name: 'tally_database_up', help: '1 when this scrape\'s database reads answered', registers });
  const replica = app.readRouting?.replica;
  if (replica) {
    new Counter({
      name: 'tally_db_reads_total', help: 'Read routes by who answered: replica, primary (own write not replayed yet), fallback (replica not usable)',
      labelNames: ['target'] as const, registers,
      collect() { this.reset(); for (const [target, n] of Object.entries(replica.counts)) this.inc({ target }, n); },
    });
    new Gauge({ name: 'tally_db_replica_up', help: '1 when the last check found the read replica usable', registers, collect() { this.set(replica.current().up ? 1 : 0); } });
    new Gauge({ name: 'tally_db_replica_lag_seconds', help: 'The read replica\'s lag at the last check', registers, collect() { this.set((replica.current().lagMs ?? 0) / 1000); } });
  }

  const readJobs = () => {
    lag.reset(); lastDuration.reset(); rows.reset();
    const stats = lifecycle.scheduler?.stats();
    if (!stats) return;
    const now = Date.now();
    for (const s of stats.jobs) {
      const l = jobLagSeconds(stats, s, now);
      if (l !== undefined) lag.set({ job: s.job }, l);
      if (s.lastDurationMs !== undefined) lastDuration.set({ job: s.job }, s.lastDurationMs / 1000);
      for (const result of ['done', 'skipped', 'failed', 'errors'] as const) {
        rows.inc({ job: s.job, result: result === 'errors' ? 'error' : result }, s.totals[result]);
      }
    }
  };

  const readDatabase = async () => {
    const p = poolStats(app.tally.db);
    if (p && pool) { pool.total.set(p.total); pool.idle.set(p.idle); pool.waiting.set(p.waiting); pool.max.set(p.max); }
    const now = app.tally.clock.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const backlog = await Promise.race([
        jobBacklog(app.tally.db, now.toISOString()),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS); }),
      ]);
      due.reset();
      for (const [job, n] of Object.entries(backlog.due)) due.set({ job }, n);
      pending.set(backlog.webhooksPending);
      oldest.set(backlog.oldestPendingWebhookAt ? Math.max(0, now.getTime() - Date.parse(backlog.oldestPendingWebhookAt)) / 1000 : 0);
      dbUp.set(1);
    } catch (e) {
      app.log.warn({ err: e }, 'metrics: database figures unavailable');
      due.reset(); pending.reset(); oldest.reset();
      dbUp.set(0);
    } finally {
      clearTimeout(timer);
    }
  };

  const metrics: Metrics = {
    contentType: registry.contentType,
    async text() {
      readJobs();
      await readDatabase();
      return registry.metrics();
    },
  };
  app.decorate('metrics', metrics);

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn', config: { authenticated: true } }, async (req, reply) => {
    requireRole(requireActor(req), 'ADMIN');
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(await metrics.text());
  });
}
