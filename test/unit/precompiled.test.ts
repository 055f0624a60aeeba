/** Statements compiled once and run with new values (src/db/precompiled.ts), on each dialect. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { checkBuilders, precompiled } from '../../src/db/precompiled.js';
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
    // these tests count the builder's runs; the check below builds again on every run
    beforeAll(() => checkBuilders(false));
    afterAll(() => checkBuilders(true));

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

    // rows (values of an insert, the `set` of an update) and lists of rows; `builds` counts compilations
    let builds = 0;
    type Setting = { key: string; value: string; updatedAt: string; updatedBy?: string | null };
    const insertSettings = precompiled((k, rows: Setting[]) => (builds++, k.insertInto('settings').values(rows)));
    const updateSetting = precompiled((k, key: string, changes: Partial<Setting>) =>
      (builds++, k.updateTable('settings').set(changes).where('key', '=', key)));
    const settingsLike = precompiled((k, pattern: string) =>
      k.selectFrom('settings').select(['key', 'value', 'updatedBy']).where('key', 'like', pattern).orderBy('key'));
    const at = '2026-01-01T00:00:00.000Z';

    it('inserts lists of rows, compiled once per row count and key set; undefined keys are left out as Kysely leaves them', async () => {
      builds = 0;
      expect(await insertSettings.run(db, [{ key: 'p.a', value: '1', updatedAt: at, updatedBy: 'x' }, { key: 'p.b', value: '2', updatedAt: at, updatedBy: null }])).toBe(2);
      expect(await insertSettings.run(db, [{ key: 'p.c', value: '3', updatedAt: at, updatedBy: 'y' }, { key: 'p.d', value: '4', updatedAt: at, updatedBy: 'z' }])).toBe(2);
      expect(builds).toBe(1);
      // the same keys in another order, and a row whose updatedBy is undefined (so the column is not written)
      expect(await insertSettings.run(db, [{ updatedBy: 'w', value: '5', key: 'p.e', updatedAt: at }])).toBe(1);
      expect(await insertSettings.run(db, [{ key: 'p.f', value: '6', updatedAt: at, updatedBy: undefined }])).toBe(1);
      expect(await insertSettings.run(db, [{ key: 'p.g', value: '7', updatedAt: at }])).toBe(1);
      expect(builds).toBe(3);
      expect(await settingsLike.all(db, 'p.%')).toEqual([
        { key: 'p.a', value: '1', updatedBy: 'x' }, { key: 'p.b', value: '2', updatedBy: null },
        { key: 'p.c', value: '3', updatedBy: 'y' }, { key: 'p.d', value: '4', updatedBy: 'z' },
        { key: 'p.e', value: '5', updatedBy: 'w' }, { key: 'p.f', value: '6', updatedBy: null }, { key: 'p.g', value: '7', updatedBy: null },
      ]);
    });

    it('updates with a row as the `set`: an undefined key leaves its column alone, null clears it', async () => {
      await insertSettings.run(db, [{ key: 'u.a', value: '0', updatedAt: at, updatedBy: 'x' }]);
      builds = 0;
      expect(await updateSetting.run(db, 'u.a', { value: '1', updatedBy: undefined })).toBe(1);
      expect(await settingsLike.first(db, 'u.%')).toEqual({ key: 'u.a', value: '1', updatedBy: 'x' });
      expect(await updateSetting.run(db, 'u.a', { value: '2', updatedBy: 'y' })).toBe(1);
      expect(await settingsLike.first(db, 'u.%')).toEqual({ key: 'u.a', value: '2', updatedBy: 'y' });
      expect(await updateSetting.run(db, 'u.a', { value: '3' })).toBe(1);
      expect(await updateSetting.run(db, 'u.a', { value: '4', updatedBy: null })).toBe(1);
      expect(await settingsLike.first(db, 'u.%')).toEqual({ key: 'u.a', value: '4', updatedBy: null });
      expect(await updateSetting.run(db, 'nope', { value: '5' })).toBe(0);
      expect(builds).toBe(2);
    });

    it('answers what an insert returns, with constants beside the arguments', async () => {
      const bump = precompiled((k, name: string) => k.insertInto('sequences').values({ name, value: 1 })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` })).returning('value'));
      expect(await bump.first(db, 'T1')).toEqual({ value: 1 });
      expect(await bump.first(db, 'T1')).toEqual({ value: 2 });
      expect(await bump.first(db, 'T2')).toEqual({ value: 1 });
    });

    it('refuses a row key the builder does not pass as a parameter, and a value that is not a scalar', async () => {
      const partial = precompiled((k, row: { id: string; name: string }) => k.updateTable('merchants').set({ name: row.name }).where('id', '=', 'mer_a'));
      await expect(partial.run(db, { id: 'mer_a', name: 'A' })).rejects.toThrow(/argument 0\.id is not a parameter/);
      const nested = precompiled((k, rows: { id: string; name: unknown }[]) => k.insertInto('merchants').values(rows as never));
      await expect(nested.run(db, [{ id: 'mer_x', name: { no: 1 } }])).rejects.toThrow(/name is not a scalar value/);
      expect(await byId.first(db, 'mer_x')).toBeUndefined();
    });

    it('where tests run, refuses a builder whose SQL depends on its arguments (an optional filter written as one statement)', async () => {
      checkBuilders(true);
      try {
        const optional = precompiled((k, id: string, name: string | null) => {
          const q = k.selectFrom('merchants').select('id').where('id', '=', id);
          return name === null ? q : q.where('name', '=', name);
        });
        expect(await optional.first(db, 'mer_a', 'A')).toEqual({ id: 'mer_a' });
        await expect(optional.first(db, 'mer_a', null)).rejects.toThrow(/differs from its builder/);
        expect(await byId.first(db, 'mer_b')).toMatchObject({ id: 'mer_b' });
      } finally {
        checkBuilders(false);
      }
    });

    it('refuses a builder that does not pass an argument as a parameter', async () => {
      const branching = precompiled((k, id: string) => k.selectFrom('merchants').select('id').where('id', '=', id.toUpperCase()));
      await expect(branching.first(db, 'mer_a')).rejects.toThrow(/argument 0 is not a parameter/);
      const prefixed = precompiled((k, prefix: string) => k.selectFrom('merchants').select('id').where('id', 'like', `${prefix}%`));
      await expect(prefixed.first(db, 'mer_')).rejects.toThrow(/argument 0 is not a parameter/);
    });
  });
}
