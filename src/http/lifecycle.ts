/**
 * Liveness, readiness and the requests in flight, for a load balancer and for a graceful stop.
 *
 * - `GET /healthz`: the process answers (no database).
 * - `GET /readyz`: the database answers within READY_TIMEOUT_MS and has every migration this
 *   version knows; 503 problem+json otherwise (`DATABASE_UNREACHABLE`, `MIGRATIONS_PENDING`), and
 *   `SHUTTING_DOWN` once a stop has begun. Migrations a newer version applied (a rolling upgrade)
 *   are reported, not refused.
 *
 * Both are public, and logged only at warn and above (probes come every few seconds). While the
 * server stops, answers carry `Connection: close` so kept-alive connections end with them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { migrationStatus } from '../db/migration-status.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { sendProblem } from './problem.js';

export const READY_TIMEOUT_MS = 2000;

/** What this process is doing, shared by the app, its entry point (src/server.ts) and the metrics. */
export class Lifecycle {
  shuttingDown = false;
  /** This instance's job loop, when it runs one (src/server.ts sets it). */
  scheduler?: Scheduler;
  /** Migrations this version expects (default: the migrator's list). */
  expectedMigrations?: readonly string[];
  readonly inFlight = new Set<FastifyRequest>();

  /** The requests still running, as `METHOD /route/:pattern`, for a stop that ran out of time. */
  describeInFlight(): string[] {
    return [...this.inFlight].map((r) => `${r.method} ${r.routeOptions.url ?? r.url.split('?')[0]} (${r.id})`);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

const quiet = { schema: { hide: true }, logLevel: 'warn' as const, config: { public: true } };

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function installLifecycle(app: FastifyInstance, lifecycle: Lifecycle): void {
  app.decorate('lifecycle', lifecycle);
  app.addHook('onRequest', async (req, reply) => {
    lifecycle.inFlight.add(req);
    // a connection that breaks ends its request too
    reply.raw.once('close', () => lifecycle.inFlight.delete(req));
  });
  app.addHook('onResponse', async (req) => {
    lifecycle.inFlight.delete(req);
  });
  app.addHook('onSend', async (_req, reply) => {
    if (lifecycle.shuttingDown) reply.header('connection', 'close');
  });

  app.get('/healthz', quiet, async () => ({ status: 'ok' }));

  app.get('/readyz', quiet, async (req, reply) => {
    if (lifecycle.shuttingDown) {
      return sendProblem(reply, req, new AppError(503, 'SHUTTING_DOWN', 'This instance is stopping; send requests to another one'));
    }
    let status;
    try {
      status = await withTimeout(migrationStatus(app.tally.db, lifecycle.expectedMigrations), READY_TIMEOUT_MS, 'the database');
    } catch (e) {
      req.log.warn({ err: e }, 'readiness: database unreachable');
      // the reason (an address, a driver message) goes to the log, not to whoever asks
      return sendProblem(reply, req, new AppError(503, 'DATABASE_UNREACHABLE', 'The database cannot be reached; the server log says why'));
    }
    if (status.pending.length) {
      return sendProblem(reply, req, new AppError(503, 'MIGRATIONS_PENDING',
        `The database lacks ${status.pending.length} migration(s) of this version: run npm run migrate (or start one instance of it) first`,
        [], { pending: status.pending }));
    }
    return { status: 'ready', database: app.tally.dialect, migrations: { applied: status.applied, ahead: status.ahead } };
  });
}
