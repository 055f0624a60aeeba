/**
 * Statements (对账单, issue 14; docs/statements.md). Frozen once landed.
 *
 * - `statement_closes`: one row per merchant × month once that month is closed (by the close job or
 *   by ops), also when the month had nothing to show; inserting it is how a close claims the month
 *   (the primary key makes a second close of the same month wait for the first, then find it taken).
 * - `statements`: a closed month's snapshot per currency: opening, closing, the totals per line kind
 *   (JSON, so a new kind needs no column), the ST number. An OPEN month is computed from the source
 *   documents and stored nowhere, so stored rows are CLOSED; the column keeps the status explicit.
 * - `statement_lines`: the lines of a closed statement, each pointing at its document. Unique per
 *   (kind, document): a document's line is on exactly one closed statement; what no closed
 *   statement holds yet belongs to an open month.
 * - the ST number sequence on PostgreSQL (migration 0006's pattern).
 */
import { sql, type Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

type Db = Kysely<any>;
const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  await db.schema.createTable('statement_closes')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addPrimaryKeyConstraint('statement_closes_pk', ['merchant_id', 'month'])
    .execute();

  await db.schema.createTable('statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('no', 'text', (c) => c.notNull().unique())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('opening', 'bigint', (c) => c.notNull())
    .addColumn('closing', 'bigint', (c) => c.notNull())
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('statements_once', ['merchant_id', 'month', 'currency'])
    .execute();
  await db.schema.createIndex('statements_month').on('statements').columns(['month', 'merchant_id']).execute();

  await db.schema.createTable('statement_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('statement_id', 'text', (c) => c.notNull().references('statements.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('statement_lines_once', ['kind', 'document_id'])
    .execute();
  await db.schema.createIndex('statement_lines_statement').on('statement_lines').columns(['statement_id', 'occurred_at']).execute();

  if (isPg(db)) await sql`create sequence if not exists document_no_st as bigint minvalue 1 cache 1`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (isPg(db)) await sql`drop sequence if exists document_no_st`.execute(db);
  await db.schema.dropTable('statement_lines').execute();
  await db.schema.dropTable('statements').execute();
  await db.schema.dropTable('statement_closes').execute();
}
