import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { IdParams, PageQuery } from '../shared/schemas.js';
import * as service from './service.js';

const ListQuery = z.strictObject({
  ...PageQuery,
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export async function notificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get('/api/notifications', { schema: { tags, summary: 'My inbox, newest first (any user); unread=true for unread only', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listNotifications(ctx, req.query)));
  r.get('/api/notifications/unread-count', { schema: { tags, summary: 'How many of my notifications are unread (header badge)' } },
    (req, reply) => read(req, reply, (ctx) => service.unreadCount(ctx)));
  r.post('/api/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read', body: z.strictObject({}).nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.markAllRead(ctx)));
  r.post('/api/notifications/:id/read', { schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, body: z.strictObject({}).nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.markRead(ctx, req.params.id)));
}
