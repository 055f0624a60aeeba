/**
 * Scorecards (docs/performance.md §Scorecard), read from the daily rollups only — never from the
 * exceptions table — so a scorecard costs a few indexed GROUP BYs however many exceptions there are.
 * A merchant sees its own (another merchant's id answers 404) by exception type and plan, never a
 * subtype: subtype figures (the top causes) are built only for platform staff.
 */
import { EXCEPTION_TYPES, type ExceptionType } from '../../domain/catalog.js';
import { notFound } from '../../domain/errors.js';
import { COACHING_LABELS, COACHING_LEVELS, type CoachingLevel } from '../../domain/performance/coaching.js';
import { addDays, dayOf, weekOf } from '../../domain/performance/days.js';
import { addTotals, figuresOf, pct, rateOf, scoreOfTotals, zeroTotals, type Totals } from '../../domain/performance/figures.js';
import { bandOf, type ScorecardRules } from '../../domain/performance/score.js';
import { requireRole } from '../shared/access.js';
import type { Ctx } from '../shared/context.js';
import { loadSettings } from '../settings/service.js';
import { levelsOf } from './coaching.js';
import { merchantById } from './coaching-repository.js';
import { sumRollups } from './repository.js';

export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

const isStaff = (ctx: Ctx) => ctx.actor.role !== 'MERCHANT';

/** The period's days: the last `days` days ending today (platform time zone), today included. */
export function periodOf(now: Date, timeZone: string, days: number) {
  const to = dayOf(now, timeZone);
  return { from: addDays(to, -(days - 1)), to, days, timeZone };
}

export function scored(t: Totals, rules: ScorecardRules) {
  const { score, components } = scoreOfTotals(t, rules);
  const band = bandOf(score, rules.bands);
  return { score, band: band ? { code: band.code, label: band.label, warn: band.warn } : null, components, weights: rules.weights };
}

const coachingView = (level: CoachingLevel, since: string | null, evaluatedThrough: string | null) =>
  ({ level, since, evaluatedThrough, label: COACHING_LABELS[level].label, advice: COACHING_LABELS[level].advice });

export async function merchantScorecard(ctx: Ctx, merchantId: string, q: { days?: number; warehouseId?: string }) {
  requireRole(ctx.actor, 'OPS', 'ADMIN', 'MERCHANT');
  if (ctx.actor.role === 'MERCHANT' && ctx.actor.merchantId !== merchantId) throw notFound('Merchant');
  const merchant = await merchantById(ctx.db, merchantId);
  if (!merchant) throw notFound('Merchant');
  const settings = await loadSettings(ctx.db);
  const period = periodOf(ctx.clock.now(), settings.timeZone, q.days ?? 30);
  const filter = { merchantId, warehouseId: q.warehouseId, from: period.from, to: period.to };
  const staff = isStaff(ctx);
  const [byDay, money, byCause, levels] = await Promise.all([
    sumRollups(ctx.db, filter, ['day', 'exceptionType', 'plan']),
    sumRollups(ctx.db, filter, ['currency'], MONEY),
    staff ? sumRollups(ctx.db, filter, ['exceptionType', 'subtype'], ['unitsException', 'exceptionsRegistered']) : Promise.resolve([]),
    levelsOf(ctx.db, [merchantId]),
  ]);

  const total = zeroTotals();
  const byType = new Map<string, Totals>(EXCEPTION_TYPES.map((t) => [t, zeroTotals()]));
  const byPlan = new Map<string, Totals>();
  const weeks = new Map<string, { t: Totals; types: Map<string, number> }>();
  for (let d = weekOf(period.from); d <= period.to; d = addDays(d, 7)) weeks.set(d, { t: zeroTotals(), types: new Map() });
  for (const r of byDay) {
    addTotals(total, r.m);
    const w = weeks.get(weekOf(r.dims.day))!;
    addTotals(w.t, r.m);
    if (r.dims.exceptionType) {
      addTotals(byType.get(r.dims.exceptionType)!, r.m);
      w.types.set(r.dims.exceptionType, (w.types.get(r.dims.exceptionType) ?? 0) + r.m.unitsException);
    }
    if (r.dims.exceptionType && r.m.unitsException + r.m.exceptionsRegistered > 0) {
      const plan = r.dims.plan || 'UNDECIDED';
      if (!byPlan.has(plan)) byPlan.set(plan, zeroTotals());
      addTotals(byPlan.get(plan)!, r.m);
    }
  }
  const arrived = total.unitsArrived;
  const level = levels.get(merchantId)!;
  const body = {
    merchant: { id: merchant.id, name: merchant.name },
    period,
    ...figuresOf(total),
    byType: EXCEPTION_TYPES.map((type) => {
      const t = byType.get(type)!;
      return { type, exceptions: t.exceptionsRegistered, ...rateOf(t.unitsException, arrived), coaching: coachingView(level[type].level, level[type].since, level[type].evaluatedThrough) };
    }),
    byPlan: [...byPlan].map(([plan, t]) => ({ plan, exceptions: t.exceptionsRegistered, ...rateOf(t.unitsException, arrived) }))
      .sort((a, b) => b.units - a.units || a.plan.localeCompare(b.plan)),
    cost: costOf(money),
    weekly: [...weeks].map(([week, w]) => ({
      week, arrived: w.t.unitsArrived, ...rateOf(w.t.unitsException, w.t.unitsArrived),
      otifPct: pct(w.t.notesOtif, w.t.notesDue), jitOnTimePct: pct(w.t.jitAcceptedOnTime + w.t.jitShippedOnTime, w.t.jitAcceptDue + w.t.jitShipDue),
      byType: Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, w.types.get(t) ?? 0])),
    })),
    ...scored(total, settings.scorecard),
    coaching: {
      rules: { ...settings.coaching },
      worst: worstLevel(EXCEPTION_TYPES.map((t) => level[t].level)),
    },
  };
  if (!staff) return body;
  const causes = byCause.filter((r) => r.dims.subtype && r.m.unitsException + r.m.exceptionsRegistered > 0)
    .map((r) => ({ type: r.dims.exceptionType as ExceptionType, subtype: r.dims.subtype, exceptions: r.m.exceptionsRegistered, ...rateOf(r.m.unitsException, arrived),
      shareOfExceptionUnitsPct: pct(r.m.unitsException, total.unitsException) }))
    .sort((a, b) => b.units - a.units || b.exceptions - a.exceptions || a.subtype.localeCompare(b.subtype));
  return { ...body, topCauses: causes };
}

const MONEY = ['compensationCount', 'compensationAmount', 'compensationPaidAmount', 'penaltyCount', 'penaltyAmount'] as const;

/** Compensations received (created, and paid) and penalties paid (issued, not waived), per currency. */
export function costOf(rows: { dims: Record<string, string>; m: Record<(typeof MONEY)[number], number> }[]) {
  const withCurrency = rows.filter((r) => r.dims.currency).sort((a, b) => a.dims.currency.localeCompare(b.dims.currency));
  return {
    compensations: withCurrency.filter((r) => r.m.compensationCount || r.m.compensationPaidAmount)
      .map((r) => ({ currency: r.dims.currency, count: r.m.compensationCount, amount: r.m.compensationAmount, paid: r.m.compensationPaidAmount })),
    penalties: withCurrency.filter((r) => r.m.penaltyCount).map((r) => ({ currency: r.dims.currency, count: r.m.penaltyCount, amount: r.m.penaltyAmount })),
  };
}

export const worstLevel = (levels: CoachingLevel[]) => levels.reduce((w, l) => (COACHING_LEVELS.indexOf(l) > COACHING_LEVELS.indexOf(w) ? l : w), 'STANDARD' as CoachingLevel);
