/**
 * Every request has an id: Fastify's `reqId` in each JSON log line of the request, the
 * `X-Request-Id` header of the answer, and `requestId` in a problem+json body (./problem.ts).
 * A caller's own `X-Request-Id` (a load balancer's, a client's trace id) is kept when it is a short
 * token of safe characters; anything else — too long, spaces, quotes, control characters that could
 * forge a log line — is replaced by a fresh UUID.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's `genReqId`. */
export function requestIdOf(raw: IncomingMessage): string {
  const sent = raw.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
}

/** The id goes out on every answer, set first so a refusal by a later hook carries it too. */
export function installRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id);
  });
}
