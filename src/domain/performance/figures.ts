/**
 * Scorecard figures from summed rollup measures (docs/performance.md §Scorecard): rates as a
 * percentage (two decimals) and PPM, means in hours. Pure; null where the denominator is 0.
 */
import { MEASURES, type Measure } from './facts.js';
import { scoreOf, type ScorecardRules, type ScoreInputs } from './score.js';

export type Totals = Record<Measure, number>;
export const zeroTotals = (): Totals => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Totals;

export function addTotals(into: Totals, m: Partial<Totals>): Totals {
  for (const k of MEASURES) into[k] += m[k] ?? 0;
  return into;
}

export const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n * 10_000) / d) / 100 : null);
export const ppm = (n: number, d: number): number | null => (d > 0 ? Math.round((n * 1_000_000) / d) : null);
const hours = (seconds: number, n: number): number | null => (n > 0 ? Math.round((seconds / n / 3600) * 100) / 100 : null);

/** Exception units as a share of arrived units. */
export const rateOf = (units: number, arrived: number) => ({ units, pct: pct(units, arrived), ppm: ppm(units, arrived) });

export function figuresOf(t: Totals) {
  const jitDue = t.jitAcceptDue + t.jitShipDue;
  const responses = t.returnMethodsEntered + t.replenishmentsAccepted;
  return {
    units: { declared: t.unitsDeclared, arrived: t.unitsArrived, short: t.unitsShort, surplus: t.unitsSurplus, exception: t.unitsException },
    exceptionRate: rateOf(t.unitsException, t.unitsArrived),
    otif: {
      due: t.notesDue, onTime: t.notesOnTime, inFull: t.notesInFull, otif: t.notesOtif,
      onTimePct: pct(t.notesOnTime, t.notesDue), inFullPct: pct(t.notesInFull, t.notesDue), otifPct: pct(t.notesOtif, t.notesDue),
    },
    jit: {
      acceptDue: t.jitAcceptDue, acceptedOnTime: t.jitAcceptedOnTime, acceptOnTimePct: pct(t.jitAcceptedOnTime, t.jitAcceptDue),
      shipDue: t.jitShipDue, shippedOnTime: t.jitShippedOnTime, shipOnTimePct: pct(t.jitShippedOnTime, t.jitShipDue),
      onTimePct: pct(t.jitAcceptedOnTime + t.jitShippedOnTime, jitDue),
    },
    handling: {
      registered: t.exceptionsRegistered, cancelled: t.exceptionsCancelled,
      decided: t.exceptionsDecided, avgDecisionHours: hours(t.decisionSeconds, t.exceptionsDecided),
      completed: t.exceptionsCompleted, avgCompletionHours: hours(t.completionSeconds, t.exceptionsCompleted),
    },
    response: {
      returnMethodsEntered: t.returnMethodsEntered, avgReturnMethodHours: hours(t.returnMethodSeconds, t.returnMethodsEntered),
      replenishmentsAccepted: t.replenishmentsAccepted, avgReplenishmentAcceptHours: hours(t.replenishmentAcceptSeconds, t.replenishmentsAccepted),
      avgHours: hours(t.returnMethodSeconds + t.replenishmentAcceptSeconds, responses),
    },
  };
}

export function scoreInputsOf(t: Totals): ScoreInputs {
  const f = figuresOf(t);
  const exceptionRatePct = t.unitsArrived > 0 ? (t.unitsException * 100) / t.unitsArrived : t.unitsException > 0 ? 100 : null;
  return {
    exceptionRatePct,
    otifPct: t.notesDue > 0 ? (t.notesOtif * 100) / t.notesDue : null,
    jitOnTimePct: f.jit.onTimePct === null ? null : ((t.jitAcceptedOnTime + t.jitShippedOnTime) * 100) / (t.jitAcceptDue + t.jitShipDue),
    responseHours: f.response.avgHours === null ? null : (t.returnMethodSeconds + t.replenishmentAcceptSeconds) / 3600 / (t.returnMethodsEntered + t.replenishmentsAccepted),
  };
}

export const scoreOfTotals = (t: Totals, rules: ScorecardRules) => scoreOf(scoreInputsOf(t), rules);
