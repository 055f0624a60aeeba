/**
 * Every write of a document's row goes through src/modules/shared/transition.ts (issue 9): the
 * conditional update on status and version, then counters, event and notification only if it
 * changed the row. This fails when any other file in src/ updates one of those tables.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TABLES } from '../../src/modules/shared/transition.js';

const SRC = join(process.cwd(), 'src');
const OWNER = 'modules/shared/transition.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? (f === 'migrations' ? [] : files(p)) : p.endsWith('.ts') ? [p] : [];
  });
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('document writes', () => {
  it('names the document tables', () => {
    expect([...DOCUMENT_TABLES].sort()).toEqual(['compensations', 'deliveryNotes', 'disputes', 'exceptions', 'fees', 'penalties', 'returnOrders', 'stockingOrders', 'tickets']);
  });

  it('no file but transition.ts updates a document table, through Kysely or in raw SQL', () => {
    const names = DOCUMENT_TABLES.flatMap((t) => [t, snake(t)]);
    const kysely = new RegExp(`updateTable\\(\\s*['"\`](${names.join('|')})['"\`]`);
    const raw = new RegExp(`\\bupdate\\s+(${names.map(snake).join('|')})\\b`, 'i');
    const offenders = files(SRC)
      .map((p) => [relative(SRC, p), readFileSync(p, 'utf8')] as const)
      .filter(([rel, text]) => rel !== OWNER && (kysely.test(text) || raw.test(text)))
      .map(([rel]) => rel);
    expect(offenders).toEqual([]);
  });

  it('the owner does update them (the check above looks at the right spelling)', () => {
    const text = readFileSync(join(SRC, OWNER), 'utf8');
    expect(text).toMatch(/updateTable\(t as 'exceptions'\)/);
  });
});
