/** Writes deferred to the commit (src/db/before-commit.ts): once, in order, undone with a savepoint, never lost. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/create-db.js';
import { appendAtCommit, flushNow } from '../../src/db/before-commit.js';
import { withSavepoint } from '../../src/db/savepoint.js';
import { inTransaction } from '../../src/modules/shared/command.js';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/db.js';

for (const { name, enabled } of DIALECTS) {
  describe.runIf(enabled)(`before-commit writes [${name}]`, () => {
    let t: TestDb;
    beforeAll(async () => { t = await openTestDb(name); });
    afterAll(async () => t?.cleanup());

    let flushes: string[][] = [];
    const write = async (tx: Executor, names: string[]) => {
      flushes.push(names);
      await tx.insertInto('sequences').values(names.map((n) => ({ name: n, value: 1 }))).execute();
    };
    const stored = async (prefix: string) => (await t.handle.db.selectFrom('sequences').select('name')
      .where('name', 'like', `${prefix}%`).orderBy('name').execute()).map((r) => r.name);

    it('a managed transaction writes a key\'s items once, in one call, just before it commits', async () => {
      flushes = [];
      const seenInside = await inTransaction(t.handle.db, async (tx) => {
        await appendAtCommit(tx, 'k', ['a1', 'a2'], write);
        await appendAtCommit(tx, 'k', ['a3'], write);
        return (await tx.selectFrom('sequences').select('name').where('name', 'like', 'a%').execute()).length;
      });
      expect(seenInside).toBe(0);
      expect(flushes).toEqual([['a1', 'a2', 'a3']]);
      expect(await stored('a')).toEqual(['a1', 'a2', 'a3']);
    });

    it('flushNow writes what is pending at once, and the commit does not write it again', async () => {
      flushes = [];
      await inTransaction(t.handle.db, async (tx) => {
        await appendAtCommit(tx, 'k', ['b1'], write);
        await flushNow(tx, 'k');
        expect((await tx.selectFrom('sequences').select('name').where('name', '=', 'b1').execute()).length).toBe(1);
        await appendAtCommit(tx, 'k', ['b2'], write);
      });
      expect(flushes).toEqual([['b1'], ['b2']]);
      expect(await stored('b')).toEqual(['b1', 'b2']);
    });

    it('a savepoint that rolls back drops the items appended inside it, keeps the ones before', async () => {
      flushes = [];
      await inTransaction(t.handle.db, async (tx) => {
        await appendAtCommit(tx, 'k', ['c1'], write);
        await expect(withSavepoint(tx, async () => {
          await appendAtCommit(tx, 'k', ['c2'], write);
          throw new Error('the policy failed');
        })).rejects.toThrow('the policy failed');
        await withSavepoint(tx, () => appendAtCommit(tx, 'k', ['c3'], write));
      });
      expect(await stored('c')).toEqual(['c1', 'c3']);
    });

    it('what was queued before a savepoint is kept when something inside it flushes and the savepoint then rolls back', async () => {
      await inTransaction(t.handle.db, async (tx) => {
        await appendAtCommit(tx, 'k', ['f1'], write);
        await expect(withSavepoint(tx, async () => {
          await appendAtCommit(tx, 'k', ['f2'], write);
          await flushNow(tx, 'k');
          throw new Error('the policy failed after a read that flushed');
        })).rejects.toThrow('the policy failed');
      });
      expect(await stored('f')).toEqual(['f1']);
    });

    it('a transaction not run by inTransaction writes its items at once (nothing waits for a commit hook that never runs)', async () => {
      flushes = [];
      await t.handle.db.transaction().execute(async (tx) => {
        await appendAtCommit(tx, 'k', ['d1'], write);
        expect(flushes).toEqual([['d1']]);
      });
      expect(await stored('d')).toEqual(['d1']);
    });

    it('a transaction that fails writes nothing', async () => {
      await expect(inTransaction(t.handle.db, async (tx) => {
        await appendAtCommit(tx, 'k', ['e1'], write);
        throw new Error('refused');
      })).rejects.toThrow('refused');
      expect(await stored('e')).toEqual([]);
    });
  });
}
