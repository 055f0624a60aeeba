/**
 * Deadlines and decision policies (SPEC §6). Frozen once landed; portable types only.
 *
 * Due times the scheduler reads, all ISO-8601 UTC text:
 * - delivery_notes.expected_arrival_at (+ the transport grace setting) → transport timeout
 * - exceptions.decision_due_at → decision SLA; exceptions.overdue_flagged_at records that it fired
 * - return_orders.method_due_at → default return method
 * - stocking_orders.accept_by / ship_by → JIT penalties (penalties_once makes each fire once)
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull()) // JSON
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('decision_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('apply_at', 'text', (c) => c.notNull())
    .addColumn('subtypes', 'text', (c) => c.notNull()) // JSON array
    .addColumn('order_types', 'text') // JSON array; null: any
    .addColumn('merchant_ids', 'text') // JSON array; null: any
    .addColumn('min_qty', 'integer')
    .addColumn('max_qty', 'integer')
    .addColumn('min_percent_bp', 'integer') // basis points: 1 % = 100
    .addColumn('max_percent_bp', 'integer')
    .addColumn('plan', 'text')
    .addColumn('honour_merchant_preference', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decision_policies_order').on('decision_policies').columns(['apply_at', 'position']).execute();

  await db.schema
    .createTable('standing_instructions')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('standing_instructions_pk', ['merchant_id', 'choice'])
    .execute();

  await db.schema.alterTable('exceptions').addColumn('overdue_flagged_at', 'text').execute();
  await db.schema.alterTable('exceptions').addColumn('decided_by_policy_id', 'text').execute();

  await db.schema.createIndex('exceptions_decision_due').on('exceptions').columns(['status', 'decision_due_at']).execute();
  await db.schema.createIndex('return_orders_method_due').on('return_orders').columns(['status', 'method_due_at']).execute();
  await db.schema.createIndex('stocking_orders_accept_by').on('stocking_orders').columns(['accept_by']).execute();
  await db.schema.createIndex('stocking_orders_ship_by').on('stocking_orders').columns(['ship_by']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const i of ['stocking_orders_ship_by', 'stocking_orders_accept_by', 'return_orders_method_due', 'exceptions_decision_due']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  await db.schema.alterTable('exceptions').dropColumn('decided_by_policy_id').execute();
  await db.schema.alterTable('exceptions').dropColumn('overdue_flagged_at').execute();
  for (const t of ['standing_instructions', 'decision_policies', 'settings']) await db.schema.dropTable(t).ifExists().execute();
}
