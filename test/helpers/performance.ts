/** Rollups, the rebuild and coaching, run directly on a test environment's database. */
import { foldEvents, rebuildRollups } from '../../src/modules/performance/fold.js';
import { allRollups } from '../../src/modules/performance/repository.js';
import { coachingJob } from '../../src/jobs/coaching.js';
import { rollupsJob } from '../../src/jobs/rollups.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import type { TestEnv } from './app.js';
import { fixedClock } from './deadlines.js';

export const fold = (e: TestEnv) => foldEvents(e.db.handle.db, e.dialect);
export const rebuild = (e: TestEnv) => rebuildRollups(e.db.handle.db, e.dialect);
export const rollupRows = (e: TestEnv) => allRollups(e.db.handle.db);

/** The fold, then the coaching job, as a scheduler pass at `iso` would run them. */
export const performanceJobsAt = (e: TestEnv, iso: string) =>
  runDueJobs({ db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(iso), dataDir: e.db.dataDir }, [rollupsJob, coachingJob]);
