/** Executes a plan's outcome inside the deciding transaction: documents, ledger moves, the note's fate. */
import { conflict } from '../../domain/errors.js';
import { returnHeld, transferHeld } from '../../domain/ledger.js';
import type { Outcome } from '../../domain/plan-outcome.js';
import type { OrderType } from '../../domain/catalog.js';
import type { CompiledQuery } from 'kysely';
import type { Tx } from '../../db/create-db.js';
import type { DeliveryNoteLineRow, DeliveryNoteRow, ExceptionRow } from '../../db/types.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { transition } from '../shared/transition.js';
import { createNote, settleNoteIfDone } from '../delivery-notes/lifecycle.js';
import { ledgerOf, ledgerWrite, setBoxStatus } from '../delivery-notes/repository.js';
import { completeOrderIfDone, createOrder, markOrderShipped } from '../stocking-orders/lifecycle.js';
import { insertReturnOrder } from '../return-orders/service.js';
import { insertCompensation } from '../compensations/service.js';

type C = Pick<Ctx, 'actor' | 'clock'>;

/**
 * The plan's ledger moves on the note's lines (as read in this transaction): the checked writes, not
 * run (the caller sends them with the note's claim), one per line, and the lines as they will be.
 */
export function ledgerMovesOf(tx: Tx, out: Outcome, lines: DeliveryNoteLineRow[]): { writes: CompiledQuery[]; lines: DeliveryNoteLineRow[] } {
  const current = new Map(lines.map((l) => [l.skuId, l]));
  const writes = new Map<string, CompiledQuery>();
  for (const m of out.ledgerMoves) {
    const line = current.get(m.skuId)!;
    const next = (m.to === 'returned' ? returnHeld : transferHeld)(ledgerOf(line), m.qty);
    writes.set(line.id, ledgerWrite(tx, line, next));
    current.set(m.skuId, { ...line, ...next });
  }
  return { writes: [...writes.values()], lines: [...current.values()] };
}

/**
 * `lines` are the note's lines as read in this transaction after the plan's ledger moves (`ledgerMovesOf`).
 * `order`: the note's stocking order, as read with the note.
 */
export async function executeOutcome(
  tx: Tx, ctx: C, exc: ExceptionRow, note: DeliveryNoteRow, out: Outcome, lines: DeliveryNoteLineRow[],
  order: { id: string; type: OrderType; currency: string },
): Promise<void> {
  const prices = new Map(lines.map((l) => [l.skuId, l.unitPrice]));
  const source = { sourceExceptionId: exc.id };
  const sourceNo = { sourceExceptionNo: exc.no };
  if (out.returnOrder) {
    await insertReturnOrder(tx, ctx, {
      merchantId: exc.merchantId, warehouseId: exc.warehouseId, deliveryNoteId: note.id, ...source,
      sourceExceptionNo: exc.no, deliveryNoteNo: note.no,
      sealed: out.returnOrder.sealed, lines: out.returnOrder.lines,
    });
  }
  if (out.replenishment) {
    await createOrder(tx, ctx, {
      merchantId: exc.merchantId, warehouseId: exc.warehouseId, type: order.type, status: 'PENDING_ACCEPT',
      currency: order.currency, lines: out.replenishment, ...source, ...sourceNo,
    });
  }
  if (out.compensation) {
    await insertCompensation(tx, ctx, { merchantId: exc.merchantId, amount: out.compensation.amount, currency: order.currency, ...source });
  }
  const arrivedNote = (orderId: string, boxLines: { skuId: string; qty: number }[]) => createNote(tx, ctx, {
    stockingOrderId: orderId, merchantId: exc.merchantId, warehouseId: exc.warehouseId, logistics: note.logistics,
    expectedArrivalAt: nowIso(ctx), status: 'ARRIVED', boxes: [{ lines: boxLines }], unitPrices: prices, ...source,
  });
  if (out.newNote) await arrivedNote(order.id, out.newNote);
  if (out.newOrderAndNote) {
    const extra = await createOrder(tx, ctx, {
      merchantId: exc.merchantId, warehouseId: exc.warehouseId, type: order.type, status: 'SHIPPED',
      currency: order.currency, lines: out.newOrderAndNote, ...source, ...sourceNo,
    });
    await arrivedNote(extra.id, out.newOrderAndNote.map(({ skuId, qty }) => ({ skuId, qty })));
  }
  await settleOriginalNote(tx, ctx, note, out, lines);
}

async function settleOriginalNote(tx: Tx, ctx: C, note: DeliveryNoteRow, out: Outcome, lines: DeliveryNoteLineRow[]): Promise<void> {
  const at = nowIso(ctx);
  if (out.note === 'VOID') {
    // voiding is for packages that never opened; units already taken in would be lost
    if (lines.some((l) => l.arrived > 0)) throw conflict('NOTE_HAS_ARRIVED_UNITS', `Delivery note ${note.no} already has units taken in; it cannot be voided`);
    await transition(tx, ctx, 'deliveryNote', note, 'VOIDED', { set: { voidedAt: at } });
  } else if (out.note === 'RETURN') {
    const left = lines.filter((l) => l.inProcess > 0 || l.onHold > 0);
    if (left.length) throw conflict('UNITS_STILL_IN_PROCESS', `Units received after this exception are still in process on ${note.no}; register them first`);
    await transition(tx, ctx, 'deliveryNote', note, 'RETURNED', { set: { returnedAt: at } });
  } else if (out.note === 'REINSTATE') {
    await transition(tx, ctx, 'deliveryNote', note, 'ARRIVED', { set: { arrivedAt: at, cancelledAt: null } });
    await markOrderShipped(tx, ctx, note.stockingOrderId, note.no);
  } else {
    await settleNoteIfDone(tx, ctx, note, lines);
  }
  if (out.boxes !== 'UNCHANGED') await setBoxStatus(tx, note.id, out.boxes);
  if (out.note === 'VOID' || out.note === 'RETURN') await completeOrderIfDone(tx, ctx, note.stockingOrderId);
}
