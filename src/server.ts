/** `npm start`: migrate, ensure the admin user, serve the API and the web app on PORT, run the jobs. */
import { loadConfig } from './config.js';
import { ensureAdmin, openDatabase, prepareSecrets } from './bootstrap.js';
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
// webhook secrets are encrypted with TALLY_SECRET_KEY, or with <dataDir>/secret.key (created on first start)
const secrets = await prepareSecrets(handle, cfg);
if (secrets.created) console.log(`Created the secret key ${secrets.file}: back it up with the database (webhook secrets cannot be read without it)`);
if (secrets.sealed) console.log(`Encrypted ${secrets.sealed} webhook secret(s) an earlier version stored in plaintext`);
if (secrets.unreadable) {
  console.warn(`${secrets.unreadable} webhook secret(s) were encrypted with another key than this server's (TALLY_SECRET_KEY or secret.key changed?): `
    + 'their deliveries fail until that key is back or the merchants rotate the secrets');
}
const app = await buildApp({
  db: handle.db, dialect: handle.dialect, dataDir: cfg.dataDir, logger: true,
  allowPrivateWebhookDestinations: cfg.allowPrivateWebhookDestinations, trustProxy: cfg.trustProxy,
  secrets: secrets.box,
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
  }, cfg.jobsIntervalMs, configuredJobs({ ...cfg, webhookSecrets: secrets.box }))
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
