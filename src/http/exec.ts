import type { FastifyReply, FastifyRequest } from 'fastify';
import { ctxOf } from './auth.js';
import type { Ctx } from '../modules/shared/context.js';

/** Runs one use case for a request and sends its result; marks idempotent replays. */
export async function exec<T>(req: FastifyRequest, reply: FastifyReply, fn: (ctx: Ctx) => Promise<T>, status = 200) {
  const ctx = ctxOf(req);
  const result = await fn(ctx);
  if (ctx.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(status).send(result);
}
