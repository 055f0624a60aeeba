/**
 * 入库表现 / 商家表现 (issue 13): a merchant's scorecard and coaching levels, and the ops ranking.
 * GET /api/merchants/:id/scorecard (a merchant: its own, never a subtype; staff: plus topCauses),
 * GET /api/merchants/:id/coaching, GET /api/scorecards (OPS, ADMIN).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Labels } from '../catalog';
import type { ExceptionType } from '../../../../src/domain/catalog';
import type { CoachingLevel, CoachingRules } from '../../../../src/domain/performance/coaching';
import type { ScoreComponent } from '../../../../src/domain/performance/score';
import { api } from '../client';
import type { DocEvent } from './events';

export type { CoachingLevel, CoachingRules };
export const PERIODS = [7, 30, 90] as const;
export const DEFAULT_PERIOD = 30;

export interface Rate { units: number; pct: number | null; ppm: number | null }
export interface Period { from: string; to: string; days: number; timeZone: string }
export interface Band { code: string; label: Labels; warn: boolean }

interface Scored {
  score: number | null;
  band: Band | null;
  components: Record<ScoreComponent, number | null>;
  weights: Record<ScoreComponent, number>;
}
interface Otif { due: number; onTime: number; inFull: number; otif: number; onTimePct: number | null; inFullPct: number | null; otifPct: number | null }
interface Jit { acceptDue: number; acceptedOnTime: number; acceptOnTimePct: number | null; shipDue: number; shippedOnTime: number; shipOnTimePct: number | null; onTimePct: number | null }
interface Response { returnMethodsEntered: number; avgReturnMethodHours: number | null; replenishmentsAccepted: number; avgReplenishmentAcceptHours: number | null; avgHours: number | null }
export interface Money { currency: string; count: number; amount: number; paid?: number }

export interface Scorecard extends Scored {
  merchant: { id: string; name: string };
  period: Period;
  units: { declared: number; arrived: number; short: number; surplus: number; exception: number };
  exceptionRate: Rate;
  otif: Otif;
  jit: Jit;
  handling: { registered: number; cancelled: number; decided: number; avgDecisionHours: number | null; completed: number; avgCompletionHours: number | null };
  response: Response;
  byType: (Rate & { type: ExceptionType; exceptions: number; coaching: { level: CoachingLevel; since: string | null; evaluatedThrough: string | null } })[];
  byPlan: (Rate & { plan: string; exceptions: number })[];
  cost: { compensations: Money[]; penalties: Money[] };
  weekly: (Rate & { week: string; arrived: number; otifPct: number | null; jitOnTimePct: number | null; byType: Record<ExceptionType, number> })[];
  coaching: { rules: CoachingRules; worst: CoachingLevel };
  /** Staff only: the causes by subtype, largest first. */
  topCauses?: (Rate & { type: ExceptionType; subtype: string; exceptions: number; shareOfExceptionUnitsPct: number | null })[];
}

export interface Coaching {
  merchant: { id: string; name: string };
  levels: { type: ExceptionType; level: CoachingLevel; since: string | null; evaluatedThrough: string | null }[];
  rules: CoachingRules;
  history: DocEvent[];
}

export interface RankedMerchant extends Scored {
  merchant: { id: string; name: string };
  units: Scorecard['units'];
  exceptionRate: Rate;
  otif: Otif;
  jit: Jit;
  response: Response;
  cost: { compensations: Money[]; penalties: Money[] };
  coaching: Record<ExceptionType, CoachingLevel>;
  worstCoachingLevel: CoachingLevel;
}

/** GET /api/scorecards: a page of the ranking (list helpers fetch it: components/list.tsx). */
export interface Ranking { period: Period; sort: string; total: number; items: RankedMerchant[]; nextCursor: string | null }
export const rankingPath = '/scorecards';

/** The sorts GET /api/scorecards offers (a leading '-': descending). */
export const RANK_SORTS = ['score', 'exceptionRate', 'otif', 'jit', 'response', 'arrived', 'penalties', 'name'] as const;
export type RankSort = (typeof RANK_SORTS)[number];

/** `days` from the URL: one of the periods, else the default. */
export const periodOf = (days?: string): number => (PERIODS as readonly number[]).includes(Number(days)) ? Number(days) : DEFAULT_PERIOD;

export function useScorecard(merchantId: string | undefined, days: number, warehouseId?: string) {
  return useQuery({
    queryKey: ['performance', 'scorecard', merchantId, days, warehouseId ?? null],
    queryFn: () => api.get<Scorecard>(`/merchants/${merchantId}/scorecard`, { days, warehouseId }),
    enabled: !!merchantId,
    placeholderData: keepPreviousData,
  });
}

export function useCoaching(merchantId: string | undefined) {
  return useQuery({
    queryKey: ['performance', 'coaching', merchantId],
    queryFn: () => api.get<Coaching>(`/merchants/${merchantId}/coaching`),
    enabled: !!merchantId,
  });
}
