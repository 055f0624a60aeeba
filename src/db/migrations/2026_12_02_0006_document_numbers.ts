/**
 * Document numbers without a hot row (frozen once landed). On PostgreSQL each kind's number comes
 * from its own sequence, which holds no lock until commit (the `sequences` row did: every command
 * creating a document of a kind queued behind the one before it). A number taken by a transaction
 * that rolls back is not handed out again: numbers are unique per kind and increasing, with gaps.
 * SQLite has one writer and keeps the `sequences` table.
 */
import { sql, type Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

type Db = Kysely<any>;

/** Kinds and their number prefixes (src/modules/shared/ids.ts NO_PREFIX), frozen here. */
const PREFIXES = ['SO', 'DN', 'EX', 'RO', 'CP', 'PN', 'TK'];

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  if (!isPg(db)) return;
  for (const p of PREFIXES) {
    const seq = sql.id(`document_no_${p.toLowerCase()}`);
    await sql`create sequence if not exists ${seq} as bigint minvalue 1 cache 1`.execute(db);
    // continue above the numbers the table handed out
    const row = (await db.selectFrom('sequences').select('value').where('name', '=', p).executeTakeFirst()) as { value: number } | undefined;
    if (row && Number(row.value) > 0) await sql`select setval(${sql.lit(`document_no_${p.toLowerCase()}`)}, ${sql.lit(Number(row.value))}, true)`.execute(db);
  }
}

export async function down(db: Db): Promise<void> {
  if (!isPg(db)) return;
  for (const p of PREFIXES) await sql`drop sequence if exists ${sql.id(`document_no_${p.toLowerCase()}`)}`.execute(db);
}
