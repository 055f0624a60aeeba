/**
 * The ops queue filtered by a creation-date range pages by creation time, newest first (issue 12: at 1M
 * exceptions a range read in id order had to read and sort the whole range). Exceptions are registered
 * with the clock moved back and forth, so their id order differs from their creation order: the pages
 * follow `createdAt`, each row of the range comes exactly once, rows outside it never; a cursor of
 * another ordering is refused with 400.
 */
import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { HOUR, registerOn } from '../helpers/deadlines.js';
import { ok, seedWorld } from '../helpers/world.js';
import { expectProblem } from './fixtures/problems.js';

eachDialect('exceptions by creation-date range', (env) => {
  it('pages by createdAt then id, within [from, to), and refuses an id cursor', async () => {
    const e = env();
    const w = await seedWorld(e);
    const t0 = e.clock.now().getTime();
    const iso = (h: number) => new Date(t0 + h * HOUR * 1000).toISOString();
    // registered in this order (ids ascending), created at these hours
    const hours = [0, 3, 1, 2, 1, 5];
    const made: { id: string; at: string }[] = [];
    let now = 0;
    for (const h of hours) {
      e.clock.advance((h - now) * HOUR);
      now = h;
      const exc = await registerOn(w, 'BARCODE_DAMAGED', 1);
      made.push({ id: exc.id, at: exc.createdAt });
    }
    e.clock.advance((6 - now) * HOUR);

    const from = iso(1);
    const to = iso(5); // exclusive: the 5 h one stays out, as does the 0 h one
    const expected = made.filter((m) => m.at >= from && m.at < to)
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1)).map((m) => m.id);
    expect(expected).toHaveLength(4);
    // the creation order really differs from the id order here
    expect(expected).not.toEqual([...expected].sort().reverse());

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: URLSearchParams = new URLSearchParams({ from, to, limit: '1', ...(cursor ? { cursor } : {}) });
      const page: { items: { id: string }[]; nextCursor: string | null } = ok(await w.ops.get(`/api/exceptions?${q}`));
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);

    // the merchant's own list with the same range: the same rows (all are merchant A's)
    const mine = ok(await w.merchantA.get(`/api/exceptions?${new URLSearchParams({ from, to, limit: '100' })}`));
    expect(mine.items.map((x: { id: string }) => x.id)).toEqual(expected);

    // a cursor handed out by the id-ordered list does not page the time-ordered one
    const idPage = ok(await w.ops.get('/api/exceptions?limit=1'));
    expect(idPage.nextCursor).toBeTruthy();
    const refused = await w.ops.get(`/api/exceptions?${new URLSearchParams({ from, to, cursor: idPage.nextCursor })}`);
    expectProblem(refused, 400, 'VALIDATION_FAILED');
  });
});
