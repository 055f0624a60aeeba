/** Kysely queries for delivery notes, their ledger lines and boxes (writes of the note row itself: ../shared/transition.ts). */
import type { CompiledQuery } from 'kysely';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { BoxRow, BoxStatus, DeliveryNoteLineRow, DeliveryNoteRow } from '../../db/types.js';
import { SUBTYPES } from '../../domain/catalog.js';
import { assertLedger, LEDGER_FIELDS, type Ledger } from '../../domain/ledger.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { newId, nextNo } from '../shared/ids.js';

// Every registration and decide runs these: compiled once (../../db/precompiled.ts).
const noteById = precompiled((db, id: string) => db.selectFrom('deliveryNotes').selectAll().where('id', '=', id));
const linesOfNote = precompiled((db, noteId: string) => db.selectFrom('deliveryNoteLines').selectAll().where('deliveryNoteId', '=', noteId).orderBy('id'));
const lineOfSku = precompiled((db, noteId: string, skuId: string) =>
  db.selectFrom('deliveryNoteLines').selectAll().where('deliveryNoteId', '=', noteId).where('skuId', '=', skuId));
const updateLine = precompiled((db, set: Partial<DeliveryNoteLineRow>, id: string) => db.updateTable('deliveryNoteLines').set(set).where('id', '=', id));
const boxesTo = precompiled((db, status: BoxStatus, noteId: string) => db.updateTable('deliveryNoteBoxes').set({ status }).where('deliveryNoteId', '=', noteId));
const boxesFromTo = precompiled((db, status: BoxStatus, noteId: string, from: BoxStatus[]) =>
  db.updateTable('deliveryNoteBoxes').set({ status }).where('deliveryNoteId', '=', noteId).where('status', 'in', from));
const insertNoteRow = precompiled((db, row: DeliveryNoteRow) => db.insertInto('deliveryNotes').values(row));
const insertLines = precompiled((db, rows: DeliveryNoteLineRow[]) => db.insertInto('deliveryNoteLines').values(rows));
const insertBoxes = precompiled((db, rows: BoxRow[]) => db.insertInto('deliveryNoteBoxes').values(rows));

export const loadNote = (db: Executor, id: string) => noteById.first(db, id);

const PACKAGE_LEVEL = SUBTYPES.filter((s) => s.hold === 'PACKAGE').map((s) => s.code);
const pendingOnNote = precompiled((db, noteId: string) =>
  db.selectFrom('exceptions').select('no').where('deliveryNoteId', '=', noteId).where('status', '=', 'PENDING'));
const pendingPackageLevelOnNote = precompiled((db, noteId: string) =>
  db.selectFrom('exceptions').select('no').where('deliveryNoteId', '=', noteId).where('status', '=', 'PENDING').where('subtype', 'in', PACKAGE_LEVEL));

/** A pending exception on the note (any, or only a package-level one: the package stays sealed under it). */
export const pendingExceptionOn = (db: Executor, noteId: string, which: 'ANY' | 'PACKAGE_LEVEL') =>
  (which === 'ANY' ? pendingOnNote : pendingPackageLevelOnNote).first(db, noteId);

// The note with its order's type, number and currency (which never change), by id: plain (SQLite: one
// writer) or locked (PostgreSQL: FOR NO KEY UPDATE of the note only). One round trip for both look-ups.
const withOrder = (db: Executor, id: string) => db.selectFrom('deliveryNotes as n').innerJoin('stockingOrders as o', 'o.id', 'n.stockingOrderId')
  .selectAll('n').select(['o.type as orderType', 'o.no as orderNo', 'o.currency as orderCurrency']).where('n.id', '=', id);
export const noteWithOrder = precompiled((db, id: string) => withOrder(db, id));
export const noteWithOrderLocked = precompiled((db, id: string) => withOrder(db, id).forNoKeyUpdate('n'));

// The note's lines (with their SKU's merchant, code and name) and the number of a pending exception on it,
// in one statement (the note's row is there so a note without lines still answers): read after the note's
// lock, so both are as committed now.
const linesAndPending = (db: Executor, noteId: string, packageLevelOnly: boolean) => db.selectFrom('deliveryNotes as n')
  .leftJoin('deliveryNoteLines as l', 'l.deliveryNoteId', 'n.id')
  .leftJoin('skus as s', 's.id', 'l.skuId')
  .selectAll('l')
  .select(['s.merchantId as skuMerchantId', 's.code as skuCode', 's.name as skuName'])
  .select((eb) => {
    let q = eb.selectFrom('exceptions as e').select('e.no').where('e.deliveryNoteId', '=', noteId).where('e.status', '=', 'PENDING');
    if (packageLevelOnly) q = q.where('e.subtype', 'in', PACKAGE_LEVEL);
    return q.limit(1).as('pendingNo');
  })
  .where('n.id', '=', noteId)
  .orderBy('l.id');
const linesAndAnyPending = precompiled((db, noteId: string) => linesAndPending(db, noteId, false));
const linesAndPackagePending = precompiled((db, noteId: string) => linesAndPending(db, noteId, true));

/**
 * The note's lines, and a pending exception on it (any, or package-level only) — `pendingExceptionOn` and
 * `noteLines` in one read — with the SKUs of the lines (id, merchant, code, name).
 */
export async function noteLinesAndPending(db: Executor, noteId: string, which: 'ANY' | 'PACKAGE_LEVEL') {
  const rows = await (which === 'ANY' ? linesAndAnyPending : linesAndPackagePending).all(db, noteId);
  const withLine = rows.filter((r) => r.id !== null);
  const lines = withLine.map(({ pendingNo: _p, skuMerchantId: _m, skuCode: _c, skuName: _n, ...l }) => l as DeliveryNoteLineRow);
  const skus = new Map(withLine.filter((r) => r.skuMerchantId !== null)
    .map((r) => [r.skuId!, { id: r.skuId!, merchantId: r.skuMerchantId!, code: r.skuCode!, name: r.skuName! }]));
  const pendingNo = rows[0]?.pendingNo;
  return { lines, skus, pending: pendingNo ? { no: pendingNo } : undefined };
}

export const noteLines = (db: Executor, noteId: string) => linesOfNote.all(db, noteId);

export const noteBoxes = (db: Executor, noteId: string) =>
  db.selectFrom('deliveryNoteBoxes').selectAll().where('deliveryNoteId', '=', noteId).orderBy('boxNo').execute();

export function ledgerOf(l: DeliveryNoteLineRow): Ledger {
  return Object.fromEntries(LEDGER_FIELDS.map((f) => [f, l[f]])) as unknown as Ledger;
}

/** Writes a line's new ledger after checking the invariant; the caller holds the note (version bump). */
export async function saveLedger(tx: Executor, line: DeliveryNoteLineRow, next: Ledger): Promise<void> {
  await tx.executeQuery(ledgerWrite(tx, line, next));
}

/** The same write, checked and compiled, not run (to send with the note's claim: ../shared/transition.ts `touch`). */
export function ledgerWrite(tx: Executor, line: DeliveryNoteLineRow, next: Ledger): CompiledQuery {
  assertLedger(next, `line ${line.skuId}`);
  const set = Object.fromEntries(LEDGER_FIELDS.map((f) => [f, next[f]])) as Partial<DeliveryNoteLineRow>;
  return updateLine.compile(tx, set, line.id);
}

export async function setBoxStatus(tx: Executor, noteId: string, to: BoxStatus, from?: readonly BoxStatus[]): Promise<void> {
  if (from) await boxesFromTo.run(tx, to, noteId, [...from]);
  else await boxesTo.run(tx, to, noteId);
}

export interface NewNote {
  stockingOrderId: string;
  merchantId: string;
  warehouseId: string;
  logistics: DeliveryNoteRow['logistics'];
  expectedArrivalAt: string;
  status: 'CREATED' | 'ARRIVED';
  sourceExceptionId?: string | null;
  /** Each box's contents; lines are summed per SKU. */
  boxes: { lines: { skuId: string; qty: number }[] }[];
  unitPrices: Map<string, number>;
}

/** Inserts the note, its lines (declared quantities summed per SKU) and boxes; the caller records the event. */
export async function insertNote(tx: Executor, ctx: Pick<Ctx, 'clock'>, n: NewNote): Promise<DeliveryNoteRow> {
  const now = nowIso(ctx);
  const arrived = n.status === 'ARRIVED';
  const row: DeliveryNoteRow = {
    id: newId('dn'), no: await nextNo(tx, 'deliveryNote', ctx.clock.now()),
    stockingOrderId: n.stockingOrderId, merchantId: n.merchantId, warehouseId: n.warehouseId,
    logistics: n.logistics, expectedArrivalAt: n.expectedArrivalAt, status: n.status,
    sourceExceptionId: n.sourceExceptionId ?? null, confirmedAt: null, arrivedAt: arrived ? now : null,
    completedAt: null, cancelledAt: null, voidedAt: null, returnedAt: null, version: 1, createdAt: now, updatedAt: now,
  };
  await insertNoteRow.run(tx, row);
  const declared = new Map<string, number>();
  for (const box of n.boxes) for (const l of box.lines) declared.set(l.skuId, (declared.get(l.skuId) ?? 0) + l.qty);
  await insertLines.run(tx, [...declared].map(([skuId, qty]) => ({
    id: newId('dnl'), deliveryNoteId: row.id, skuId, unitPrice: n.unitPrices.get(skuId) ?? 0, declared: qty,
    arrived: 0, received: 0, passed: 0, failed: 0, inProcess: 0, onHold: 0, stocked: 0, returned: 0, transferred: 0, short: 0,
  })));
  await insertBoxes.run(tx, n.boxes.map((b, i): BoxRow => ({
    id: newId('box'), deliveryNoteId: row.id, boxNo: i + 1, labelCode: `${row.no}-${String(i + 1).padStart(3, '0')}`,
    status: arrived ? 'AT_DOCK' : 'PACKED', contents: JSON.stringify(b.lines),
  })));
  return row;
}

/** Adds a line for a SKU the note never declared (wrong goods), so its units have a ledger. */
export async function ensureLine(tx: Executor, noteId: string, skuId: string): Promise<DeliveryNoteLineRow> {
  const existing = await lineOfSku.first(tx, noteId, skuId);
  if (existing) return existing;
  const row: DeliveryNoteLineRow = {
    id: newId('dnl'), deliveryNoteId: noteId, skuId, unitPrice: 0, declared: 0,
    arrived: 0, received: 0, passed: 0, failed: 0, inProcess: 0, onHold: 0, stocked: 0, returned: 0, transferred: 0, short: 0,
  };
  await insertLines.run(tx, [row]);
  return row;
}
