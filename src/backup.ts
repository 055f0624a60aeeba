/**
 * `npm run backup -- <file>` · `npm run restore -- <file>`: the embedded SQLite database (TALLY_DB_FILE).
 *
 * Backup is online: it may run while the server serves and writes. SQLite's backup API
 * (better-sqlite3 `db.backup()`) copies every page in one step, inside one read transaction, so the
 * copy is the database as of one instant — every write acknowledged before the backup began is in
 * it — and the server's writers are not blocked (WAL: readers never block writers; a copy made in
 * small steps would start over at each of the server's commits). The copy is written beside the
 * target as `<file>.partial-<pid>`, turned into a single self-contained file (journal mode DELETE),
 * checked with `PRAGMA integrity_check`, and only then renamed to `<file>`.
 *
 * Restore refuses while a server holds the database (its `<file>.lock`, src/db/sqlite-lock.ts) and
 * holds that lock itself meanwhile, so no server starts half-way. It checks the backup first, keeps
 * the current database as `<db>.before-restore`, copies the backup in with the same API (the
 * database's WAL is taken care of by SQLite) and checks the result.
 *
 * Neither covers what lives beside the database: `<dataDir>/photos/` and `<dataDir>/secret.key` (or
 * TALLY_SECRET_KEY), without which webhook secrets cannot be read. PostgreSQL: pg_dump or
 * PITR (docs/deploy.md).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { loadConfig } from './config.js';
import { acquireSqliteLock, SecondWriterError } from './db/sqlite-lock.js';

/** Pages per backup step: all of them at once (better-sqlite3 takes at most 2^31 − 1). */
const ALL_PAGES = 0x7fffffff;

class Refused extends Error {}

interface Checked { pages: number; tables: number }

/** integrity_check is `ok` and the file has Tally's tables. */
function check(file: string, readonly: boolean): Checked {
  const db = new SQLite(file, { readonly, fileMustExist: true });
  try {
    const result = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (result.length !== 1 || result[0] !== 'ok') throw new Refused(`integrity_check of ${file} failed: ${result.slice(0, 5).join('; ')}`);
    const tables = (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    if (!tables.includes('kysely_migration') || !tables.includes('users')) throw new Refused(`${file} is not a Tally database (no kysely_migration or users table)`);
    return { pages: Number(db.pragma('page_count', { simple: true })), tables: tables.length };
  } finally {
    db.close();
  }
}

/** A consistent copy of `from` at `to` (replaced whole), in one step. */
async function copy(from: string, to: string, opts: { readonly: boolean }): Promise<void> {
  const src = new SQLite(from, { readonly: opts.readonly, fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    await src.backup(to, { progress: () => ALL_PAGES });
  } finally {
    src.close();
  }
}

export async function backup(dbFile: string, target: string): Promise<Checked> {
  if (!existsSync(dbFile)) throw new Refused(`There is no database at ${dbFile} (TALLY_DB_FILE)`);
  if (resolve(target) === resolve(dbFile)) throw new Refused('The backup cannot be the database itself');
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    await copy(dbFile, partial, { readonly: false });
    const db = new SQLite(partial);
    try { db.pragma('journal_mode = DELETE'); } finally { db.close(); }
    const checked = check(partial, true);
    renameSync(partial, target);
    return checked;
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

export async function restore(dbFile: string, source: string): Promise<Checked & { previous?: string }> {
  if (!existsSync(source)) throw new Refused(`There is no backup at ${source}`);
  check(source, true);
  let lock;
  try {
    lock = acquireSqliteLock(dbFile);
  } catch (e) {
    if (!(e instanceof SecondWriterError)) throw e;
    throw new Refused(`A Tally server (pid ${e.pid}) is using ${dbFile}. Stop it first — kill -TERM ${e.pid} (or stop its service): `
      + 'it finishes the requests in flight and exits — then run the restore again.');
  }
  try {
    let previous: string | undefined;
    if (existsSync(dbFile)) {
      previous = `${dbFile}.before-restore`;
      rmSync(previous, { force: true });
      await copy(dbFile, previous, { readonly: false });
    }
    await copy(source, dbFile, { readonly: true });
    const db = new SQLite(dbFile);
    try { db.pragma('journal_mode = WAL'); } finally { db.close(); }
    return { ...check(dbFile, false), previous };
  } finally {
    lock.release();
  }
}

async function main(): Promise<number> {
  const [command, file] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !file) {
    console.error('Usage: npm run backup -- <file>  |  npm run restore -- <file>');
    return 2;
  }
  const cfg = loadConfig();
  if (cfg.databaseUrl) {
    console.error('DATABASE_URL is set: back PostgreSQL up with pg_dump, or base backups and WAL archiving for point-in-time recovery (docs/deploy.md)');
    return 2;
  }
  const target = resolve(file);
  try {
    if (command === 'backup') {
      if (!existsSync(dirname(target))) throw new Refused(`The folder ${dirname(target)} does not exist`);
      const r = await backup(cfg.sqliteFile, target);
      console.log(`Backed up ${cfg.sqliteFile} to ${target}: ${r.pages} pages, ${r.tables} tables, integrity_check ok.`);
      console.log(`Keep with it ${cfg.secretKey ? 'TALLY_SECRET_KEY' : join(cfg.dataDir, 'secret.key')} (webhook secrets) and the photos in ${cfg.s3 ? `the bucket ${cfg.s3.bucket}` : join(cfg.dataDir, 'photos')}.`);
    } else {
      const r = await restore(cfg.sqliteFile, target);
      console.log(`Restored ${target} into ${cfg.sqliteFile}: ${r.pages} pages, integrity_check ok.`
        + (r.previous ? ` The database it replaced is kept as ${r.previous}.` : ''));
      console.log('Start the server: it applies the migrations the backup lacks.');
    }
    return 0;
  } catch (e) {
    console.error(`${command} failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
