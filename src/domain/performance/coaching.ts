/**
 * Coaching levels per merchant × exception type (Amazon FBA's inbound problem coaching): each day
 * the merchant's rate of that type over the trailing window is above or at/below the acceptable
 * rate; consecutive days move the level by the transition table below. Pure and data-driven: the
 * days and rates are settings (settings.coaching), the moves are rows.
 */
import { EXCEPTION_TYPES, type ExceptionType, type Labels } from '../catalog.js';
import { addDays } from './days.js';

export const COACHING_LEVELS = ['STANDARD', 'ELEVATED', 'CRITICAL'] as const;
export type CoachingLevel = (typeof COACHING_LEVELS)[number];

export interface CoachingRules {
  /** The rate of a day is over this many days ending that day. */
  windowDays: number;
  /** Exception units of the type per 100 arrived units, above which a day counts as "above". */
  acceptableRatePct: Record<ExceptionType, number>;
  elevateAfterDays: number;
  criticalAfterDays: number;
  recoverAfterDays: number;
}

export const DEFAULT_COACHING: CoachingRules = {
  windowDays: 30,
  acceptableRatePct: Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, 1])) as Record<ExceptionType, number>,
  elevateAfterDays: 21,
  criticalAfterDays: 21,
  recoverAfterDays: 120,
};

type DaysRule = 'elevateAfterDays' | 'criticalAfterDays' | 'recoverAfterDays';

/** The moves: from a level, after `days` consecutive days on one side of the acceptable rate. */
export const COACHING_TRANSITIONS: readonly { from: CoachingLevel; to: CoachingLevel; when: 'above' | 'below'; days: DaysRule }[] = [
  { from: 'STANDARD', to: 'ELEVATED', when: 'above', days: 'elevateAfterDays' },
  { from: 'ELEVATED', to: 'CRITICAL', when: 'above', days: 'criticalAfterDays' },
  { from: 'ELEVATED', to: 'STANDARD', when: 'below', days: 'recoverAfterDays' },
  { from: 'CRITICAL', to: 'STANDARD', when: 'below', days: 'recoverAfterDays' },
];

export const COACHING_LABELS: Record<CoachingLevel, { label: Labels; advice: Labels }> = {
  STANDARD: {
    label: { 'zh-CN': '标准', 'en-US': 'Standard' },
    advice: { 'zh-CN': '异常率在可接受范围内,请保持。', 'en-US': 'Your exception rate is acceptable; keep it up.' },
  },
  ELEVATED: {
    label: { 'zh-CN': '关注', 'en-US': 'Elevated' },
    advice: {
      'zh-CN': '该类型异常率已连续超标,请检查包装、箱唛与发货数量。',
      'en-US': 'This exception type has stayed above the acceptable rate: check packing, box labels and quantities.',
    },
  },
  CRITICAL: {
    label: { 'zh-CN': '严重', 'en-US': 'Critical' },
    advice: {
      'zh-CN': '异常率持续超标,平台可能对此类异常采取更严格的处理方案(如退货)。',
      'en-US': 'The rate keeps exceeding the limit: the platform may handle these exceptions more strictly (e.g. return instead of receive).',
    },
  },
};

export interface CoachingState { level: CoachingLevel; aboveDays: number; belowDays: number }

export const INITIAL_COACHING: CoachingState = { level: 'STANDARD', aboveDays: 0, belowDays: 0 };

/** Whether a day with these window totals is above the acceptable rate (exceptions with nothing arrived: above). */
export function isAbove(exceptionUnits: number, arrivedUnits: number, acceptablePct: number): boolean {
  if (exceptionUnits <= 0) return false;
  if (arrivedUnits <= 0) return true;
  return exceptionUnits * 100 > acceptablePct * arrivedUnits;
}

/** The state after one more day; a level change restarts both counts. */
export function nextCoachingState(s: CoachingState, above: boolean, rules: CoachingRules): CoachingState {
  const counted = above ? { ...s, aboveDays: s.aboveDays + 1, belowDays: 0 } : { ...s, aboveDays: 0, belowDays: s.belowDays + 1 };
  const move = COACHING_TRANSITIONS.find((t) => t.from === s.level && t.when === (above ? 'above' : 'below')
    && (above ? counted.aboveDays : counted.belowDays) >= rules[t.days]);
  return move ? { level: move.to, aboveDays: 0, belowDays: 0 } : counted;
}

export interface CoachingChange { day: string; from: CoachingLevel; to: CoachingLevel }

/**
 * Evaluates the days `first`..`last` in order from `state`: each day's rate is over the `windowDays`
 * ending it, from the exception units of the type and the arrived units per day (days missing: 0).
 */
export function evaluateDays(
  state: CoachingState, first: string, last: string, rules: CoachingRules, acceptablePct: number,
  perDay: { problems: ReadonlyMap<string, number>; arrived: ReadonlyMap<string, number> },
): { state: CoachingState; changes: CoachingChange[]; days: number } {
  const window = rules.windowDays;
  const at = (m: ReadonlyMap<string, number>, d: string) => m.get(d) ?? 0;
  // the window's totals, slid one day at a time
  let inArrived = 0;
  let inProblems = 0;
  for (let d = addDays(first, -(window - 1)); d < first; d = addDays(d, 1)) {
    inArrived += at(perDay.arrived, d);
    inProblems += at(perDay.problems, d);
  }
  const changes: CoachingChange[] = [];
  let days = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) {
    inArrived += at(perDay.arrived, d);
    inProblems += at(perDay.problems, d);
    const next = nextCoachingState(state, isAbove(inProblems, inArrived, acceptablePct), rules);
    if (next.level !== state.level) changes.push({ day: d, from: state.level, to: next.level });
    state = next;
    days++;
    const out = addDays(d, -(window - 1));
    inArrived -= at(perDay.arrived, out);
    inProblems -= at(perDay.problems, out);
  }
  return { state, changes, days };
}
