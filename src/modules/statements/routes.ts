import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { withReads } from '../../http/read-routing.js';
import { EXPORT_LANGS, exportLang } from '../shared/export.js';
import { Id } from '../shared/schemas.js';
import { STATEMENT_FORMATS, statementFileName, statementPdf, statementXlsx } from './export.js';
import * as service from './service.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month, YYYY-MM');
const ListQuery = z.strictObject({ merchantId: Id.optional(), month: Month.optional() });
const MonthParams = z.strictObject({ merchantId: Id, month: Month });
const ExportQuery = z.strictObject({ format: z.enum(STATEMENT_FORMATS), lang: z.enum(EXPORT_LANGS).optional() });
const CONTENT_TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export async function statementRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statements'];

  r.get('/api/statements', { schema: { tags, summary: 'Monthly statements, newest first (MERCHANT own; OPS, ADMIN: filter by merchant, month)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => service.listStatements(ctx, req.query)));
  r.get('/api/statements/:merchantId/:month', { schema: { tags, summary: 'A merchant\'s month: per currency opening, lines with their documents, totals, closing', params: MonthParams } },
    (req, reply) => read(req, reply, (ctx) => service.getStatement(ctx, req.params.merchantId, req.params.month)));
  r.get('/api/statements/:merchantId/:month/export', { schema: { tags, summary: 'The month\'s statement as PDF or XLSX', params: MonthParams, querystring: ExportQuery } },
    async (req, reply) => {
      const lang = exportLang(req.query.lang, req.headers['accept-language']);
      const { format } = req.query;
      const { body, name } = await withReads(req, reply, async (ctx) => {
        const s = await service.getStatement(ctx, req.params.merchantId, req.params.month);
        return { body: format === 'pdf' ? await statementPdf(s, lang) : await statementXlsx(s, lang), name: statementFileName(s, format) };
      });
      return reply.type(CONTENT_TYPES[format]).header('cache-control', 'no-store')
        .header('content-disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${name}"`).send(body);
    });
  r.post('/api/statements/close', {
    schema: { tags, summary: 'Close a month by hand (OPS; Idempotency-Key): its snapshot never changes, later lines go to the next month', body: z.strictObject({ merchantId: Id, month: Month }) },
  }, (req, reply) => exec(req, reply, (ctx) => service.closeStatement(ctx, req.body)));
}
