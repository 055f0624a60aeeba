/**
 * The core of deciding an exception, callable inside any transaction: by ops through
 * `decideException`, or by the policy engine at registration or at the decision deadline.
 * The caller has checked access and the version; this guards the status, writes the decision
 * as a conditional update, records the event and executes the plan.
 */
import { allowedPlans, type OrderTypeMatrix, type Plan } from '../../domain/catalog.js';
import { ruleViolation } from '../../domain/errors.js';
import { planOutcome } from '../../domain/plan-outcome.js';
import type { Executor, Tx } from '../../db/create-db.js';
import type { DeliveryNoteLineRow, ExceptionRow } from '../../db/types.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { transition } from '../shared/transition.js';
import { claimNote, lockNoteWithOrder } from '../delivery-notes/lifecycle.js';
import { noteLines } from '../delivery-notes/repository.js';
import { emit } from '../notifications/outbox.js';
import { exceptionSnapshotOf, linksFrom } from '../notifications/payloads.js';
import { loadSettings } from '../settings/service.js';
import { chargeFeesInTx } from '../fees/service.js';
import { executeOutcome, ledgerMovesOf } from './execute.js';
import { exceptionLines, namedLinesOf } from './repository.js';
import { documentsAndPhotosOf, lineViewOf, type Documents, type LineView } from './views.js';
import type { PhotoView } from '../photos/service.js';

/**
 * The plan's outcome for this exception: its lines and the note's declared quantities and prices
 * (`known`: both as the caller read them in this transaction, else read).
 */
export async function outcomeFor(db: Executor, exc: ExceptionRow, plan: Plan, known?: { lines: { skuId: string; qty: number }[]; noteLines: DeliveryNoteLineRow[] }) {
  const [lines, noteLineRows] = known ? [known.lines, known.noteLines]
    : await Promise.all([exceptionLines(db, [exc.id]), noteLines(db, exc.deliveryNoteId)]);
  return planOutcome({
    subtype: exc.subtype, plan,
    lines: lines.map((l) => ({ skuId: l.skuId, qty: l.qty })),
    noteLines: noteLineRows.map((l) => ({ skuId: l.skuId, declared: l.declared, unitPrice: l.unitPrice })),
  });
}

/** The plan must be one of the subtype's and allowed for the order type by the configured matrix. */
export function assertPlanAllowed(exc: ExceptionRow, plan: Plan, matrix: OrderTypeMatrix): void {
  const allowed = allowedPlans(exc.subtype, exc.orderType, matrix);
  if (!allowed.includes(plan)) {
    throw ruleViolation('PLAN_NOT_ALLOWED', `Plan ${plan} is not allowed for this exception; allowed: ${allowed.join(', ')}`, 'plan');
  }
}

export interface DecidedByPolicy {
  id: string;
  name: string;
  /** The plan is the merchant's standing instruction, which the policy honoured. */
  merchantPreference: boolean;
}

export const policyDecider = (name: string) => `policy:${name}`;

/** A decision made: the exception as decided, and what the transaction read on the way (for the answer). */
export interface Decision {
  row: ExceptionRow;
  documents: Documents;
  photos: PhotoView[];
  lines: LineView[];
}

/**
 * Decides `exc` (locked by this transaction, or inserted by it) for `plan`, executes the plan and
 * answers the exception as decided.
 * Throws 409 when the exception is no longer pending or someone changed it since it was read, 422
 * when the plan is not allowed. Locks: the exception (rank 2), then its note (rank 3), then what the
 * plan touches (../shared/locks.ts).
 */
export async function executeDecision(
  tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, exc: ExceptionRow, plan: Plan, policy?: DecidedByPolicy,
): Promise<Decision> {
  assertPlanAllowed(exc, plan, (await loadSettings(tx)).orderTypeMatrix);
  // the note before anything is decided from its lines (rank 3, after the exception's rank 2): the plan and
  // its ledger moves use the lines as read under its lock, so a receipt cannot slip in between
  const held = (await lockNoteWithOrder(tx, exc.deliveryNoteId))!;
  const lines = await namedLinesOf.all(tx, [exc.id]);
  const noteLineRows = await noteLines(tx, held.note.id);
  const out = await outcomeFor(tx, exc, plan, { lines, noteLines: noteLineRows });
  // the plan's ledger moves go in the same round trip as the note's claim
  const moved = ledgerMovesOf(tx, out, noteLineRows);
  const note = await claimNote(tx, ctx, held.note, moved.writes);
  const status = out.returnOrder || out.replenishment ? 'PROCESSING' : 'COMPLETED';
  const at = nowIso(ctx);
  const decidedBy = policy ? policyDecider(policy.name) : ctx.actor.username;
  const decided = await transition(tx, ctx, 'exception', exc, status, {
    set: { plan, taskCategory: out.taskCategory, decidedBy, decidedAt: at, decidedByPolicyId: policy?.id ?? null, completedAt: status === 'COMPLETED' ? at : null },
    action: 'DECIDED',
    data: {
      plan, taskCategory: out.taskCategory,
      ...(policy ? { decidedBy, policy: { id: policy.id, name: policy.name }, merchantPreference: policy.merchantPreference } : {}),
    },
    // a plan that leaves the merchant nothing to do completes the exception at once
    alsoRecord: status === 'COMPLETED' ? [{ action: 'COMPLETED', from: 'PENDING', to: 'COMPLETED', data: { reason: 'The plan leaves the merchant nothing to do' } }] : [],
  });
  await executeOutcome(tx, ctx, { ...exc, status }, note, out, moved.lines, held.order);
  // the plan's fees, priced as the preview prices them (../fees/service.ts)
  await chargeFeesInTx(tx, ctx, exc, plan);
  // announced once the plan's documents exist: the payload links them (read once, for the answer too)
  const { documents, photos } = await documentsAndPhotosOf(tx, exc);
  const snapshot = exceptionSnapshotOf(decided, held.order.no, linksFrom(documents));
  await emit(tx, ctx, { type: 'exception.decided', merchantId: exc.merchantId, documentType: 'exception', documentId: exc.id, snapshot });
  if (status === 'COMPLETED') await emit(tx, ctx, { type: 'exception.completed', merchantId: exc.merchantId, documentType: 'exception', documentId: exc.id, snapshot });
  return { row: decided, documents, photos, lines: lines.map(lineViewOf) };
}
