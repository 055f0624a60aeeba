/** Row types of the statement tables (migration 2026_12_07_0015), merged into `Database` (./types.ts). */

export interface StatementCloseRow {
  merchantId: string; month: string; closedAt: string; closedBy: string | null;
}

export interface StatementRow {
  id: string; no: string; merchantId: string; month: string; currency: string;
  /** bigint: a string from `pg`. */
  opening: number | string; closing: number | string;
  /** JSON: signed minor units per line kind. */
  totals: string; lineCount: number;
  status: 'OPEN' | 'CLOSED'; closedAt: string | null; closedBy: string | null;
  version: number; createdAt: string; updatedAt: string;
}

export interface StatementLineRow {
  id: string; statementId: string; kind: string; documentType: string; documentId: string; documentNo: string;
  /** Signed minor units (bigint: a string from `pg`). */
  amount: number | string; occurredAt: string;
}

declare module './types.js' {
  interface Database {
    statementCloses: StatementCloseRow;
    statements: StatementRow;
    statementLines: StatementLineRow;
  }
}
