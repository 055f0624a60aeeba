/** The pure parts of inbound performance: days in the platform zone, the score, the coaching moves, fact differences. */
import { describe, expect, it } from 'vitest';
import { addDays, dayOf, weekOf } from '../../src/domain/performance/days.js';
import { bandOf, bandsProblem, DEFAULT_SCORECARD, scoreOf } from '../../src/domain/performance/score.js';
import { DEFAULT_COACHING, INITIAL_COACHING, isAbove, nextCoachingState, type CoachingState } from '../../src/domain/performance/coaching.js';
import { exceptionFacts, factDelta, sumFacts } from '../../src/domain/performance/facts.js';

describe('days', () => {
  it('a timestamp belongs to its day in the platform zone', () => {
    expect(dayOf('2026-12-04T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-12-04');
    expect(dayOf('2026-12-04T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-05');
    expect(dayOf('2026-12-04T16:00:00.000Z', 'UTC')).toBe('2026-12-04');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekOf('2026-12-06')).toBe('2026-11-30'); // a Sunday → its Monday
  });
});

describe('score', () => {
  it('weights of components without data are left out', () => {
    const r = scoreOf({ exceptionRatePct: 5, otifPct: null, jitOnTimePct: null, responseHours: null }, DEFAULT_SCORECARD);
    expect(r.score).toBe(50);
    expect(scoreOf({ exceptionRatePct: null, otifPct: null, jitOnTimePct: null, responseHours: null }, DEFAULT_SCORECARD).score).toBeNull();
    expect(scoreOf({ exceptionRatePct: 0, otifPct: 80, jitOnTimePct: 100, responseHours: 0 }, DEFAULT_SCORECARD).score).toBe(94);
  });
  it('bands: the last one reached; a usable list ascends from 0 with unique codes', () => {
    expect(bandOf(29.9, DEFAULT_SCORECARD.bands)!.code).toBe('CRITICAL');
    expect(bandOf(30, DEFAULT_SCORECARD.bands)!.code).toBe('AT_RISK');
    expect(bandOf(100, DEFAULT_SCORECARD.bands)!.code).toBe('EXCELLENT');
    expect(bandsProblem(DEFAULT_SCORECARD.bands)).toBeNull();
    expect(bandsProblem([{ ...DEFAULT_SCORECARD.bands[1] }])).toMatch(/starts at 0/);
    expect(bandsProblem([DEFAULT_SCORECARD.bands[0], DEFAULT_SCORECARD.bands[2], DEFAULT_SCORECARD.bands[1]])).toMatch(/ascend/);
  });
});

describe('coaching moves', () => {
  const run = (s: CoachingState, days: boolean[]) => days.reduce((x, above) => nextCoachingState(x, above, DEFAULT_COACHING), s);
  it('21 days above: Elevated; 21 more: Critical; a day below restarts the count; 120 below: Standard', () => {
    expect(run(INITIAL_COACHING, Array(20).fill(true)).level).toBe('STANDARD');
    const elevated = run(INITIAL_COACHING, Array(21).fill(true));
    expect(elevated).toEqual({ level: 'ELEVATED', aboveDays: 0, belowDays: 0 });
    expect(run(INITIAL_COACHING, [...Array(20).fill(true), false, ...Array(20).fill(true)]).level).toBe('STANDARD');
    const critical = run(elevated, Array(21).fill(true));
    expect(critical.level).toBe('CRITICAL');
    expect(run(critical, Array(119).fill(false)).level).toBe('CRITICAL');
    expect(run(critical, Array(120).fill(false)).level).toBe('STANDARD');
    expect(run(elevated, Array(120).fill(false)).level).toBe('STANDARD');
  });
  it('above: more than the acceptable share of arrived units; exceptions with nothing arrived are above', () => {
    expect(isAbove(1, 100, 1)).toBe(false);
    expect(isAbove(2, 100, 1)).toBe(true);
    expect(isAbove(1, 0, 1)).toBe(true);
    expect(isAbove(0, 0, 1)).toBe(false);
  });
});

describe('facts', () => {
  it('a decided exception moves its units from no plan to its plan; the difference is what the fold applies', () => {
    const pending = { id: 'exc_1', merchantId: 'm', warehouseId: 'w', type: 'GOODS' as const, subtype: 'SURPLUS' as const, plan: null, status: 'PENDING',
      createdAt: '2026-12-04T01:00:00Z', decidedAt: null, completedAt: null, lines: [{ skuId: 's', qty: 2 }] };
    const decided = { ...pending, plan: 'PROBLEM_GOODS_RETURN' as const, status: 'PROCESSING', decidedAt: '2026-12-04T04:00:00Z' };
    const d = factDelta(exceptionFacts(pending, 'Asia/Shanghai'), exceptionFacts(decided, 'Asia/Shanghai'));
    expect(Object.fromEntries(d)).toEqual({
      '2026-12-04|m|w|s|GOODS|SURPLUS||': { unitsException: -2 },
      '2026-12-04|m|w||GOODS|SURPLUS||': { exceptionsRegistered: -1 },
      '2026-12-04|m|w|s|GOODS|SURPLUS|PROBLEM_GOODS_RETURN|': { unitsException: 2 },
      '2026-12-04|m|w||GOODS|SURPLUS|PROBLEM_GOODS_RETURN|': { exceptionsRegistered: 1, exceptionsDecided: 1, decisionSeconds: 10800 },
    });
    expect(factDelta(exceptionFacts(decided, 'UTC'), exceptionFacts(decided, 'UTC')).size).toBe(0);
    expect(sumFacts(exceptionFacts({ ...pending, status: 'CANCELLED' }, 'UTC')).size).toBe(1);
  });
});
