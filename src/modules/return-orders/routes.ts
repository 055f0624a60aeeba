import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { returnOrderMachine, statesOf } from '../../domain/state-machines.js';
import { csvOf } from '../shared/query.js';
import { Id, IdParams, IsoDateTime, PageQuery, Text, Version, VersionBody } from '../shared/schemas.js';
import * as service from './service.js';

export const ListQuery = z.strictObject({
  ...PageQuery,
  status: csvOf(statesOf(returnOrderMachine)).optional(),
  merchantId: Id.optional(),
  warehouseId: Id.optional(),
  sourceExceptionId: Id.optional(),
  q: z.string().trim().max(40).regex(/^[A-Za-z0-9]*$/, 'Letters and digits of a return order number').optional(),
});

const MethodBody = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('PLATFORM_LOGISTICS'), addressId: Id, version: Version.optional() }),
  z.strictObject({ method: z.literal('MERCHANT_PICKUP'), pickupAt: IsoDateTime, version: Version.optional() }),
  z.strictObject({ method: z.literal('ABANDON'), version: Version.optional() }),
]);

const ShipBody = z.strictObject({ carrier: Text(100), trackingNo: Text(100), version: Version.optional() });

export async function returnOrderRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['return-orders'];

  r.get('/api/return-orders', { schema: { tags, summary: 'Return orders the caller may see, newest first', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listReturnOrders(ctx, req.query)));
  r.get('/api/return-orders/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getReturnOrder(ctx, req.params.id)));

  r.post('/api/return-orders/:id/method', { schema: { tags, summary: '录入退货方式 (MERCHANT)', params: IdParams, body: MethodBody } },
    (req, reply) => exec(req, reply, (ctx) => service.enterMethod(ctx, req.params.id, req.body)));
  r.post('/api/return-orders/:id/ship', { schema: { tags, summary: 'Ship by platform logistics (WAREHOUSE)', params: IdParams, body: ShipBody } },
    (req, reply) => exec(req, reply, (ctx) => service.ship(ctx, req.params.id, req.body)));
  r.post('/api/return-orders/:id/picked-up', { schema: { tags, summary: 'Handed over to the merchant (WAREHOUSE)', params: IdParams, body: VersionBody.nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.pickedUp(ctx, req.params.id, req.body ?? {})));
  r.post('/api/return-orders/:id/dispose', { schema: { tags, summary: 'Abandoned goods disposed of (WAREHOUSE)', params: IdParams, body: VersionBody.nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.dispose(ctx, req.params.id, req.body ?? {})));
  r.post('/api/return-orders/:id/sign', { schema: { tags, summary: '签收 (MERCHANT)', params: IdParams, body: VersionBody.nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.sign(ctx, req.params.id, req.body ?? {})));
}
