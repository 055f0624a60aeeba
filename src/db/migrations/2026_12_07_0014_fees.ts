/**
 * Fees (扣费, issue 14; docs/fees.md). Frozen once landed.
 *
 * - `fees`: a per-unit charge created with an exception's plan, in the decision's transaction: the
 *   rule's service, the subtype × plan and the merchant's coaching level it was priced at, units ×
 *   unit amount (integer minor units) and the currency; CHARGED until ops or an accepted dispute
 *   waive it (`waived_at`, `waived_by`, `waive_reason`). One fee per exception and service (unique).
 *   A statement reads a month of charges by (merchant_id, created_at) and of waivers by
 *   (merchant_id, waived_at).
 * - the FE number sequence on PostgreSQL (migration 0006's pattern).
 */
import { sql, type Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

type Db = Kysely<any>;
const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  await db.schema.createTable('fees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('no', 'text', (c) => c.notNull().unique())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('exception_id', 'text', (c) => c.notNull().references('exceptions.id'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('subtype', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('coaching_level', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('unit_amount', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('waive_reason', 'text')
    .addColumn('waived_at', 'text')
    .addColumn('waived_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fees_exception_service').on('fees').columns(['exception_id', 'service']).unique().execute();
  await db.schema.createIndex('fees_merchant_created').on('fees').columns(['merchant_id', 'created_at']).execute();
  await db.schema.createIndex('fees_merchant_waived').on('fees').columns(['merchant_id', 'waived_at']).execute();
  await db.schema.createIndex('fees_merchant').on('fees').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('fees_status').on('fees').columns(['status', 'id']).execute();

  if (isPg(db)) await sql`create sequence if not exists document_no_fe as bigint minvalue 1 cache 1`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (isPg(db)) await sql`drop sequence if exists document_no_fe`.execute(db);
  await db.schema.dropTable('fees').execute();
}
