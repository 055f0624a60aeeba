/**
 * Tally as `npm start` serves it (createDb, migrations, admin, buildApp) minus the request log and
 * the background job loops, on 127.0.0.1 and a free port. Prints `READY <port>`.
 * Env: DATABASE_URL + TALLY_PG_SCHEMA for PostgreSQL, else TALLY_DB_FILE; TALLY_ADMIN_PASSWORD.
 * bench/run.ts adds `application_name=tally-bench` to DATABASE_URL, so its wait-event sampler can
 * tell this server's backends from everyone else's (no change in src/: the pool takes the URL as is).
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// BENCH_TALLY_SRC: another copy of src/ (e.g. before a fix), for before/after figures from one harness
const src = process.env.BENCH_TALLY_SRC ? pathToFileURL(resolve(process.env.BENCH_TALLY_SRC)).href : new URL('../src', import.meta.url).href;
const { createDb } = await import(`${src}/db/create-db.js`) as typeof import('../src/db/create-db.js');
const { migrateToLatest } = await import(`${src}/db/migrate.js`) as typeof import('../src/db/migrate.js');
const { ensureAdmin } = await import(`${src}/bootstrap.js`) as typeof import('../src/bootstrap.js');
const { buildApp } = await import(`${src}/http/app.js`) as typeof import('../src/http/app.js');
const { RowsConnection } = await import(`${src}/db/sqlite-rows.js`) as typeof import('../src/db/sqlite-rows.js');

const url = process.env.DATABASE_URL || undefined;
const schema = process.env.TALLY_PG_SCHEMA || undefined;
const file = process.env.TALLY_DB_FILE ?? './data/bench.db';
const handle = createDb(url ? { databaseUrl: url, pgSchema: schema } : { sqliteFile: file });
await migrateToLatest(handle.db, url ? schema : undefined);
await ensureAdmin(handle, process.env.TALLY_ADMIN_PASSWORD ?? 'bench-admin-password');
const app = await buildApp({ db: handle.db, dialect: handle.dialect, dataDir: process.env.TALLY_DATA_DIR ?? dirname(file), logger: false });
if (handle.dialect === 'sqlite') await timeStatements();
else await countPgStatements();
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const addr = app.server.address();
console.log(`READY ${typeof addr === 'object' && addr ? addr.port : 0}`);

/**
 * SQLite's own time per answer, the floor under every figure: the wall time of each statement on the
 * connection (commits and savepoints included; better-sqlite3 runs them synchronously, so it is
 * this thread's time in SQLite). `GET /__bench/sql` answers the totals since the last call and resets.
 */
async function timeStatements(): Promise<void> {
  const totals = { statements: 0, ns: 0n };
  const execute = RowsConnection.prototype.executeQuery;
  RowsConnection.prototype.executeQuery = function timed(this: InstanceType<typeof RowsConnection>, query) {
    const t0 = process.hrtime.bigint();
    try {
      return execute.call(this, query);
    } finally {
      totals.statements++;
      totals.ns += process.hrtime.bigint() - t0;
    }
  } as typeof execute;
  app.get('/__bench/sql', { schema: { hide: true }, config: { public: true } }, async () => {
    const out = { statements: totals.statements, ms: Number(totals.ns) / 1e6 };
    totals.statements = 0;
    totals.ns = 0n;
    return out;
  });
}

/**
 * PostgreSQL: every statement sent is a round trip, so count them all — BEGIN, COMMIT, ROLLBACK and
 * savepoints included (Kysely sends each through `client.query`). Patched on `pg.Client.prototype` of
 * the `pg` that the served src/ resolves (with `--src` that may be another copy), so the pool's clients
 * are covered whenever they were made. `pgMs` sums each statement's wall time from sending to its
 * result: PostgreSQL's work plus its lock and I/O waits, the socket and this process's event-loop delay
 * — not CPU, and overlapping across the pool's connections. `GET /__bench/sql` answers
 * `{ statements, pgMs }` since the last call and resets.
 */
async function countPgStatements(): Promise<void> {
  const pgOfSrc = createRequire(`${src}/db/create-db.js`)('pg') as typeof import('pg');
  const totals = { statements: 0, ns: 0n };
  const proto = pgOfSrc.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  // BENCH_PG_NAMED=1 (an experiment, not how src/ runs): statements with parameters as named prepared
  // statements, one name per distinct text, so PostgreSQL parses and plans each text once per connection
  const names = new Map<string, string>();
  const named = process.env.BENCH_PG_NAMED === '1';
  proto.query = function counted(this: unknown, ...args: unknown[]) {
    totals.statements++;
    if (named && typeof args[0] === 'string' && Array.isArray(args[1]) && names.size < 2000) {
      let name = names.get(args[0]);
      if (!name) names.set(args[0], (name = `b${names.size}`));
      args = [{ name, text: args[0], values: args[1] }, ...args.slice(2)];
    }
    const t0 = process.hrtime.bigint();
    const done = () => { totals.ns += process.hrtime.bigint() - t0; };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (...r: unknown[]) => unknown;
      args[last] = (...r: unknown[]) => { done(); return cb(...r); };
      return query.apply(this, args);
    }
    const out = query.apply(this, args) as { then?: (a: () => void, b: () => void) => unknown } | undefined;
    if (out && typeof out.then === 'function') out.then(done, done);
    return out;
  };
  app.get('/__bench/sql', { schema: { hide: true }, config: { public: true } }, async () => {
    const out = { statements: totals.statements, pgMs: Number(totals.ns) / 1e6 };
    totals.statements = 0;
    totals.ns = 0n;
    return out;
  });
}

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
