/**
 * Disputes (申诉, issue 14; docs/disputes.md). Frozen once landed.
 *
 * - `disputes`: a merchant's objection to one document (an exception, a penalty, a fee), its text,
 *   the SLA deadline ops decide by (`due_at`), the overdue flag the SLA job sets once, and the
 *   decision. At most one OPEN dispute per document, held by the database too: a partial unique
 *   index (SQLite and PostgreSQL both have them), besides the use case's own check.
 * - `photos.dispute_id`: a merchant's photo attached to its dispute (photos.exception_id's twin).
 * - the DP number sequence on PostgreSQL (migration 0006's pattern).
 */
import { sql, type Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

type Db = Kysely<any>;
const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  await db.schema.createTable('disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('no', 'text', (c) => c.notNull().unique())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('overdue_flagged_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('auto_decided', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index disputes_one_open on disputes (document_type, document_id) where status = 'OPEN'`.execute(db);
  await db.schema.createIndex('disputes_document').on('disputes').columns(['document_id', 'status']).execute();
  await db.schema.createIndex('disputes_merchant').on('disputes').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('disputes_status').on('disputes').columns(['status', 'id']).execute();
  // the SLA job: open disputes by deadline
  await db.schema.createIndex('disputes_due').on('disputes').columns(['status', 'due_at', 'id']).execute();

  await db.schema.alterTable('photos').addColumn('dispute_id', 'text').execute();
  await db.schema.createIndex('photos_dispute').on('photos').column('dispute_id').execute();

  if (isPg(db)) await sql`create sequence if not exists document_no_dp as bigint minvalue 1 cache 1`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (isPg(db)) await sql`drop sequence if exists document_no_dp`.execute(db);
  await db.schema.dropIndex('photos_dispute').execute();
  await db.schema.alterTable('photos').dropColumn('dispute_id').execute();
  await db.schema.dropTable('disputes').execute();
}
