/**
 * Fees (扣费, issue 14; docs/fees.md): per-unit charges for the warehouse's unplanned services on an
 * exception — relabelling, repacking, disposal, return freight — configured per subtype × plan and
 * per coaching level (after Amazon FBA's unplanned-service fees: a missing barcode costs $0.20 per
 * unit at Standard and $0.40 at Elevated/Critical), charged only when the exception has a photo (a
 * setting). Pure: the rules are settings (./settings.ts), the caller reads the coaching level and
 * the photo count.
 */
import { SUBTYPES, type Plan, type Subtype } from './catalog.js';
import type { CoachingLevel } from './performance/coaching.js';
import type { FeeService } from './fee-services.js';

export { FEE_SERVICES, FEE_SERVICE_LABELS, type FeeService } from './fee-services.js';

export interface FeeRule {
  service: FeeService;
  subtype: Subtype;
  plan: Plan;
  /** Minor units of the fee currency per unit, by the merchant's coaching level for the exception's type. */
  unitAmount: Record<CoachingLevel, number>;
}

export interface FeeRules {
  /** The platform's currency (the one stocking orders default to). */
  currency: string;
  rules: FeeRule[];
}

/** One price per level: Standard, then Elevated and Critical alike (Amazon's two tiers). */
const tiers = (standard: number, elevated: number): Record<CoachingLevel, number> => ({ STANDARD: standard, ELEVATED: elevated, CRITICAL: elevated });

const RELABEL = tiers(150, 300); // ≈ US$0.20 / 0.40 per unit, in fen
const REPACK = tiers(500, 1000); // ≈ US$0.70 / 1.40 (bagging)
const RETURN_FREIGHT = tiers(200, 400);

const rule = (service: FeeService, subtype: Subtype, plan: Plan, unitAmount: Record<CoachingLevel, number>): FeeRule => ({ service, subtype, plan, unitAmount });

/**
 * The catalog's plans that make the warehouse work for the merchant: receiving in the warehouse
 * relabels (a wrong or damaged barcode, a box label) or repacks (bloated, damaged goods); a
 * return plan ships the goods back. Disposal happens when a return is abandoned (a return method,
 * not a plan): no default rule, ops may add one for any subtype × plan.
 */
export const DEFAULT_FEES: FeeRules = {
  currency: 'CNY',
  rules: [
    rule('RELABEL', 'BARCODE_WRONG', 'IN_WAREHOUSE_RECEIVE', RELABEL),
    rule('RELABEL', 'BARCODE_DAMAGED', 'IN_WAREHOUSE_RECEIVE', RELABEL),
    rule('RELABEL', 'BOX_LABEL_UNREADABLE', 'IN_WAREHOUSE_RECEIVE', RELABEL),
    rule('RELABEL', 'BOX_LABEL_MISSING', 'IN_WAREHOUSE_RECEIVE', RELABEL),
    rule('RELABEL', 'MULTIPLE_NOTES_ON_PACKAGE', 'IN_WAREHOUSE_RECEIVE', RELABEL),
    rule('REPACK', 'BLOATED', 'IN_WAREHOUSE_RECEIVE', REPACK),
    rule('REPACK', 'DAMAGED_DIRTY', 'IN_WAREHOUSE_RECEIVE', REPACK),
    rule('RETURN_FREIGHT', 'SURPLUS', 'PROBLEM_GOODS_RETURN', RETURN_FREIGHT),
    rule('RETURN_FREIGHT', 'WRONG_GOODS', 'PROBLEM_GOODS_RETURN', RETURN_FREIGHT),
    rule('RETURN_FREIGHT', 'BARCODE_WRONG', 'PROBLEM_GOODS_RETURN', RETURN_FREIGHT),
    rule('RETURN_FREIGHT', 'BARCODE_DAMAGED', 'PROBLEM_GOODS_RETURN', RETURN_FREIGHT),
  ],
};

/** Why a rule is not usable (its plan is not one of its subtype's), or null. */
export function feeRuleProblem(r: Pick<FeeRule, 'subtype' | 'plan' | 'service'>, all: readonly Pick<FeeRule, 'subtype' | 'plan' | 'service'>[]): string | null {
  const def = SUBTYPES.find((s) => s.code === r.subtype);
  if (!def || !(def.plans as readonly string[]).includes(r.plan)) return `${r.plan} is not a plan of ${r.subtype}`;
  if (all.filter((o) => o.subtype === r.subtype && o.plan === r.plan && o.service === r.service).length > 1) {
    return `${r.service} for ${r.subtype} × ${r.plan} is listed twice`;
  }
  return null;
}

export interface FeeInput {
  subtype: Subtype;
  plan: Plan;
  /** The exception's units. */
  units: number;
  /** The merchant's coaching level for the exception's type at the decision. */
  coachingLevel: CoachingLevel;
  /** How many photos the warehouse attached to the exception. */
  photos: number;
}

export interface FeeLine {
  service: FeeService;
  subtype: Subtype;
  plan: Plan;
  coachingLevel: CoachingLevel;
  units: number;
  unitAmount: number;
  amount: number;
  currency: string;
}

export interface FeeQuote {
  fees: FeeLine[];
  /** Rules matched but nothing is charged: NO_PHOTO (the setting requires one). */
  skipped: 'NO_PHOTO' | null;
}

/** The fees a decision for `input.plan` charges: one line per matching rule with a non-zero amount. */
/** The rules that price a subtype × plan (none: the plan is free, whatever the level or the photos). */
export const feeRulesOf = (fees: FeeRules, subtype: string, plan: string) => fees.rules.filter((r) => r.subtype === subtype && r.plan === plan);

export function feesFor(input: FeeInput, fees: FeeRules, requirePhoto: boolean): FeeQuote {
  const matching = feeRulesOf(fees, input.subtype, input.plan);
  const lines = matching.map((r) => {
    const unitAmount = r.unitAmount[input.coachingLevel] ?? 0;
    return {
      service: r.service, subtype: input.subtype, plan: input.plan, coachingLevel: input.coachingLevel,
      units: input.units, unitAmount, amount: unitAmount * input.units, currency: fees.currency,
    };
  }).filter((l) => l.amount > 0);
  if (lines.length && requirePhoto && input.photos <= 0) return { fees: [], skipped: 'NO_PHOTO' };
  return { fees: lines, skipped: null };
}
