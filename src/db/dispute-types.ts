/** Row types of the dispute tables (migration 2026_12_05_0013), merged into `Database` (./types.ts). */
import type { DisputeStatus } from '../domain/state-machines.js';
import type { DisputeDocumentType } from '../domain/disputes.js';

export interface DisputeRow {
  id: string; no: string; merchantId: string; documentType: DisputeDocumentType; documentId: string; documentNo: string | null;
  text: string; status: DisputeStatus; openedBy: string; dueAt: string; overdueFlaggedAt: string | null;
  decidedAt: string | null; decidedBy: string | null; decisionReason: string | null; autoDecided: number;
  version: number; createdAt: string; updatedAt: string;
}

declare module './types.js' {
  interface Database {
    disputes: DisputeRow;
  }
  interface PhotoRow {
    /** The merchant's dispute it is attached to (migration 0013). */
    disputeId: string | null;
  }
}
