/**
 * The rollup fold (../modules/performance/fold.ts): the event log after the cursor, folded into
 * the daily rollups exactly once, batch by batch, each batch one transaction holding the cursor row
 * (FOR UPDATE: a second instance waits, then finds those events folded). `done` counts events folded.
 */
import { foldBatch } from '../modules/performance/fold.js';
import type { Job } from './due.js';

export const rollupsJob: Job = {
  name: 'rollups',
  async run(jc) {
    const limit = Math.max(jc.batchSize ?? 500, 1);
    let done = 0;
    for (;;) {
      if (jc.signal?.aborted) break;
      const n = await foldBatch(jc.db, jc.dialect, limit, jc.clock.now());
      done += n;
      if (n < limit) break;
    }
    return { done, skipped: 0, failed: 0 };
  },
};
