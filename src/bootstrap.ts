/** Opens the database, migrates it and makes sure the `admin` user exists. */
import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import type { Config } from './config.js';
import { insertUser } from './modules/admin/service.js';
import { systemClock } from './modules/shared/context.js';

export async function openDatabase(cfg: Config): Promise<DbHandle> {
  const handle = createDb({ databaseUrl: cfg.databaseUrl, sqliteFile: cfg.sqliteFile });
  await migrateToLatest(handle.db);
  return handle;
}

/** Creates `admin` on first start; returns the generated password when none was configured. */
export async function ensureAdmin(handle: DbHandle, password?: string): Promise<string | undefined> {
  const existing = await handle.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (existing) return undefined;
  const generated = password ? undefined : randomBytes(12).toString('base64url');
  await insertUser(handle.db, { clock: systemClock }, { username: 'admin', password: password ?? generated!, role: 'ADMIN' });
  return generated;
}
