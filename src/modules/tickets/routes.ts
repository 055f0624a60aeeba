import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { statesOf, ticketMachine } from '../../domain/state-machines.js';
import { Id, IdParams, PageQuery, Text, Version, VersionBody } from '../shared/schemas.js';
import { LINKABLE_TYPES } from './service.js';
import * as service from './service.js';

const ListQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(statesOf(ticketMachine) as [string, ...string[]]).optional(),
  merchantId: Id.optional(),
  documentType: z.enum(LINKABLE_TYPES).optional(),
  documentId: Id.optional(),
});

const NewTicket = z.strictObject({
  subject: Text(200),
  body: Text(5000),
  documentType: z.enum(LINKABLE_TYPES).optional(),
  documentId: Id.optional(),
}).superRefine((t, ctx) => {
  if (t.documentType && !t.documentId) ctx.addIssue({ code: 'custom', path: ['documentId'], message: 'Name the document of this type' });
  if (t.documentId && !t.documentType) ctx.addIssue({ code: 'custom', path: ['documentType'], message: 'Say what kind of document documentId is' });
});

export async function ticketRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];

  r.get('/api/tickets', { schema: { tags, summary: 'Tickets (MERCHANT own; OPS, ADMIN all)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listTickets(ctx, req.query)));
  r.get('/api/tickets/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getTicket(ctx, req.params.id)));
  r.post('/api/tickets', { schema: { tags, summary: 'Open a ticket (MERCHANT)', body: NewTicket } },
    (req, reply) => exec(req, reply, (ctx) => service.openTicket(ctx, req.body), 201));
  r.post('/api/tickets/:id/replies', {
    schema: { tags, summary: 'Reply (MERCHANT reopens, OPS answers)', params: IdParams, body: z.strictObject({ body: Text(5000), version: Version.optional() }) },
  }, (req, reply) => exec(req, reply, (ctx) => service.replyToTicket(ctx, req.params.id, req.body)));
  r.post('/api/tickets/:id/close', { schema: { tags, summary: 'Close (MERCHANT or OPS)', params: IdParams, body: VersionBody.nullish() } },
    (req, reply) => exec(req, reply, (ctx) => service.closeTicket(ctx, req.params.id, req.body ?? {})));
}
