/** Queries compiled once and run with new values (src/db/precompiled.ts), on each dialect. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { precompiled } from '../../src/db/precompiled.js';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/db.js';

for (const { name, enabled } of DIALECTS) {
  describe.runIf(enabled)(`precompiled queries [${name}]`, () => {
    let t: TestDb;
    let db: Db;
    beforeAll(async () => {
      t = await openTestDb(name);
      db = t.handle.db;
      await db.insertInto('merchants').values([
        { id: 'mer_a', name: 'A', createdAt: '2026-01-01T00:00:00.000Z' },
        { id: 'mer_b', name: 'B', createdAt: '2026-01-02T00:00:00.000Z' },
        { id: 'mer_c', name: 'C', createdAt: '2026-01-03T00:00:00.000Z' },
      ]).execute();
    });
    afterAll(async () => t?.cleanup());

    const byId = precompiled((k, id: string) => k.selectFrom('merchants').select(['id', 'name', 'createdAt']).where('id', '=', id));
    const byIds = precompiled((k, ids: string[], limit: number) =>
      k.selectFrom('merchants').select(['id']).where('id', 'in', ids).orderBy('id', 'desc').limit(limit));

    it('answers camelCase rows for each value, and undefined when there is no row', async () => {
      expect(await byId.first(db, 'mer_a')).toEqual({ id: 'mer_a', name: 'A', createdAt: '2026-01-01T00:00:00.000Z' });
      expect(await byId.first(db, 'mer_b')).toMatchObject({ id: 'mer_b', name: 'B' });
      expect(await byId.first(db, 'nope')).toBeUndefined();
      expect(await byId.all(db, 'nope')).toEqual([]);
    });

    it('compiles once per list length, with constants and several arguments', async () => {
      expect(await byIds.all(db, ['mer_a', 'mer_c'], 10)).toEqual([{ id: 'mer_c' }, { id: 'mer_a' }]);
      expect(await byIds.all(db, ['mer_b'], 10)).toEqual([{ id: 'mer_b' }]);
      expect(await byIds.all(db, ['mer_a', 'mer_b', 'mer_c'], 2)).toEqual([{ id: 'mer_c' }, { id: 'mer_b' }]);
      expect(await byIds.all(db, ['mer_b', 'mer_a'], 1)).toEqual([{ id: 'mer_b' }]);
    });

    it('runs inside a transaction and sees its writes', async () => {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('merchants').set({ name: 'A2' }).where('id', '=', 'mer_a').execute();
        expect(await byId.first(tx, 'mer_a')).toMatchObject({ name: 'A2' });
        await sql`update merchants set name = 'A' where id = 'mer_a'`.execute(tx);
      });
      expect(await byId.first(db, 'mer_a')).toMatchObject({ name: 'A' });
    });

    it('refuses a builder that does not pass an argument as a parameter', async () => {
      const branching = precompiled((k, id: string) => k.selectFrom('merchants').select('id').where('id', '=', id.toUpperCase()));
      await expect(branching.first(db, 'mer_a')).rejects.toThrow(/argument 0 is not a parameter/);
    });
  });
}
