/**
 * Tally as `npm start` serves it (createDb, migrations, admin, buildApp) minus the request log and
 * the background job loops, on 127.0.0.1 and a free port. Prints `READY <port>`.
 * Env: DATABASE_URL + TALLY_PG_SCHEMA for PostgreSQL, else TALLY_DB_FILE; TALLY_ADMIN_PASSWORD.
 */
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// BENCH_TALLY_SRC: another copy of src/ (e.g. before a fix), for before/after figures from one harness
const src = process.env.BENCH_TALLY_SRC ? pathToFileURL(resolve(process.env.BENCH_TALLY_SRC)).href : new URL('../src', import.meta.url).href;
const { createDb } = await import(`${src}/db/create-db.js`) as typeof import('../src/db/create-db.js');
const { migrateToLatest } = await import(`${src}/db/migrate.js`) as typeof import('../src/db/migrate.js');
const { ensureAdmin } = await import(`${src}/bootstrap.js`) as typeof import('../src/bootstrap.js');
const { buildApp } = await import(`${src}/http/app.js`) as typeof import('../src/http/app.js');

const url = process.env.DATABASE_URL || undefined;
const schema = process.env.TALLY_PG_SCHEMA || undefined;
const file = process.env.TALLY_DB_FILE ?? './data/bench.db';
const handle = createDb(url ? { databaseUrl: url, pgSchema: schema } : { sqliteFile: file });
await migrateToLatest(handle.db, url ? schema : undefined);
await ensureAdmin(handle, process.env.TALLY_ADMIN_PASSWORD ?? 'bench-admin-password');
const app = await buildApp({ db: handle.db, dialect: handle.dialect, dataDir: process.env.TALLY_DATA_DIR ?? dirname(file), logger: false });
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const addr = app.server.address();
console.log(`READY ${typeof addr === 'object' && addr ? addr.port : 0}`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await app.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
