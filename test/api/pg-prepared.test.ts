/**
 * Named prepared statements on PostgreSQL (src/db/pg-prepared.ts): what is named and what is not, the
 * cap, the switch, and a rolling deploy — a column added under a prepared `SELECT *` makes the next run
 * fail retryably once and the one after succeed with the new column; through the API, commands keep
 * answering while a newer instance's migration adds a column to the tables they lock.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { isRetryable } from '../../src/db/dialect.js';
import { clientFromEnv, isStalePlan, preparedNames } from '../../src/db/pg-prepared.js';
import { eachDialect } from '../helpers/app.js';
import { DIALECTS, PG_URL } from '../helpers/db.js';
import { arrive, expectLedgersSound, ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

describe('prepared statement names', () => {
  it('one name per text, never reused; beyond the cap a text goes unnamed; a stale text is renamed', () => {
    const names = preparedNames(3);
    const a = names.nameOf('select $1');
    expect(a).toBe(names.nameOf('select $1'));
    const b = names.nameOf('select $2');
    expect(b).not.toBe(a);
    names.renew('select $1');
    const renewed = names.nameOf('select $1');
    expect(renewed).not.toBe(a);
    expect(renewed).not.toBe(b);
    expect(names.nameOf('select $3')).toBeUndefined();
    expect(names.size).toBe(3);
  });
  it('TALLY_PG_PREPARE=off leaves pg its own client', () => {
    expect(clientFromEnv({ TALLY_PG_PREPARE: 'off' })).toBeUndefined();
    expect(clientFromEnv({})).toBeDefined();
  });
});

const pgSuite = DIALECTS.find((d) => d.name === 'postgres')!.enabled ? describe : describe.skip;

pgSuite('named statements on one connection [postgres]', () => {
  const schema = `prep_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let handle: DbHandle;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.query(`create table ${schema}.t (a int primary key)`);
    await admin.query(`insert into ${schema}.t values (1), (2)`);
    await admin.end();
    handle = createDb({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 1 });
  });
  afterAll(async () => {
    await handle?.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  });

  const prepared = () => sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'tally_%'`.execute(handle.db);
  const readInTx = () => handle.db.transaction().execute((tx) => sql<Record<string, number>>`select * from t where a = ${1}`.execute(tx));

  it('a statement inside a transaction is prepared on its connection; one outside is not', async () => {
    await sql`select a from t where a = ${2}`.execute(handle.db);
    expect((await prepared()).rows.map((r) => r.statement)).not.toContain('select a from t where a = $1');
    const { rows } = await readInTx();
    expect(rows).toEqual([{ a: 1 }]);
    expect((await prepared()).rows.map((r) => r.statement)).toContain('select * from t where a = $1');
    expect((await readInTx()).rows).toEqual([{ a: 1 }]); // the prepared one runs again
  });

  it('a column added under a prepared SELECT *: one retryable failure, then the new column', async () => {
    await readInTx();
    await sql`alter table t add column b int default 7`.execute(handle.db);
    const failure = await readInTx().then(() => undefined, (e: unknown) => e);
    expect(isStalePlan(failure)).toBe(true);
    expect(isRetryable(failure)).toBe(true);
    expect((await readInTx()).rows).toEqual([{ a: 1, b: 7 }]);
  });
});

// through the API: registrations keep answering 201 while another instance's migration adds columns
// to the tables every note command locks and reads (`command()` runs a stale-plan transaction again)
eachDialect('commands across a schema change', (get) => {
  let w: World;
  beforeAll(async () => { w = await seedWorld(get()); });

  const register = async () => {
    const { note } = await orderAndShip(w);
    await arrive(w, note.id);
    return ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'TRANSPORT_DAMAGE', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
  };

  it('registrations before and after a column is added to delivery_notes and exceptions', async () => {
    const env = get();
    for (let i = 0; i < 4; i++) await register();
    await sql`alter table delivery_notes add column rolled_in int`.execute(env.db.handle.db);
    await sql`alter table exceptions add column rolled_in int`.execute(env.db.handle.db);
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await register());
    expect(after.every((e) => e.status === 'PENDING')).toBe(true);
    await expectLedgersSound(env);
  });
});
