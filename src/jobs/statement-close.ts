/**
 * Statement close (issue 14, docs/statements.md): from 00:00 on settings.statementCloseDay of month
 * M+1 (settings.timeZone), every merchant's months through M are closed — each merchant in its own
 * transaction, by the same closeMonthInTx as ops' close by hand. Due: a merchant with a line no
 * closed statement holds before M's end, or whose last closed month is before M (a balance to carry).
 * Another instance closing the same merchant at once waits on the month's claim, then finds it
 * closed (../modules/statements/service.ts): one snapshot either way.
 */
import { nowIso } from '../modules/shared/context.js';
import { inTransaction } from '../modules/shared/command.js';
import { loadSettings } from '../modules/settings/service.js';
import { closeMonthInTx } from '../modules/statements/service.js';
import { merchantsClosedBefore, merchantsWithPending } from '../modules/statements/repository.js';
import { lastDueMonth, monthBounds } from '../domain/statements.js';
import { systemCtx, type Job, type JobContext, type JobResult } from './due.js';

export const statementCloseJob: Job = {
  name: 'statementClose',
  async run(jc: JobContext): Promise<JobResult> {
    const settings = await loadSettings(jc.db);
    const month = lastDueMonth(nowIso(jc), settings, settings.timeZone);
    const merchants = [...new Set([
      ...(await merchantsWithPending(jc.db, monthBounds(month, settings.timeZone).end)),
      ...(await merchantsClosedBefore(jc.db, month)),
    ])].sort();
    const result: JobResult = { done: 0, skipped: 0, failed: 0 };
    const ctx = systemCtx(jc);
    for (const merchantId of merchants) {
      if (jc.signal?.aborted) break;
      try {
        const closed = await inTransaction(jc.db, (tx) => closeMonthInTx(tx, ctx, merchantId, month));
        if (closed.length) result.done++;
        else result.skipped++;
      } catch (e) {
        result.failed++;
        jc.log?.('statement close failed', { merchantId, month, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return result;
  },
};
