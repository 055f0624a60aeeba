/**
 * Auto-decision policies (SPEC §6) and merchant standing instructions, as pure rules.
 *
 * A policy matches an exception on subtype, order type, merchant and quantity thresholds and then
 * chooses a plan: the merchant's stated preference when the policy honours it and the plan is
 * allowed, else its own plan. Policies are tried in order; the first that can act decides.
 */
import {
  allowedPlans, EXCEPTION_TYPES, PLAN_LABELS, SUBTYPES, TYPE_LABELS,
  type ExceptionType, type Labels, type OrderType, type OrderTypeMatrix, type Plan, type Subtype,
} from './catalog.js';
import type { CoachingLevel } from './performance/coaching.js';

export const APPLY_AT = ['REGISTRATION', 'DEADLINE'] as const;
export type ApplyAt = (typeof APPLY_AT)[number];

export interface PolicyRule {
  id: string;
  name: string;
  enabled: boolean;
  applyAt: ApplyAt;
  subtypes: readonly Subtype[];
  /** null: any order type. */
  orderTypes: readonly OrderType[] | null;
  /** null: any merchant. */
  merchantIds: readonly string[] | null;
  /** Bounds on the exception's total quantity, inclusive; null: unbounded. */
  minQty: number | null;
  maxQty: number | null;
  /** Bounds on the exception's share of the note, in basis points (1 % = 100), inclusive. */
  minPercentBp: number | null;
  maxPercentBp: number | null;
  /** null only when the policy acts on the merchant's preference alone. */
  plan: Plan | null;
  honourMerchantPreference: boolean;
  /** The merchant's coaching level for the exception's type must be one of these; null or absent: any. */
  coachingLevels?: readonly CoachingLevel[] | null;
}

/** What a policy looks at: one line per SKU, with the units the note declared for it. */
export interface ExceptionFacts {
  subtype: Subtype;
  orderType: OrderType;
  merchantId: string;
  lines: readonly { qty: number; declared: number }[];
  /** The merchant's coaching level for the exception's type (docs/performance.md); absent: STANDARD. */
  coachingLevel?: CoachingLevel;
}

export const totalQty = (f: ExceptionFacts) => f.lines.reduce((s, l) => s + l.qty, 0);

/**
 * The exception's share of the note: the largest share of any one line (qty ÷ declared), in basis
 * points. A SKU the note never declared (wrong goods) is an unbounded share.
 */
export function shareBp(f: ExceptionFacts): number {
  let worst = 0;
  for (const l of f.lines) {
    if (l.declared <= 0) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, (l.qty * 10_000) / l.declared);
  }
  return worst;
}

/** Whether every condition of the rule holds; thresholds compare in integers (qty × 10 000 vs bp × declared). */
export function matches(rule: PolicyRule, f: ExceptionFacts): boolean {
  if (!rule.enabled) return false;
  if (!rule.subtypes.includes(f.subtype)) return false;
  if (rule.orderTypes && !rule.orderTypes.includes(f.orderType)) return false;
  if (rule.merchantIds && !rule.merchantIds.includes(f.merchantId)) return false;
  if (rule.coachingLevels && !rule.coachingLevels.includes(f.coachingLevel ?? 'STANDARD')) return false;
  const qty = totalQty(f);
  if (rule.minQty !== null && qty < rule.minQty) return false;
  if (rule.maxQty !== null && qty > rule.maxQty) return false;
  if (rule.maxPercentBp !== null && !f.lines.every((l) => l.declared > 0 && l.qty * 10_000 <= rule.maxPercentBp! * l.declared)) return false;
  if (rule.minPercentBp !== null && !f.lines.some((l) => l.declared <= 0 || l.qty * 10_000 >= rule.minPercentBp! * l.declared)) return false;
  return true;
}

export interface PolicyChoice {
  rule: PolicyRule;
  plan: Plan;
  /** Whether the plan is the merchant's stated preference. */
  merchantPreference: boolean;
}

/**
 * The first rule, in order, that matches and can choose a plan allowed for this exception
 * (subtype and order-type matrix); null when none can.
 */
export function choosePlan(
  rules: readonly PolicyRule[],
  f: ExceptionFacts,
  preferences: ReadonlyMap<string, Plan>,
  matrix?: OrderTypeMatrix,
): PolicyChoice | null {
  const allowed = allowedPlans(f.subtype, f.orderType, matrix);
  const preferred = preferences.get(choiceOf(f.subtype));
  for (const rule of rules) {
    if (!matches(rule, f)) continue;
    if (rule.honourMerchantPreference && preferred && allowed.includes(preferred)) return { rule, plan: preferred, merchantPreference: true };
    if (rule.plan && allowed.includes(rule.plan)) return { rule, plan: rule.plan, merchantPreference: false };
  }
  return null;
}

/** Subtypes whose catalog plans do not include `plan` (a policy naming them is refused at save time). */
export function subtypesWithoutPlan(subtypes: readonly Subtype[], plan: Plan): Subtype[] {
  return subtypes.filter((s) => !SUBTYPES.find((d) => d.code === s)?.plans.includes(plan as never));
}

// ---------------------------------------------------------------- standing instructions

/**
 * A choice the merchant is offered, named without subtypes (SPEC §2): the exception type and the
 * pair of plans it chooses between, e.g. `GOODS:AUTO_ORDER_RECEIVE|PROBLEM_GOODS_RETURN`
 * (surplus or wrong goods: create an order, or send them back).
 */
export interface StandingChoice {
  code: string;
  type: ExceptionType;
  typeLabel: Labels;
  plans: { code: Plan; label: Labels }[];
}

const choiceCode = (type: string, plans: readonly Plan[]) => `${type}:${plans.join('|')}`;

export function choiceOf(subtype: Subtype): string {
  const def = SUBTYPES.find((s) => s.code === subtype)!;
  return choiceCode(def.type, def.plans);
}

export const STANDING_CHOICES: readonly StandingChoice[] = EXCEPTION_TYPES.flatMap((type) => {
  const codes = [...new Set(SUBTYPES.filter((s) => s.type === type).map((s) => choiceCode(type, s.plans)))];
  return codes.map((code) => {
    const plans = SUBTYPES.find((s) => choiceCode(s.type, s.plans) === code)!.plans;
    return { code, type, typeLabel: TYPE_LABELS[type], plans: plans.map((p) => ({ code: p, label: PLAN_LABELS[p] })) };
  });
});

export const STANDING_CHOICE_CODES = STANDING_CHOICES.map((c) => c.code);
