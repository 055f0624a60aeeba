import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { IdParams, PageQuery, Text, Version } from '../shared/schemas.js';
import * as service from './service.js';

const Phone = z.string().trim().min(5).max(20).regex(/^[0-9+\- ]+$/, 'Digits, +, - and spaces only');

const fields = {
  name: Text(100),
  phone: Phone,
  region: Text(200),
  detail: Text(500),
  isDefault: z.boolean().optional(),
};

export async function addressRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['addresses'];

  r.get('/api/addresses', { schema: { tags, summary: 'My address book (MERCHANT)', querystring: z.strictObject(PageQuery) } },
    (req, reply) => read(req, reply, (ctx) => service.listAddresses(ctx, req.query)));
  r.get('/api/addresses/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getAddress(ctx, req.params.id)));
  r.post('/api/addresses', { schema: { tags, summary: '新增地址', body: z.strictObject(fields) } },
    (req, reply) => exec(req, reply, (ctx) => service.createAddress(ctx, req.body), 201));
  r.put('/api/addresses/:id', { schema: { tags, params: IdParams, body: z.strictObject({ ...fields, version: Version.optional() }) } },
    (req, reply) => exec(req, reply, (ctx) => service.updateAddress(ctx, req.params.id, req.body)));
  r.delete('/api/addresses/:id', {
    schema: { tags, summary: 'Delete (the newest other address becomes default)', params: IdParams, querystring: z.strictObject({ version: z.coerce.number().pipe(Version).optional() }) },
  }, (req, reply) => exec(req, reply, async (ctx) => { await service.deleteAddress(ctx, req.params.id, req.query); }, 204));
}
