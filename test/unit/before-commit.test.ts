/** Writes deferred to the commit (src/db/before-commit.ts): once, in order, undone with a savepoint, never lost. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/create-db.js';
import { CompiledQuery } from 'kysely';
import { appendAtCommit, appendStatementsAtCommit, flushNow, pendingItems } from '../../src/db/before-commit.js';
import { fused, PG_MAX_PARAMETERS, runTogether } from '../../src/db/run-together.js';
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

    // statements given instead of a flush: consecutive lists go out together (one statement on PostgreSQL)
    const insertNames = (tx: Executor, names: string[]) => [tx.insertInto('sequences').values(names.map((n) => ({ name: n, value: 1 }))).compile()];
    const counting = (tx: Executor) => {
      let n = 0;
      const exec = tx.executeQuery.bind(tx);
      (tx as { executeQuery: unknown }).executeQuery = (q: CompiledQuery) => { n++; return exec(q); };
      return () => n;
    };

    it('statement lists are written together at the commit, in order with the lists that write themselves', async () => {
      flushes = [];
      let sent = 0;
      await inTransaction(t.handle.db, async (tx) => {
        await appendStatementsAtCommit(tx, 's1', ['g1', 'g2'], insertNames);
        await appendStatementsAtCommit(tx, 's2', ['g3'], insertNames);
        await appendAtCommit(tx, 'k', ['g4'], write);
        await appendStatementsAtCommit(tx, 's3', ['g5'], insertNames);
        await appendStatementsAtCommit(tx, 's1', ['g6'], insertNames);
        expect(pendingItems(tx, 's1')).toEqual(['g1', 'g2', 'g6']);
        const statements = counting(tx);
        const { runBeforeCommit } = await import('../../src/db/before-commit.js');
        await runBeforeCommit(tx);
        sent = statements();
      });
      expect(await stored('g')).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
      expect(flushes).toEqual([['g4']]);
      // s1 with s2 in one statement on PostgreSQL, then k's own flush (not counted: it runs its builder), then s3;
      // on SQLite each list is its own statement
      expect(sent).toBe(name === 'postgres' ? 2 : 3);
    });

    it('runTogether sends a child with its parent in one statement (the foreign key is checked at its end), and refuses all of it when one part fails', async () => {
      const at = new Date().toISOString();
      const merchant = (id: string) => t.handle.db.insertInto('merchants').values({ id, name: id, createdAt: at } as never).compile();
      const sku = (id: string, merchantId: string) => t.handle.db.insertInto('skus').values({ id, merchantId, code: id, name: id, barcode: id, createdAt: at }).compile();
      await inTransaction(t.handle.db, (tx) => runTogether(tx, [merchant('rt-mer-1'), sku('rt-sku-1', 'rt-mer-1')]));
      expect((await t.handle.db.selectFrom('skus').select('merchantId').where('id', '=', 'rt-sku-1').executeTakeFirst())?.merchantId).toBe('rt-mer-1');
      await expect(inTransaction(t.handle.db, (tx) => runTogether(tx, [merchant('rt-mer-2'), sku('rt-sku-2', 'rt-nobody')]))).rejects.toThrow();
      expect(await t.handle.db.selectFrom('merchants').select('id').where('id', '=', 'rt-mer-2').execute()).toEqual([]);
    });

    it('runTogether on PostgreSQL splits at the bind-parameter limit, and fused() renumbers each statement\'s placeholders', async () => {
      const q = fused([CompiledQuery.raw('insert into a values ($1, $2)', [1, 2]), CompiledQuery.raw('insert into b values ($1)', [3]), CompiledQuery.raw('insert into c values ($2, $1)', [4, 5])]);
      expect(q.sql).toBe('with w0 as (insert into a values ($1, $2)), w1 as (insert into b values ($3)) insert into c values ($5, $4)');
      expect(q.parameters).toEqual([1, 2, 3, 4, 5]);
      const many = Array.from({ length: Math.ceil(PG_MAX_PARAMETERS / 2 / 2000) + 1 }, (_, i) => Array.from({ length: 2000 }, (_, j) => `h${i}-${j}`));
      let sent = 0;
      await inTransaction(t.handle.db, async (tx) => {
        const statements = counting(tx);
        await runTogether(tx, many.map((names) => insertNames(tx, names)[0]));
        sent = statements();
      });
      expect(sent).toBe(name === 'postgres' ? 2 : many.length);
      expect((await stored('h')).length).toBe(many.length * 2000);
    });
  });
}
