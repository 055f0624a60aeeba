/** Configuration from the environment (SPEC §8). */
import { dirname, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  sqliteFile: string;
  dataDir: string;
  adminPassword?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sqliteFile = resolve(env.TALLY_DB_FILE ?? './data/tally.db');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteFile,
    dataDir: resolve(env.TALLY_DATA_DIR ?? dirname(sqliteFile)),
    adminPassword: env.TALLY_ADMIN_PASSWORD || undefined,
  };
}
