/** Idempotency keys protect retries for a day; older ones are forgotten so the table stays small. */
import type { Job } from './due.js';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const idempotencyCleanupJob: Job = {
  name: 'idempotencyCleanup',
  run: async (jc) => {
    const before = new Date(jc.clock.now().getTime() - IDEMPOTENCY_TTL_SECONDS * 1000).toISOString();
    const res = await jc.db.deleteFrom('idempotencyKeys').where('createdAt', '<', before).executeTakeFirst();
    return { done: Number(res.numDeletedRows), skipped: 0, failed: 0 };
  },
};
