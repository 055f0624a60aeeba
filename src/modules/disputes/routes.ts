import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DISPUTE_DOCUMENT_TYPES } from '../../domain/disputes.js';
import { disputeMachine, statesOf } from '../../domain/state-machines.js';
import { requireActor } from '../../http/auth.js';
import { exec, read } from '../../http/exec.js';
import { requireRole } from '../shared/access.js';
import { Id, IdParams, PageQuery, Text, Version } from '../shared/schemas.js';
import { readUpload } from '../photos/routes.js';
import { uploadDisputePhoto } from '../photos/service.js';
import { DISPUTABLE_TYPES } from './kinds.js';
import * as service from './service.js';

export const ListQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(statesOf(disputeMachine) as [string, ...string[]]).optional(),
  documentType: z.enum(DISPUTE_DOCUMENT_TYPES).optional(),
  documentId: Id.optional(),
  merchantId: Id.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

const OpenBody = z.strictObject({
  documentType: z.enum(DISPUTABLE_TYPES as [string, ...string[]]).describe('The disputed document: EXCEPTION, PENALTY or FEE'),
  documentId: Id,
  text: Text(2000),
  photoIds: z.array(Id).max(9).optional(),
});

const DecideBody = z.strictObject({ reason: Text(500), version: Version.optional() });

export async function disputeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['disputes'];

  r.get('/api/disputes', { schema: { tags, summary: 'Disputes (MERCHANT own; OPS, ADMIN all)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listDisputes(ctx, req.query)));
  r.get('/api/disputes/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getDispute(ctx, req.params.id)));
  r.post('/api/disputes', { schema: { tags, summary: 'Dispute an exception or penalty within the window (MERCHANT)', body: OpenBody } },
    (req, reply) => exec(req, reply, (ctx) => service.openDispute(ctx, req.body as service.OpenDispute), 201));
  r.post('/api/disputes/:id/accept', { schema: { tags, summary: 'Accept with a reason (OPS): the document changes', params: IdParams, body: DecideBody } },
    (req, reply) => exec(req, reply, (ctx) => service.acceptDispute(ctx, req.params.id, req.body)));
  r.post('/api/disputes/:id/reject', { schema: { tags, summary: 'Reject with a reason (OPS): nothing changes', params: IdParams, body: DecideBody } },
    (req, reply) => exec(req, reply, (ctx) => service.rejectDispute(ctx, req.params.id, req.body)));
  r.post('/api/disputes/photos', {
    schema: { tags, summary: 'Upload a photo for a dispute (MERCHANT): multipart field "file", as POST /api/photos; attach it by opening the dispute', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    requireRole(requireActor(req), 'MERCHANT');
    const upload = await readUpload(req);
    (req as any).idempotencyBody = createHash('sha256').update(upload.bytes).digest('hex');
    return exec(req, reply, (ctx) => uploadDisputePhoto(ctx, upload), 201);
  });
}
