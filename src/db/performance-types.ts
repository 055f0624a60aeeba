/**
 * Row types of the performance tables (migration 2026_12_04_0010), merged into `Database`
 * (./types.ts) so Kysely knows them. Measures are BIGINT: `pg` answers them as strings.
 */
import type { Measure } from '../domain/performance/facts.js';
import type { CoachingLevel } from '../domain/performance/coaching.js';

export type PerformanceDailyRow = {
  day: string; merchantId: string; warehouseId: string; skuId: string; exceptionType: string; subtype: string; plan: string; currency: string;
} & Record<Measure, number | string>;
export interface PerformanceContributionRow { documentId: string; facts: string }
export interface PerformanceCursorRow { name: string; watermark: string; folded: number | string; updatedAt: string }
export interface PerformanceFoldedEventRow { eventId: string }
export interface CoachingLevelRow {
  merchantId: string; exceptionType: string; level: CoachingLevel; aboveDays: number; belowDays: number;
  evaluatedThrough: string; daysEvaluated: number; levelSince: string | null; updatedAt: string;
}

declare module './types.js' {
  interface Database {
    performanceDaily: PerformanceDailyRow;
    performanceContributions: PerformanceContributionRow;
    performanceCursor: PerformanceCursorRow;
    performanceFoldedEvents: PerformanceFoldedEventRow;
    coachingLevels: CoachingLevelRow;
  }
  interface DecisionPolicyRow {
    /** JSON list of coaching levels the merchant must be at (for the exception's type); null: any. */
    coachingLevels: string | null;
  }
}
