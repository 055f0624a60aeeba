/** Sessions past their idle or absolute expiry, and failed-login counters past their window, are forgotten. */
import { forgetEndedSessions } from '../modules/auth/sessions.js';
import { forgetOldFailures } from '../modules/auth/throttle.js';
import type { Job } from './due.js';

export const sessionCleanupJob: Job = {
  name: 'sessionCleanup',
  run: async (jc) => {
    const now = jc.clock.now();
    const done = (await forgetEndedSessions(jc.db, now)) + (await forgetOldFailures(jc.db, now));
    return { done, skipped: 0, failed: 0 };
  },
};
