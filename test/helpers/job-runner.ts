/**
 * A stand-alone deadline worker for multi-process tests: what a server instance's scheduler does,
 * in its own process, against the database named by the environment, at a fixed "now".
 *
 *   TALLY_RUNNER_DB        JSON: {"databaseUrl", "pgSchema"} or {"sqliteFile"}
 *   TALLY_RUNNER_NOW       ISO time the jobs run at
 *   TALLY_RUNNER_START_AT  optional epoch ms to wait for, so several runners start together
 *   TALLY_RUNNER_BATCH     optional page size
 *
 * Runs passes until one finds nothing left to do, then prints its totals as one JSON line.
 */
import { tmpdir } from 'node:os';
import { createDb, type DbConfig } from '../../src/db/create-db.js';
import { runDueJobs, type JobReport } from '../../src/jobs/scheduler.js';

const cfg = JSON.parse(process.env.TALLY_RUNNER_DB ?? '{}') as DbConfig;
const now = process.env.TALLY_RUNNER_NOW!;
const handle = createDb({ ...cfg, poolSize: 4 });
const clock = { now: () => new Date(now) };
const startAt = Number(process.env.TALLY_RUNNER_START_AT ?? 0);
if (startAt > Date.now()) await new Promise((r) => setTimeout(r, startAt - Date.now()));

const totals: JobReport = {};
for (let pass = 0; pass < 100; pass++) {
  const report = await runDueJobs({
    db: handle.db, dialect: handle.dialect, clock, dataDir: tmpdir(),
    batchSize: process.env.TALLY_RUNNER_BATCH ? Number(process.env.TALLY_RUNNER_BATCH) : undefined,
  });
  let busy = 0;
  for (const [job, r] of Object.entries(report)) {
    const t = (totals[job] ??= { done: 0, skipped: 0, failed: 0 });
    t.done += r.done;
    t.skipped += r.skipped;
    t.failed += r.failed;
    busy += r.done + r.skipped + r.failed;
  }
  if (busy === 0) break;
  // rows skipped were locked by another instance: look again shortly
  if (Object.values(report).every((r) => r.done === 0)) await new Promise((r) => setTimeout(r, 50));
}
process.stdout.write(JSON.stringify(totals) + '\n');
await handle.close();
