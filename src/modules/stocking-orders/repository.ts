/** Kysely queries for stocking orders (writes of the order row itself: ../shared/transition.ts). */
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import { runTogether } from '../../db/run-together.js';
import type { StockingOrderLineRow, StockingOrderRow } from '../../db/types.js';
import type { DeliveryNoteStatus } from '../../domain/state-machines.js';
import { skuNames } from '../shared/skus.js';

// A decide's replenishment and the note's settlement run these: compiled once (../../db/precompiled.ts).
const insertOrder = precompiled((db, row: StockingOrderRow) => db.insertInto('stockingOrders').values(row));
const insertLines = precompiled((db, rows: StockingOrderLineRow[]) => db.insertInto('stockingOrderLines').values(rows));
const orderById = precompiled((db, id: string) => db.selectFrom('stockingOrders').selectAll().where('id', '=', id));
const CLOSED_NOTE: DeliveryNoteStatus[] = ['COMPLETED', 'VOIDED', 'RETURNED', 'CANCELLED'];
const openNoteOf = precompiled((db, orderId: string) => db.selectFrom('deliveryNotes').select('id').where('stockingOrderId', '=', orderId)
  .where('status', 'not in', CLOSED_NOTE));

/** The order and its lines, one round trip on PostgreSQL (../../db/run-together.ts). */
export async function insertOrderRows(tx: Executor, row: StockingOrderRow, lines: Omit<StockingOrderLineRow, 'id' | 'stockingOrderId' | 'lineNo'>[], newLineId: () => string): Promise<void> {
  await runTogether(tx, [insertOrder.compile(tx, row),
    insertLines.compile(tx, lines.map((l, i) => ({ id: newLineId(), stockingOrderId: row.id, lineNo: i + 1, skuId: l.skuId, qty: l.qty, unitPrice: l.unitPrice })))]);
}

export const loadOrder = (db: Executor, id: string) => orderById.first(db, id);

/** A note under the order that is neither closed nor cancelled (one is enough). */
export const openNoteOfOrder = (db: Executor, orderId: string) => openNoteOf.first(db, orderId);

/** Another note of the order that is on its way or at the warehouse. */
export const carryingNoteOf = (db: Executor, orderId: string, exceptNoteId: string) => db.selectFrom('deliveryNotes').select('id')
  .where('stockingOrderId', '=', orderId).where('id', '!=', exceptNoteId).where('status', 'in', ['IN_TRANSIT', 'ARRIVED', 'RECEIVING']).executeTakeFirst();

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
