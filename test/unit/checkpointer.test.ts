/** WAL checkpoints in a worker thread (src/db/checkpointer.ts): the WAL reaches the database file without a request paying for it. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { BACKSTOP_PAGES } from '../../src/db/checkpointer.js';

const dir = mkdtempSync(join(tmpdir(), 'tally-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = async (cond: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (cond()) return true;
  return cond();
};

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file while the server connection only keeps a backstop', async () => {
    const file = join(dir, 'tally.db');
    const { db, close } = createDb({ sqliteFile: file });
    const { rows } = await sql<Record<string, number>>`pragma wal_autocheckpoint`.execute(db);
    expect(Object.values(rows[0])).toEqual([BACKSTOP_PAGES]);

    const before = statSync(file).size;
    await sql`create table filler (id integer primary key, body text not null)`.execute(db);
    const body = 'x'.repeat(4000);
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 1000; i++) await sql`insert into filler (body) values (${body})`.execute(tx);
    });
    // ~4 MB committed: far below the backstop (64 MiB), so only the worker can have moved it into the file
    expect(await until(() => statSync(file).size >= before + 4_000_000)).toBe(true);
    await close();
  });

  it('stop and close promptly, and the data is there for the next opening', async () => {
    const file = join(dir, 'reopen.db');
    const first = createDb({ sqliteFile: file });
    await sql`create table t (v text)`.execute(first.db);
    await sql`insert into t (v) values ('kept')`.execute(first.db);
    const t0 = Date.now();
    await first.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    const second = createDb({ sqliteFile: file });
    expect((await sql<{ v: string }>`select v from t`.execute(second.db)).rows).toEqual([{ v: 'kept' }]);
    await second.close();
  });
});
