/**
 * Accounts, sessions, login throttling and the audit trail (frozen once landed).
 * - users: disabled, must change password at next login, when the password last changed.
 * - sessions: rebuilt with a public id (to list and end them), idle and absolute expiry, where and
 *   how it was opened, and the CSRF token of a cookie session. Sessions of the old shape are
 *   dropped: everyone logs in again after this migration.
 * - login_throttle: failed-login counters in the database, so every instance sees the same ones.
 * - events: the client IP of the request that caused each one; append-only (UPDATE and DELETE are
 *   refused by a trigger on both dialects).
 */
import { sql, type Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

type Db = Kysely<any>;

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();

  await db.schema.dropTable('sessions').execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('idle_expires_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('events').addColumn('ip', 'text').execute();
  await db.schema.createIndex('events_type').on('events').columns(['document_type', 'id']).execute();
  if (isPg(db)) {
    await sql`create function events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'events are append-only: % refused', tg_op using errcode = '42501'; end $$`.execute(db);
    await sql`create trigger events_append_only before update or delete on events
      for each row execute function events_append_only()`.execute(db);
    await sql`create trigger events_no_truncate before truncate on events
      for each statement execute function events_append_only()`.execute(db);
  } else {
    await sql`create trigger events_no_update before update on events
      begin select raise(abort, 'events are append-only: UPDATE refused'); end`.execute(db);
    await sql`create trigger events_no_delete before delete on events
      begin select raise(abort, 'events are append-only: DELETE refused'); end`.execute(db);
  }
}

export async function down(db: Db): Promise<void> {
  if (isPg(db)) {
    await sql`drop trigger if exists events_no_truncate on events`.execute(db);
    await sql`drop trigger if exists events_append_only on events`.execute(db);
    await sql`drop function if exists events_append_only()`.execute(db);
  } else {
    await sql`drop trigger if exists events_no_update`.execute(db);
    await sql`drop trigger if exists events_no_delete`.execute(db);
  }
  await db.schema.dropIndex('events_type').execute();
  await db.schema.alterTable('events').dropColumn('ip').execute();
  await db.schema.dropTable('login_throttle').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  for (const col of ['password_changed_at', 'must_change_password', 'disabled_at']) {
    await db.schema.alterTable('users').dropColumn(col).execute();
  }
}
