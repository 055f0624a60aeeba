/**
 * The core of deciding an exception, callable inside any transaction: by ops through
 * `decideException`, or by the policy engine at registration or at the decision deadline.
 * The caller has checked access and the version; this guards the status, writes the decision
 * as a conditional update, records the event and executes the plan.
 */
import { allowedPlans, type OrderType, type OrderTypeMatrix, type Plan, type Subtype } from '../../domain/catalog.js';
import { ruleViolation } from '../../domain/errors.js';
import { planOutcome } from '../../domain/plan-outcome.js';
import type { Executor, Tx } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { ExceptionRow } from '../../db/types.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { assertUpdated } from '../shared/guards.js';
import { claimNote, loadNote, noteLines } from '../delivery-notes/repository.js';
import { loadSettings } from '../settings/service.js';
import { executeOutcome } from './execute.js';
import { exceptionLines } from './views.js';
import { bumpExceptionCount } from './counts.js';
import { emit } from '../notifications/outbox.js';

// every decide writes it: compiled once (../../db/precompiled.ts)
const decidePending = precompiled((db, set: Partial<ExceptionRow>, id: string, version: number) =>
  db.updateTable('exceptions').set(set).where('id', '=', id).where('version', '=', version).where('status', '=', 'PENDING'));

/** The plan's outcome for this exception: its lines and the note's declared quantities and prices. */
export async function outcomeFor(db: Executor, exc: ExceptionRow, plan: Plan) {
  const [lines, noteLineRows] = await Promise.all([exceptionLines(db, [exc.id]), noteLines(db, exc.deliveryNoteId)]);
  return planOutcome({
    subtype: exc.subtype as Subtype, plan,
    lines: lines.map((l) => ({ skuId: l.skuId, qty: l.qty })),
    noteLines: noteLineRows.map((l) => ({ skuId: l.skuId, declared: l.declared, unitPrice: l.unitPrice })),
  });
}

/** The plan must be one of the subtype's and allowed for the order type by the configured matrix. */
export function assertPlanAllowed(exc: ExceptionRow, plan: Plan, matrix: OrderTypeMatrix): void {
  const allowed = allowedPlans(exc.subtype as Subtype, exc.orderType as OrderType, matrix);
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

/**
 * Decides `exc` (read in this transaction) for `plan` and executes the plan. Throws 409 when the
 * exception is no longer pending or someone changed it since it was read, 422 when the plan is not allowed.
 */
export async function executeDecision(
  tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, exc: ExceptionRow, plan: Plan, policy?: DecidedByPolicy,
): Promise<void> {
  assertPlanAllowed(exc, plan, (await loadSettings(tx)).orderTypeMatrix);
  const out = await outcomeFor(tx, exc, plan);
  const status = out.returnOrder || out.replenishment ? 'PROCESSING' : 'COMPLETED';
  const at = nowIso(ctx);
  const decidedBy = policy ? policyDecider(policy.name) : ctx.actor.username;
  const res = await decidePending.run(tx, {
    status, plan, taskCategory: out.taskCategory, decidedBy, decidedAt: at, decidedByPolicyId: policy?.id ?? null,
    completedAt: status === 'COMPLETED' ? at : null, updatedAt: at, version: exc.version + 1,
  }, exc.id, exc.version);
  assertUpdated(res, 'Exception');
  const note = await claimNote(tx, ctx, (await loadNote(tx, exc.deliveryNoteId))!);
  // the ledger moves from the lines as of the claim: read before it, a concurrent receipt committed in
  // between would be overwritten (PostgreSQL; the outcome above needs only declared quantities and prices)
  const lines = await noteLines(tx, note.id);
  await bumpExceptionCount(tx, exc, 'PENDING', status); // after the note's lock: registration takes the two in this order too
  await recordEvent(tx, ctx, {
    documentType: 'exception', documentId: exc.id, action: 'DECIDED', from: 'PENDING', to: 'PROCESSING',
    data: {
      plan, taskCategory: out.taskCategory,
      ...(policy ? { decidedBy, policy: { id: policy.id, name: policy.name }, merchantPreference: policy.merchantPreference } : {}),
    },
  });
  await executeOutcome(tx, ctx, { ...exc, status }, note, out, lines);
  await emit(tx, ctx, { type: 'exception.decided', merchantId: exc.merchantId, documentType: 'exception', documentId: exc.id });
  if (status === 'COMPLETED') {
    await recordEvent(tx, ctx, { documentType: 'exception', documentId: exc.id, action: 'COMPLETED', from: 'PROCESSING', to: 'COMPLETED', data: { reason: 'The plan leaves the merchant nothing to do' } });
    await emit(tx, ctx, { type: 'exception.completed', merchantId: exc.merchantId, documentType: 'exception', documentId: exc.id });
  }
}
