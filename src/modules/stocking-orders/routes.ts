import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ORDER_TYPES } from '../../domain/catalog.js';
import { statesOf, stockingOrderMachine } from '../../domain/state-machines.js';
import { exec, read } from '../../http/exec.js';
import { Id, IdParams, Money, PageQuery, Qty, Text, Version, VersionBody, uniqueSkus } from '../shared/schemas.js';
import { csvOf } from '../shared/query.js';
import * as orders from './service.js';

const CreateOrder = z.strictObject({
  merchantId: Id,
  warehouseId: Id,
  type: z.enum(ORDER_TYPES),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. CNY').optional(),
  lines: z.array(z.strictObject({ skuId: Id, qty: Qty, unitPrice: Money })).min(1).max(200).superRefine(uniqueSkus),
});

export const ListQuery = z.strictObject({
  ...PageQuery,
  status: csvOf(statesOf(stockingOrderMachine)).optional(),
  type: csvOf(ORDER_TYPES).optional(),
  merchantId: Id.optional(),
  warehouseId: Id.optional(),
  q: z.string().max(64).optional(),
  sourceExceptionId: Id.optional(),
  /** true: only orders a plan created (补货/新订单); false: only orders ops placed. */
  fromPlan: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export async function stockingOrderRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stocking orders'];
  r.post('/api/stocking-orders', { schema: { tags, summary: 'Create a stocking order (OPS)', body: CreateOrder } },
    (req, reply) => exec(req, reply, (ctx) => orders.createStockingOrder(ctx, req.body), 201));
  r.get('/api/stocking-orders', { schema: { tags, querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => orders.listStockingOrders(ctx, req.query)));
  r.get('/api/stocking-orders/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => orders.getStockingOrder(ctx, req.params.id)));
  r.post('/api/stocking-orders/:id/accept', { schema: { tags, summary: '接单 (MERCHANT)', params: IdParams, body: VersionBody.nullish() } },
    (req, reply) => exec(req, reply, (ctx) => orders.acceptStockingOrder(ctx, req.params.id, req.body ?? {})));
  r.post('/api/stocking-orders/:id/cancel', { schema: { tags, summary: 'Cancel (OPS)', params: IdParams, body: z.strictObject({ reason: Text(500), version: Version.optional() }) } },
    (req, reply) => exec(req, reply, (ctx) => orders.cancelStockingOrder(ctx, req.params.id, req.body)));
}
