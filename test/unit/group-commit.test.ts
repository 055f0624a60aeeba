/**
 * Group commit on SQLite (src/db/group-commit.ts): commands queued together share one transaction,
 * each in its own savepoint; each stays all-or-nothing, none is answered before the commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb, type DbHandle, type Tx } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { conflict } from '../../src/domain/errors.js';
import { command } from '../../src/modules/shared/command.js';
import { SYSTEM_ACTOR, systemClock, type Ctx } from '../../src/modules/shared/context.js';

const dir = mkdtempSync(join(tmpdir(), 'tally-group-'));
const file = join(dir, 'tally.db');
let handle: DbHandle;
let ctx: Ctx;

beforeAll(async () => {
  handle = createDb({ sqliteFile: file });
  await migrateToLatest(handle.db);
  ctx = { db: handle.db, actor: SYSTEM_ACTOR, clock: systemClock, dataDir: dir };
});
afterAll(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await handle.db.deleteFrom('sequences').execute();
  vi.restoreAllMocks();
});

const put = (tx: Tx, name: string) => tx.insertInto('sequences').values({ name, value: 1 }).execute();
const names = async () => (await handle.db.selectFrom('sequences').select('name').orderBy('name').execute()).map((r) => r.name);
/** What another connection (another process) reads from the file: only committed data. */
const committed = () => {
  const other = new SQLite(file, { readonly: true });
  try {
    return (other.prepare('select name from sequences order by name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    other.close();
  }
};

describe('group commit', () => {
  it('commands queued together share one transaction, and each sees the writes of those before it', async () => {
    const begin = vi.spyOn(handle.db, 'startTransaction');
    const seen = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => command(ctx, async (tx) => {
      await put(tx, n);
      return (await tx.selectFrom('sequences').select('name').execute()).length;
    })));
    expect(begin).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(committed()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a command that throws is undone alone; the others of its batch are kept', async () => {
    const results = await Promise.allSettled([
      command(ctx, (tx) => put(tx, 'kept-1')),
      command(ctx, async (tx) => {
        await put(tx, 'undone');
        throw conflict('SOME_RULE', 'refused after writing');
      }),
      command(ctx, (tx) => put(tx, 'kept-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SOME_RULE' });
    expect(await names()).toEqual(['kept-1', 'kept-2']);
  });

  it('an answer is given only once its writes are committed', async () => {
    const seenAtAnswer = await command(ctx, (tx) => put(tx, 'durable')).then(() => committed());
    expect(seenAtAnswer).toEqual(['durable']);
  });

  it('when the commit fails, every command of the batch is rejected and nothing of it is kept', async () => {
    const results = await Promise.allSettled([
      command(ctx, (tx) => put(tx, 'lost-1')),
      command(ctx, async (tx) => {
        // a foreign key checked only at COMMIT: the commit itself fails
        await sql`pragma defer_foreign_keys = on`.execute(tx);
        await tx.insertInto('exceptionLines').values({ id: 'exl_orphan', exceptionId: 'exc_missing', skuId: 'sku_missing', qty: 1 }).execute();
      }),
      command(ctx, (tx) => put(tx, 'lost-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await names()).toEqual([]);
    expect(committed()).toEqual([]);
    // and the database goes on: the next batch commits
    await command(ctx, (tx) => put(tx, 'after'));
    expect(committed()).toEqual(['after']);
  });

  it('a long queue is taken in batches of at most 32, in order', async () => {
    const begin = vi.spyOn(handle.db, 'startTransaction');
    const all = Array.from({ length: 70 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const order: string[] = [];
    await Promise.all(all.map((n) => command(ctx, async (tx) => {
      await put(tx, n);
      order.push(n);
    })));
    expect(begin).toHaveBeenCalledTimes(3);
    expect(order).toEqual(all);
    expect(committed()).toEqual(all);
  });
});
