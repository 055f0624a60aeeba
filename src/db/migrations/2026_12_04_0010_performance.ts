/**
 * Inbound performance (issue 13; docs/performance.md). Frozen once landed.
 *
 * - `performance_daily`: the rollups, one row per day × merchant × warehouse × SKU × exception type ×
 *   subtype × plan × currency ('' where a dimension does not apply), integer measures.
 * - `performance_contributions`: what each document last added to them (JSON facts), so the fold
 *   applies only the difference when the document changes.
 * - `performance_cursor` + `performance_folded_events`: the fold's position in the event log (a
 *   watermark, and the events after it already folded).
 * - `coaching_levels`: each merchant × exception type's level and day counts, evaluated through a day.
 * - `decision_policies.coaching_levels`: an optional policy condition (JSON list of levels).
 */
import type { Kysely } from 'kysely';

export const PERFORMANCE_MEASURES = [
  'units_declared', 'units_arrived', 'units_short', 'units_surplus',
  'notes_due', 'notes_on_time', 'notes_in_full', 'notes_otif',
  'units_exception', 'exceptions_registered', 'exceptions_cancelled',
  'exceptions_decided', 'decision_seconds', 'exceptions_completed', 'completion_seconds',
  'jit_accept_due', 'jit_accepted_on_time', 'jit_ship_due', 'jit_shipped_on_time',
  'return_methods_entered', 'return_method_seconds', 'replenishments_accepted', 'replenishment_accept_seconds',
  'compensation_count', 'compensation_amount', 'compensation_paid_amount', 'penalty_count', 'penalty_amount',
];
const DIMENSIONS = ['day', 'merchant_id', 'warehouse_id', 'sku_id', 'exception_type', 'subtype', 'plan', 'currency'];

export async function up(db: Kysely<any>): Promise<void> {
  let t = db.schema.createTable('performance_daily');
  for (const d of DIMENSIONS) t = t.addColumn(d, 'text', (c) => c.notNull());
  for (const m of PERFORMANCE_MEASURES) t = t.addColumn(m, 'bigint', (c) => c.notNull().defaultTo(0));
  await t.addPrimaryKeyConstraint('performance_daily_pk', DIMENSIONS as any).execute();
  // a merchant's scorecard: its days
  await db.schema.createIndex('performance_daily_merchant_day').on('performance_daily').columns(['merchant_id', 'day']).execute();

  await db.schema.createTable('performance_contributions')
    .addColumn('document_id', 'text', (c) => c.primaryKey())
    .addColumn('facts', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('performance_cursor')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('watermark', 'text', (c) => c.notNull())
    .addColumn('folded', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('performance_cursor').values({ name: 'events', watermark: '', folded: 0, updated_at: new Date(0).toISOString() }).execute();
  await db.schema.createTable('performance_folded_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .execute();

  await db.schema.createTable('coaching_levels')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('exception_type', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('above_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('below_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('evaluated_through', 'text', (c) => c.notNull())
    .addColumn('days_evaluated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('level_since', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('coaching_levels_pk', ['merchant_id', 'exception_type'])
    .execute();
  await db.schema.createIndex('coaching_levels_due').on('coaching_levels').columns(['evaluated_through', 'merchant_id']).execute();

  await db.schema.alterTable('decision_policies').addColumn('coaching_levels', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('decision_policies').dropColumn('coaching_levels').execute();
  for (const t of ['coaching_levels', 'performance_folded_events', 'performance_cursor', 'performance_contributions', 'performance_daily']) {
    await db.schema.dropTable(t).execute();
  }
}
