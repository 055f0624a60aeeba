import type { FastifyReply, FastifyRequest } from 'fastify';
import { ctxOf } from './auth.js';
import type { Ctx } from '../modules/shared/context.js';
import { withReads } from './read-routing.js';

/** Runs one use case for a request and sends its result; marks idempotent replays. */
export async function exec<T>(req: FastifyRequest, reply: FastifyReply, fn: (ctx: Ctx) => Promise<T>, status = 200) {
  const ctx = ctxOf(req);
  const result = await fn(ctx);
  if (ctx.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(status).send(result);
}

/**
 * `exec` for a route that only reads (lists, details, counts, the dashboard): with a read replica
 * configured its queries go to the replica when it may serve this caller (./read-routing.ts).
 */
export async function read<T>(req: FastifyRequest, reply: FastifyReply, fn: (ctx: Ctx) => Promise<T>) {
  const result = await withReads(req, reply, fn);
  return reply.code(200).send(result);
}
