/**
 * What an event tells the merchant about its document: a snapshot read from named columns only,
 * then passed through a whitelist of keys. The exception subtype is internal (SPEC §2): it is never
 * selected here, and a key not on the whitelist (`subtype` included) never leaves this module.
 */
import type { Executor } from '../../db/create-db.js';

export const DOCUMENT_TYPES = ['exception', 'returnOrder', 'stockingOrder', 'penalty', 'compensation'] as const;
export type EventDocumentType = (typeof DOCUMENT_TYPES)[number];

/** Every key a merchant-facing payload may carry, at any depth. */
const ALLOWED_KEYS = new Set([
  'id', 'no', 'type', 'status', 'plan', 'taskCategory', 'links', 'method', 'reason', 'amount', 'currency',
  'reference', 'totalQty', 'sealed', 'deliveryNote', 'stockingOrder', 'sourceException', 'stockingOrders',
  'deliveryNotes', 'returnOrders', 'compensations', 'methodDueAt', 'acceptBy', 'shipBy', 'decidedAt',
  'completedAt', 'createdAt', 'updatedAt', 'cancelReason', 'overdue', 'decisionDueAt',
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

async function numberOf(db: Executor, table: 'exceptions' | 'deliveryNotes' | 'stockingOrders', id: string | null) {
  if (!id) return null;
  const row = await db.selectFrom(table as 'exceptions').select(['id', 'no']).where('id', '=', id).executeTakeFirst();
  return row ? ref(row.id, row.no) : null;
}

async function exceptionSnapshot(db: Executor, id: string) {
  const e = await db.selectFrom('exceptions')
    .select(['id', 'no', 'type', 'status', 'plan', 'taskCategory', 'deliveryNoteId', 'deliveryNoteNo', 'stockingOrderId',
      'totalQty', 'decidedAt', 'completedAt', 'cancelReason', 'decisionDueAt', 'createdAt', 'updatedAt'])
    .where('id', '=', id).executeTakeFirst();
  if (!e) return null;
  const cols = ['id', 'no', 'status'] as const;
  const [stockingOrders, deliveryNotes, returnOrders, compensations] = await Promise.all([
    db.selectFrom('stockingOrders').select(cols).where('sourceExceptionId', '=', id).orderBy('id').execute(),
    db.selectFrom('deliveryNotes').select(cols).where('sourceExceptionId', '=', id).orderBy('id').execute(),
    db.selectFrom('returnOrders').select(cols).where('sourceExceptionId', '=', id).orderBy('id').execute(),
    db.selectFrom('compensations').select(cols).where('sourceExceptionId', '=', id).orderBy('id').execute(),
  ]);
  return {
    id: e.id, no: e.no, type: e.type, status: e.status, plan: e.plan, taskCategory: e.taskCategory, totalQty: Number(e.totalQty),
    deliveryNote: ref(e.deliveryNoteId, e.deliveryNoteNo), stockingOrder: await numberOf(db, 'stockingOrders', e.stockingOrderId),
    decisionDueAt: e.decisionDueAt, decidedAt: e.decidedAt, completedAt: e.completedAt, cancelReason: e.cancelReason,
    createdAt: e.createdAt, updatedAt: e.updatedAt,
    links: { stockingOrders, deliveryNotes, returnOrders, compensations },
  };
}

async function returnOrderSnapshot(db: Executor, id: string) {
  const r = await db.selectFrom('returnOrders')
    .select(['id', 'no', 'status', 'method', 'sealed', 'methodDueAt', 'sourceExceptionId', 'deliveryNoteId', 'createdAt', 'updatedAt'])
    .where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  const lines = await db.selectFrom('returnOrderLines').select('qty').where('returnOrderId', '=', id).execute();
  return {
    id: r.id, no: r.no, status: r.status, method: r.method, sealed: Number(r.sealed) === 1, methodDueAt: r.methodDueAt,
    totalQty: lines.reduce((n, l) => n + Number(l.qty), 0),
    sourceException: await numberOf(db, 'exceptions', r.sourceExceptionId),
    deliveryNote: await numberOf(db, 'deliveryNotes', r.deliveryNoteId),
    createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

async function stockingOrderSnapshot(db: Executor, id: string) {
  const o = await db.selectFrom('stockingOrders')
    .select(['id', 'no', 'type', 'status', 'totalAmount', 'currency', 'acceptBy', 'shipBy', 'sourceExceptionId', 'createdAt', 'updatedAt'])
    .where('id', '=', id).executeTakeFirst();
  if (!o) return null;
  return {
    id: o.id, no: o.no, type: o.type, status: o.status, amount: Number(o.totalAmount), currency: o.currency,
    acceptBy: o.acceptBy, shipBy: o.shipBy, sourceException: await numberOf(db, 'exceptions', o.sourceExceptionId),
    createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
}

async function penaltySnapshot(db: Executor, id: string) {
  const p = await db.selectFrom('penalties')
    .select(['id', 'no', 'status', 'reason', 'amount', 'currency', 'stockingOrderId', 'createdAt', 'updatedAt'])
    .where('id', '=', id).executeTakeFirst();
  if (!p) return null;
  return {
    id: p.id, no: p.no, status: p.status, reason: p.reason, amount: Number(p.amount), currency: p.currency,
    stockingOrder: await numberOf(db, 'stockingOrders', p.stockingOrderId), createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

async function compensationSnapshot(db: Executor, id: string) {
  const c = await db.selectFrom('compensations')
    .select(['id', 'no', 'status', 'amount', 'currency', 'reference', 'sourceExceptionId', 'createdAt', 'updatedAt'])
    .where('id', '=', id).executeTakeFirst();
  if (!c) return null;
  return {
    id: c.id, no: c.no, status: c.status, amount: Number(c.amount), currency: c.currency, reference: c.reference,
    sourceException: await numberOf(db, 'exceptions', c.sourceExceptionId), createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

const SNAPSHOTS: Record<EventDocumentType, (db: Executor, id: string) => Promise<Record<string, unknown> | null>> = {
  exception: exceptionSnapshot,
  returnOrder: returnOrderSnapshot,
  stockingOrder: stockingOrderSnapshot,
  penalty: penaltySnapshot,
  compensation: compensationSnapshot,
};

/** The document as the merchant may see it now (inside the emitting transaction), whitelisted. */
export async function documentSnapshot(db: Executor, documentType: EventDocumentType, id: string): Promise<{ [k: string]: Json }> {
  const snap = await SNAPSHOTS[documentType](db, id);
  if (!snap) throw new Error(`emit: ${documentType} ${id} does not exist in this transaction`);
  return merchantSafe(snap) as { [k: string]: Json };
}
