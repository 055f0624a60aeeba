/**
 * The tables of the database's own schema (PostgreSQL: `current_schema()` or the one named; SQLite:
 * the file), asked without scanning other schemas. `information_schema.tables` and Kysely's
 * introspector call privilege functions on every schema's rows, which fail with "schema … does not
 * exist" when another schema is dropped during the scan (a tenant's, another test suite's).
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';

export async function ownTables(db: Kysely<any>, schema?: string): Promise<{ name: string; schema: string; isView: boolean }[]> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ name: string; type: string }>`
      select name, type from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'`.execute(db);
    return rows.map((r) => ({ name: r.name, schema: 'main', isView: r.type === 'view' }));
  }
  const target = schema === undefined ? sql<string>`current_schema()` : sql<string>`${schema}`;
  const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
    select c.relname as name, ns.nspname as schema, c.relkind = 'v' as is_view
    from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
    where ns.nspname = ${target} and c.relkind in ('r', 'p', 'v')`.execute(db);
  return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.is_view }));
}
