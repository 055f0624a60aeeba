/** Opens the database, migrates it and makes sure the `admin` user exists. */
import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { ReadReplica } from './db/read-replica.js';
import type { Config } from './config.js';
import { insertUser } from './modules/admin/service.js';
import { systemClock } from './modules/shared/context.js';
import { sealLegacyWebhookSecrets, secretsUnderOtherKeys } from './modules/webhooks/secrets.js';
import { openSecrets, type OpenedSecrets } from './security/secret-key.js';
import { AppError } from './domain/errors.js';
import { isUniqueViolation } from './modules/policies/repository.js';

export async function openDatabase(cfg: Config): Promise<DbHandle> {
  const handle = createDb({ databaseUrl: cfg.databaseUrl, sqliteFile: cfg.sqliteFile });
  await migrateToLatest(handle.db);
  return handle;
}

/**
 * The read replica of DATABASE_READ_URL (src/http/read-routing.ts), not probed yet (`replica.start()`);
 * undefined without one, and on SQLite, which has none (said once in the log).
 */
export function openReadReplica(cfg: Config, primary: DbHandle, log: (msg: string, level: 'info' | 'warn') => void): { replica: ReadReplica; close(): Promise<void> } | undefined {
  if (!cfg.readDatabaseUrl) return undefined;
  if (primary.dialect !== 'postgres') {
    log('DATABASE_READ_URL is ignored: Tally runs on SQLite here (no DATABASE_URL), which has no read replicas; every read goes to the one database', 'warn');
    return undefined;
  }
  const handle = createDb({ databaseUrl: cfg.readDatabaseUrl });
  const replica = new ReadReplica(primary.db, handle.db, { maxLagMs: cfg.readMaxLagMs, checkMs: cfg.readCheckMs, log });
  return { replica, close: async () => { replica.stop(); await handle.close(); } };
}

/**
 * Creates `admin` on first start; returns the generated password when none was configured. Several
 * instances starting together on a fresh database race here: one creates it, the others find it
 * taken (USERNAME_TAKEN, or the unique index when both passed the check) and carry on.
 */
export async function ensureAdmin(handle: DbHandle, password?: string): Promise<string | undefined> {
  const existing = await handle.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (existing) return undefined;
  const generated = password ? undefined : randomBytes(15).toString('base64url');
  try {
    await insertUser(handle.db, { clock: systemClock }, { username: 'admin', password: password ?? generated!, role: 'ADMIN' });
  } catch (e) {
    if ((e instanceof AppError && e.code === 'USERNAME_TAKEN') || isUniqueViolation(e)) return undefined;
    // the one password policy holds for the bootstrap admin too
    if (e instanceof AppError && e.code === 'WEAK_PASSWORD') throw new Error(`TALLY_ADMIN_PASSWORD is not accepted: ${e.detail}`);
    throw e;
  }
  return generated;
}

/**
 * The key webhook secrets are encrypted with — TALLY_SECRET_KEY, or `<dataDir>/secret.key` created
 * on first start — with every secret an earlier version stored in plaintext encrypted under it now.
 * `unreadable`: endpoints whose secret another key sealed (the key changed or was lost).
 */
export async function prepareSecrets(handle: DbHandle, cfg: Config): Promise<OpenedSecrets & { sealed: number; unreadable: number }> {
  const opened = openSecrets({ secretKey: cfg.secretKey, dataDir: cfg.dataDir });
  const sealed = await sealLegacyWebhookSecrets(handle.db, opened.box);
  return { ...opened, sealed, unreadable: await secretsUnderOtherKeys(handle.db, opened.box) };
}
