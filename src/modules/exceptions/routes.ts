import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXCEPTION_TYPES, PLANS, SUBTYPE_CODES, TASK_CATEGORIES } from '../../domain/catalog.js';
import { exceptionMachine, statesOf } from '../../domain/state-machines.js';
import { exec, read } from '../../http/exec.js';
import { notForMerchants, rolesFirst } from '../../http/pre-validation.js';
import { Id, IdParams, IsoDateTime, PageQuery, Qty, Text, Version, uniqueSkus } from '../shared/schemas.js';
import { csvOf, SUBTYPE_ERROR } from '../shared/query.js';
import { registerException } from './register.js';
import * as exceptions from './service.js';

const Register = z.strictObject({
  deliveryNoteId: Id,
  subtype: z.enum(SUBTYPE_CODES as [string, ...string[]], { error: SUBTYPE_ERROR }),
  lines: z.array(z.strictObject({ skuId: Id, qty: Qty })).max(200).superRefine(uniqueSkus).optional()
    .describe('Affected SKUs and quantities; a whole-package exception takes the delivery note\'s declared contents: leave lines out or send exactly those'),
  remark: z.string().trim().max(1000).optional(),
  photoIds: z.array(Id).max(20).optional(),
});
const Plan = z.enum(PLANS);
export const ListQuery = z.strictObject({
  ...PageQuery,
  status: csvOf(statesOf(exceptionMachine)).optional(),
  type: csvOf(EXCEPTION_TYPES).optional(),
  subtype: csvOf(SUBTYPE_CODES, SUBTYPE_ERROR).optional(),
  plan: csvOf(PLANS).optional(),
  taskCategory: csvOf(TASK_CATEGORIES).optional(),
  merchantId: Id.optional(),
  warehouseId: Id.optional(),
  deliveryNoteNo: z.string().trim().max(64).optional(),
  deliveryNoteId: Id.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  decidedFrom: IsoDateTime.optional().describe('Decided at or after (运营看板 trend: a week\'s decisions)'),
  decidedTo: IsoDateTime.optional().describe('Decided before'),
  completedFrom: IsoDateTime.optional().describe('Completed at or after'),
  completedTo: IsoDateTime.optional().describe('Completed before'),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export async function exceptionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exceptions'];
  r.post('/api/exceptions', { preValidation: rolesFirst('WAREHOUSE', 'OPS'), schema: { tags, summary: '异常登记 (WAREHOUSE, OPS) → PENDING with allowedPlans', body: Register } },
    (req, reply) => exec(req, reply, (ctx) => registerException(ctx, req.body as any), 201));
  r.get('/api/exceptions', { preValidation: notForMerchants('subtype'), schema: { tags, summary: 'List (subtype filter not for merchants)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => exceptions.listExceptions(ctx, req.query)));
  r.get('/api/exceptions/counts', { schema: { tags, summary: 'Counts per status in your scope' } },
    (req, reply) => read(req, reply, (ctx) => exceptions.countExceptions(ctx)));
  r.get('/api/exceptions/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => exceptions.getException(ctx, req.params.id)));
  r.get('/api/exceptions/:id/preview', { schema: { tags, summary: 'Effects of a plan, nothing written (OPS)', params: IdParams, querystring: z.strictObject({ plan: Plan }) } },
    (req, reply) => exec(req, reply, (ctx) => exceptions.previewPlan(ctx, req.params.id, req.query.plan)));
  r.post('/api/exceptions/:id/decide', { schema: { tags, summary: 'Decide and execute a plan (OPS); version required', params: IdParams, body: z.strictObject({ plan: Plan, version: Version }) } },
    (req, reply) => exec(req, reply, (ctx) => exceptions.decideException(ctx, req.params.id, req.body)));
  r.post('/api/exceptions/:id/cancel', { schema: { tags, summary: 'Cancel a pending exception registered in error', params: IdParams, body: z.strictObject({ reason: Text(500), version: Version.optional() }) } },
    (req, reply) => exec(req, reply, (ctx) => exceptions.cancelException(ctx, req.params.id, req.body)));
}
