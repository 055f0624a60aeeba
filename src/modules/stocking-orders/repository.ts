/** Kysely queries for stocking orders; callers pass the db or their transaction. */
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { StockingOrderLineRow, StockingOrderRow } from '../../db/types.js';
import { addSeconds, nowIso, type Ctx } from '../shared/context.js';
import { newId, nextNo } from '../shared/ids.js';
import { recordEvent } from '../shared/events.js';
import { skuNames } from '../shared/skus.js';
import { assertUpdated } from '../shared/guards.js';
import { loadSettings } from '../settings/service.js';
import { emit } from '../notifications/outbox.js';

export interface NewOrder {
  merchantId: string;
  warehouseId: string;
  type: string;
  status: 'PENDING_ACCEPT' | 'SHIPPED';
  currency: string;
  lines: { skuId: string; qty: number; unitPrice: number }[];
  sourceExceptionId?: string | null;
}

// A decide's replenishment and the note's settlement run these: compiled once (../../db/precompiled.ts).
const insertOrder = precompiled((db, row: StockingOrderRow) => db.insertInto('stockingOrders').values(row));
const insertLines = precompiled((db, rows: StockingOrderLineRow[]) => db.insertInto('stockingOrderLines').values(rows));
const orderById = precompiled((db, id: string) => db.selectFrom('stockingOrders').selectAll().where('id', '=', id));
const openNoteOf = precompiled((db, orderId: string) => db.selectFrom('deliveryNotes').select('id').where('stockingOrderId', '=', orderId)
  .where('status', 'not in', ['COMPLETED', 'VOIDED', 'RETURNED', 'CANCELLED']));
const updateOrderAtVersion = precompiled((db, set: Partial<StockingOrderRow>, id: string, version: number) =>
  db.updateTable('stockingOrders').set(set).where('id', '=', id).where('version', '=', version));

export async function insertStockingOrder(tx: Executor, ctx: Pick<Ctx, 'actor' | 'clock'>, o: NewOrder): Promise<StockingOrderRow> {
  const now = nowIso(ctx);
  const jit = o.type === 'JIT_REPEAT';
  const preAccepted = o.status !== 'PENDING_ACCEPT';
  const acceptBy = jit && !preAccepted ? addSeconds(now, (await loadSettings(tx)).jitAcceptSeconds) : null;
  const row: StockingOrderRow = {
    id: newId('so'),
    no: await nextNo(tx, 'stockingOrder', ctx.clock.now()),
    merchantId: o.merchantId,
    warehouseId: o.warehouseId,
    type: o.type,
    status: o.status,
    currency: o.currency,
    totalAmount: o.lines.reduce((s, l) => s + l.qty * l.unitPrice, 0),
    sourceExceptionId: o.sourceExceptionId ?? null,
    acceptBy,
    shipBy: null,
    acceptedAt: preAccepted ? now : null,
    shippedAt: o.status === 'SHIPPED' ? now : null,
    completedAt: null,
    cancelledAt: null,
    createdBy: ctx.actor.id,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await insertOrder.run(tx, row);
  await insertLines.run(tx, o.lines.map((l, i) => ({ id: newId('sol'), stockingOrderId: row.id, lineNo: i + 1, skuId: l.skuId, qty: l.qty, unitPrice: l.unitPrice })));
  await recordEvent(tx, ctx, {
    documentType: 'stockingOrder', documentId: row.id, action: 'CREATED', to: row.status,
    data: o.sourceExceptionId ? { sourceExceptionId: o.sourceExceptionId } : {},
  });
  await emit(tx, ctx, { type: 'stocking_order.created', merchantId: o.merchantId, documentType: 'stockingOrder', documentId: row.id });
  return row;
}

export const loadOrder = (db: Executor, id: string) => orderById.first(db, id);

export const orderLines = async (db: Executor, orderIds: string[]): Promise<StockingOrderLineRow[]> =>
  orderIds.length ? db.selectFrom('stockingOrderLines').selectAll().where('stockingOrderId', 'in', orderIds).orderBy('lineNo').execute() : [];

/** Unit price of each SKU on an order (0 for a SKU the order never had, e.g. wrong goods). */
export async function unitPrices(db: Executor, orderId: string): Promise<Map<string, number>> {
  const lines = await orderLines(db, [orderId]);
  return new Map(lines.map((l) => [l.skuId, l.unitPrice]));
}

export function toOrderView(o: StockingOrderRow, lines: StockingOrderLineRow[], names: Map<string, { code: string; name: string }>) {
  return {
    id: o.id, no: o.no, merchantId: o.merchantId, warehouseId: o.warehouseId, type: o.type, status: o.status,
    currency: o.currency, totalAmount: o.totalAmount, sourceExceptionId: o.sourceExceptionId,
    acceptBy: o.acceptBy, shipBy: o.shipBy, acceptedAt: o.acceptedAt, shippedAt: o.shippedAt,
    completedAt: o.completedAt, cancelledAt: o.cancelledAt, version: o.version, createdAt: o.createdAt, updatedAt: o.updatedAt,
    lines: lines.map((l) => ({ skuId: l.skuId, skuCode: names.get(l.skuId)?.code ?? '', skuName: names.get(l.skuId)?.name ?? '', qty: l.qty, unitPrice: l.unitPrice })),
  };
}

export async function orderViews(db: Executor, orders: StockingOrderRow[]) {
  const lines = await orderLines(db, orders.map((o) => o.id));
  const names = await skuNames(db, lines.map((l) => l.skuId));
  return orders.map((o) => toOrderView(o, lines.filter((l) => l.stockingOrderId === o.id), names));
}

/** An order is complete once every note under it is closed and none is still on its way. */
export async function completeOrderIfDone(tx: Executor, ctx: Pick<Ctx, 'actor' | 'clock'>, orderId: string): Promise<void> {
  const order = await loadOrder(tx, orderId);
  if (!order || order.status !== 'SHIPPED') return;
  const open = await openNoteOf.first(tx, orderId);
  if (open) return;
  const at = nowIso(ctx);
  await updateOrderAtVersion.run(tx, { status: 'COMPLETED', completedAt: at, updatedAt: at, version: order.version + 1 }, orderId, order.version);
  await recordEvent(tx, ctx, { documentType: 'stockingOrder', documentId: orderId, action: 'COMPLETED', from: 'SHIPPED', to: 'COMPLETED' });
}

/** A note on its way (or reinstated) carries its order: 待发货 → 已发货. Returns the order when it moved. */
export async function markOrderShipped(tx: Executor, ctx: Pick<Ctx, 'actor' | 'clock'>, orderId: string, noteNo: string): Promise<StockingOrderRow | undefined> {
  const order = await loadOrder(tx, orderId);
  if (!order || order.status !== 'ACCEPTED') return undefined;
  const at = nowIso(ctx);
  assertUpdated(await updateOrderAtVersion.run(tx, { status: 'SHIPPED', shippedAt: at, updatedAt: at, version: order.version + 1 }, orderId, order.version), 'Stocking order');
  await recordEvent(tx, ctx, { documentType: 'stockingOrder', documentId: orderId, action: 'SHIPPED', from: 'ACCEPTED', to: 'SHIPPED', data: { deliveryNoteNo: noteNo } });
  return order;
}
