import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { Id, PageQuery, Text } from '../shared/schemas.js';
import { ROLES } from '../shared/context.js';
import * as admin from './service.js';
import * as accounts from './accounts.js';
import { NewPassword } from '../auth/password-policy.js';

const Code = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'Letters, digits, _ . - only');

export async function adminRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const list = z.strictObject(PageQuery);

  r.post('/api/admin/merchants', { schema: { tags, body: z.strictObject({ name: Text(200) }) } },
    (req, reply) => exec(req, reply, (ctx) => admin.createMerchant(ctx, req.body), 201));
  r.get('/api/admin/merchants', { schema: { tags, querystring: list } },
    (req, reply) => read(req, reply, (ctx) => admin.listMerchants(ctx, req.query)));

  r.post('/api/admin/warehouses', { schema: { tags, body: z.strictObject({ name: Text(200), code: Code }) } },
    (req, reply) => exec(req, reply, (ctx) => admin.createWarehouse(ctx, req.body), 201));
  r.get('/api/admin/warehouses', { schema: { tags, querystring: list } },
    (req, reply) => read(req, reply, (ctx) => admin.listWarehouses(ctx, req.query)));

  r.post('/api/admin/skus', { schema: { tags, body: z.strictObject({ merchantId: Id, code: Code, name: Text(200), barcode: Code }) } },
    (req, reply) => exec(req, reply, (ctx) => admin.createSku(ctx, req.body), 201));
  const skuQuery = z.strictObject({ ...PageQuery, merchantId: Id.optional(), q: z.string().max(100).optional() });
  r.get('/api/admin/skus', { schema: { tags, querystring: skuQuery } },
    (req, reply) => read(req, reply, (ctx) => admin.listSkus(ctx, req.query, 'admin')));
  r.get('/api/skus', { schema: { tags: ['skus'], summary: 'SKUs the caller may use', querystring: skuQuery } },
    (req, reply) => read(req, reply, (ctx) => admin.listSkus(ctx, req.query)));

  const NewUser = z.strictObject({
    username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9_.@-]+$/, 'Letters, digits, _ . @ - only'),
    password: NewPassword,
    role: z.enum(ROLES),
    merchantId: Id.optional(),
    warehouseId: Id.optional(),
  });
  r.post('/api/admin/users', { schema: { tags, body: NewUser } },
    (req, reply) => exec(req, reply, (ctx) => admin.createUser(ctx, req.body), 201));
  r.get('/api/admin/users', { schema: { tags, querystring: list } },
    (req, reply) => read(req, reply, (ctx) => admin.listUsers(ctx, req.query)));
  const user = { params: z.strictObject({ id: Id }) };
  r.post('/api/admin/users/:id/disable', { schema: { tags, summary: 'Disable a user; its sessions end at once', ...user } },
    (req, reply) => exec(req, reply, (ctx) => accounts.disableUser(ctx, req.params.id)));
  r.post('/api/admin/users/:id/enable', { schema: { tags, summary: 'Enable a disabled user', ...user } },
    (req, reply) => exec(req, reply, (ctx) => accounts.enableUser(ctx, req.params.id)));
  r.post('/api/admin/users/:id/reset-password', {
    schema: { tags, summary: 'Set a temporary password the user must change at the next login; its sessions end', ...user,
      body: z.strictObject({ temporaryPassword: NewPassword }) },
  }, (req, reply) => exec(req, reply, (ctx) => accounts.resetPassword(ctx, req.params.id, req.body.temporaryPassword)));
  r.get('/api/admin/users/:id/sessions', { schema: { tags, summary: 'A user\'s live sessions', ...user } },
    (req, reply) => exec(req, reply, (ctx) => accounts.userSessions(ctx, req.params.id)));
  r.delete('/api/admin/users/:id/sessions', { schema: { tags, summary: 'End all of a user\'s sessions', ...user } },
    (req, reply) => exec(req, reply, (ctx) => accounts.endUserSessions(ctx, req.params.id)));
}
