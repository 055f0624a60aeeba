/**
 * 运营看板 trend and Pareto (issue 13): the last 12 ISO weeks (Monday first, the current week
 * included up to today, platform time zone) summed from the daily rollups — never from the
 * exceptions table — so the cost is a GROUP BY over the rollup rows of 84 days, flat as exceptions
 * grow. Weekly: exceptions registered (and by exception type), the exception rate (exception units
 * ÷ arrived units), exceptions decided and completed, each dated as the rollups date them
 * (registration, decision, completion day). Pareto: the causes (subtypes, platform staff only: this
 * endpoint is OPS/ADMIN) by exceptions registered over the same weeks, largest first, with the
 * cumulative share.
 */
import { EXCEPTION_TYPES, type ExceptionType } from '../../domain/catalog.js';
import { addDays, dayOf, weekOf } from '../../domain/performance/days.js';
import { pct, rateOf } from '../../domain/performance/figures.js';
import { requireRole } from '../shared/access.js';
import type { Ctx } from '../shared/context.js';
import { loadSettings } from '../settings/service.js';
import { sumRollups } from '../performance/repository.js';

export const TREND_WEEKS = 12;

const WEEKLY = ['unitsArrived', 'unitsException', 'exceptionsRegistered', 'exceptionsDecided', 'exceptionsCompleted'] as const;

/** The weeks' bounds: Monday of the week `weeks - 1` before today's, through today. */
export function trendPeriodOf(now: Date, timeZone: string, weeks = TREND_WEEKS) {
  const to = dayOf(now, timeZone);
  return { from: addDays(weekOf(to), -7 * (weeks - 1)), to, weeks, timeZone };
}

export async function getDashboardTrend(ctx: Ctx, q: { warehouseId?: string }) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  const { timeZone } = await loadSettings(ctx.db);
  const period = trendPeriodOf(ctx.clock.now(), timeZone);
  const filter = { warehouseId: q.warehouseId, from: period.from, to: period.to };
  const [byDay, byCause] = await Promise.all([
    sumRollups(ctx.db, filter, ['day', 'exceptionType'], WEEKLY),
    sumRollups(ctx.db, filter, ['exceptionType', 'subtype'], ['exceptionsRegistered', 'unitsException']),
  ]);

  type Week = { week: string; from: string; to: string; arrived: number; exceptionUnits: number; registered: number; decided: number; completed: number; byType: Record<ExceptionType, number> };
  const weeks = new Map<string, Week>();
  for (let d = period.from; d <= period.to; d = addDays(d, 7)) {
    const end = addDays(d, 6);
    weeks.set(d, {
      week: d, from: d, to: end < period.to ? end : period.to, arrived: 0, exceptionUnits: 0, registered: 0, decided: 0, completed: 0,
      byType: Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, 0])) as Record<ExceptionType, number>,
    });
  }
  for (const r of byDay) {
    const w = weeks.get(weekOf(r.dims.day));
    if (!w) continue;
    w.arrived += r.m.unitsArrived;
    w.exceptionUnits += r.m.unitsException;
    w.registered += r.m.exceptionsRegistered;
    w.decided += r.m.exceptionsDecided;
    w.completed += r.m.exceptionsCompleted;
    const type = r.dims.exceptionType as ExceptionType;
    if (type && type in w.byType) w.byType[type] += r.m.exceptionsRegistered;
  }
  const weekly = [...weeks.values()].map(({ exceptionUnits, arrived, ...w }) => ({ ...w, arrived, exceptionRate: rateOf(exceptionUnits, arrived) }));

  const causes = byCause.filter((r) => r.dims.subtype && r.m.exceptionsRegistered > 0)
    .map((r) => ({ type: r.dims.exceptionType as ExceptionType, subtype: r.dims.subtype, count: r.m.exceptionsRegistered, units: r.m.unitsException }))
    .sort((a, b) => b.count - a.count || b.units - a.units || a.subtype.localeCompare(b.subtype));
  const total = causes.reduce((s, c) => s + c.count, 0);
  let running = 0;
  const pareto = causes.map((c) => {
    running += c.count;
    return { ...c, sharePct: pct(c.count, total), cumulativePct: pct(running, total) };
  });
  return {
    period,
    warehouseId: q.warehouseId ?? null,
    totals: {
      registered: weekly.reduce((s, w) => s + w.registered, 0),
      decided: weekly.reduce((s, w) => s + w.decided, 0),
      completed: weekly.reduce((s, w) => s + w.completed, 0),
      exceptionRate: rateOf(weekly.reduce((s, w) => s + w.exceptionRate.units, 0), weekly.reduce((s, w) => s + w.arrived, 0)),
    },
    weekly,
    pareto: { total, causes: pareto },
  };
}
