import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readCtxOf } from '../../http/read-routing.js';
import { read } from '../../http/exec.js';
import { requireRole } from '../shared/access.js';
import { csvOf } from '../shared/query.js';
import { IsoDateTime, PageQuery } from '../shared/schemas.js';
import { AUDIT_TYPES, exportAudit, listAudit } from './service.js';

const utc = (iso: string) => new Date(iso).toISOString();

const Filter = {
  documentType: csvOf(AUDIT_TYPES).optional(),
  action: z.string().max(64).regex(/^[A-Z_]+$/, 'An action such as LOGIN_FAILED').optional(),
  actor: z.string().max(64).optional(),
  ip: z.string().max(64).optional(),
  from: IsoDateTime.transform(utc).optional(),
  to: IsoDateTime.transform(utc).optional(),
};

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  r.get('/api/admin/audit', {
    schema: { tags, summary: 'The audit trail: accounts, sign-ins, master data, settings, policies', querystring: z.strictObject({ ...Filter, ...PageQuery }) },
  }, (req, reply) => read(req, reply, (ctx) => listAudit(ctx, req.query)));

  r.get('/api/admin/audit/export', {
    schema: { tags, summary: 'The filtered audit trail as CSV', querystring: z.strictObject(Filter) },
  }, async (req, reply) => {
    const ctx = readCtxOf(req); // on the read replica when there is one (streamed: no second try on the primary)
    requireRole(ctx.actor, 'ADMIN'); // before the answer starts
    const out = new PassThrough();
    const done = exportAudit(ctx, req.query, out);
    done.catch((err) => { req.log.error({ err }, 'audit export failed'); out.destroy(err); });
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${ctx.clock.now().toISOString().slice(0, 10)}.csv"`)
      .send(out);
  });
}
