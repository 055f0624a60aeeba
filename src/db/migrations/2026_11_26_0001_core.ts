/**
 * Core schema. Frozen: never edit after it has landed; add a new dated migration instead.
 * Portable types only (text, integer, bigint); times are ISO-8601 UTC text, booleans 0/1.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

type Db = Kysely<any>;

/** version, created_at, updated_at: carried by every document. */
function documentColumns(t: CreateTableBuilder<any, any>) {
  return t
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('merchants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('warehouses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('skus_merchant_code', ['merchant_id', 'code'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .addColumn('warehouse_id', 'text', (c) => c.references('warehouses.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await documentColumns(
    db.schema
      .createTable('stocking_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('total_amount', 'bigint', (c) => c.notNull())
      .addColumn('source_exception_id', 'text')
      .addColumn('accept_by', 'text')
      .addColumn('ship_by', 'text')
      .addColumn('accepted_at', 'text')
      .addColumn('shipped_at', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('cancelled_at', 'text')
      .addColumn('created_by', 'text'),
  ).execute();
  await db.schema.createIndex('stocking_orders_merchant').on('stocking_orders').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('stocking_orders_source').on('stocking_orders').column('source_exception_id').execute();

  await db.schema
    .createTable('stocking_order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('stocking_order_id', 'text', (c) => c.notNull().references('stocking_orders.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stocking_order_lines_order').on('stocking_order_lines').column('stocking_order_id').execute();

  await documentColumns(
    db.schema
      .createTable('delivery_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('stocking_order_id', 'text', (c) => c.notNull().references('stocking_orders.id'))
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
      .addColumn('logistics', 'text', (c) => c.notNull())
      .addColumn('expected_arrival_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source_exception_id', 'text')
      .addColumn('confirmed_at', 'text')
      .addColumn('arrived_at', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('cancelled_at', 'text')
      .addColumn('voided_at', 'text')
      .addColumn('returned_at', 'text'),
  ).execute();
  await db.schema.createIndex('delivery_notes_merchant').on('delivery_notes').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('delivery_notes_warehouse').on('delivery_notes').columns(['warehouse_id', 'id']).execute();
  await db.schema.createIndex('delivery_notes_order').on('delivery_notes').column('stocking_order_id').execute();
  await db.schema.createIndex('delivery_notes_status_eta').on('delivery_notes').columns(['status', 'expected_arrival_at']).execute();

  await db.schema
    .createTable('delivery_note_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_note_id', 'text', (c) => c.notNull().references('delivery_notes.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('declared', 'integer', (c) => c.notNull())
    .addColumn('arrived', 'integer', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('in_process', 'integer', (c) => c.notNull())
    .addColumn('on_hold', 'integer', (c) => c.notNull())
    .addColumn('stocked', 'integer', (c) => c.notNull())
    .addColumn('returned', 'integer', (c) => c.notNull())
    .addColumn('transferred', 'integer', (c) => c.notNull())
    .addColumn('short', 'integer', (c) => c.notNull())
    .addUniqueConstraint('delivery_note_lines_sku', ['delivery_note_id', 'sku_id'])
    .execute();

  await db.schema
    .createTable('delivery_note_boxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_note_id', 'text', (c) => c.notNull().references('delivery_notes.id'))
    .addColumn('box_no', 'integer', (c) => c.notNull())
    .addColumn('label_code', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contents', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_note_boxes_note').on('delivery_note_boxes').column('delivery_note_id').execute();

  await documentColumns(
    db.schema
      .createTable('exceptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('delivery_note_id', 'text', (c) => c.notNull().references('delivery_notes.id'))
      .addColumn('delivery_note_no', 'text', (c) => c.notNull())
      .addColumn('stocking_order_id', 'text', (c) => c.notNull())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
      .addColumn('order_type', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('subtype', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('plan', 'text')
      .addColumn('task_category', 'text')
      .addColumn('total_qty', 'integer', (c) => c.notNull())
      .addColumn('remark', 'text')
      .addColumn('registered_by', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_due_at', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('cancelled_at', 'text')
      .addColumn('cancel_reason', 'text'),
  ).execute();
  await db.schema.createIndex('exceptions_merchant').on('exceptions').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('exceptions_warehouse').on('exceptions').columns(['warehouse_id', 'id']).execute();
  await db.schema.createIndex('exceptions_status').on('exceptions').columns(['status', 'id']).execute();
  await db.schema.createIndex('exceptions_note').on('exceptions').column('delivery_note_id').execute();

  await db.schema
    .createTable('exception_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exception_id', 'text', (c) => c.notNull().references('exceptions.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('qty', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exception_lines_exception').on('exception_lines').column('exception_id').execute();

  await db.schema
    .createTable('photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('warehouse_id', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('exception_id', 'text')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photos_exception').on('photos').column('exception_id').execute();

  await documentColumns(
    db.schema
      .createTable('return_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
      .addColumn('source_exception_id', 'text', (c) => c.notNull())
      .addColumn('delivery_note_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('sealed', 'integer', (c) => c.notNull())
      .addColumn('method', 'text')
      .addColumn('address_id', 'text')
      .addColumn('address_snapshot', 'text')
      .addColumn('pickup_at', 'text')
      .addColumn('carrier', 'text')
      .addColumn('tracking_no', 'text')
      .addColumn('method_due_at', 'text')
      .addColumn('method_entered_at', 'text')
      .addColumn('shipped_at', 'text')
      .addColumn('signed_at', 'text')
      .addColumn('picked_up_at', 'text')
      .addColumn('disposed_at', 'text'),
  ).execute();
  await db.schema.createIndex('return_orders_merchant').on('return_orders').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('return_orders_warehouse').on('return_orders').columns(['warehouse_id', 'id']).execute();
  await db.schema.createIndex('return_orders_source').on('return_orders').column('source_exception_id').execute();

  await db.schema
    .createTable('return_order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_order_id', 'text', (c) => c.notNull().references('return_orders.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('qty', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_order_lines_order').on('return_order_lines').column('return_order_id').execute();

  await documentColumns(
    db.schema
      .createTable('compensations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('source_exception_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('paid_at', 'text')
      .addColumn('paid_by', 'text'),
  ).execute();
  await db.schema.createIndex('compensations_merchant').on('compensations').columns(['merchant_id', 'id']).execute();

  await documentColumns(
    db.schema
      .createTable('penalties')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('stocking_order_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('waived_by', 'text')
      .addColumn('waived_at', 'text')
      .addColumn('waive_reason', 'text')
      .addUniqueConstraint('penalties_once', ['stocking_order_id', 'reason']),
  ).execute();
  await db.schema.createIndex('penalties_merchant').on('penalties').columns(['merchant_id', 'id']).execute();

  await documentColumns(
    db.schema
      .createTable('tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('no', 'text', (c) => c.notNull().unique())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('document_type', 'text')
      .addColumn('document_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('tickets_merchant').on('tickets').columns(['merchant_id', 'id']).execute();

  await db.schema
    .createTable('ticket_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_replies_ticket').on('ticket_replies').column('ticket_id').execute();

  await documentColumns(
    db.schema
      .createTable('addresses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull())
      .addColumn('deleted_at', 'text'),
  ).execute();
  await db.schema.createIndex('addresses_merchant').on('addresses').column('merchant_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_document').on('events').columns(['document_id', 'id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();

}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'idempotency_keys', 'events', 'addresses', 'ticket_replies', 'tickets', 'penalties',
    'compensations', 'return_order_lines', 'return_orders', 'photos', 'exception_lines',
    'exceptions', 'delivery_note_boxes', 'delivery_note_lines', 'delivery_notes',
    'stocking_order_lines', 'stocking_orders', 'sequences', 'sessions', 'users', 'skus',
    'warehouses', 'merchants',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
