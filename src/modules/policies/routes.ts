import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COACHING_LEVELS } from '../../domain/performance/coaching.js';
import { ORDER_TYPES, PLANS, SUBTYPE_CODES, type Subtype } from '../../domain/catalog.js';
import { APPLY_AT } from '../../domain/policies.js';
import { exec, read } from '../../http/exec.js';
import { rolesFirst } from '../../http/pre-validation.js';
import { Id, IdParams, QtyOrZero, Text, Version } from '../shared/schemas.js';
import * as service from './service.js';

const unique = <T>(a: T[]) => new Set(a).size === a.length;
const Percent = z.number().min(0).max(100_000).refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'At most two decimals');

const fields = {
  name: Text(100),
  enabled: z.boolean().default(true),
  applyAt: z.enum(APPLY_AT),
  subtypes: z.array(z.enum(SUBTYPE_CODES as [Subtype, ...Subtype[]])).min(1).max(SUBTYPE_CODES.length).refine(unique, 'A subtype is listed twice'),
  /** Absent or empty: any order type. */
  orderTypes: z.array(z.enum(ORDER_TYPES)).max(ORDER_TYPES.length).refine(unique, 'An order type is listed twice').nullish(),
  /** Absent or empty: any merchant. */
  merchantIds: z.array(Id).max(200).refine(unique, 'A merchant is listed twice').nullish(),
  minQty: QtyOrZero.nullish(),
  maxQty: QtyOrZero.nullish(),
  /** Share of the note line (exception qty ÷ declared), in percent. */
  minPercent: Percent.nullish(),
  maxPercent: Percent.nullish(),
  plan: z.enum(PLANS).nullish(),
  honourMerchantPreference: z.boolean().default(false),
  /** Absent or empty: any level; else the merchant's coaching level for the exception's type must be one of these. */
  coachingLevels: z.array(z.enum(COACHING_LEVELS)).max(COACHING_LEVELS.length).refine(unique, 'A level is listed twice').nullish(),
};

const bounds = (p: { minQty?: number | null; maxQty?: number | null; minPercent?: number | null; maxPercent?: number | null }, ctx: z.RefinementCtx) => {
  if (p.minQty != null && p.maxQty != null && p.minQty > p.maxQty) ctx.addIssue({ code: 'custom', path: ['maxQty'], message: 'maxQty is below minQty' });
  if (p.minPercent != null && p.maxPercent != null && p.minPercent > p.maxPercent) ctx.addIssue({ code: 'custom', path: ['maxPercent'], message: 'maxPercent is below minPercent' });
};

const Create = z.strictObject(fields).superRefine(bounds);
const Update = z.strictObject({ ...fields, version: Version.optional() }).superRefine(bounds);

export async function policyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['policies'];
  r.get('/api/policies', { schema: { tags, summary: 'Auto-decision policies in the order they are tried (OPS, ADMIN)', querystring: z.strictObject({ applyAt: z.enum(APPLY_AT).optional() }) } },
    (req, reply) => read(req, reply, (ctx) => service.listPolicies(ctx, req.query)));
  r.get('/api/policies/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getPolicy(ctx, req.params.id)));
  r.post('/api/policies', { preValidation: rolesFirst('OPS'), schema: { tags, summary: 'Create a policy (OPS); it goes last', body: Create } },
    (req, reply) => exec(req, reply, (ctx) => service.createPolicy(ctx, req.body), 201));
  r.post('/api/policies/reorder', { schema: { tags, summary: 'Set the order (OPS): every policy id once', body: z.strictObject({ ids: z.array(Id).max(500) }) } },
    (req, reply) => exec(req, reply, (ctx) => service.reorderPolicies(ctx, req.body)));
  r.put('/api/policies/:id', { preValidation: rolesFirst('OPS'), schema: { tags, summary: 'Replace a policy (OPS)', params: IdParams, body: Update } },
    (req, reply) => exec(req, reply, (ctx) => service.updatePolicy(ctx, req.params.id, req.body)));
  r.delete('/api/policies/:id', {
    schema: { tags, summary: 'Delete a policy (OPS)', params: IdParams, querystring: z.strictObject({ version: z.coerce.number().pipe(Version).optional() }) },
  }, (req, reply) => exec(req, reply, async (ctx) => { await service.deletePolicy(ctx, req.params.id, req.query); }, 204));
}
