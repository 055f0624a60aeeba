/** Row type of the fees table (migration 2026_12_07_0014), merged into `Database` (./types.ts). */
import type { Plan, Subtype } from '../domain/catalog.js';
import type { FeeService } from '../domain/fees.js';
import type { CoachingLevel } from '../domain/performance/coaching.js';
import type { FeeStatus } from '../domain/state-machines.js';

export interface FeeRow {
  id: string; no: string; merchantId: string; exceptionId: string; service: FeeService; subtype: Subtype; plan: Plan;
  coachingLevel: CoachingLevel; units: number;
  /** Integer minor units; bigint columns: `pg` answers strings, read them through Number(). */
  unitAmount: number; amount: number; currency: string; status: FeeStatus;
  waiveReason: string | null; waivedAt: string | null; waivedBy: string | null;
  version: number; createdAt: string; updatedAt: string;
}

declare module './types.js' {
  interface Database {
    fees: FeeRow;
  }
}
