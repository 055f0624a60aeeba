/**
 * `npm start`: migrate, ensure the admin user, serve the API and the web app on PORT, run the jobs.
 * SIGTERM / SIGINT stop it within TALLY_SHUTDOWN_SECONDS (docs/deploy.md): /readyz answers 503, no
 * new connection is accepted, requests in flight finish, the job loop stops at its next row, then
 * the database pools close and the process exits 0 — or 1, naming what was still running.
 */
import { loadConfig } from './config.js';
import { ensureAdmin, openDatabase, openReadReplica, prepareSecrets } from './bootstrap.js';
import { buildApp } from './http/app.js';
import { openPhotoStore } from './modules/photos/storage.js';
import { configuredJobs, startScheduler } from './jobs/scheduler.js';
import { acquireSqliteLock, SecondWriterError, type SqliteLock } from './db/sqlite-lock.js';
import { systemClock } from './modules/shared/context.js';
import { Lifecycle } from './http/lifecycle.js';
import { listenMetrics } from './http/metrics-port.js';
import { stopWithin, type StopPart } from './shutdown.js';

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
// photos: the bucket when TALLY_S3_BUCKET is set, else <dataDir>/photos/
const photos = openPhotoStore(cfg);
const lifecycle = new Lifecycle();
// DATABASE_READ_URL: lists, details, counts, the dashboard and exports read from it (docs/deploy.md)
let logReads = (msg: string, _level: 'info' | 'warn') => console.warn(msg); // the app's log once it exists
const reads = openReadReplica(cfg, handle, (msg, level) => logReads(msg, level));
const app = await buildApp({
  db: handle.db, dialect: handle.dialect, dataDir: cfg.dataDir, photos, logger: true,
  allowPrivateWebhookDestinations: cfg.allowPrivateWebhookDestinations, trustProxy: cfg.trustProxy,
  secrets: secrets.box, lifecycle, processMetrics: true, readReplica: reads && { replica: reads.replica },
});
logReads = (msg, level) => app.log[level](msg);
await reads?.replica.start();
await app.listen({ port: cfg.port, host: cfg.host });
const where = cfg.databaseUrl ? `PostgreSQL${reads ? ', reads on DATABASE_READ_URL' : ''}` : cfg.sqliteFile;
console.log(`Tally is serving on http://localhost:${cfg.port} (database: ${where}; photos: ${photos.describe}); API docs at /docs`);
const metricsPort = cfg.metricsPort === undefined ? undefined
  : await listenMetrics(app.metrics, cfg.metricsPort, cfg.metricsHost, (msg, err) => app.log.error({ err }, msg));
if (metricsPort) console.log(`Metrics without login on http://${cfg.metricsHost}:${metricsPort.port}/metrics`);
if (cfg.allowPrivateWebhookDestinations) console.warn('TALLY_WEBHOOK_ALLOW_PRIVATE is on: webhooks may be sent to loopback and private addresses');
// deadlines (SPEC §6) and webhook deliveries: every instance may run them; each fires once (src/jobs/due.ts)
const scheduler = cfg.jobsIntervalMs > 0
  ? startScheduler({
    db: handle.db, dialect: handle.dialect, clock: systemClock, dataDir: cfg.dataDir, photos,
    log: (msg, detail) => app.log.info(detail ?? {}, msg),
  }, cfg.jobsIntervalMs, configuredJobs({ ...cfg, webhookSecrets: secrets.box }))
  : undefined;
lifecycle.scheduler = scheduler;

const inFlight = () => {
  const reqs = lifecycle.describeInFlight();
  return reqs.length ? [`${reqs.length} request(s) in flight: ${reqs.join(', ')}`] : [];
};
const phases: StopPart[][] = [
  [
    { name: 'http', stop: () => app.close(), busy: inFlight },
    ...(metricsPort ? [{ name: 'metrics port', stop: () => metricsPort.close() }] : []),
    ...(scheduler ? [{ name: 'jobs', stop: () => scheduler.stop(), busy: () => { const job = scheduler.stats().running; return job ? [`job ${job}`] : []; } }] : []),
  ],
  [{ name: 'database', stop: () => handle.close() }, ...(reads ? [{ name: 'read replica', stop: () => reads.close() }] : [])],
];

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) {
      console.error(`Tally: ${signal} again while stopping; exiting now`);
      process.exit(1);
    }
    stopping = true;
    lifecycle.shuttingDown = true; // /readyz: 503 from now on
    app.log.info({ signal, inFlight: lifecycle.inFlight.size, boundSeconds: cfg.shutdownSeconds }, 'stopping');
    const outcome = await stopWithin(phases, cfg.shutdownSeconds * 1000);
    if (outcome.ok) {
      console.log(`Tally stopped (${signal}) in ${outcome.ms} ms`);
    } else {
      app.log.error({ signal }, `shutdown: ${outcome.reason}`);
      console.error(`Tally ${outcome.reason}`);
    }
    sqliteLock?.release();
    process.exit(outcome.ok ? 0 : 1);
  });
}
