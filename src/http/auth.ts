/**
 * Who is calling, and the per-request use-case context.
 *
 * Two ways in, one token parser: an API client sends `Authorization: Bearer <token>`; the web app
 * holds its session in an HttpOnly, SameSite=Lax cookie (`__Host-tally-session` when the request
 * came over https — directly or, with TALLY_TRUST_PROXY, per X-Forwarded-Proto — else
 * `tally-session`). Cookie-authenticated writes need CSRF protection: a synchronizer token, the
 * session's own random `csrfToken` (given by login and `GET /api/auth/me`, kept in the page's memory
 * only), sent back in the `X-CSRF-Token` header and compared in constant time. A bearer token is
 * never sent by a browser on its own, so it needs none.
 *
 * A user whose password was reset may only read who they are, change the password, and log out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { authenticate, type SessionActor } from '../modules/auth/sessions.js';
import type { Actor, Ctx } from '../modules/shared/context.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** Open to a user who must change their password first (me, change password, logout). */
    beforePasswordChange?: boolean;
    /** Needs a session although outside /api/ (GET /metrics). */
    authenticated?: boolean;
  }
}

export const SECURE_COOKIE = '__Host-tally-session';
export const PLAIN_COOKIE = 'tally-session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthorized = () =>
  new AppError(401, 'UNAUTHENTICATED', 'Log in first: POST /api/auth/login, then send Authorization: Bearer <token>');

/** `Bearer <token>`, case-insensitive scheme, any whitespace around; undefined for anything else. */
export function parseBearer(header: string | undefined): string | undefined {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export const isHttps = (req: FastifyRequest) => req.protocol === 'https';

export const cookieName = (req: FastifyRequest) => (isHttps(req) ? SECURE_COOKIE : PLAIN_COOKIE);

/** The session token of a request and how it came. */
export function credentialOf(req: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | undefined {
  if (req.headers.authorization !== undefined) {
    const token = parseBearer(req.headers.authorization);
    return token ? { token, via: 'bearer' } : undefined;
  }
  const cookies = req.cookies ?? {};
  const token = cookies[SECURE_COOKIE] ?? cookies[PLAIN_COOKIE];
  return token ? { token, via: 'cookie' } : undefined;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void {
  reply.setCookie(cookieName(req), token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req), expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(cookieName(req), { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req) });
}

const digest = (s: string) => createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export function installAuth(app: FastifyInstance): void {
  // onRequest, before body parsing and validation: a caller without a session learns that first
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    if ((!req.url.startsWith('/api/') && !config?.authenticated) || config?.public) return;
    const cred = credentialOf(req);
    if (!cred) throw unauthorized();
    const actor = await authenticate(app.tally.db, app.tally.clock, cred.token);
    if (!actor) throw new AppError(401, 'UNAUTHENTICATED', 'Your session has expired or was ended; log in again');
    if (cred.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !actor.session.csrfToken || !sameSecret(sent, actor.session.csrfToken)) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', `A write with the session cookie needs the session's CSRF token in the ${CSRF_HEADER} header (from GET /api/auth/me)`);
      }
    }
    if (actor.session.mustChangePassword && !req.routeOptions.config?.beforePasswordChange) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', 'Your password was reset: choose a new one (POST /api/auth/password) before anything else');
    }
    req.actor = actor;
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

export const sessionOf = (req: FastifyRequest) => (requireActor(req) as SessionActor).session;

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The context a route hands to its use case; carries the Idempotency-Key of a write. */
export function ctxOf(req: FastifyRequest): Ctx {
  const app = req.server;
  const ctx: Ctx = { db: app.tally.db, actor: requireActor(req), clock: app.tally.clock, dataDir: app.tally.dataDir, photos: app.tally.photos, ip: req.ip };
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && req.method !== 'GET') {
    if (!KEY_PATTERN.test(key)) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters', [
        { field: 'Idempotency-Key', code: 'INVALID', message: 'Use a UUID or similar' },
      ]);
    }
    const body = (req as any).idempotencyBody ?? req.body ?? null;
    // keyed, so a body holding a secret (a merchant's own webhook secret) cannot be guessed from the stored hash
    const requestHash = app.tally.secrets.digest(`${req.method} ${req.url}\n${typeof body === 'string' ? body : JSON.stringify(body)}`);
    ctx.idempotency = { key, requestHash };
  }
  return ctx;
}
