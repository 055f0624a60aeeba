import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { compensationMachine, statesOf } from '../../domain/state-machines.js';
import { Id, IdParams, PageQuery, Text, Version } from '../shared/schemas.js';
import * as service from './service.js';

export const ListQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(statesOf(compensationMachine) as [string, ...string[]]).optional(),
  merchantId: Id.optional(),
  sourceExceptionId: Id.optional(),
});

export async function compensationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['compensations'];

  r.get('/api/compensations', { schema: { tags, summary: 'Compensations (MERCHANT own; OPS, ADMIN all)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listCompensations(ctx, req.query)));
  r.get('/api/compensations/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getCompensation(ctx, req.params.id)));
  r.post('/api/compensations/:id/pay', {
    schema: { tags, summary: 'Record the payment (OPS)', params: IdParams, body: z.strictObject({ reference: Text(200), version: Version.optional() }) },
  }, (req, reply) => exec(req, reply, (ctx) => service.payCompensation(ctx, req.params.id, req.body)));
}
