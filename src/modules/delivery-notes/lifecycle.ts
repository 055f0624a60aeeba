/**
 * Steps of a delivery note that commands take inside their transaction: lock it, claim it (a
 * version bump that orders writers of its ledger lines), create one, and complete it once settled.
 */
import type { CompiledQuery } from 'kysely';
import type { Tx } from '../../db/create-db.js';
import type { DeliveryNoteLineRow, DeliveryNoteRow } from '../../db/types.js';
import { isSettled } from '../../domain/ledger.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { lockDocument, touch, transition } from '../shared/transition.js';
import { completeOrderIfDone } from '../stocking-orders/lifecycle.js';
import { dialectOf } from '../../db/dialect.js';
import { insertNote, ledgerOf, noteLines, noteWithOrder, noteWithOrderLocked, pendingExceptionOn, type NewNote } from './repository.js';

type C = Pick<Ctx, 'actor' | 'clock'>;

/** The note, held by this transaction (rank 3 of ../shared/locks.ts). */
export const lockNote = (tx: Tx, id: string) => lockDocument(tx, 'deliveryNote', id);

/** The note held as `lockNote` holds it, with its order's type, number and currency (read in the same statement). */
export async function lockNoteWithOrder(tx: Tx, id: string) {
  const row = await (dialectOf(tx) === 'postgres' ? noteWithOrderLocked : noteWithOrder).first(tx, id);
  if (!row) return undefined;
  const { orderType, orderNo, orderCurrency, ...note } = row;
  return { note: note as DeliveryNoteRow, order: { id: note.stockingOrderId, type: orderType, no: orderNo, currency: orderCurrency } };
}

/**
 * A write to the note's lines bumps the note's version: a client holding an older version gets 409.
 * `lineWrites` (`ledgerWrite`): the lines' new ledgers, sent in the same round trip as the claim.
 */
export const claimNote = (tx: Tx, ctx: C, note: DeliveryNoteRow, lineWrites: CompiledQuery[] = []) => touch(tx, ctx, 'deliveryNote', note, {}, lineWrites);

export async function createNote(tx: Tx, ctx: C, n: NewNote): Promise<DeliveryNoteRow> {
  const row = await insertNote(tx, ctx, n);
  await recordEvent(tx, ctx, {
    documentType: 'deliveryNote', documentId: row.id, action: 'CREATED', to: row.status,
    data: n.sourceExceptionId ? { sourceExceptionId: n.sourceExceptionId } : {},
  });
  return row;
}

/**
 * A note completes when nothing is in process or on hold and nothing more is expected (SPEC §5),
 * and no exception on it is still pending. `note` is held by this transaction; `known`: its lines,
 * when the caller holds them current. Returns the completed note, if it completed.
 */
export async function settleNoteIfDone(tx: Tx, ctx: C, note: DeliveryNoteRow, known?: DeliveryNoteLineRow[]): Promise<DeliveryNoteRow | undefined> {
  if (note.status !== 'ARRIVED' && note.status !== 'RECEIVING') return undefined;
  const lines = known ?? await noteLines(tx, note.id);
  if (!lines.every((l) => isSettled(ledgerOf(l)))) return undefined;
  if (await pendingExceptionOn(tx, note.id, 'ANY')) return undefined;
  const done = await transition(tx, ctx, 'deliveryNote', note, 'COMPLETED', { set: { completedAt: nowIso(ctx) } });
  await completeOrderIfDone(tx, ctx, note.stockingOrderId);
  return done;
}
