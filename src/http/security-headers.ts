/**
 * Response headers for every answer (`@fastify/helmet`): a Content-Security-Policy with no inline
 * or foreign script, no framing (`frame-ancestors 'none'`, X-Frame-Options DENY), nosniff, a
 * strict Referrer-Policy, and HSTS only on answers that went out over https (directly or, with
 * TALLY_TRUST_PROXY, per X-Forwarded-Proto) — a plain-http intranet install is not told to refuse
 * http for a year. Styles allow 'unsafe-inline': antd writes its CSS-in-JS into <style> elements at
 * run time; no script is inline anywhere (the web app, /docs and the photo pages).
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { isHttps } from './auth.js';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

const HSTS = 'max-age=31536000; includeSubDomains';

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (req, reply) => {
    if (isHttps(req)) reply.header('strict-transport-security', HSTS);
  });
}
