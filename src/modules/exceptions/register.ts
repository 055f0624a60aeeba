/** Registering an exception (异常登记): guards from the catalog, the hold on the ledger, one transaction. */
import { allowedPlans, subtypeDef, type Stage, type SubtypeDef, type Subtype } from '../../domain/catalog.js';
import { AppError, conflict, ruleViolation } from '../../domain/errors.js';
import { lineDifferences, type SkuQty } from '../../domain/lines.js';
import { arriveOnHold, bookShort, holdInProcess, type Ledger } from '../../domain/ledger.js';
import type { CompiledQuery } from 'kysely';
import type { Tx } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import { runTogether } from '../../db/run-together.js';
import type { DeliveryNoteLineRow, DeliveryNoteRow, ExceptionLineRow, ExceptionRow, SkuRow } from '../../db/types.js';
import { requireRole, visibleOr404 } from '../shared/access.js';
import { command } from '../shared/command.js';
import { addSeconds, nowIso, type Ctx } from '../shared/context.js';
import { recordEvents } from '../shared/events.js';
import { newId, nextNo } from '../shared/ids.js';
import { merchantSkus } from '../shared/skus.js';
import { claimNote, lockNoteWithOrder } from '../delivery-notes/lifecycle.js';
import { ensureLine, ledgerOf, ledgerWrite, noteLinesAndPending, setBoxStatus } from '../delivery-notes/repository.js';
import { attachPhotos } from '../photos/service.js';
import { loadException } from './repository.js';
import { exceptionView } from './views.js';
import { bumpExceptionCount } from './counts.js';
import { loadSettings } from '../settings/service.js';
import { applyPolicies } from '../policies/engine.js';
import { emit } from '../notifications/outbox.js';
import { exceptionSnapshotOf, NO_LINKS } from '../notifications/payloads.js';

type NamedSku = Pick<SkuRow, 'id' | 'merchantId' | 'code' | 'name'>;

// Every registration runs these: compiled once (../../db/precompiled.ts).
const insertException = precompiled((db, row: ExceptionRow) => db.insertInto('exceptions').values(row));
const insertLines = precompiled((db, rows: ExceptionLineRow[]) => db.insertInto('exceptionLines').values(rows));

export interface RegisterInput {
  deliveryNoteId: string;
  subtype: Subtype;
  lines?: { skuId: string; qty: number }[];
  remark?: string;
  photoIds?: string[];
}

export async function registerException(ctx: Ctx, input: RegisterInput) {
  requireRole(ctx.actor, 'WAREHOUSE', 'OPS');
  return command(ctx, (tx) => registerExceptionIn(tx, ctx, input));
}

/** The registration inside the caller's transaction (the transport-timeout job registers in its claim on the note). */
export async function registerExceptionIn(tx: Tx, ctx: Ctx, input: RegisterInput) {
  // the note is locked first (with its order's type and number, in the same statement); then its lines and
  // pending exceptions are read, in one statement, as they are now
  const held = await lockNoteWithOrder(tx, input.deliveryNoteId);
  const note = visibleOr404(ctx.actor, held?.note, 'Delivery note');
  const order = held!.order;
  const def = subtypeDef(input.subtype)!;
  // a package-level problem needs the note to itself; unit-level ones can stack
  const { lines, skus: noteSkus, pending } = await noteLinesAndPending(tx, note.id, def.hold === 'PACKAGE' ? 'ANY' : 'PACKAGE_LEVEL');
  assertNoteAccepts(def, note, lines);
  assertNoOpenPackageException(pending);
  const stage = stageOf(def, note, lines);
  const { problem, skus } = await problemLines(tx, def, note, lines, noteSkus, input.lines ?? []);

  // the held units' ledgers go in the same round trip as the note's claim
  await claimNote(tx, ctx, note, await holdWrites(tx, def, note.id, problem, lines));
  // a package found at the dock is held there unopened; one overdue in transit is not here to hold
  if (def.hold === 'PACKAGE' && !def.stages.includes('TRANSIT')) await setBoxStatus(tx, note.id, 'HELD');

  const settings = await loadSettings(tx);
  const now = nowIso(ctx);
  const id = newId('exc');
  const row: ExceptionRow = {
    id, no: await nextNo(tx, 'exception', ctx.clock.now()), deliveryNoteId: note.id, deliveryNoteNo: note.no,
    stockingOrderId: note.stockingOrderId, merchantId: note.merchantId, warehouseId: note.warehouseId,
    orderType: order.type, type: def.type, subtype: def.code, stage, status: 'PENDING', plan: null, taskCategory: null,
    totalQty: problem.reduce((s, l) => s + l.qty, 0), remark: input.remark ?? null, registeredBy: ctx.actor.username,
    decidedBy: null, decidedAt: null, decisionDueAt: addSeconds(now, settings.decisionSlaSeconds), overdueFlaggedAt: null,
    decidedByPolicyId: null, completedAt: null, cancelledAt: null, cancelReason: null, version: 1, createdAt: now, updatedAt: now,
  };
  // the exception and its lines in one round trip (PostgreSQL; ../../db/run-together.ts)
  await runTogether(tx, [insertException.compile(tx, row),
    ...(problem.length ? [insertLines.compile(tx, problem.map((l) => ({ id: newId('exl'), exceptionId: id, skuId: l.skuId, qty: l.qty })))] : [])]);
  await bumpExceptionCount(tx, note, null, 'PENDING');
  if (input.photoIds?.length) await attachPhotos(tx, ctx, id, input.photoIds, note.warehouseId);
  await recordEvents(tx, ctx, [
    { documentType: 'exception', documentId: id, action: 'REGISTERED', to: 'PENDING', data: { stage, deliveryNoteNo: note.no } },
    { documentType: 'deliveryNote', documentId: note.id, action: 'EXCEPTION_REGISTERED', data: { exceptionId: id } },
  ]);
  await emit(tx, ctx, {
    type: 'exception.registered', merchantId: note.merchantId, documentType: 'exception', documentId: id,
    snapshot: exceptionSnapshotOf(row, order.no, NO_LINKS),
  });
  // auto-decision policies that apply at registration decide now, in this transaction
  const decided = await applyPolicies(tx, ctx, id, 'REGISTRATION');
  // the answer is the row as written, unless a policy went on to decide it
  const exc = decided ? (await loadException(tx, id))! : row;
  // what the answer shows is known here: no photos (unless attached), the lines with the SKUs read for them
  const photos = input.photoIds?.length ? undefined : [];
  const named = skus && problem.map((l) => ({ skuId: l.skuId, skuCode: skus.get(l.skuId)!.code, skuName: skus.get(l.skuId)!.name, qty: l.qty }));
  return { ...(await exceptionView(tx, ctx.actor, exc, nowIso(ctx), photos, named)), allowedPlans: allowedPlans(def.code as Subtype, order.type, settings.orderTypeMatrix) };
}

/** The note must be in a state where this kind of problem can be found (catalog `noteStatuses`). */
function assertNoteAccepts(def: SubtypeDef, note: DeliveryNoteRow, lines: DeliveryNoteLineRow[]): void {
  if (!def.noteStatuses.includes(note.status as never)) {
    throw conflict('NOTE_STATUS_NOT_ALLOWED',
      `${def.code} cannot be registered on a delivery note that is ${note.status} (allowed: ${def.noteStatuses.join(', ')})`);
  }
  if (def.hold === 'PACKAGE' && lines.some((l) => l.received > 0)) {
    throw conflict('PACKAGE_ALREADY_OPENED', `Delivery note ${note.no} is already being received; ${def.code} applies to an unopened package`);
  }
}

function assertNoOpenPackageException(open: { no: string } | undefined): void {
  if (open) throw conflict('NOTE_HAS_PENDING_EXCEPTION', `Exception ${open.no} on this delivery note is still pending; decide or cancel it first`);
}

/** The stage follows the note: in transit, at receiving, or in QC once inspection has begun. */
function stageOf(def: SubtypeDef, note: DeliveryNoteRow, lines: DeliveryNoteLineRow[]): Stage {
  const fromNote: Stage = note.status === 'IN_TRANSIT' && def.stages.includes('TRANSIT') ? 'TRANSIT'
    : lines.some((l) => l.passed + l.failed > 0) ? 'QC' : 'RECEIVING';
  // a receiving problem (e.g. a shortage) can still be found after inspection has begun
  const stage = !def.stages.includes(fromNote) && fromNote === 'QC' && def.stages.includes('RECEIVING') ? 'RECEIVING' : fromNote;
  if (!def.stages.includes(stage)) {
    throw conflict('STAGE_NOT_ALLOWED', `${def.code} is found at ${def.stages.join(' or ')}; this note is at ${fromNote} (record QC results first)`);
  }
  return stage;
}

/**
 * The exception's lines by the catalog's rule: the note's contents, every unit in process, or as given
 * (then with the SKUs read to check them).
 */
async function problemLines(
  tx: Tx, def: SubtypeDef, note: DeliveryNoteRow, lines: DeliveryNoteLineRow[], noteSkus: Map<string, NamedSku>, given: { skuId: string; qty: number }[],
): Promise<{ problem: SkuQty[]; skus?: Map<string, NamedSku> }> {
  if (def.lines === 'NOTE') {
    const declared = lines.filter((l) => l.declared > 0).map((l) => ({ skuId: l.skuId, qty: l.declared }));
    // a client may send the package's contents; they must be the note's, and then count as left out
    if (given.length) assertSameAsDeclared(def, note, declared, given);
    return { problem: declared };
  }
  if (def.lines === 'ALL_IN_PROCESS') {
    const all = lines.filter((l) => l.inProcess > 0).map((l) => ({ skuId: l.skuId, qty: l.inProcess }));
    if (!all.length) throw ruleViolation('NOTHING_IN_PROCESS', 'No received units are in process on this note', 'lines');
    if (given.length && lineDifferences(all, given).length) throw ruleViolation('MUST_COVER_ALL_UNITS', `${def.code} covers every unit in process: ${all.map((a) => `${a.skuId}×${a.qty}`).join(', ')}`, 'lines');
    return { problem: all };
  }
  if (!given.length) throw ruleViolation('LINES_REQUIRED', `${def.code} needs the affected SKUs and quantities`, 'lines');
  // SKUs on the note and the merchant's were read with its lines; any other is looked up (and refused if not the merchant's)
  const skus = given.every((g) => noteSkus.get(g.skuId)?.merchantId === note.merchantId) ? noteSkus : await merchantSkus(tx, note.merchantId, given);
  const onNote = new Map(lines.map((l) => [l.skuId, l]));
  given.forEach((g, i) => {
    const line = onNote.get(g.skuId);
    if (!line && !def.allowsNewSku) {
      throw ruleViolation('SKU_NOT_ON_NOTE', `SKU ${g.skuId} is not on delivery note ${note.no} (register other SKUs as WRONG_GOODS)`, `lines[${i}].skuId`);
    }
    if (def.hold === 'PACKAGE' && g.qty > (line?.declared ?? 0)) {
      throw ruleViolation('QTY_EXCEEDS_DECLARED', `Only ${line?.declared ?? 0} unit(s) of this SKU are on the note`, `lines[${i}].qty`);
    }
  });
  return { problem: given.map((g) => ({ skuId: g.skuId, qty: g.qty })), skus };
}

/** Package-level lines, when sent, are the note's declared contents (any order); each SKU that differs is named. */
function assertSameAsDeclared(def: SubtypeDef, note: DeliveryNoteRow, declared: SkuQty[], given: SkuQty[]): void {
  const differences = lineDifferences(declared, given);
  if (!differences.length) return;
  const errors = differences.map((d) => {
    const i = given.findIndex((g) => g.skuId === d.skuId);
    const field = i < 0 ? 'lines' : d.declared ? `lines[${i}].qty` : `lines[${i}].skuId`;
    return { field, code: 'LINES_DIFFER_FROM_NOTE', message: `SKU ${d.skuId}: delivery note ${note.no} declares ${d.declared}, the request sends ${d.sent}` };
  });
  throw new AppError(422, 'LINES_DIFFER_FROM_NOTE',
    `${def.code} covers the whole package: leave lines out, or send exactly the delivery note's declared contents`, errors, { differences });
}

const HOLD_MOVES: Partial<Record<SubtypeDef['hold'], (l: Ledger, qty: number, field: string) => Ledger>> = {
  HOLD: holdInProcess,
  HOLD_ARRIVAL: (l, qty) => arriveOnHold(l, qty),
  SHORT: bookShort,
};

/**
 * The ledger writes of the hold, checked, not run. `lines`: the note's lines as read in this transaction
 * (a SKU new to the note gets its line here); a SKU twice in `problem` moves from where the first left it.
 */
async function holdWrites(tx: Tx, def: SubtypeDef, noteId: string, problem: { skuId: string; qty: number }[], lines: DeliveryNoteLineRow[]): Promise<CompiledQuery[]> {
  const move = HOLD_MOVES[def.hold];
  if (!move) return []; // package-level: the package is held unopened, no unit moves
  const current = new Map(lines.map((l) => [l.skuId, l]));
  // one write per line, its last: sent in one statement, two updates of one row would not both apply
  const writes = new Map<string, CompiledQuery>();
  for (const [i, l] of problem.entries()) {
    const line = current.get(l.skuId) ?? await ensureLine(tx, noteId, l.skuId);
    const next = move(ledgerOf(line), l.qty, `lines[${i}].qty`);
    writes.set(line.id, ledgerWrite(tx, line, next));
    current.set(l.skuId, { ...line, ...next });
  }
  return [...writes.values()];
}
