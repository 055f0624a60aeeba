/**
 * Disputes (申诉, issue 14; docs/disputes.md): what a merchant may dispute, for how long, and how
 * long ops have to answer. Pure: the window and the SLA are settings (./settings.ts).
 */
import type { Labels } from './catalog.js';

/** The documents a merchant may dispute (the use case's table of kinds says which are enabled). */
export const DISPUTE_DOCUMENT_TYPES = ['EXCEPTION', 'PENALTY', 'FEE'] as const;
export type DisputeDocumentType = (typeof DISPUTE_DOCUMENT_TYPES)[number];

export const DISPUTE_DOCUMENT_LABELS: Record<DisputeDocumentType, Labels> = {
  EXCEPTION: { 'zh-CN': '异常单', 'en-US': 'Exception' },
  PENALTY: { 'zh-CN': '处罚单', 'en-US': 'Penalty' },
  FEE: { 'zh-CN': '扣费', 'en-US': 'Fee' },
};

export interface DisputeRules {
  /** A document may be disputed until this long after its decision (exception) or issue (penalty, fee). */
  disputeWindowSeconds: number;
  /** Ops should accept or reject a dispute within this long of its opening. */
  disputeSlaSeconds: number;
  /** Past the SLA, the deadline job accepts the dispute (else it only flags it overdue). */
  disputeAutoAccept: boolean;
}

const DAY = 24 * 3600;
export const DEFAULT_DISPUTE_RULES: DisputeRules = { disputeWindowSeconds: 30 * DAY, disputeSlaSeconds: 72 * 3600, disputeAutoAccept: false };

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** The last moment the document may be disputed: its window's start plus the window (inclusive). */
export const disputeWindowEndsAt = (startsAt: string, rules: Pick<DisputeRules, 'disputeWindowSeconds'>) => plus(startsAt, rules.disputeWindowSeconds);

/**
 * Why a dispute cannot be opened at `now`, or null: the document has no window yet (an exception
 * not decided), or the window closed.
 */
export function disputeWindowProblem(startsAt: string | null, now: string, rules: Pick<DisputeRules, 'disputeWindowSeconds'>): 'NOT_DISPUTABLE_YET' | 'DISPUTE_WINDOW_CLOSED' | null {
  if (!startsAt) return 'NOT_DISPUTABLE_YET';
  if (Date.parse(now) > Date.parse(disputeWindowEndsAt(startsAt, rules))) return 'DISPUTE_WINDOW_CLOSED';
  return null;
}

/** When ops should have answered a dispute opened at `openedAt`. */
export const disputeDueAt = (openedAt: string, rules: Pick<DisputeRules, 'disputeSlaSeconds'>) => plus(openedAt, rules.disputeSlaSeconds);
