/** What clients see of an exception; a merchant never sees the subtype (SPEC §2). */
import { allowedPlans } from '../../domain/catalog.js';
import type { Executor } from '../../db/create-db.js';
import type { ExceptionRow } from '../../db/types.js';
import type { Actor } from '../shared/context.js';
import { eventsOf, type EventView } from '../shared/events.js';
import { photosOf, photoView, type PhotoView } from '../photos/service.js';
import { loadSettings } from '../settings/service.js';
import { CP, DN, documentRows, namedLinesOf, PHOTO, RO, SO } from './repository.js';

export const isInternal = (actor: Actor) => actor.role !== 'MERCHANT';

export interface LineView { skuId: string; skuCode: string; skuName: string; qty: number }

/** A line as `namedLinesOf` reads it, as clients see it. */
export const lineViewOf = (l: { skuId: string; skuCode: string | null; skuName: string | null; qty: number }): LineView =>
  ({ skuId: l.skuId, skuCode: l.skuCode ?? '', skuName: l.skuName ?? '', qty: l.qty });

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
    const line = lineViewOf(l);
    const lines = byException.get(l.exceptionId);
    if (lines) lines.push(line);
    else byException.set(l.exceptionId, [line]);
  }
  return rows.map((r) => summary(r, actor, now, byException.get(r.id) ?? []));
}

/**
 * `photos`, `lines`: the exception's photos and named lines when the caller knows them (a registration:
 * no photos, the lines with the SKUs it checked), else read.
 */
export async function exceptionView(db: Executor, actor: Actor, e: ExceptionRow, now: string, photos?: PhotoView[], lines?: LineView[]) {
  const [row] = lines ? [summary(e, actor, now, lines)] : await exceptionSummaries(db, actor, [e], now);
  return {
    ...row,
    ...(isInternal(actor) && e.status === 'PENDING'
      ? { allowedPlans: allowedPlans(e.subtype, e.orderType, (await loadSettings(db)).orderTypeMatrix) }
      : {}),
    photos: photos ?? await photosOf(db, e.id),
  };
}

/** Every document the plan created, plus the original note. */
export async function documentsOf(db: Executor, e: Pick<ExceptionRow, 'id' | 'deliveryNoteId'>) {
  return (await documentsAndPhotosOf(db, e)).documents;
}

/** The same, and the exception's photos, in one read. */
export async function documentsAndPhotosOf(db: Executor, e: Pick<ExceptionRow, 'id' | 'deliveryNoteId'>) {
  type Doc = { id: string; no: string; status: string };
  const docs = {
    deliveryNote: null as Doc | null,
    stockingOrders: [] as (Doc & { type: string })[],
    deliveryNotes: [] as Doc[],
    returnOrders: [] as (Doc & { method: string | null; sealed: boolean })[],
    compensations: [] as (Doc & { amount: number; currency: string })[],
  };
  const photos: PhotoView[] = [];
  for (const r of await documentRows.all(db, e.id, e.deliveryNoteId)) {
    const { id, no, status } = r;
    if (r.kind === SO) docs.stockingOrders.push({ id, no, status, type: r.type });
    else if (r.kind === DN) docs.deliveryNotes.push({ id, no, status });
    else if (r.kind === RO) docs.returnOrders.push({ id, no, status, method: r.method, sealed: r.sealed === 1 });
    else if (r.kind === CP) docs.compensations.push({ id, no, status, amount: r.amount, currency: r.currency });
    else if (r.kind === PHOTO) photos.push(photoView(id, r.type));
    else docs.deliveryNote = { id, no, status };
  }
  return { documents: docs, photos };
}

export type Documents = Awaited<ReturnType<typeof documentsOf>>;

/** `known`: what the caller has read in this transaction (a decide: the plan's documents and photos, the named lines). */
export async function exceptionDetail(
  db: Executor, actor: Actor, e: ExceptionRow, now: string, known: { documents?: Documents; photos?: PhotoView[]; lines?: LineView[] } = {},
) {
  const { documents, photos } = known.documents && known.photos ? { documents: known.documents, photos: known.photos } : await documentsAndPhotosOf(db, e);
  return {
    ...(await exceptionView(db, actor, e, now, photos, known.lines)),
    documents,
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
