/** Runs the frozen, date-prefixed migrations in order; used on start and by `npm run migrate`. */
import { Migrator, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import * as core from './migrations/2026_11_26_0001_core.js';
import * as jobs from './migrations/2026_11_26_0002_jobs.js';
import * as notifications from './migrations/2026_11_26_0003_notifications.js';
import * as perf from './migrations/2026_11_26_0004_perf.js';
import * as exceptionCounts from './migrations/2026_11_26_0005_exception_counts.js';
import * as documentNumbers from './migrations/2026_12_02_0006_document_numbers.js';

const MIGRATIONS: Record<string, Migration> = {
  '2026_11_26_0001_core': core,
  '2026_11_26_0002_jobs': jobs,
  '2026_11_26_0003_notifications': notifications,
  '2026_11_26_0004_perf': perf,
  '2026_11_26_0005_exception_counts': exceptionCounts,
  '2026_12_02_0006_document_numbers': documentNumbers,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** `schema`: the PostgreSQL schema to keep Kysely's bookkeeping in (tests run one schema per suite). */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  // Migrations speak snake_case SQL, so they run on a plain Kysely without the camel-case plugin.
  const migrator = new Migrator({
    db: db.withoutPlugins(), provider, ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
