/**
 * Runs the auto-decision policies for one exception inside the caller's transaction: at
 * registration (called by registerException) or at the decision deadline (the decision-SLA job).
 * The decision is made by the system and recorded as "policy:<name>". A plan that cannot be
 * executed (e.g. units moved since) rolls back to a savepoint: the exception stays PENDING for ops
 * and the failure is recorded in its history; the caller's own work is kept.
 */
import { AppError } from '../../domain/errors.js';
import { choosePlan, type ApplyAt, type ExceptionFacts, type PolicyChoice } from '../../domain/policies.js';
import type { Executor, Tx } from '../../db/create-db.js';
import { withSavepoint } from '../../db/savepoint.js';
import type { ExceptionRow } from '../../db/types.js';
import { SYSTEM_ACTOR, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { noteLines } from '../delivery-notes/repository.js';
import { executeDecision } from '../exceptions/decision.js';
import { exceptionLines, loadException } from '../exceptions/repository.js';
import { loadSettings } from '../settings/service.js';
import { activeRules, coachingLevelOf, preferencesOf } from './repository.js';

/** What the policies look at: each exception line with the units the note declared of that SKU. */
export async function factsOf(db: Executor, exc: ExceptionRow): Promise<ExceptionFacts> {
  const [lines, onNote] = await Promise.all([exceptionLines(db, [exc.id]), noteLines(db, exc.deliveryNoteId)]);
  const declared = new Map(onNote.map((l) => [l.skuId, l.declared]));
  return {
    subtype: exc.subtype,
    orderType: exc.orderType,
    merchantId: exc.merchantId,
    lines: lines.map((l) => ({ qty: l.qty, declared: declared.get(l.skuId) ?? 0 })),
  };
}

/** Decides the exception by the first policy that can, if it is still pending; returns what was chosen. */
export async function applyPolicies(tx: Tx, ctx: Pick<Ctx, 'clock'>, exceptionId: string, applyAt: ApplyAt): Promise<PolicyChoice | null> {
  const rules = await activeRules(tx, applyAt);
  if (!rules.length) return null;
  const exc = await loadException(tx, exceptionId);
  if (!exc || exc.status !== 'PENDING') return null;
  const [facts, preferences, settings, coachingLevel] = await Promise.all([factsOf(tx, exc), preferencesOf(tx, exc.merchantId), loadSettings(tx),
    // read only when a policy looks at it: a registration without such a policy reads nothing more
    rules.some((r) => r.coachingLevels) ? coachingLevelOf(tx, exc.merchantId, exc.type) : undefined]);
  if (coachingLevel) facts.coachingLevel = coachingLevel;
  const choice = choosePlan(rules, facts, preferences, settings.orderTypeMatrix);
  if (!choice) return null;
  const system = { actor: SYSTEM_ACTOR, clock: ctx.clock };
  const policy = { id: choice.rule.id, name: choice.rule.name };
  try {
    await withSavepoint(tx, () => executeDecision(tx, system, exc, choice.plan, { ...policy, merchantPreference: choice.merchantPreference }));
    return choice;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    await recordEvent(tx, system, {
      documentType: 'exception', documentId: exc.id, action: 'POLICY_FAILED',
      data: { policy, plan: choice.plan, applyAt, code: e.code, detail: e.detail },
    });
    return null;
  }
}
