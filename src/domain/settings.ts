/**
 * The configurable part of SPEC §4 and §6: deadlines in seconds, the penalty rule, what happens to a
 * return order whose method is overdue, and the plan × order-type matrix. Stored in the `settings`
 * table; these are the defaults a fresh database starts with.
 */
import { DEFAULT_ORDER_TYPE_MATRIX, type OrderTypeMatrix } from './catalog.js';
import { DEFAULT_COACHING, type CoachingRules } from './performance/coaching.js';
import { DEFAULT_DISPUTE_RULES, type DisputeRules } from './disputes.js';
import { DEFAULT_FEES, type FeeRules } from './fees.js';
import { DEFAULT_SCORECARD, type ScorecardRules } from './performance/score.js';

/** A missed JIT deadline costs a fixed amount, or a percentage of the order's value. */
export type PenaltyRule =
  | { mode: 'FIXED'; amount: number; currency: string }
  | { mode: 'PERCENT'; percent: number };

/** What the return-method deadline applies: platform logistics to the default address, else abandon; or always abandon. */
export const RETURN_DEFAULT_METHODS = ['PLATFORM_LOGISTICS_OR_ABANDON', 'ABANDON'] as const;
export type ReturnDefaultMethod = (typeof RETURN_DEFAULT_METHODS)[number];

export interface Settings extends DisputeRules {
  /** A note in transit this long past its expected arrival gets a transport-timeout exception. */
  transportGraceSeconds: number;
  /** Ops should decide an exception within this long of its registration. */
  decisionSlaSeconds: number;
  /** The merchant has this long to enter a return method. */
  returnMethodSeconds: number;
  /** A JIT order must be accepted within this long of its creation… */
  jitAcceptSeconds: number;
  /** …and shipped within this long of its acceptance. */
  jitShipSeconds: number;
  /** A session nobody used this long ends (pushed forward as it is used)… */
  sessionIdleSeconds: number;
  /** …and every session ends this long after its login, used or not. */
  sessionAbsoluteSeconds: number;
  returnDefaultMethod: ReturnDefaultMethod;
  penaltyRule: PenaltyRule;
  orderTypeMatrix: OrderTypeMatrix;
  /** The platform's IANA time zone: the calendar days of rollups, scorecards and coaching (docs/performance.md). */
  timeZone: string;
  /** The score's weights and bands (./performance/score.ts). */
  scorecard: ScorecardRules;
  /** Acceptable rates and day counts of the coaching levels (./performance/coaching.ts). */
  coaching: CoachingRules;
  /** Per-unit fees per subtype × plan and coaching level (./fees.ts). */
  fees: FeeRules;
  /** No photo on the exception, no fee. */
  feesRequirePhoto: boolean;
}

export const DURATION_KEYS = [
  'transportGraceSeconds', 'decisionSlaSeconds', 'returnMethodSeconds', 'jitAcceptSeconds', 'jitShipSeconds',
  'sessionIdleSeconds', 'sessionAbsoluteSeconds', 'disputeWindowSeconds', 'disputeSlaSeconds',
] as const satisfies readonly (keyof Settings)[];

const HOUR = 3600;

export const DEFAULT_SETTINGS: Settings = {
  transportGraceSeconds: 72 * HOUR,
  decisionSlaSeconds: 48 * HOUR,
  returnMethodSeconds: 7 * 24 * HOUR,
  jitAcceptSeconds: 24 * HOUR,
  jitShipSeconds: 48 * HOUR,
  // a clerk's shift with its breaks; a workday at most
  sessionIdleSeconds: 4 * HOUR,
  sessionAbsoluteSeconds: 12 * HOUR,
  returnDefaultMethod: 'PLATFORM_LOGISTICS_OR_ABANDON',
  penaltyRule: { mode: 'PERCENT', percent: 5 },
  orderTypeMatrix: DEFAULT_ORDER_TYPE_MATRIX,
  timeZone: 'Asia/Shanghai',
  scorecard: DEFAULT_SCORECARD,
  coaching: DEFAULT_COACHING,
  ...DEFAULT_DISPUTE_RULES,
  fees: DEFAULT_FEES,
  feesRequirePhoto: true,
};

/** The penalty for one missed deadline on an order worth `totalAmount` minor units. */
export function penaltyAmount(rule: PenaltyRule, order: { totalAmount: number; currency: string }): { amount: number; currency: string } {
  if (rule.mode === 'FIXED') return { amount: rule.amount, currency: rule.currency };
  return { amount: Math.round((order.totalAmount * rule.percent) / 100), currency: order.currency };
}
