/**
 * Coaching levels, daily (../modules/performance/coaching.ts): every merchant × exception type is
 * evaluated for each closed day (platform time zone) after the last one it was evaluated for. Each
 * row in its own transaction, claimed FOR UPDATE SKIP LOCKED (./due.ts) and advanced by a
 * conditional update, so of several instances one evaluates each merchant × type × day, once.
 * `done` counts the days evaluated. Runs after the rollup fold in JOBS, and evaluates no day after the
 * one before the fold last ran (a fold that fails holds coaching back instead of feeding it stale days).
 */
import type { ExceptionType } from '../domain/catalog.js';
import { addDays, dayOf } from '../domain/performance/days.js';
import { ensureCoachingRows, dueCoachingRows, evaluateCoachingRow, lastClosedDay } from '../modules/performance/coaching.js';
import { foldedAt } from '../modules/performance/repository.js';
import { inTransaction } from '../modules/shared/command.js';
import { loadSettings } from '../modules/settings/service.js';
import type { Job, JobResult } from './due.js';

export const coachingJob: Job = {
  name: 'coaching',
  async run(jc) {
    const now = jc.clock.now();
    const timeZone = (await loadSettings(jc.db)).timeZone;
    // never a day the fold has not finished: up to the day before the fold last ran (it runs just before, in JOBS)
    const folded = await foldedAt(jc.db);
    const closed = lastClosedDay(now, timeZone);
    const foldedThrough = addDays(dayOf(folded, timeZone), -1);
    const through = foldedThrough < closed ? foldedThrough : closed;
    await inTransaction(jc.db, (tx) => ensureCoachingRows(tx, timeZone, now.toISOString()));
    const result: JobResult = { done: 0, skipped: 0, failed: 0 };
    const limit = jc.batchSize ?? 100;
    let after: { merchantId: string; exceptionType: string } | null = null;
    for (;;) {
      const rows = await dueCoachingRows(jc.db, through, after, limit);
      for (const r of rows) {
        if (jc.signal?.aborted) return result;
        try {
          const days = await inTransaction(jc.db, (tx) => evaluateCoachingRow(tx, jc.dialect, jc.clock, r.merchantId, r.exceptionType as ExceptionType, through));
          if (days) result.done += days;
          else result.skipped++;
        } catch (e) {
          result.failed++;
          jc.log?.(`job coaching: ${r.merchantId}/${r.exceptionType} failed; it stays due`, { error: e instanceof Error ? e.message : String(e) });
        }
      }
      if (rows.length < limit) return result;
      after = rows[rows.length - 1];
    }
  },
};
