/** Delivery notes, warehouse side: arrival (到货), receiving (收货), QC (质检), put-away (上架). */
import { conflict, ruleViolation } from '../../domain/errors.js';
import { inspect, putAway, receive, reverseInspect, reversePutAway, reverseReceipt, type Ledger } from '../../domain/ledger.js';
import type { Tx } from '../../db/create-db.js';
import type { DeliveryNoteLineRow, DeliveryNoteRow } from '../../db/types.js';
import { requireRole, visibleOr404 } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { transition } from '../shared/transition.js';
import { claimNote, lockNote, settleNoteIfDone } from './lifecycle.js';
import { ledgerOf, noteLines, pendingExceptionOn, saveLedger, setBoxStatus } from './repository.js';
import { noteView } from './views.js';

/** A note that cannot be taken in names the exception the clerk should register instead. */
const ARRIVAL_REFUSALS: Record<string, { code: string; subtype: string; detail: string }> = {
  CREATED: { code: 'NOTE_NOT_CONFIRMED', subtype: 'NOTE_NOT_CONFIRMED', detail: 'The merchant never confirmed this delivery note (未确认送货); register a NOTE_NOT_CONFIRMED exception' },
  CANCELLED: { code: 'NOTE_CANCELLED', subtype: 'NOTE_CANCELLED', detail: 'This delivery note was cancelled (已取消); register a NOTE_CANCELLED exception' },
};

export async function arriveDeliveryNote(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'WAREHOUSE');
  return command(ctx, async (tx) => {
    const note = visibleOr404(ctx.actor, await lockNote(tx, id), 'Delivery note');
    const refusal = ARRIVAL_REFUSALS[note.status];
    if (refusal) throw conflict(refusal.code, refusal.detail, { exceptionSubtype: refusal.subtype, deliveryNoteId: note.id });
    if (note.status !== 'IN_TRANSIT') throw conflict('NOTE_ALREADY_ARRIVED', `Delivery note ${note.no} is ${note.status}, it cannot arrive again`);
    assertVersion('Delivery note', note.version, input.version);
    const next = await transition(tx, ctx, 'deliveryNote', note, 'ARRIVED', { set: { arrivedAt: nowIso(ctx) } });
    await setBoxStatus(tx, id, 'AT_DOCK');
    return noteView(tx, next);
  });
}

type Apply<T> = (ledger: Ledger, line: T, i: number) => Ledger;

/**
 * The shape shared by receipts, QC and put-away: lock the note, refuse while the package is held
 * unopened, apply a ledger move per line to the lines as read under the lock, record one event.
 * Two receipts on one line serialise on the note: the second books on top of the first.
 */
async function countLines<T extends { skuId: string }>(
  ctx: Ctx, id: string, action: string, lines: T[], version: number | undefined,
  allowed: readonly string[], apply: Apply<T>,
) {
  requireRole(ctx.actor, 'WAREHOUSE');
  return command(ctx, async (tx) => {
    const note = visibleOr404(ctx.actor, await lockNote(tx, id), 'Delivery note');
    if (!allowed.includes(note.status)) {
      throw conflict('NOTE_NOT_RECEIVING', `Delivery note ${note.no} is ${note.status}; ${action.toLowerCase()} needs it ${allowed.join(' or ')}`);
    }
    assertVersion('Delivery note', note.version, version);
    await assertPackageNotHeld(tx, note);
    let next = note.status === 'ARRIVED'
      ? await transition(tx, ctx, 'deliveryNote', note, 'RECEIVING')
      : await claimNote(tx, ctx, note);
    await applyToLines(tx, note, lines, apply);
    if (note.status === 'ARRIVED') await setBoxStatus(tx, id, 'OPENED', ['AT_DOCK']);
    await recordEvent(tx, ctx, { documentType: 'deliveryNote', documentId: id, action, data: { lines } });
    next = (await settleNoteIfDone(tx, ctx, next)) ?? next;
    return noteView(tx, next);
  });
}

type QtyInput = { lines: { skuId: string; qty: number }[]; version?: number };
type QcInput = { lines: { skuId: string; passed: number; failed: number }[]; version?: number };

export const recordReceipt = (ctx: Ctx, id: string, input: QtyInput) =>
  countLines(ctx, id, 'RECEIPT', input.lines, input.version, ['ARRIVED', 'RECEIVING'],
    (l, line, i) => receive(l, line.qty, `lines[${i}].qty`));

export const recordQc = (ctx: Ctx, id: string, input: QcInput) =>
  countLines(ctx, id, 'QC', input.lines, input.version, ['RECEIVING'],
    (l, line, i) => inspect(l, line.passed, line.failed, `lines[${i}].passed`));

export const recordPutaway = (ctx: Ctx, id: string, input: QtyInput) =>
  countLines(ctx, id, 'PUTAWAY', input.lines, input.version, ['RECEIVING'],
    (l, line, i) => putAway(l, line.qty, `lines[${i}].qty`));

/**
 * 撤销: takes back a receipt, a QC result or a put-away booked by mistake (the handheld's undo), in
 * countLines' shape: lock the note, apply the reverse move to each line as read under the lock,
 * record one event. Only while the note is RECEIVING: a COMPLETED note is settled and closed.
 * A reversal never completes a note (settleNoteIfDone is not needed): a receipt taken back leaves
 * units to receive, a put-away taken back puts units back in process, and a QC result can only be
 * taken back for units in process — the line was not settled before and is not after.
 */
async function reverseLines<T extends { skuId: string }>(ctx: Ctx, id: string, action: string, what: string, lines: T[], version: number | undefined, apply: Apply<T>) {
  requireRole(ctx.actor, 'WAREHOUSE');
  return command(ctx, async (tx) => {
    const note = visibleOr404(ctx.actor, await lockNote(tx, id), 'Delivery note');
    if (note.status === 'COMPLETED') {
      throw conflict('NOTE_COMPLETED', `Delivery note ${note.no} is COMPLETED: every unit on it is settled and the note is closed, so its ${what} can no longer be taken back; register an exception if a count was wrong`);
    }
    if (note.status !== 'RECEIVING') {
      throw conflict('NOTE_NOT_RECEIVING', `Delivery note ${note.no} is ${note.status}; ${what} can be taken back only while it is RECEIVING`);
    }
    assertVersion('Delivery note', note.version, version);
    await assertPackageNotHeld(tx, note);
    const next = await claimNote(tx, ctx, note);
    await applyToLines(tx, note, lines, apply);
    await recordEvent(tx, ctx, { documentType: 'deliveryNote', documentId: id, action, data: { lines } });
    return noteView(tx, next);
  });
}

export const reverseReceipts = (ctx: Ctx, id: string, input: QtyInput) =>
  reverseLines(ctx, id, 'RECEIPT_REVERSED', 'receipts', input.lines, input.version,
    (l, line, i) => reverseReceipt(l, line.qty, `lines[${i}].qty`));

export const reverseQc = (ctx: Ctx, id: string, input: QcInput) =>
  reverseLines(ctx, id, 'QC_REVERSED', 'QC results', input.lines, input.version,
    (l, line, i) => reverseInspect(l, line.passed, line.failed, `lines[${i}].`));

export const reversePutaways = (ctx: Ctx, id: string, input: QtyInput) =>
  reverseLines(ctx, id, 'PUTAWAY_REVERSED', 'put-aways', input.lines, input.version,
    (l, line, i) => reversePutAway(l, line.qty, `lines[${i}].qty`));

/** Applies a ledger move per requested line to the note's lines as read under the lock. */
async function applyToLines<T extends { skuId: string }>(tx: Tx, note: DeliveryNoteRow, lines: T[], apply: Apply<T>): Promise<void> {
  const byId = new Map((await noteLines(tx, note.id)).map((l): [string, DeliveryNoteLineRow] => [l.skuId, l]));
  for (const [i, l] of lines.entries()) {
    const line = byId.get(l.skuId);
    if (!line) throw ruleViolation('SKU_NOT_ON_NOTE', `SKU ${l.skuId} is not on delivery note ${note.no}`, `lines[${i}].skuId`);
    await saveLedger(tx, line, apply(ledgerOf(line), l, i));
  }
}

/** A package under a package-level exception stays sealed until the plan is decided. */
async function assertPackageNotHeld(tx: Tx, note: DeliveryNoteRow): Promise<void> {
  const held = await pendingExceptionOn(tx, note.id, 'PACKAGE_LEVEL');
  if (held) throw conflict('PACKAGE_ON_HOLD', `Exception ${held.no} holds this package unopened until the platform decides it`);
}
