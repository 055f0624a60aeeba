/** Bearer-token authentication and the per-request use-case context. */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { authenticate } from '../modules/auth/service.js';
import type { Actor, Ctx } from '../modules/shared/context.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

const unauthorized = () =>
  new AppError(401, 'UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token> from POST /api/auth/login');

export function installAuth(app: FastifyInstance): void {
  // onRequest, before body parsing and validation: a caller without a session learns that first
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.routeOptions.config?.public) return;
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw unauthorized();
    const actor = await authenticate(app.tally.db, app.tally.clock, header.slice(7).trim());
    if (!actor) throw new AppError(401, 'UNAUTHENTICATED', 'Your session has expired or was ended; log in again');
    req.actor = actor;
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The context a route hands to its use case; carries the Idempotency-Key of a write. */
export function ctxOf(req: FastifyRequest): Ctx {
  const app = req.server;
  const ctx: Ctx = { db: app.tally.db, actor: requireActor(req), clock: app.tally.clock, dataDir: app.tally.dataDir };
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && req.method !== 'GET') {
    if (!KEY_PATTERN.test(key)) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters', [
        { field: 'Idempotency-Key', code: 'INVALID', message: 'Use a UUID or similar' },
      ]);
    }
    const body = (req as any).idempotencyBody ?? req.body ?? null;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.url}\n${typeof body === 'string' ? body : JSON.stringify(body)}`)
      .digest('hex');
    ctx.idempotency = { key, requestHash };
  }
  return ctx;
}
