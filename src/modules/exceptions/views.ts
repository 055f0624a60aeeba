/** What clients see of an exception; a merchant never sees the subtype (SPEC §2). */
import { allowedPlans, type OrderType, type Subtype } from '../../domain/catalog.js';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { ExceptionLineRow, ExceptionRow } from '../../db/types.js';
import type { Actor } from '../shared/context.js';
import { eventsOf, type EventView } from '../shared/events.js';
import { photosOf } from '../photos/service.js';
import { loadSettings } from '../settings/service.js';

// The reads of every list page and detail are compiled once (../../db/precompiled.ts).
const exceptionById = precompiled((db, id: string) => db.selectFrom('exceptions').selectAll().where('id', '=', id));
const linesOf = precompiled((db, ids: string[]) => db.selectFrom('exceptionLines').selectAll().where('exceptionId', 'in', ids).orderBy('id'));
/** Lines with their SKU's code and name, in one statement. */
const namedLinesOf = precompiled((db, ids: string[]) => db
  .selectFrom('exceptionLines')
  .leftJoin('skus', 'skus.id', 'exceptionLines.skuId')
  .select(['exceptionLines.exceptionId', 'exceptionLines.skuId', 'exceptionLines.qty', 'skus.code as skuCode', 'skus.name as skuName'])
  .where('exceptionLines.exceptionId', 'in', ids)
  .orderBy('exceptionLines.id'));

export const loadException = (db: Executor, id: string) => exceptionById.first(db, id);

export const exceptionLines = (db: Executor, ids: string[]): Promise<ExceptionLineRow[]> =>
  ids.length ? linesOf.all(db, ids) : Promise.resolve([]);

export const isInternal = (actor: Actor) => actor.role !== 'MERCHANT';

interface LineView { skuId: string; skuCode: string; skuName: string; qty: number }

function summary(e: ExceptionRow, actor: Actor, now: string, lines: LineView[]) {
  return {
    id: e.id, no: e.no, deliveryNoteId: e.deliveryNoteId, deliveryNoteNo: e.deliveryNoteNo, stockingOrderId: e.stockingOrderId,
    merchantId: e.merchantId, warehouseId: e.warehouseId, orderType: e.orderType, type: e.type,
    ...(isInternal(actor) ? { subtype: e.subtype } : {}),
    stage: e.stage, status: e.status, plan: e.plan, taskCategory: e.taskCategory, totalQty: e.totalQty, remark: e.remark,
    registeredBy: e.registeredBy, decidedBy: decidedByFor(e, actor), decidedAt: e.decidedAt, decisionDueAt: e.decisionDueAt,
    overdue: e.status === 'PENDING' && !!e.decisionDueAt && e.decisionDueAt < now,
    ...(isInternal(actor) ? { overdueFlaggedAt: e.overdueFlaggedAt, decidedByPolicyId: e.decidedByPolicyId } : {}),
    completedAt: e.completedAt, cancelledAt: e.cancelledAt, cancelReason: e.cancelReason,
    version: e.version, createdAt: e.createdAt, updatedAt: e.updatedAt,
    lines,
  };
}

/** List rows: the summary plus lines, loaded for the whole page at once. */
export async function exceptionSummaries(db: Executor, actor: Actor, rows: ExceptionRow[], now: string) {
  const byException = new Map<string, LineView[]>();
  for (const l of rows.length ? await namedLinesOf.all(db, rows.map((r) => r.id)) : []) {
    const line = { skuId: l.skuId, skuCode: l.skuCode ?? '', skuName: l.skuName ?? '', qty: l.qty };
    const lines = byException.get(l.exceptionId);
    if (lines) lines.push(line);
    else byException.set(l.exceptionId, [line]);
  }
  return rows.map((r) => summary(r, actor, now, byException.get(r.id) ?? []));
}

export async function exceptionView(db: Executor, actor: Actor, e: ExceptionRow, now = new Date().toISOString()) {
  const [row] = await exceptionSummaries(db, actor, [e], now);
  return {
    ...row,
    ...(isInternal(actor) && e.status === 'PENDING'
      ? { allowedPlans: allowedPlans(e.subtype as Subtype, e.orderType as OrderType, (await loadSettings(db)).orderTypeMatrix) }
      : {}),
    photos: await photosOf(db, e.id),
  };
}

const cols = ['id', 'no', 'status'] as const;
const documentQueries = {
  stockingOrders: precompiled((db, id: string) => db.selectFrom('stockingOrders').select([...cols, 'type']).where('sourceExceptionId', '=', id).orderBy('id')),
  deliveryNotes: precompiled((db, id: string) => db.selectFrom('deliveryNotes').select(cols).where('sourceExceptionId', '=', id).orderBy('id')),
  returnOrders: precompiled((db, id: string) => db.selectFrom('returnOrders').select([...cols, 'method', 'sealed']).where('sourceExceptionId', '=', id).orderBy('id')),
  compensations: precompiled((db, id: string) => db.selectFrom('compensations').select([...cols, 'amount', 'currency']).where('sourceExceptionId', '=', id).orderBy('id')),
  note: precompiled((db, id: string) => db.selectFrom('deliveryNotes').select(cols).where('id', '=', id)),
};

/** Every document the plan created, plus the original note. */
export async function documentsOf(db: Executor, e: ExceptionRow) {
  const q = documentQueries;
  const [stockingOrders, deliveryNotes, returnOrders, compensations, original] = await Promise.all([
    q.stockingOrders.all(db, e.id),
    q.deliveryNotes.all(db, e.id),
    q.returnOrders.all(db, e.id),
    q.compensations.all(db, e.id),
    q.note.first(db, e.deliveryNoteId),
  ]);
  return {
    deliveryNote: original ?? null,
    stockingOrders,
    deliveryNotes,
    returnOrders: returnOrders.map((r) => ({ ...r, sealed: r.sealed === 1 })),
    compensations,
  };
}

export async function exceptionDetail(db: Executor, actor: Actor, e: ExceptionRow, now: string) {
  return {
    ...(await exceptionView(db, actor, e, now)),
    documents: await documentsOf(db, e),
    events: isInternal(actor) ? await eventsOf(db, e.id) : (await eventsOf(db, e.id)).filter((ev) => !PLATFORM_ONLY_EVENTS.has(ev.action)).map(merchantEvent),
  };
}

/** The platform's own deadline and policy bookkeeping, not shown to the merchant. */
const PLATFORM_ONLY_EVENTS = new Set(['DECISION_OVERDUE', 'POLICY_FAILED']);

/**
 * Policy names are the platform's own words (they may name subtypes): a merchant reads "policy"
 * as the decider and no policy in the history.
 */
function decidedByFor(e: ExceptionRow, actor: Actor): string | null {
  return e.decidedByPolicyId && !isInternal(actor) ? 'policy' : e.decidedBy;
}

function merchantEvent(ev: EventView): EventView {
  if (!('policy' in ev.data) && !('decidedBy' in ev.data)) return ev;
  const { policy: _p, decidedBy: _d, ...data } = ev.data;
  return { ...ev, data: { ...data, decidedBy: 'policy' } };
}
