/**
 * Which of this version's migrations the database has applied, read from Kysely's bookkeeping table
 * (`kysely_migration`, in the connection's own schema on PostgreSQL). For `/readyz`: one small read,
 * no introspection and no migration lock.
 */
import { sql } from 'kysely';
import type { Db } from './create-db.js';
import { MIGRATION_NAMES } from './migrate.js';

export interface MigrationStatus {
  /** Known to this version, not applied yet: this version must not take traffic. */
  pending: string[];
  /** Applied, unknown to this version: a newer version migrated the database (a rolling upgrade). */
  ahead: string[];
  applied: number;
}

/** SQLite "no such table", PostgreSQL 42P01 undefined_table: nothing was ever migrated. */
const noTable = (e: unknown) => (e as { code?: string }).code === '42P01' || /no such table/i.test(String((e as Error)?.message));

export async function migrationStatus(db: Db, known: readonly string[] = MIGRATION_NAMES): Promise<MigrationStatus> {
  let names: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db.withoutPlugins());
    names = rows.map((r) => r.name);
  } catch (e) {
    if (!noTable(e)) throw e;
    names = [];
  }
  const applied = new Set(names);
  return { pending: known.filter((n) => !applied.has(n)), ahead: names.filter((n) => !known.includes(n)).sort(), applied: names.length };
}
