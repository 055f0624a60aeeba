/** Delivery notes (送货单), merchant side: create with boxes, confirm (确认送货), cancel; and reads. */
import { ruleViolation } from '../../domain/errors.js';
import type { Executor } from '../../db/create-db.js';
import { containsText } from '../../db/like.js';
import { deliveryNoteMachine, statesOf, type DeliveryNoteStatus } from '../../domain/state-machines.js';
import { requireRole, scopeOf, visibleOr404 } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { eventsOf } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { lockDocument, transition } from '../shared/transition.js';
import { markOrderShipped, reopenOrderIfUncarried } from '../stocking-orders/lifecycle.js';
import { orderLines } from '../stocking-orders/repository.js';
import { createNote, lockNote } from './lifecycle.js';
import { loadNote, setBoxStatus } from './repository.js';
import { noteView, toNoteSummary } from './views.js';

export interface CreateNoteInput {
  stockingOrderId: string;
  logistics: 'PLATFORM' | 'SELF';
  expectedArrivalAt: string;
  boxes: { lines: { skuId: string; qty: number }[] }[];
}

const ACTIVE_NOTE_STATES = statesOf(deliveryNoteMachine).filter((s) => s !== 'CANCELLED' && s !== 'VOIDED');

export async function createDeliveryNote(ctx: Ctx, input: CreateNoteInput) {
  requireRole(ctx.actor, 'MERCHANT');
  return command(ctx, async (tx) => {
    // the order is locked: two notes created at once cannot both take its last units
    const order = visibleOr404(ctx.actor, await lockDocument(tx, 'stockingOrder', input.stockingOrderId), 'Stocking order');
    if (order.status !== 'ACCEPTED') {
      throw ruleViolation('ORDER_NOT_ACCEPTED', `Stocking order ${order.no} is ${order.status}; accept it (接单) before shipping`, 'stockingOrderId');
    }
    const ordered = new Map((await orderLines(tx, [order.id])).map((l) => [l.skuId, l]));
    const shipped = await alreadyShipped(tx, order.id);
    const totals = new Map<string, number>();
    input.boxes.forEach((box, b) => box.lines.forEach((l, i) => {
      const field = `boxes[${b}].lines[${i}]`;
      if (!ordered.has(l.skuId)) throw ruleViolation('SKU_NOT_ON_ORDER', `SKU ${l.skuId} is not on stocking order ${order.no}`, `${field}.skuId`);
      const total = (totals.get(l.skuId) ?? 0) + l.qty;
      const open = ordered.get(l.skuId)!.qty - (shipped.get(l.skuId) ?? 0);
      if (total > open) throw ruleViolation('QTY_EXCEEDS_ORDER', `Only ${open} unit(s) of this SKU are left to ship on order ${order.no}`, `${field}.qty`);
      totals.set(l.skuId, total);
    }));
    const note = await createNote(tx, ctx, {
      stockingOrderId: order.id, merchantId: order.merchantId, warehouseId: order.warehouseId,
      logistics: input.logistics, expectedArrivalAt: new Date(input.expectedArrivalAt).toISOString(), status: 'CREATED',
      boxes: input.boxes, unitPrices: new Map([...ordered].map(([k, l]) => [k, l.unitPrice])),
    });
    return noteView(tx, note);
  });
}

/** Units of each SKU already under live notes of this order. */
async function alreadyShipped(tx: Executor, orderId: string): Promise<Map<string, number>> {
  const rows = await tx.selectFrom('deliveryNoteLines')
    .innerJoin('deliveryNotes', 'deliveryNotes.id', 'deliveryNoteLines.deliveryNoteId')
    .select(['deliveryNoteLines.skuId', 'deliveryNoteLines.declared'])
    .where('deliveryNotes.stockingOrderId', '=', orderId)
    .where('deliveryNotes.status', 'in', ACTIVE_NOTE_STATES)
    .where('deliveryNotes.sourceExceptionId', 'is', null)
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.skuId, (out.get(r.skuId) ?? 0) + r.declared);
  return out;
}

/** 确认送货: the note is on its way and its order counts as shipped (which may finish a follow-up task). */
export async function confirmDeliveryNote(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'MERCHANT');
  return command(ctx, async (tx) => {
    const note = visibleOr404(ctx.actor, await lockNote(tx, id), 'Delivery note');
    assertVersion('Delivery note', note.version, input.version);
    const next = await transition(tx, ctx, 'deliveryNote', note, 'IN_TRANSIT', { set: { confirmedAt: nowIso(ctx) } });
    await setBoxStatus(tx, id, 'IN_TRANSIT');
    await markOrderShipped(tx, ctx, note.stockingOrderId, note.no);
    return noteView(tx, next);
  });
}

/** 取消: only before arrival; the order goes back to 待发货 when no other note carries it. */
export async function cancelDeliveryNote(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'MERCHANT');
  return command(ctx, async (tx) => {
    const note = visibleOr404(ctx.actor, await lockNote(tx, id), 'Delivery note');
    assertVersion('Delivery note', note.version, input.version);
    const next = await transition(tx, ctx, 'deliveryNote', note, 'CANCELLED', { set: { cancelledAt: nowIso(ctx) } });
    await setBoxStatus(tx, id, 'CANCELLED');
    await reopenOrderIfUncarried(tx, ctx, note.stockingOrderId, note);
    return noteView(tx, next);
  });
}

export interface NoteFilters extends PageQuery {
  status?: DeliveryNoteStatus[];
  merchantId?: string;
  warehouseId?: string;
  stockingOrderId?: string;
  q?: string;
  /** Made by a plan (平台仓内补收, 自动建单补收): `sourceExceptionId` is set. */
  fromPlan?: boolean;
}

export async function listDeliveryNotes(ctx: Ctx, f: NoteFilters) {
  const scope = scopeOf(ctx.actor);
  let q = ctx.db.selectFrom('deliveryNotes').selectAll();
  const merchantId = scope.merchantId ?? f.merchantId;
  const warehouseId = scope.warehouseId ?? f.warehouseId;
  if (merchantId) q = q.where('merchantId', '=', merchantId);
  if (warehouseId) q = q.where('warehouseId', '=', warehouseId);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.stockingOrderId) q = q.where('stockingOrderId', '=', f.stockingOrderId);
  if (f.q) q = q.where(containsText('no', f.q.toUpperCase()));
  if (f.fromPlan !== undefined) q = q.where('sourceExceptionId', f.fromPlan ? 'is not' : 'is', null);
  const page = await paginate(q, 'id', f);
  return { items: page.items.map(toNoteSummary), nextCursor: page.nextCursor };
}

export async function getDeliveryNote(ctx: Ctx, id: string) {
  const note = visibleOr404(ctx.actor, await loadNote(ctx.db, id), 'Delivery note');
  const exceptions = await ctx.db.selectFrom('exceptions').select(['id', 'no', 'type', 'status', 'plan'])
    .where('deliveryNoteId', '=', id).orderBy('id').execute();
  return { ...(await noteView(ctx.db, note)), exceptions, events: await eventsOf(ctx.db, id) };
}

/** Scanning: a note number or a box-label code finds the note (within what the caller may see). */
export async function lookupDeliveryNote(ctx: Ctx, code: string) {
  const trimmed = code.trim().toUpperCase();
  const box = await ctx.db.selectFrom('deliveryNoteBoxes').select('deliveryNoteId').where('labelCode', '=', trimmed).executeTakeFirst();
  const note = box
    ? await loadNote(ctx.db, box.deliveryNoteId)
    : await ctx.db.selectFrom('deliveryNotes').selectAll().where('no', '=', trimmed).executeTakeFirst();
  const visible = visibleOr404(ctx.actor, note, `Delivery note or box label ${code}`);
  return getDeliveryNote(ctx, visible.id);
}
