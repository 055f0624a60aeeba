/**
 * What an event tells the merchant about its document: a snapshot read from named columns only,
 * then passed through a whitelist of keys. The exception subtype is internal (SPEC §2): it is never
 * selected here, and a key not on the whitelist (`subtype` included) never leaves this module.
 */
import type { Executor } from '../../db/create-db.js';
import type { ExceptionRow, ReturnOrderRow, StockingOrderRow } from '../../db/types.js';
import { precompiled } from '../../db/precompiled.js';
import { documentsOf } from '../exceptions/views.js';
import '../../db/dispute-types.js';
import '../../db/fee-types.js';

export const DOCUMENT_TYPES = ['exception', 'returnOrder', 'stockingOrder', 'penalty', 'compensation', 'merchant', 'dispute', 'fee'] as const;
export type EventDocumentType = (typeof DOCUMENT_TYPES)[number];

/** Every key a merchant-facing payload may carry, at any depth. */
const ALLOWED_KEYS = new Set([
  'id', 'no', 'type', 'status', 'plan', 'taskCategory', 'links', 'method', 'reason', 'amount', 'currency',
  'reference', 'totalQty', 'sealed', 'deliveryNote', 'stockingOrder', 'sourceException', 'stockingOrders',
  'deliveryNotes', 'returnOrders', 'compensations', 'methodDueAt', 'acceptBy', 'shipBy', 'decidedAt',
  'completedAt', 'createdAt', 'updatedAt', 'cancelReason', 'overdue', 'decisionDueAt',
  // merchant.coaching_level_changed (../performance/coaching.ts): the exception type's level
  'name', 'level', 'previousLevel', 'day',
  // dispute.* (../disputes/service.ts): the dispute and the document it disputes (never a subtype)
  'documentType', 'documentId', 'documentNo', 'dueAt', 'decisionReason', 'autoDecided',
  // fee.* (../fees/service.ts): the service, units and unit amount, the exception by number (never a subtype)
  'service', 'units', 'unitAmount', 'exception', 'waivedAt', 'waiveReason',
]);

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Keeps whitelisted keys only, recursively; drops undefined values and functions. */
export function merchantSafe(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(merchantSafe);
  if (typeof value === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (ALLOWED_KEYS.has(k) && v !== undefined) out[k] = merchantSafe(v);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

const ref = (id: string | null, no: string | null | undefined) => (id ? { id, no: no ?? null } : null);

/** The documents an exception's plan created, as id, number and status only (the detail's one UNION). */
async function linksOf(db: Executor, e: { id: string; deliveryNoteId: string }) {
  return linksFrom(await documentsOf(db, e));
}

/** The same, from the documents the caller has read (`documentsOf`). */
export function linksFrom(docs: Awaited<ReturnType<typeof documentsOf>>) {
  const refs = (list: { id: string; no: string; status: string }[]) => list.map(({ id, no, status }) => ({ id, no, status }));
  return {
    stockingOrders: refs(docs.stockingOrders), deliveryNotes: refs(docs.deliveryNotes),
    returnOrders: refs(docs.returnOrders), compensations: refs(docs.compensations),
  };
}

// Every event reads one of these: compiled once (../../db/precompiled.ts).
const exceptionRow = precompiled((db, id: string) => db.selectFrom('exceptions as e').leftJoin('stockingOrders as o', 'o.id', 'e.stockingOrderId')
  .select(['e.id', 'e.no', 'e.type', 'e.status', 'e.plan', 'e.taskCategory', 'e.deliveryNoteId', 'e.deliveryNoteNo', 'e.stockingOrderId',
    'o.no as stockingOrderNo', 'e.totalQty', 'e.decidedAt', 'e.completedAt', 'e.cancelReason', 'e.decisionDueAt', 'e.createdAt', 'e.updatedAt'])
  .where('e.id', '=', id));

const returnOrderRow = precompiled((db, id: string) => db.selectFrom('returnOrders as r')
  .leftJoin('exceptions as e', 'e.id', 'r.sourceExceptionId').leftJoin('deliveryNotes as n', 'n.id', 'r.deliveryNoteId')
  .select((eb) => ['r.id', 'r.no', 'r.status', 'r.method', 'r.sealed', 'r.methodDueAt', 'r.sourceExceptionId', 'e.no as exceptionNo',
    'r.deliveryNoteId', 'n.no as deliveryNoteNo', 'r.createdAt', 'r.updatedAt',
    eb.selectFrom('returnOrderLines as l').select((l) => l.fn.sum<number>('l.qty').as('q')).whereRef('l.returnOrderId', '=', 'r.id').as('totalQty')])
  .where('r.id', '=', id));

const stockingOrderRow = precompiled((db, id: string) => db.selectFrom('stockingOrders as o').leftJoin('exceptions as e', 'e.id', 'o.sourceExceptionId')
  .select(['o.id', 'o.no', 'o.type', 'o.status', 'o.totalAmount', 'o.currency', 'o.acceptBy', 'o.shipBy', 'o.sourceExceptionId',
    'e.no as exceptionNo', 'o.createdAt', 'o.updatedAt'])
  .where('o.id', '=', id));

const penaltyRow = precompiled((db, id: string) => db.selectFrom('penalties as p').leftJoin('stockingOrders as o', 'o.id', 'p.stockingOrderId')
  .select(['p.id', 'p.no', 'p.status', 'p.reason', 'p.amount', 'p.currency', 'p.stockingOrderId', 'o.no as stockingOrderNo', 'p.createdAt', 'p.updatedAt'])
  .where('p.id', '=', id));

const compensationRow = precompiled((db, id: string) => db.selectFrom('compensations as c').leftJoin('exceptions as e', 'e.id', 'c.sourceExceptionId')
  .select(['c.id', 'c.no', 'c.status', 'c.amount', 'c.currency', 'c.reference', 'c.sourceExceptionId', 'e.no as exceptionNo', 'c.createdAt', 'c.updatedAt'])
  .where('c.id', '=', id));

type ExceptionSnapshotRow = Pick<ExceptionRow, 'id' | 'no' | 'type' | 'status' | 'plan' | 'taskCategory' | 'totalQty' | 'deliveryNoteId'
  | 'deliveryNoteNo' | 'stockingOrderId' | 'decisionDueAt' | 'decidedAt' | 'completedAt' | 'cancelReason' | 'createdAt' | 'updatedAt'>;
type Links = Awaited<ReturnType<typeof linksOf>>;

/** An exception as an event carries it, from its row, its order's number and the documents its plan made. */
export function exceptionSnapshotOf(e: ExceptionSnapshotRow, stockingOrderNo: string | null, links: Links) {
  return {
    id: e.id, no: e.no, type: e.type, status: e.status, plan: e.plan, taskCategory: e.taskCategory, totalQty: Number(e.totalQty),
    deliveryNote: ref(e.deliveryNoteId, e.deliveryNoteNo), stockingOrder: stockingOrderNo ? ref(e.stockingOrderId, stockingOrderNo) : null,
    decisionDueAt: e.decisionDueAt, decidedAt: e.decidedAt, completedAt: e.completedAt, cancelReason: e.cancelReason,
    createdAt: e.createdAt, updatedAt: e.updatedAt,
    links,
  };
}

/** A new exception's documents: none yet. */
export const NO_LINKS: Links = { stockingOrders: [], deliveryNotes: [], returnOrders: [], compensations: [] };

async function exceptionSnapshot(db: Executor, id: string) {
  const e = await exceptionRow.first(db, id);
  if (!e) return null;
  return exceptionSnapshotOf(e as ExceptionSnapshotRow, e.stockingOrderNo, await linksOf(db, e));
}

async function returnOrderSnapshot(db: Executor, id: string) {
  const r = await returnOrderRow.first(db, id);
  return r ? returnOrderSnapshotOf(r) : null;
}

/** A return order as an event carries it, from its row, its lines' total and the numbers of its exception and note. */
export function returnOrderSnapshotOf(r: Pick<ReturnOrderRow, 'id' | 'no' | 'status' | 'method' | 'sealed' | 'methodDueAt' | 'sourceExceptionId'
  | 'deliveryNoteId' | 'createdAt' | 'updatedAt'> & { totalQty: number | string | null; exceptionNo: string | null; deliveryNoteNo: string | null }) {
  return {
    id: r.id, no: r.no, status: r.status, method: r.method, sealed: Number(r.sealed) === 1, methodDueAt: r.methodDueAt,
    totalQty: Number(r.totalQty ?? 0),
    sourceException: r.exceptionNo ? ref(r.sourceExceptionId, r.exceptionNo) : null,
    deliveryNote: r.deliveryNoteNo ? ref(r.deliveryNoteId, r.deliveryNoteNo) : null,
    createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

async function stockingOrderSnapshot(db: Executor, id: string) {
  const o = await stockingOrderRow.first(db, id);
  return o ? stockingOrderSnapshotOf(o) : null;
}

/** A stocking order as an event carries it, from its row and its source exception's number. */
export function stockingOrderSnapshotOf(o: Pick<StockingOrderRow, 'id' | 'no' | 'type' | 'status' | 'totalAmount' | 'currency' | 'acceptBy'
  | 'shipBy' | 'sourceExceptionId' | 'createdAt' | 'updatedAt'> & { exceptionNo: string | null }) {
  return {
    id: o.id, no: o.no, type: o.type, status: o.status, amount: Number(o.totalAmount), currency: o.currency,
    acceptBy: o.acceptBy, shipBy: o.shipBy, sourceException: o.exceptionNo ? ref(o.sourceExceptionId, o.exceptionNo) : null,
    createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
}

async function penaltySnapshot(db: Executor, id: string) {
  const p = await penaltyRow.first(db, id);
  if (!p) return null;
  return {
    id: p.id, no: p.no, status: p.status, reason: p.reason, amount: Number(p.amount), currency: p.currency,
    stockingOrder: p.stockingOrderNo ? ref(p.stockingOrderId, p.stockingOrderNo) : null, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

async function compensationSnapshot(db: Executor, id: string) {
  const c = await compensationRow.first(db, id);
  if (!c) return null;
  return {
    id: c.id, no: c.no, status: c.status, amount: Number(c.amount), currency: c.currency, reference: c.reference,
    sourceException: c.exceptionNo ? ref(c.sourceExceptionId, c.exceptionNo) : null, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

const SNAPSHOTS: Record<EventDocumentType, (db: Executor, id: string) => Promise<Record<string, unknown> | null>> = {
  exception: exceptionSnapshot,
  returnOrder: returnOrderSnapshot,
  stockingOrder: stockingOrderSnapshot,
  penalty: penaltySnapshot,
  compensation: compensationSnapshot,
  merchant: merchantSnapshot,
  dispute: disputeSnapshot,
  fee: feeSnapshot,
};

/** A fee as its events carry it: service, plan, units and amounts, its exception by number; never the subtype. */
async function feeSnapshot(db: Executor, id: string) {
  const f = await db.selectFrom('fees as f').leftJoin('exceptions as e', 'e.id', 'f.exceptionId')
    .select(['f.id', 'f.no', 'f.status', 'f.service', 'f.plan', 'f.units', 'f.unitAmount', 'f.amount', 'f.currency', 'f.exceptionId',
      'e.no as exceptionNo', 'e.type', 'f.waivedAt', 'f.waiveReason', 'f.createdAt', 'f.updatedAt'])
    .where('f.id', '=', id).executeTakeFirst();
  if (!f) return null;
  return {
    id: f.id, no: f.no, status: f.status, service: f.service, type: f.type, plan: f.plan, units: Number(f.units),
    unitAmount: Number(f.unitAmount), amount: Number(f.amount), currency: f.currency, exception: ref(f.exceptionId, f.exceptionNo),
    waivedAt: f.waivedAt, waiveReason: f.waiveReason, createdAt: f.createdAt, updatedAt: f.updatedAt,
  };
}

/** A dispute as its events carry it: the dispute, and the disputed document by type, id and number. */
async function disputeSnapshot(db: Executor, id: string) {
  const d = await db.selectFrom('disputes').select(['id', 'no', 'status', 'documentType', 'documentId', 'documentNo', 'dueAt', 'decidedAt',
    'decisionReason', 'autoDecided', 'createdAt', 'updatedAt']).where('id', '=', id).executeTakeFirst();
  return d ? { ...d, autoDecided: Number(d.autoDecided) === 1 } : null;
}

/** A merchant as its own events carry it: id, and its name as the number. */
async function merchantSnapshot(db: Executor, id: string) {
  const m = await db.selectFrom('merchants').select(['id', 'name', 'createdAt']).where('id', '=', id).executeTakeFirst();
  return m ? { id: m.id, no: m.name, name: m.name, createdAt: m.createdAt } : null;
}

/** The document as the merchant may see it now (inside the emitting transaction), whitelisted. */
export async function documentSnapshot(
  db: Executor, documentType: EventDocumentType, id: string, known?: Record<string, unknown>,
): Promise<{ [k: string]: Json }> {
  const snap = known ?? await SNAPSHOTS[documentType](db, id);
  if (!snap) throw new Error(`emit: ${documentType} ${id} does not exist in this transaction`);
  return merchantSafe(snap) as { [k: string]: Json };
}
