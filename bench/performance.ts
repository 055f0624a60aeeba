/**
 * Issue 13's benchmark cases (bench/run.ts wires them in, `--only=scorecard,export`):
 * - `buildRollups`: the bulk load writes documents without events, so the rollups are rebuilt from
 *   them — the same function as `npm run rollups -- --rebuild` (src/modules/performance/fold.ts).
 * - `scorecard`: the merchant's scorecard GET (90 days, read from the rollups) against the merchant
 *   list GET measured in the same run; the issue wants its p99 ≤ 2× the list's.
 * - `export`: every exception as CSV and as XLSX (ops: the whole table), streamed to this process:
 *   rows/s, and the server's RSS growth sampled from /proc every 50 ms; the issue wants ≥ 50k rows/s
 *   with < 100 MB growth at 1M.
 */
import { readFileSync } from 'node:fs';
import { createDb } from '../src/db/create-db.js';
import { rebuildRollups } from '../src/modules/performance/fold.js';
import type { Figures } from './load.js';
import type { Target } from './rawdb.js';

/** Rebuilds the rollups of the loaded world; documents summed and seconds taken. */
export async function buildRollups(target: Target): Promise<{ documents: number; seconds: number }> {
  const handle = createDb(target.dialect === 'sqlite' ? { sqliteFile: target.file } : { databaseUrl: target.url, pgSchema: target.schema, poolSize: 2 });
  const t0 = Date.now();
  try {
    const documents = await rebuildRollups(handle.db, handle.dialect);
    return { documents, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await handle.close();
  }
}

export interface ScorecardFigure {
  scorecardP99: number;
  listP99: number;
  /** The scorecard's p99 ÷ the list's (the issue: ≤ 2). */
  p99Ratio: number;
  target: number;
  pass: boolean;
}

export function scorecardFigure(scorecard: Figures, list: Figures): ScorecardFigure {
  const p99Ratio = Math.round((scorecard.p99 / Math.max(list.p99, 1)) * 100) / 100;
  return { scorecardP99: scorecard.p99, listP99: list.p99, p99Ratio, target: 2, pass: p99Ratio <= 2 };
}

export interface ExportFigure {
  format: 'csv' | 'xlsx';
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  /** The targets: ≥ 50k rows/s, < 100 MB growth. */
  pass: boolean;
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
};

/** One streamed export, read to its end; CSV rows counted from its lines (less the header), XLSX's given. */
export async function exportRun(url: string, pid: number, token: string, format: 'csv' | 'xlsx', expectedRows: number): Promise<ExportFigure> {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(pid)); }, 50);
  const t0 = Date.now();
  let bytes = 0;
  let lines = 0;
  try {
    const res = await fetch(`${url}/api/exceptions/export?format=${format}&lang=en-US`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`export ${format}: HTTP ${res.status} ${await res.text()}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (format === 'csv') for (const b of chunk) if (b === 10) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, rssMb(pid));
  const seconds = (Date.now() - t0) / 1000;
  // CSV: a row per line less the header (a remark with a line break would count twice; the bench's have none)
  const rows = format === 'csv' ? lines - 1 : expectedRows;
  const rowsPerSecond = Math.round(rows / seconds);
  return { format, rows, bytes, seconds, rowsPerSecond, rssBeforeMb: before, rssPeakMb: peak, rssGrowthMb: peak - before, pass: rowsPerSecond >= 50_000 && peak - before < 100 };
}
