/**
 * The ops queue at scale (issue 12): for each documented filter of `GET /api/exceptions` (status, type,
 * subtype, plan, merchant, warehouse, overdue, date range, note no.) one page as OPS, measured against the
 * same page as a hand-written indexed query (bench/queue-sql.ts, served by bench/baseline-server.ts) in the
 * same run, back to back. Target: Tally's p99 ≤ 2× the hand-written query's.
 */
import type { Figures } from './load.js';
import { QUEUE_FILTER_KINDS, type QueueFilterKind } from './queue-sql.js';

/** Values the filters use, read from the loaded data so every filter finds rows. */
export interface QueueSamples {
  merchantId: string; warehouseId: string; noteNo: string; from: string; to: string; now: string;
}

export interface QueueFigure {
  filter: QueueFilterKind;
  tally: Pick<Figures, 'rate' | 'p50' | 'p99' | 'non2xx'>;
  sql: Pick<Figures, 'rate' | 'p50' | 'p99' | 'non2xx'>;
  /** Tally p99 ÷ the hand-written query's p99 (target ≤ 2). */
  p99Ratio: number;
}

/** The API's query string and the baseline's (`a`, `b`) for one filter. */
function paramsOf(kind: QueueFilterKind, s: QueueSamples): { api: Record<string, string>; sql: Record<string, string> } {
  switch (kind) {
    case 'status': return { api: { status: 'PENDING' }, sql: { a: 'PENDING' } };
    case 'type': return { api: { type: 'GOODS' }, sql: { a: 'GOODS' } };
    case 'subtype': return { api: { subtype: 'BARCODE_DAMAGED' }, sql: { a: 'BARCODE_DAMAGED' } };
    case 'plan': return { api: { plan: 'CONTINUE_DELIVERY' }, sql: { a: 'CONTINUE_DELIVERY' } };
    case 'merchant': return { api: { merchantId: s.merchantId }, sql: { a: s.merchantId } };
    case 'warehouse': return { api: { warehouseId: s.warehouseId }, sql: { a: s.warehouseId } };
    case 'overdue': return { api: { overdue: 'true' }, sql: { a: s.now } };
    case 'dateRange': return { api: { from: s.from, to: s.to }, sql: { a: s.from, b: s.to } };
    case 'noteNo': return { api: { deliveryNoteNo: s.noteNo }, sql: { a: s.noteNo } };
  }
}

const qs = (p: Record<string, string>) => new URLSearchParams(p).toString();

/**
 * `tally(path)` measures a GET on the Tally server as OPS, `sql(path)` one on the baseline server; both
 * with the run's connections and duration.
 */
export async function queueRuns(schema: string, samples: QueueSamples,
  tally: (label: string, path: string) => Promise<Figures>, sql: (label: string, path: string) => Promise<Figures>): Promise<QueueFigure[]> {
  const out: QueueFigure[] = [];
  for (const filter of QUEUE_FILTER_KINDS) {
    const p = paramsOf(filter, samples);
    const t = await tally(`Tally: ops queue ?${filter}`, `/api/exceptions?limit=20&${qs(p.api)}`);
    const b = await sql(`baseline: SQL queue ?${filter}`, `/queue/pg?${qs({ schema, filter, ...p.sql })}`);
    const pick = (f: Figures) => ({ rate: Math.round(f.rate), p50: f.p50, p99: f.p99, non2xx: f.non2xx });
    out.push({ filter, tally: pick(t), sql: pick(b), p99Ratio: Math.round((t.p99 / Math.max(b.p99, 1)) * 100) / 100 });
  }
  return out;
}

/** The report's lines for the queue figures. */
export function queueReport(figures: QueueFigure[]): string[] {
  return figures.map((q) => `  ops queue ?${q.filter.padEnd(10)} Tally p99 ${String(q.tally.p99).padStart(4)} ms (${q.tally.rate}/s)  SQL p99 ${String(q.sql.p99).padStart(4)} ms (${q.sql.rate}/s)  = ${q.p99Ratio.toFixed(2)}×  (target ≤ 2×: ${q.p99Ratio <= 2 ? 'ok' : 'MISSED'})${q.tally.non2xx || q.sql.non2xx ? `  non-2xx ${q.tally.non2xx}/${q.sql.non2xx}` : ''}`);
}
