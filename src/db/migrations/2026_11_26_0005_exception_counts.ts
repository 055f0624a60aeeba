/**
 * Exceptions per status kept as counters (docs/benchmarks.md: `GROUP BY status` over the exceptions
 * table cost O(rows) per `GET /api/exceptions/counts` and per dashboard). Frozen once landed.
 *
 * One row per merchant × warehouse × status × slot; the count is the sum of `n` over the slots.
 * A transaction adds its deltas to one slot, picked at random, so concurrent PostgreSQL
 * transactions of one merchant and warehouse rarely wait on the same row. A slot's `n` may be
 * negative (an exception counted in slot 0 by the backfill, decided in slot 3); only the sum means anything.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exception_counts')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('exception_counts_pk', ['merchant_id', 'warehouse_id', 'status', 'slot'])
    .execute();
  // a warehouse user's counts; a merchant's read the primary key's prefix
  await db.schema.createIndex('exception_counts_warehouse').on('exception_counts').column('warehouse_id').execute();
  await backfill(db);
}

/** Counts every exception into slot 0, replacing whatever the table held. */
export async function backfill(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('exception_counts').execute();
  await db.insertInto('exception_counts')
    .columns(['merchant_id', 'warehouse_id', 'status', 'slot', 'n'])
    .expression(db.selectFrom('exceptions')
      .select(['merchant_id', 'warehouse_id', 'status', sql<number>`0`.as('slot'), (eb) => eb.fn.countAll().as('n')])
      .groupBy(['merchant_id', 'warehouse_id', 'status']))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('exception_counts').execute();
}
