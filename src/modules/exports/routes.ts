/**
 * `GET /api/<list>/export?format=xlsx|csv&<the list's filters>`: every list page's rows, streamed
 * (../shared/export.ts); each list's export spec sits beside its service.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExportQuery, exportSummary, sendExport } from '../../http/export.js';
import { notForMerchants } from '../../http/pre-validation.js';
import type { PageQuery } from '../shared/schemas.js';
import { compensationExport } from '../compensations/export.js';
import { ListQuery as CompensationQuery } from '../compensations/routes.js';
import { deliveryNoteExport } from '../delivery-notes/export.js';
import { ListQuery as NoteQuery } from '../delivery-notes/routes.js';
import { exceptionExport } from '../exceptions/export.js';
import { ListQuery as ExceptionQuery } from '../exceptions/routes.js';
import { feeExport } from '../fees/export.js';
import { ListQuery as FeeQuery } from '../fees/routes.js';
import { penaltyExport } from '../penalties/export.js';
import { ListQuery as PenaltyQuery } from '../penalties/routes.js';
import { returnOrderExport } from '../return-orders/export.js';
import { ListQuery as ReturnQuery } from '../return-orders/routes.js';
import { stockingOrderExport } from '../stocking-orders/export.js';
import { ListQuery as OrderQuery } from '../stocking-orders/routes.js';
import { rankingExport, scorecardExport } from '../performance/export.js';
import { SORTS } from '../performance/ranking.js';
import { Days } from '../performance/routes.js';
import { Id, IdParams } from '../shared/schemas.js';

/** A list's query without its page, with `format` and `lang`. */
const exportOf = (list: z.ZodObject<z.ZodRawShape & PageShape>) => list.omit({ cursor: true, limit: true }).extend(ExportQuery);
type PageShape = typeof PageQuery;

export async function exportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/exceptions/export', {
    preValidation: notForMerchants('subtype'),
    schema: { tags: ['exceptions'], summary: exportSummary('Exceptions (subtype filter and column not for merchants)'), querystring: exportOf(ExceptionQuery) },
  }, (req, reply) => sendExport(req, reply, exceptionExport, req.query as any));
  r.get('/api/return-orders/export', { schema: { tags: ['return-orders'], summary: exportSummary('Return orders'), querystring: exportOf(ReturnQuery) } },
    (req, reply) => sendExport(req, reply, returnOrderExport, req.query as any));
  r.get('/api/stocking-orders/export', { schema: { tags: ['stocking orders'], summary: exportSummary('Stocking orders'), querystring: exportOf(OrderQuery) } },
    (req, reply) => sendExport(req, reply, stockingOrderExport, req.query as any));
  r.get('/api/delivery-notes/export', { schema: { tags: ['delivery notes'], summary: exportSummary('Delivery notes'), querystring: exportOf(NoteQuery) } },
    (req, reply) => sendExport(req, reply, deliveryNoteExport, req.query as any));
  r.get('/api/compensations/export', { schema: { tags: ['compensations'], summary: exportSummary('Compensations'), querystring: exportOf(CompensationQuery) } },
    (req, reply) => sendExport(req, reply, compensationExport, req.query as any));
  r.get('/api/penalties/export', { schema: { tags: ['penalties'], summary: exportSummary('Penalties'), querystring: exportOf(PenaltyQuery) } },
    (req, reply) => sendExport(req, reply, penaltyExport, req.query as any));
  r.get('/api/fees/export', { schema: { tags: ['fees'], summary: exportSummary('Fees'), querystring: exportOf(FeeQuery) } },
    (req, reply) => sendExport(req, reply, feeExport, req.query as any));
  r.get('/api/scorecards/export', {
    schema: {
      tags: ['performance'], summary: exportSummary('商家表现, the ranking with its period, warehouse and sort (OPS, ADMIN)'),
      querystring: z.strictObject({ days: Days, warehouseId: Id.optional(), sort: z.enum(SORTS).optional(), ...ExportQuery }),
    },
  }, (req, reply) => sendExport(req, reply, rankingExport, req.query as any));
  r.get('/api/merchants/:id/scorecard/export', {
    schema: {
      tags: ['performance'], params: IdParams,
      summary: exportSummary('入库表现, one merchant\'s scorecard as rows (MERCHANT: its own, never a subtype; OPS, ADMIN: any, with the causes)'),
      querystring: z.strictObject({ days: Days, warehouseId: Id.optional(), ...ExportQuery }),
    },
  }, (req, reply) => sendExport(req, reply, scorecardExport, { ...(req.query as any), merchantId: req.params.id }));
}
