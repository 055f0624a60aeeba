/** `npm start`: migrate, ensure the admin user, serve the API and the web app on PORT, run the jobs. */
import { loadConfig } from './config.js';
import { ensureAdmin, openDatabase } from './bootstrap.js';
import { buildApp } from './http/app.js';
import { configuredJobs, startScheduler } from './jobs/scheduler.js';
import { acquireSqliteLock, SecondWriterError, type SqliteLock } from './db/sqlite-lock.js';
import { systemClock } from './modules/shared/context.js';

const cfg = loadConfig();
// SQLite: one server per database file; a second one stops here with a clear message
let sqliteLock: SqliteLock | undefined;
if (!cfg.databaseUrl) {
  try {
    sqliteLock = acquireSqliteLock(cfg.sqliteFile);
  } catch (e) {
    if (!(e instanceof SecondWriterError)) throw e;
    console.error(`Tally cannot start: ${e.message}`);
    process.exit(1);
  }
}
const handle = await openDatabase(cfg);
const generated = await ensureAdmin(handle, cfg.adminPassword);
if (generated) {
  console.log(`\n  Created user "admin" with password: ${generated}\n  (shown once; set TALLY_ADMIN_PASSWORD to choose it)\n`);
}
const app = await buildApp({
  db: handle.db, dialect: handle.dialect, dataDir: cfg.dataDir, logger: true,
  allowPrivateWebhookDestinations: cfg.allowPrivateWebhookDestinations,
});
await app.listen({ port: cfg.port, host: cfg.host });
const where = cfg.databaseUrl ? 'PostgreSQL' : cfg.sqliteFile;
console.log(`Tally is serving on http://localhost:${cfg.port} (database: ${where}); API docs at /docs`);
if (cfg.allowPrivateWebhookDestinations) console.warn('TALLY_WEBHOOK_ALLOW_PRIVATE is on: webhooks may be sent to loopback and private addresses');
// deadlines (SPEC §6) and webhook deliveries: every instance may run them; each fires once (src/jobs/due.ts)
const scheduler = cfg.jobsIntervalMs > 0
  ? startScheduler({
    db: handle.db, dialect: handle.dialect, clock: systemClock, dataDir: cfg.dataDir,
    log: (msg, detail) => app.log.info(detail ?? {}, msg),
  }, cfg.jobsIntervalMs, configuredJobs(cfg))
  : undefined;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await scheduler?.stop();
    await handle.close();
    sqliteLock?.release();
    process.exit(0);
  });
}
