/** Delivery notes, warehouse side: arrival (到货), receiving (收货), QC (质检), put-away (上架). */
import { conflict, ruleViolation } from '../../domain/errors.js';
import { inspect, putAway, receive, type Ledger } from '../../domain/ledger.js';
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
    const byId = await linesBySku(tx, id);
    for (const [i, l] of lines.entries()) {
      const line = byId.get(l.skuId);
      if (!line) throw ruleViolation('SKU_NOT_ON_NOTE', `SKU ${l.skuId} is not on delivery note ${note.no}`, `lines[${i}].skuId`);
      await saveLedger(tx, line, apply(ledgerOf(line), l, i));
    }
    if (note.status === 'ARRIVED') await setBoxStatus(tx, id, 'OPENED', ['AT_DOCK']);
    await recordEvent(tx, ctx, { documentType: 'deliveryNote', documentId: id, action, data: { lines } });
    next = (await settleNoteIfDone(tx, ctx, next)) ?? next;
    return noteView(tx, next);
  });
}

export const recordReceipt = (ctx: Ctx, id: string, input: { lines: { skuId: string; qty: number }[]; version?: number }) =>
  countLines(ctx, id, 'RECEIPT', input.lines, input.version, ['ARRIVED', 'RECEIVING'],
    (l, line, i) => receive(l, line.qty, `lines[${i}].qty`));

export const recordQc = (ctx: Ctx, id: string, input: { lines: { skuId: string; passed: number; failed: number }[]; version?: number }) =>
  countLines(ctx, id, 'QC', input.lines, input.version, ['RECEIVING'],
    (l, line, i) => inspect(l, line.passed, line.failed, `lines[${i}].passed`));

export const recordPutaway = (ctx: Ctx, id: string, input: { lines: { skuId: string; qty: number }[]; version?: number }) =>
  countLines(ctx, id, 'PUTAWAY', input.lines, input.version, ['RECEIVING'],
    (l, line, i) => putAway(l, line.qty, `lines[${i}].qty`));

async function linesBySku(tx: Tx, noteId: string): Promise<Map<string, DeliveryNoteLineRow>> {
  return new Map((await noteLines(tx, noteId)).map((l) => [l.skuId, l]));
}

/** A package under a package-level exception stays sealed until the plan is decided. */
async function assertPackageNotHeld(tx: Tx, note: DeliveryNoteRow): Promise<void> {
  const held = await pendingExceptionOn(tx, note.id, 'PACKAGE_LEVEL');
  if (held) throw conflict('PACKAGE_ON_HOLD', `Exception ${held.no} holds this package unopened until the platform decides it`);
}
