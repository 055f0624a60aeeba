/**
 * Read-your-writes with a read replica (frozen once landed): a session remembers the primary's WAL
 * position after its last write (`pg_lsn` as text, e.g. `0/3000148`); until the replica has replayed
 * past it the session's reads stay on the primary (src/http/read-routing.ts). Null: no write since
 * login, or no replica. SQLite gets the column too (same schema on both) and never fills it.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('read_after_lsn', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('read_after_lsn').execute();
}
