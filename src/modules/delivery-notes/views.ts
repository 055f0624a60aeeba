/** What clients see of a delivery note: the ledger per line (SPEC §5), boxes, related documents. */
import type { Executor } from '../../db/create-db.js';
import type { BoxRow, DeliveryNoteLineRow, DeliveryNoteRow } from '../../db/types.js';
import { LEDGER_FIELDS } from '../../domain/ledger.js';
import { skuNames } from '../shared/skus.js';
import { noteBoxes, noteLines } from './repository.js';

export function toNoteSummary(n: DeliveryNoteRow) {
  return {
    id: n.id, no: n.no, stockingOrderId: n.stockingOrderId, merchantId: n.merchantId, warehouseId: n.warehouseId,
    logistics: n.logistics, expectedArrivalAt: n.expectedArrivalAt, status: n.status, sourceExceptionId: n.sourceExceptionId,
    confirmedAt: n.confirmedAt, arrivedAt: n.arrivedAt, completedAt: n.completedAt, cancelledAt: n.cancelledAt,
    voidedAt: n.voidedAt, returnedAt: n.returnedAt, version: n.version, createdAt: n.createdAt, updatedAt: n.updatedAt,
  };
}

export function toLineView(l: DeliveryNoteLineRow, names: Map<string, { code: string; name: string; barcode: string }>) {
  const sku = names.get(l.skuId);
  return {
    skuId: l.skuId, skuCode: sku?.code ?? '', skuName: sku?.name ?? '', barcode: sku?.barcode ?? '', unitPrice: l.unitPrice,
    ...Object.fromEntries(LEDGER_FIELDS.map((f) => [f, l[f]])),
  };
}

export function toBoxView(b: BoxRow, names: Map<string, { code: string; name: string }>) {
  const contents = JSON.parse(b.contents) as { skuId: string; qty: number }[];
  return {
    id: b.id, boxNo: b.boxNo, labelCode: b.labelCode, status: b.status,
    contents: contents.map((c) => ({ ...c, skuCode: names.get(c.skuId)?.code ?? '', skuName: names.get(c.skuId)?.name ?? '' })),
  };
}

export async function noteView(db: Executor, note: DeliveryNoteRow) {
  const [lines, boxes] = await Promise.all([noteLines(db, note.id), noteBoxes(db, note.id)]);
  const boxSkus = boxes.flatMap((b) => (JSON.parse(b.contents) as { skuId: string }[]).map((c) => c.skuId));
  const names = await skuNames(db, [...lines.map((l) => l.skuId), ...boxSkus]);
  const order = await db.selectFrom('stockingOrders').select(['id', 'no', 'type', 'status']).where('id', '=', note.stockingOrderId).executeTakeFirst();
  return {
    ...toNoteSummary(note),
    stockingOrder: order ?? null,
    lines: lines.map((l) => toLineView(l, names)),
    boxes: boxes.map((b) => toBoxView(b, names)),
  };
}
