/**
 * Steps of a stocking order that other commands take inside their transaction: creating one (by
 * ops or by a plan), shipping it when a note goes on its way, reopening it when that note is
 * cancelled, completing it when its last note closes. Each locks the order (rank 4 of
 * ../shared/locks.ts) before deciding from it.
 */
import type { Tx } from '../../db/create-db.js';
import type { StockingOrderRow } from '../../db/types.js';
import type { OrderType } from '../../domain/catalog.js';
import { addSeconds, nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { newId, nextNo } from '../shared/ids.js';
import { lockDocument, transitionIfCurrent } from '../shared/transition.js';
import { completeExceptionIfDone } from '../exceptions/completion.js';
import { emit } from '../notifications/outbox.js';
import { stockingOrderSnapshotOf } from '../notifications/payloads.js';
import { loadSettings } from '../settings/service.js';
import { carryingNoteOf, insertOrderRows, openNoteOfOrder } from './repository.js';

type C = Pick<Ctx, 'actor' | 'clock'>;

export interface NewOrder {
  merchantId: string;
  warehouseId: string;
  type: OrderType;
  status: 'PENDING_ACCEPT' | 'SHIPPED';
  currency: string;
  lines: { skuId: string; qty: number; unitPrice: number }[];
  sourceExceptionId?: string | null;
  /** The source exception's number, when the caller holds it: the event's snapshot is then built, not read. */
  sourceExceptionNo?: string;
}

export async function createOrder(tx: Tx, ctx: C, o: NewOrder): Promise<StockingOrderRow> {
  const now = nowIso(ctx);
  const jit = o.type === 'JIT_REPEAT';
  const preAccepted = o.status !== 'PENDING_ACCEPT';
  const acceptBy = jit && !preAccepted ? addSeconds(now, (await loadSettings(tx)).jitAcceptSeconds) : null;
  const row: StockingOrderRow = {
    id: newId('so'), no: await nextNo(tx, 'stockingOrder', ctx.clock.now()),
    merchantId: o.merchantId, warehouseId: o.warehouseId, type: o.type, status: o.status, currency: o.currency,
    totalAmount: o.lines.reduce((s, l) => s + l.qty * l.unitPrice, 0), sourceExceptionId: o.sourceExceptionId ?? null,
    acceptBy, shipBy: null, acceptedAt: preAccepted ? now : null, shippedAt: o.status === 'SHIPPED' ? now : null,
    completedAt: null, cancelledAt: null, createdBy: ctx.actor.id, version: 1, createdAt: now, updatedAt: now,
  };
  await insertOrderRows(tx, row, o.lines, () => newId('sol'));
  await recordEvent(tx, ctx, {
    documentType: 'stockingOrder', documentId: row.id, action: 'CREATED', to: row.status,
    data: o.sourceExceptionId ? { sourceExceptionId: o.sourceExceptionId } : {},
  });
  const exceptionNo = o.sourceExceptionId ? o.sourceExceptionNo : null;
  await emit(tx, ctx, {
    type: 'stocking_order.created', merchantId: o.merchantId, documentType: 'stockingOrder', documentId: row.id,
    snapshot: exceptionNo === undefined ? undefined : stockingOrderSnapshotOf({ ...row, exceptionNo }),
  });
  return row;
}

/** An order is complete once every note under it is closed and none is still on its way. */
export async function completeOrderIfDone(tx: Tx, ctx: C, orderId: string): Promise<void> {
  const order = await lockDocument(tx, 'stockingOrder', orderId);
  if (!order || order.status !== 'SHIPPED') return;
  if (await openNoteOfOrder(tx, orderId)) return;
  await transitionIfCurrent(tx, ctx, 'stockingOrder', order, 'COMPLETED', { set: { completedAt: nowIso(ctx) } });
}

/**
 * A note on its way (or reinstated) carries its order: 待发货 → 已发货, which finishes a
 * replenishment task and may complete the exception that asked for it.
 */
export async function markOrderShipped(tx: Tx, ctx: C, orderId: string, noteNo: string): Promise<void> {
  const order = await lockDocument(tx, 'stockingOrder', orderId);
  if (!order || order.status !== 'ACCEPTED') return;
  await transitionIfCurrent(tx, ctx, 'stockingOrder', order, 'SHIPPED', { set: { shippedAt: nowIso(ctx) }, data: { deliveryNoteNo: noteNo } });
  await completeExceptionIfDone(tx, ctx, order.sourceExceptionId);
}

/** The note that carried a shipped order was cancelled before arrival: back to 待发货 unless another note carries it. */
export async function reopenOrderIfUncarried(tx: Tx, ctx: C, orderId: string, cancelledNote: { id: string; no: string }): Promise<void> {
  const order = await lockDocument(tx, 'stockingOrder', orderId);
  if (!order || order.status !== 'SHIPPED') return;
  if (await carryingNoteOf(tx, order.id, cancelledNote.id)) return;
  await transitionIfCurrent(tx, ctx, 'stockingOrder', order, 'ACCEPTED', { set: { shippedAt: null }, action: 'REOPENED', data: { deliveryNoteNo: cancelledNote.no } });
}
