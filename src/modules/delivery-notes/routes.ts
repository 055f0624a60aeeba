import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deliveryNoteMachine, statesOf } from '../../domain/state-machines.js';
import { exec, read } from '../../http/exec.js';
import { Id, IdParams, IsoDateTime, PageQuery, Qty, QtyOrZero, Version, VersionBody, uniqueSkus } from '../shared/schemas.js';
import { csvOf } from '../shared/query.js';
import * as labels from './labels.js';
import * as notes from './service.js';
import * as warehouse from './warehouse.js';

const BoxLine = z.strictObject({ skuId: Id, qty: Qty });
const CreateNote = z.strictObject({
  stockingOrderId: Id,
  logistics: z.enum(['PLATFORM', 'SELF']),
  expectedArrivalAt: IsoDateTime,
  boxes: z.array(z.strictObject({ lines: z.array(BoxLine).min(1).max(100).superRefine(uniqueSkus) })).min(1).max(200),
});
const QtyLines = z.strictObject({
  lines: z.array(z.strictObject({ skuId: Id, qty: Qty })).min(1).max(200).superRefine(uniqueSkus),
  version: Version.optional(),
});
const QcLines = z.strictObject({
  lines: z.array(z.strictObject({ skuId: Id, passed: QtyOrZero, failed: QtyOrZero })
    .refine((l) => l.passed + l.failed > 0, { message: 'Inspect at least one unit', path: ['passed'] }))
    .min(1).max(200).superRefine(uniqueSkus),
  version: Version.optional(),
});
export const ListQuery = z.strictObject({
  ...PageQuery,
  status: csvOf(statesOf(deliveryNoteMachine)).optional(),
  merchantId: Id.optional(),
  warehouseId: Id.optional(),
  stockingOrderId: Id.optional(),
  q: z.string().max(64).optional(),
  /** true: only notes a plan created (补收); false: only notes a merchant created. */
  fromPlan: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export async function deliveryNoteRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['delivery notes'];
  const version = VersionBody.nullish();
  r.post('/api/delivery-notes', { schema: { tags, summary: 'Create a delivery note with boxes (MERCHANT)', body: CreateNote } },
    (req, reply) => exec(req, reply, (ctx) => notes.createDeliveryNote(ctx, req.body), 201));
  r.get('/api/delivery-notes', { schema: { tags, summary: 'List (scoped); fromPlan=true for notes a plan created (补收)', querystring: ListQuery } },
    (req, reply) => read(req, reply, (ctx) => notes.listDeliveryNotes(ctx, req.query)));
  r.get('/api/delivery-notes/lookup', { schema: { tags, summary: 'Find a note by its number or a box-label code (scan)', querystring: z.strictObject({ code: z.string().trim().min(1).max(64) }) } },
    (req, reply) => exec(req, reply, (ctx) => notes.lookupDeliveryNote(ctx, req.query.code)));
  r.get('/api/delivery-notes/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => notes.getDeliveryNote(ctx, req.params.id)));
  r.get('/api/delivery-notes/:id/labels.pdf', { schema: { tags, summary: 'Box labels (箱唛): one 100×100 mm page per box with a Code 128 barcode (MERCHANT, WAREHOUSE, OPS)', params: IdParams } },
    (req, reply) => exec(req, reply, async (ctx) => {
      const note = await labels.deliveryNoteLabels(ctx, req.params.id);
      const pdf = await labels.renderLabels(note);
      reply.type('application/pdf').header('content-disposition', `inline; filename="${note.no}-labels.pdf"`);
      return pdf;
    }));
  r.post('/api/delivery-notes/:id/confirm', { schema: { tags, summary: '确认送货 (MERCHANT)', params: IdParams, body: version } },
    (req, reply) => exec(req, reply, (ctx) => notes.confirmDeliveryNote(ctx, req.params.id, req.body ?? {})));
  r.post('/api/delivery-notes/:id/cancel', { schema: { tags, summary: '取消 (MERCHANT, before arrival)', params: IdParams, body: version } },
    (req, reply) => exec(req, reply, (ctx) => notes.cancelDeliveryNote(ctx, req.params.id, req.body ?? {})));
  r.post('/api/delivery-notes/:id/arrive', { schema: { tags, summary: '到货 (WAREHOUSE); a note not in transit answers 409 naming the exception to register', params: IdParams, body: version } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.arriveDeliveryNote(ctx, req.params.id, req.body ?? {})));
  r.post('/api/delivery-notes/:id/receipts', { schema: { tags, summary: '收货: counted units (WAREHOUSE)', params: IdParams, body: QtyLines } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.recordReceipt(ctx, req.params.id, req.body)));
  r.post('/api/delivery-notes/:id/qc', { schema: { tags, summary: '质检 (WAREHOUSE)', params: IdParams, body: QcLines } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.recordQc(ctx, req.params.id, req.body)));
  r.post('/api/delivery-notes/:id/putaway', { schema: { tags, summary: '上架 (WAREHOUSE)', params: IdParams, body: QtyLines } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.recordPutaway(ctx, req.params.id, req.body)));
  // 撤销 (the handheld's undo): each books the reverse move of the step; README "Taking a booking back"
  const undo = (step: string, units: string) =>
    `${step} taken back (WAREHOUSE). Only while the note is RECEIVING; at most the units the line proves ${units} (422 naming why not, e.g. already inspected); a COMPLETED note answers 409 NOTE_COMPLETED`;
  r.post('/api/delivery-notes/:id/receipts/reversals', { schema: { tags, summary: '撤销收货: received units taken back (WAREHOUSE)', description: undo('收货: received, arrived and inProcess −qty.', 'received, not yet inspected and still in process (else RECEIPT_NOT_REVERSIBLE)'), params: IdParams, body: QtyLines } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.reverseReceipts(ctx, req.params.id, req.body)));
  r.post('/api/delivery-notes/:id/qc/reversals', { schema: { tags, summary: '撤销质检: QC results taken back (WAREHOUSE)', description: undo('质检: passed −passed, failed −failed; the units wait for inspection again.', 'passed and not yet put away, or failed, and still in process (else QC_NOT_REVERSIBLE)'), params: IdParams, body: QcLines } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.reverseQc(ctx, req.params.id, req.body)));
  r.post('/api/delivery-notes/:id/putaway/reversals', { schema: { tags, summary: '撤销上架: stocked units back in process (WAREHOUSE)', description: undo('上架: stocked −qty, inProcess +qty.', 'stocked (else PUTAWAY_NOT_REVERSIBLE)'), params: IdParams, body: QtyLines } },
    (req, reply) => exec(req, reply, (ctx) => warehouse.reversePutaways(ctx, req.params.id, req.body)));
}
