/** Exceptions (异常单): decide a plan (one transaction), preview it, cancel, and read. */
import { EFFECT_LABELS, PLAN_LABELS, subtypeDef, type Plan } from '../../domain/catalog.js';
import { conflict, ruleViolation } from '../../domain/errors.js';
import { containsText } from '../../db/like.js';
import { releaseToProcess, unbookShort, withdrawArrival, type Ledger } from '../../domain/ledger.js';
import { requireRole, visibleOr404, whereScoped } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { assertVersion } from '../shared/guards.js';
import { paginate, paginateByTime, type PageQuery } from '../shared/pagination.js';
import { lockDocument, transition } from '../shared/transition.js';
import { claimNote, lockNote, settleNoteIfDone } from '../delivery-notes/lifecycle.js';
import { ensureLine, ledgerOf, saveLedger, setBoxStatus } from '../delivery-notes/repository.js';
import { loadSettings } from '../settings/service.js';
import { feeLineView, quoteFees } from '../fees/service.js';
import { assertPlanAllowed, executeDecision, outcomeFor } from './decision.js';
import { exceptionLines, loadException } from './repository.js';
import { exceptionDetail, exceptionSummaries } from './views.js';
import { countsInScope } from './counts.js';

/** The effects a plan would have, computed, nothing written. */
export async function previewPlan(ctx: Ctx, id: string, plan: Plan) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  const exc = visibleOr404(ctx.actor, await loadException(ctx.db, id), 'Exception');
  assertPlanAllowed(exc, plan, (await loadSettings(ctx.db)).orderTypeMatrix);
  const out = await outcomeFor(ctx.db, exc, plan);
  const fees = await quoteFees(ctx.db, exc, plan);
  return {
    plan, label: PLAN_LABELS[plan], taskCategory: out.taskCategory,
    effects: out.effects.map((e) => ({ ...e, label: EFFECT_LABELS[e.kind] })),
    deliveryNote: { id: exc.deliveryNoteId, no: exc.deliveryNoteNo, becomes: out.note === 'VOID' ? 'VOIDED' : out.note === 'RETURN' ? 'RETURNED' : out.note === 'REINSTATE' ? 'ARRIVED' : 'UNCHANGED' },
    ...(out.returnOrder ? { returnOrder: out.returnOrder } : {}),
    ...(out.replenishment ? { replenishmentOrder: { type: exc.orderType, lines: out.replenishment } } : {}),
    ...(out.compensation ? { compensation: out.compensation } : {}),
    ...(out.newNote ? { newDeliveryNote: { lines: out.newNote } } : {}),
    ...(out.newOrderAndNote ? { newStockingOrderAndNote: { lines: out.newOrderAndNote } } : {}),
    ledgerMoves: out.ledgerMoves,
    // what the decision will charge (../fees/service.ts); NO_PHOTO: rules matched, no photo, nothing charged
    fees: fees.fees.map(feeLineView), feesSkipped: fees.skipped,
  };
}

/** 决定处理方案: runs the plan in one transaction; a stale version or a second decision answers 409. */
export async function decideException(ctx: Ctx, id: string, input: { plan: Plan; version: number }) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  return command(ctx, async (tx) => {
    const exc = visibleOr404(ctx.actor, await lockDocument(tx, 'exception', id), 'Exception');
    if (exc.status !== 'PENDING') throw conflict('EXCEPTION_ALREADY_DECIDED', `Exception ${exc.no} is ${exc.status}; only a pending exception can be decided`);
    assertVersion('Exception', exc.version, input.version);
    const decision = await executeDecision(tx, ctx, exc, input.plan);
    return exceptionDetail(tx, ctx.actor, decision.row, nowIso(ctx), { documents: decision.documents, photos: decision.photos, lines: decision.lines });
  });
}

const UNDO_HOLD: Partial<Record<string, (l: Ledger, qty: number) => Ledger>> = {
  HOLD: releaseToProcess,
  HOLD_ARRIVAL: withdrawArrival,
  SHORT: unbookShort,
};

/** Registered in error: only while pending; every unit it held goes back where it was. */
export async function cancelException(ctx: Ctx, id: string, input: { reason: string; version?: number }) {
  requireRole(ctx.actor, 'WAREHOUSE', 'OPS', 'ADMIN');
  return command(ctx, async (tx) => {
    const exc = visibleOr404(ctx.actor, await lockDocument(tx, 'exception', id), 'Exception');
    if (exc.status !== 'PENDING') throw conflict('ILLEGAL_TRANSITION', `Exception ${exc.no} is ${exc.status}; only a pending exception can be cancelled`);
    assertVersion('Exception', exc.version, input.version);
    const at = nowIso(ctx);
    const cancelled = await transition(tx, ctx, 'exception', exc, 'CANCELLED', {
      set: { cancelledAt: at, cancelReason: input.reason }, action: 'CANCELLED', data: { reason: input.reason },
      notify: [{ type: 'exception.cancelled' }],
    });
    const note = await claimNote(tx, ctx, (await lockNote(tx, exc.deliveryNoteId))!);
    const def = subtypeDef(exc.subtype)!;
    const undo = UNDO_HOLD[def.hold];
    if (undo) {
      for (const l of await exceptionLines(tx, [id])) {
        const line = await ensureLine(tx, note.id, l.skuId);
        await saveLedger(tx, line, undo(ledgerOf(line), l.qty));
      }
    } else if (!def.stages.includes('TRANSIT')) {
      await setBoxStatus(tx, note.id, note.status === 'IN_TRANSIT' ? 'IN_TRANSIT' : 'AT_DOCK', ['HELD']);
    }
    await settleNoteIfDone(tx, ctx, note);
    return exceptionDetail(tx, ctx.actor, cancelled, at);
  });
}

export interface ExceptionFilters extends PageQuery {
  status?: string[];
  type?: string[];
  subtype?: string[];
  plan?: string[];
  taskCategory?: string[];
  merchantId?: string;
  warehouseId?: string;
  deliveryNoteNo?: string;
  deliveryNoteId?: string;
  from?: string;
  to?: string;
  decidedFrom?: string;
  decidedTo?: string;
  completedFrom?: string;
  completedTo?: string;
  overdue?: boolean;
}

export async function listExceptions(ctx: Ctx, f: ExceptionFilters) {
  // the route refuses the parameter before validation (../../http/pre-validation.ts); this guards direct callers
  if (ctx.actor.role === 'MERCHANT' && f.subtype !== undefined) {
    throw ruleViolation('FILTER_NOT_ALLOWED', 'Unknown filter', 'subtype');
  }
  const now = nowIso(ctx);
  const { merchantId, warehouseId, status, type, subtype, plan, taskCategory, deliveryNoteId } = f;
  let q = whereScoped(ctx.db.selectFrom('exceptions').selectAll(), ctx.actor, {
    merchantId, warehouseId, status, type, subtype, plan, taskCategory, deliveryNoteId,
  });
  if (f.deliveryNoteNo) q = q.where(containsText('deliveryNoteNo', f.deliveryNoteNo.toUpperCase()));
  if (f.from) q = q.where('createdAt', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('createdAt', '<', new Date(f.to).toISOString());
  if (f.decidedFrom) q = q.where('decidedAt', '>=', new Date(f.decidedFrom).toISOString());
  if (f.decidedTo) q = q.where('decidedAt', '<', new Date(f.decidedTo).toISOString());
  if (f.completedFrom) q = q.where('completedAt', '>=', new Date(f.completedFrom).toISOString());
  if (f.completedTo) q = q.where('completedAt', '<', new Date(f.completedTo).toISOString());
  if (f.overdue) q = q.where('status', '=', 'PENDING').where('decisionDueAt', '<', now);
  // a creation-date range pages by time (the time index), every other list by id
  const page = f.from || f.to ? await paginateByTime(q, f) : await paginate(q, 'id', f);
  return { items: await exceptionSummaries(ctx.db, ctx.actor, page.items, now), nextCursor: page.nextCursor };
}

/** Counts per status for the queue header (within the caller's scope; every status, 0 when none), from the counters. */
export async function countExceptions(ctx: Ctx) {
  return countsInScope(ctx.db, ctx.actor);
}

export async function getException(ctx: Ctx, id: string) {
  const exc = visibleOr404(ctx.actor, await loadException(ctx.db, id), 'Exception');
  return exceptionDetail(ctx.db, ctx.actor, exc, nowIso(ctx));
}
