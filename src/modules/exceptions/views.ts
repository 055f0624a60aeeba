/** What clients see of an exception; a merchant never sees the subtype (SPEC §2). */
import { allowedPlans, type OrderType, type Subtype } from '../../domain/catalog.js';
import type { Executor } from '../../db/create-db.js';
import type { ExceptionLineRow, ExceptionRow } from '../../db/types.js';
import type { Actor } from '../shared/context.js';
import { eventsOf, type EventView } from '../shared/events.js';
import { skuNames } from '../shared/skus.js';
import { photosOf } from '../photos/service.js';
import { loadSettings } from '../settings/service.js';

export const loadException = (db: Executor, id: string) =>
  db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirst();

export const exceptionLines = (db: Executor, ids: string[]): Promise<ExceptionLineRow[]> =>
  ids.length ? db.selectFrom('exceptionLines').selectAll().where('exceptionId', 'in', ids).orderBy('id').execute() : Promise.resolve([]);

export const isInternal = (actor: Actor) => actor.role !== 'MERCHANT';

function summary(e: ExceptionRow, actor: Actor, now: string) {
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
  };
}

/** List rows: the summary plus lines, loaded for the whole page at once. */
export async function exceptionSummaries(db: Executor, actor: Actor, rows: ExceptionRow[], now: string) {
  const lines = await exceptionLines(db, rows.map((r) => r.id));
  const names = await skuNames(db, lines.map((l) => l.skuId));
  return rows.map((r) => ({
    ...summary(r, actor, now),
    lines: lines.filter((l) => l.exceptionId === r.id).map((l) => ({ skuId: l.skuId, skuCode: names.get(l.skuId)?.code ?? '', skuName: names.get(l.skuId)?.name ?? '', qty: l.qty })),
  }));
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

/** Every document the plan created, plus the original note. */
export async function documentsOf(db: Executor, e: ExceptionRow) {
  const cols = ['id', 'no', 'status'] as const;
  const [stockingOrders, deliveryNotes, returnOrders, compensations, original] = await Promise.all([
    db.selectFrom('stockingOrders').select([...cols, 'type']).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('deliveryNotes').select(cols).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('returnOrders').select([...cols, 'method', 'sealed']).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('compensations').select([...cols, 'amount', 'currency']).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('deliveryNotes').select(cols).where('id', '=', e.deliveryNoteId).executeTakeFirst(),
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
