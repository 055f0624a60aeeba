/** Rows built from raw arrays (src/db/sqlite-rows.ts) come out as Kysely + CamelCasePlugin gave them. */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { CamelCaseRowsPlugin, RowsSqliteDialect, rowConstructor } from '../../src/db/sqlite-rows.js';
import { DIALECTS, PG_URL } from '../helpers/db.js';

describe('rowConstructor', () => {
  it('builds an object with the keys in order', () => {
    const row = rowConstructor(['id', 'merchantId', 'qty'])(['exc_1', 'mer_1', 3]);
    expect(row).toEqual({ id: 'exc_1', merchantId: 'mer_1', qty: 3 });
    expect(Object.keys(row)).toEqual(['id', 'merchantId', 'qty']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('keeps the first position and the last value of a repeated key', () => {
    const row = rowConstructor(['id', 'name', 'id'])(['a', 'n', 'b']);
    expect(Object.keys(row)).toEqual(['id', 'name']);
    expect(row.id).toBe('b');
  });

  it('takes any column name as a plain key, __proto__ included', () => {
    const keys = ['a"b', "it's", 'back\\slash', 'new\nline', '\u2028', '0', '__proto__', 'constructor', 'count(*)'];
    const row = rowConstructor(keys)(keys.map((_, i) => i));
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(row).sort()).toEqual([...keys].sort());
    keys.forEach((k, i) => expect(Object.getOwnPropertyDescriptor(row, k)?.value).toBe(i));
  });

  it('is shared by column lists that are equal', () => {
    expect(rowConstructor(['a', 'b'])).toBe(rowConstructor(['a', 'b']));
    expect(rowConstructor(['a', 'b'])).not.toBe(rowConstructor(['b', 'a']));
  });

  it('builds an empty object for no columns', () => {
    expect(rowConstructor([])([])).toEqual({});
  });
});

interface Tables {
  parentRows: { id: string; displayName: string | null; createdAt: string };
  childRows: { id: string; parentRowId: string; qty: number; photoBlob: Buffer | null; bigValue: number | null; status: string };
}

describe('Kysely over RowsSqliteDialect', () => {
  let sqlite: SQLite.Database;
  let db: Kysely<Tables>;
  /** The same database through Kysely's own SQLite dialect and CamelCasePlugin: what must come out. */
  let ref: Kysely<Tables>;

  beforeEach(async () => {
    sqlite = new SQLite(':memory:');
    const plugin = new CamelCaseRowsPlugin();
    db = new Kysely<Tables>({ dialect: new RowsSqliteDialect({ database: sqlite, plugin }), plugins: [plugin] });
    ref = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
    sqlite.exec(`
      create table parent_rows (id text primary key, display_name text, created_at text not null);
      create table child_rows (id text primary key, parent_row_id text not null, qty integer not null,
        photo_blob blob, big_value integer, status text not null);
    `);
    await db.insertInto('parentRows').values([
      { id: 'p1', displayName: 'First', createdAt: '2026-01-01T00:00:00.000Z' },
      { id: 'p2', displayName: null, createdAt: '2026-01-02T00:00:00.000Z' },
    ]).execute();
    await db.insertInto('childRows').values([
      { id: 'c1', parentRowId: 'p1', qty: 2, photoBlob: Buffer.from([0, 1, 2, 255]), bigValue: 2 ** 53 + 2, status: 'PENDING' },
      { id: 'c2', parentRowId: 'p1', qty: 1, photoBlob: null, bigValue: null, status: 'DONE' },
      { id: 'c3', parentRowId: 'p2', qty: 5, photoBlob: null, bigValue: -7, status: 'PENDING' },
    ]).execute();
  });

  afterEach(async () => {
    await ref.destroy().catch(() => {});
    sqlite.close();
  });

  /** Runs the same query on both instances and expects equal rows, keys in the same order. */
  async function same<T>(run: (k: Kysely<Tables>) => Promise<T>): Promise<T> {
    const [ours, theirs] = [await run(db), await run(ref)];
    expect(ours).toEqual(theirs);
    const keys = (v: unknown) => (Array.isArray(v) ? v.map((r) => Object.keys(r)) : v && typeof v === 'object' ? Object.keys(v) : v);
    expect(keys(ours)).toEqual(keys(theirs));
    return ours;
  }

  it('selectAll gives camelCase keys and the driver values: null, blob, big integers', async () => {
    const rows = await same((k) => k.selectFrom('childRows').selectAll().orderBy('id').execute());
    expect(Object.keys(rows[0])).toEqual(['id', 'parentRowId', 'qty', 'photoBlob', 'bigValue', 'status']);
    expect(Buffer.isBuffer(rows[0].photoBlob)).toBe(true);
    expect([...rows[0].photoBlob!]).toEqual([0, 1, 2, 255]);
    expect(rows[0].bigValue).toBe(2 ** 53 + 2);
    expect(rows[1].photoBlob).toBeNull();
    expect(rows[2].bigValue).toBe(-7);
  });

  it('aliases come out as written, or camel-cased as the plugin does', async () => {
    const counts = await same((k) => k.selectFrom('childRows').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').orderBy('status').execute());
    expect(counts).toEqual([{ status: 'DONE', count: 1 }, { status: 'PENDING', count: 2 }]);
    const keyed = await same((k) => k.selectFrom('childRows').select(['status as key', 'qty as unitCount']).where('id', '=', 'c1').execute());
    expect(keyed).toEqual([{ key: 'PENDING', unitCount: 2 }]);
    const raw = await same((k) => sql<{ totalQty: number }>`select sum(qty) as total_qty, count(*) from child_rows`.execute(k).then((r) => r.rows));
    expect(raw).toEqual([{ totalQty: 8, 'count(*)': 3 }]);
  });

  it('a column name repeated by a join keeps its first position and its last value', async () => {
    const rows = await same((k) => k.selectFrom('parentRows').innerJoin('childRows', 'childRows.parentRowId', 'parentRows.id').selectAll().orderBy('childRows.id').execute());
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0])).toEqual(['id', 'displayName', 'createdAt', 'parentRowId', 'qty', 'photoBlob', 'bigValue', 'status']);
    expect(rows.map((r) => r.id)).toEqual(['c1', 'c2', 'c3']); // child_rows.id comes last
  });

  it('executeTakeFirst on no row is undefined; an empty result is []', async () => {
    expect(await same((k) => k.selectFrom('childRows').selectAll().where('id', '=', 'nope').executeTakeFirst())).toBeUndefined();
    expect(await same((k) => k.selectFrom('childRows').select('id').where('qty', '>', 100).execute())).toEqual([]);
  });

  it('statements without result columns answer affected rows; returning answers camelCase rows', async () => {
    const upd = await db.updateTable('childRows').set({ status: 'DONE' }).where('parentRowId', '=', 'p1').executeTakeFirst();
    expect(upd.numUpdatedRows).toBe(2n);
    const ins = await db.insertInto('parentRows').values({ id: 'p3', displayName: 'x', createdAt: 'now' }).executeTakeFirst();
    expect(ins.numInsertedOrUpdatedRows).toBe(1n);
    expect(typeof ins.insertId).toBe('bigint');
    const del = await db.deleteFrom('parentRows').where('id', '=', 'p3').returning(['id', 'displayName']).execute();
    expect(del).toEqual([{ id: 'p3', displayName: 'x' }]);
    await db.schema.createTable('empty_things').addColumn('some_id', 'text').execute();
    expect(await db.selectFrom('emptyThings' as any).selectAll().execute()).toEqual([]);
  });

  it('the same SQL with other parameters reuses the statement', async () => {
    const q = (id: string) => db.selectFrom('childRows').select(['id', 'qty']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await q('c1')).toEqual({ id: 'c1', qty: 2 });
    expect(await q('c3')).toEqual({ id: 'c3', qty: 5 });
    const compiled = db.selectFrom('childRows').select(['parentRowId']).where('id', '=', 'c2').compile();
    expect((await db.executeQuery(compiled)).rows).toEqual([{ parentRowId: 'p1' }]);
    expect((await db.executeQuery({ ...compiled, parameters: ['c3'] })).rows).toEqual([{ parentRowId: 'p2' }]);
  });

  it('a schema change drops the kept statements: select * answers the new columns', async () => {
    const all = () => db.selectFrom('parentRows').selectAll().where('id', '=', 'p1').execute();
    expect(Object.keys((await all())[0])).toEqual(['id', 'displayName', 'createdAt']);
    await db.schema.alterTable('parent_rows').addColumn('extra_note', 'text').execute();
    expect(await all()).toEqual([{ id: 'p1', displayName: 'First', createdAt: '2026-01-01T00:00:00.000Z', extraNote: null }]);
    await sql`alter table parent_rows drop column display_name`.execute(db);
    expect(await all()).toEqual([{ id: 'p1', createdAt: '2026-01-01T00:00:00.000Z', extraNote: null }]);
  });

  it('without the plugin the column names are unchanged (migrations, introspection)', async () => {
    const rows = await same((k) => k.withoutPlugins().selectFrom('child_rows' as any).select(['id', 'parent_row_id']).orderBy('id').limit(1).execute());
    expect(rows).toEqual([{ id: 'c1', parent_row_id: 'p1' }]);
    const tables = await db.introspection.getTables();
    expect(tables.find((t) => t.name === 'child_rows')?.columns.map((c) => c.name)).toContain('parent_row_id');
  });

  it('a compiled query run as raw SQL is still camel-cased by the plugin', async () => {
    const res = await same((k) => k.executeQuery(CompiledQuery.raw('select parent_row_id, qty from child_rows where id = ?', ['c1'])).then((r) => r.rows));
    expect(res).toEqual([{ parentRowId: 'p1', qty: 2 }]);
  });

  it('streams rows and runs transactions', async () => {
    const streamed: unknown[] = [];
    for await (const r of db.selectFrom('childRows').select(['id', 'parentRowId']).orderBy('id').stream()) streamed.push(r);
    expect(streamed).toEqual([{ id: 'c1', parentRowId: 'p1' }, { id: 'c2', parentRowId: 'p1' }, { id: 'c3', parentRowId: 'p2' }]);
    await expect(db.transaction().execute(async (tx) => {
      await tx.updateTable('childRows').set({ qty: 99 }).where('id', '=', 'c1').execute();
      expect(await tx.selectFrom('childRows').select('qty').where('id', '=', 'c1').executeTakeFirst()).toEqual({ qty: 99 });
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await db.selectFrom('childRows').select('qty').where('id', '=', 'c1').executeTakeFirst()).toEqual({ qty: 2 });
  });
});

describe('createDb on SQLite', () => {
  it('reads camelCase rows through the rows dialect', async () => {
    const { db, close } = createDb({ sqliteFile: ':memory:' });
    try {
      await sql`create table some_things (some_id text, other_value integer)`.execute(db);
      await sql`insert into some_things values ('a', 1), ('b', null)`.execute(db);
      const rows = await (db as unknown as Kysely<{ someThings: { someId: string; otherValue: number | null } }>)
        .selectFrom('someThings').selectAll().orderBy('someId').execute();
      expect(rows).toEqual([{ someId: 'a', otherValue: 1 }, { someId: 'b', otherValue: null }]);
    } finally {
      await close();
    }
  });
});

/** On PostgreSQL the plugin maps rows itself (generated per column list): the same as CamelCasePlugin. */
describe.runIf(DIALECTS.find((d) => d.name === 'postgres')?.enabled)('CamelCaseRowsPlugin on PostgreSQL', () => {
  let pool: pg.Pool;
  let db: Kysely<any>;
  let ref: Kysely<any>;
  const schema = `t_rows_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
    db = new Kysely({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCaseRowsPlugin()] });
    ref = new Kysely({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    await sql`create table child_rows (id text primary key, parent_row_id text not null, photo_blob bytea, big_value bigint, made_at timestamptz)`.execute(db);
    await sql`insert into child_rows values ('c1', 'p1', '\\x0001ff', 9007199254740993, '2026-01-01T00:00:00Z'), ('c2', 'p1', null, null, null)`.execute(db);
  });

  afterAll(async () => {
    await sql.raw(`drop schema ${schema} cascade`).execute(db);
    await pool.end();
  });

  async function same(run: (k: Kysely<any>) => Promise<unknown>) {
    const [ours, theirs] = [await run(db), await run(ref)];
    expect(ours).toEqual(theirs);
    const keys = (v: unknown) => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) && !Buffer.isBuffer(x) && !(x instanceof Date) ? Object.keys(x) : x));
    expect(keys(ours)).toEqual(keys(theirs));
    return ours;
  }

  it('maps keys, aliases and values as CamelCasePlugin does', async () => {
    const rows = await same((k) => k.selectFrom('childRows').selectAll().orderBy('id').execute()) as any[];
    expect(Object.keys(rows[0])).toEqual(['id', 'parentRowId', 'photoBlob', 'bigValue', 'madeAt']);
    expect(rows[0].madeAt).toBeInstanceOf(Date);
    expect(Buffer.isBuffer(rows[0].photoBlob)).toBe(true);
    await same((k) => k.selectFrom('childRows').select(['parentRowId as some_key', (eb) => eb.fn.countAll().as('count')]).groupBy('parentRowId').execute());
    await same((k) => k.selectFrom('childRows').selectAll().where('id', '=', 'none').execute());
  });

  it('maps nested JSON objects and arrays of objects as CamelCasePlugin does', async () => {
    const rows = await same((k) => sql`select json_build_object('snake_key', 1, 'inner_obj', json_build_object('x_y', 2)) as some_obj,
      json_agg(json_build_object('row_id', id)) as all_rows, array['a_b', 'c_d'] as plain_list from child_rows`.execute(k).then((r) => r.rows)) as any[];
    expect(rows[0]).toEqual({ someObj: { snakeKey: 1, innerObj: { xY: 2 } }, allRows: [{ rowId: 'c1' }, { rowId: 'c2' }], plainList: ['a_b', 'c_d'] });
  });

  it('leaves rows of a query run without the plugin alone', async () => {
    expect(await db.withoutPlugins().selectFrom('child_rows').select(['parent_row_id']).limit(1).execute()).toEqual([{ parent_row_id: 'p1' }]);
  });
});
