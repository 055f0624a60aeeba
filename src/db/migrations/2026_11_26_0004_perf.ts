/**
 * Indexes found missing by the benchmark (docs/benchmarks.md). Frozen once landed.
 *
 * - `delivery_notes.source_exception_id`, `compensations.source_exception_id`: an exception's
 *   documents (detail, decide, every event snapshot) were found by scanning the whole table.
 * - `exceptions (delivery_note_id, status)` replaces `(delivery_note_id)`: "a pending exception on
 *   this note?" (registration, receipts, QC, put-away, settling a note) was planned by SQLite on the
 *   `(status, …)` index, i.e. a scan of every pending exception in the system.
 * - `exceptions (merchant_id, status, id)`, `(warehouse_id, status, id)`: a tenant's list filtered by
 *   status reads one index range in id order, and its counts per status read the index only.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('delivery_notes_source').on('delivery_notes').column('source_exception_id').execute();
  await db.schema.createIndex('compensations_source').on('compensations').column('source_exception_id').execute();
  await db.schema.createIndex('exceptions_note_status').on('exceptions').columns(['delivery_note_id', 'status']).execute();
  await db.schema.dropIndex('exceptions_note').execute();
  await db.schema.createIndex('exceptions_merchant_status').on('exceptions').columns(['merchant_id', 'status', 'id']).execute();
  await db.schema.createIndex('exceptions_warehouse_status').on('exceptions').columns(['warehouse_id', 'status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('exceptions_warehouse_status').execute();
  await db.schema.dropIndex('exceptions_merchant_status').execute();
  await db.schema.createIndex('exceptions_note').on('exceptions').column('delivery_note_id').execute();
  await db.schema.dropIndex('exceptions_note_status').execute();
  await db.schema.dropIndex('compensations_source').execute();
  await db.schema.dropIndex('delivery_notes_source').execute();
}
