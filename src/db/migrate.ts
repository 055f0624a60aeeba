/** Runs the frozen, date-prefixed migrations in order; used on start and by `npm run migrate`. */
import {
  Migrator, sql, type DatabaseIntrospector, type Kysely, type Migration, type MigrationProvider,
  type TableMetadata,
} from 'kysely';
import { dialectOf } from './dialect.js';
import { ownTables } from './own-tables.js';
import * as core from './migrations/2026_11_26_0001_core.js';
import * as jobs from './migrations/2026_11_26_0002_jobs.js';
import * as notifications from './migrations/2026_11_26_0003_notifications.js';
import * as perf from './migrations/2026_11_26_0004_perf.js';
import * as exceptionCounts from './migrations/2026_11_26_0005_exception_counts.js';
import * as documentNumbers from './migrations/2026_12_02_0006_document_numbers.js';
import * as security from './migrations/2026_12_03_0007_security.js';
import * as webhookSecrets from './migrations/2026_12_03_0008_webhook_secrets.js';
import * as readAfterLsn from './migrations/2026_12_04_0009_read_after_lsn.js';
import * as performance from './migrations/2026_12_04_0010_performance.js';
import * as listIndexes from './migrations/2026_12_04_0011_list_indexes.js';
import * as disputes from './migrations/2026_12_05_0013_disputes.js';
import * as fees from './migrations/2026_12_07_0014_fees.js';

const MIGRATIONS: Record<string, Migration> = {
  '2026_11_26_0001_core': core,
  '2026_11_26_0002_jobs': jobs,
  '2026_11_26_0003_notifications': notifications,
  '2026_11_26_0004_perf': perf,
  '2026_11_26_0005_exception_counts': exceptionCounts,
  '2026_12_02_0006_document_numbers': documentNumbers,
  '2026_12_03_0007_security': security,
  '2026_12_03_0008_webhook_secrets': webhookSecrets,
  '2026_12_04_0009_read_after_lsn': readAfterLsn,
  '2026_12_04_0010_performance': performance,
  '2026_12_04_0011_list_indexes': listIndexes,
  '2026_12_05_0013_disputes': disputes,
  '2026_12_07_0014_fees': fees,
};

/** The migrations this version knows, in order (`/readyz` compares them with what the database has applied). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * What the migrator needs to know on PostgreSQL — does its schema exist, which tables does that
 * schema hold — asked of that one schema. Kysely's own introspector reads every schema in the
 * catalog and calls `has_schema_privilege(name, …)` on each, which fails with "schema … does not
 * exist" when another schema is dropped while it runs (another tenant's, another test suite's).
 */
function schemaIntrospector(db: Kysely<any>, schema: string | undefined): DatabaseIntrospector {
  const target = schema === undefined ? sql<string>`current_schema()` : sql<string>`${schema}`;
  const introspector: DatabaseIntrospector = {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${target}`.execute(db);
      return rows;
    },
    async getTables(): Promise<TableMetadata[]> {
      return (await ownTables(db, schema)).map((t) => ({ ...t, columns: [] }));
    },
    async getMetadata() { return { tables: await introspector.getTables() }; },
  };
  return introspector;
}

/** `db` with `introspection` answered by `introspector`; everything else is `db`'s own. */
function withIntrospector(db: Kysely<any>, introspector: DatabaseIntrospector): Kysely<any> {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspector;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `schema`: the PostgreSQL schema to keep Kysely's bookkeeping in (tests run one schema per suite). */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  // Migrations speak snake_case SQL, so they run on a plain Kysely without the camel-case plugin.
  const plain = db.withoutPlugins();
  const migratorDb = dialectOf(plain) === 'postgres'
    ? withIntrospector(plain, schemaIntrospector(plain, schema)) : plain;
  const migrator = new Migrator({
    db: migratorDb, provider, ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
