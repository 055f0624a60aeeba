import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { penaltyMachine, statesOf } from '../../domain/state-machines.js';
import { Id, IdParams, PageQuery, Text, Version, VersionBody } from '../shared/schemas.js';
import { PENALTY_REASONS } from './service.js';
import * as service from './service.js';

export const ListQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(statesOf(penaltyMachine) as [string, ...string[]]).optional(),
  merchantId: Id.optional(),
  reason: z.enum(PENALTY_REASONS).optional(),
  stockingOrderId: Id.optional(),
});

export async function penaltyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['penalties'];

  r.get('/api/penalties', { schema: { tags, summary: 'Penalties (MERCHANT own; OPS, ADMIN all)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listPenalties(ctx, req.query)));
  r.get('/api/penalties/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getPenalty(ctx, req.params.id)));
  r.post('/api/penalties/:id/waive', {
    schema: { tags, summary: 'Waive (OPS)', params: IdParams, body: z.strictObject({ reason: Text(500), version: Version.optional() }) },
  }, (req, reply) => exec(req, reply, (ctx) => service.waivePenalty(ctx, req.params.id, req.body)));
  r.post('/api/penalties/:id/confirm', { schema: { tags, summary: 'Confirm (OPS)', params: IdParams, body: VersionBody.nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.confirmPenalty(ctx, req.params.id, req.body ?? {})));
}
