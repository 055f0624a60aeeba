import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { feeMachine, statesOf } from '../../domain/state-machines.js';
import { Id, IdParams, IsoDateTime, PageQuery, Text, Version } from '../shared/schemas.js';
import * as service from './service.js';

export const ListQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(statesOf(feeMachine) as [string, ...string[]]).optional(),
  merchantId: Id.optional(),
  exceptionId: Id.optional(),
  from: IsoDateTime.optional().describe('Charged at or after'),
  to: IsoDateTime.optional().describe('Charged before'),
});

export async function feeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['fees'];

  r.get('/api/fees', { schema: { tags, summary: 'Fees (MERCHANT own; OPS, ADMIN all)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listFees(ctx, req.query)));
  r.get('/api/fees/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getFee(ctx, req.params.id)));
  r.post('/api/fees/:id/waive', {
    schema: { tags, summary: 'Waive (OPS); a waived fee answers 409', params: IdParams, body: z.strictObject({ reason: Text(500), version: Version.optional() }) },
  }, (req, reply) => exec(req, reply, (ctx) => service.waiveFee(ctx, req.params.id, req.body)));
}
