/**
 * Every documented list filter answered from an index at any table size (frozen once landed); found by
 * `EXPLAIN` of each filter at 100k rows (test/api/list-plans.test.ts).
 *
 * - The exception queue's type, subtype and plan filters get `(column, id)` B-trees like status, merchant
 *   and warehouse have: the list is ordered by id, so a page is read from the index in order. Without
 *   them a rare value (a plan nobody used yet) read the whole table. The date range gets `created_at`.
 * - The "no. contains" filters (`like '%…%'`, src/db/like.ts) can use no B-tree: trigram GIN indexes
 *   answer them. pg_trgm ships with PostgreSQL and is a trusted extension (13+: a database owner may
 *   create it; managed services allow it). It is installed once per database in `public`, whatever schema
 *   Tally runs in (tests run one schema each, and an extension inside one would be dropped with it), under
 *   an advisory lock so instances or test workers migrating at the same moment do not collide.
 *
 * SQLite gets the B-trees too (same schema); its contains-search stays a scan (one machine, in memory).
 */
import { sql, type Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

type Db = Kysely<any>;

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

const BTREES = [
  ['exceptions_type', 'exceptions', ['type', 'id']],
  ['exceptions_subtype', 'exceptions', ['subtype', 'id']],
  ['exceptions_plan', 'exceptions', ['plan', 'id']],
  ['exceptions_created', 'exceptions', ['created_at']],
] as const;

const TRIGRAMS = [
  ['exceptions_note_no_trgm', 'exceptions', 'delivery_note_no'],
  ['delivery_notes_no_trgm', 'delivery_notes', 'no'],
  ['stocking_orders_no_trgm', 'stocking_orders', 'no'],
] as const;

export async function up(db: Db): Promise<void> {
  for (const [name, table, columns] of BTREES) await db.schema.createIndex(name).on(table).columns([...columns]).execute();
  if (!isPg(db)) return;
  await sql`select pg_advisory_xact_lock(hashtext('tally:pg_trgm'))`.execute(db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  for (const [name, table, column] of TRIGRAMS) {
    await sql`create index ${sql.id(name)} on ${sql.table(table)} using gin (${sql.id(column)} public.gin_trgm_ops)`.execute(db);
  }
}

export async function down(db: Db): Promise<void> {
  for (const [name] of [...BTREES, ...(isPg(db) ? TRIGRAMS : [])]) await db.schema.dropIndex(name).execute();
}
