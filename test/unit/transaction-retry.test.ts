/**
 * A deadlock PostgreSQL breaks by aborting one transaction is not an answer: inTransaction runs the
 * loser again (src/modules/shared/command.ts), and a failure that is not a deadlock or a
 * serialisation failure is not retried.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, MAX_ATTEMPTS } from '../../src/modules/shared/command.js';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/db.js';

const pg = DIALECTS.find((d) => d.name === 'postgres')!;

describe.runIf(pg.enabled)('transaction retry [postgres]', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    await t.handle.db.insertInto('sequences').values([{ name: 'x', value: 0 }, { name: 'y', value: 0 }]).execute();
  });
  afterAll(async () => t?.cleanup());

  const bump = (tx: Parameters<Parameters<typeof inTransaction>[1]>[0], name: string) =>
    tx.updateTable('sequences').set({ value: sql<number>`value + 1` }).where('name', '=', name).execute();

  it('two transactions taking two rows in opposite orders: the deadlock victim runs again and both commit', async () => {
    let attempts = 0;
    let firstLocks = 0;
    let release!: () => void;
    const bothHoldTheirFirstRow = new Promise<void>((r) => { release = r; });
    const run = (first: string, second: string) => inTransaction(t.handle.db, async (tx) => {
      attempts++;
      await bump(tx, first);
      if (++firstLocks === 2) release();
      await bothHoldTheirFirstRow; // on a retry this has resolved: the winner has committed or holds both
      await bump(tx, second);
      return first;
    });
    expect((await Promise.all([run('x', 'y'), run('y', 'x')])).sort()).toEqual(['x', 'y']);
    expect(attempts, 'one transaction ran twice').toBe(3);
    const rows = await t.handle.db.selectFrom('sequences').select(['name', 'value']).where('name', 'in', ['x', 'y']).orderBy('name').execute();
    expect(rows.map((r) => Number(r.value))).toEqual([2, 2]);
  });

  it('gives up after its bounded attempts, and does not retry other errors', async () => {
    let runs = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    await expect(inTransaction(t.handle.db, async () => { runs++; throw deadlock; })).rejects.toBe(deadlock);
    expect(runs).toBe(MAX_ATTEMPTS);
    runs = 0;
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    await expect(inTransaction(t.handle.db, async () => { runs++; throw unique; })).rejects.toBe(unique);
    expect(runs).toBe(1);
  });
});
