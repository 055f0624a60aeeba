/** Time-ordered prefixed ids (cursor pagination sorts by id) and human document numbers. */
import { randomFillSync } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.js';
import { dialectOf } from '../../db/dialect.js';
import { precompiled } from '../../db/precompiled.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case
let lastTime = 0;
let counter = 0;

// random bytes drawn 4 KiB at a time: one randomBytes(5) per id was 3.5 % of a registration's CPU
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomFive(): number {
  if (poolAt + 5 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = pool;
  const at = poolAt;
  poolAt += 5;
  return b[at] * 2 ** 32 + (((b[at + 1] << 24) | (b[at + 2] << 16) | (b[at + 3] << 8) | b[at + 4]) >>> 0);
}

/** The low `5 × length` bits of `value` (an integer below 2^53) in base32, most significant first. */
function encode(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** `prefix_` + 10 chars of `time` + 4 of `counter` + 8 of `random` (40 bits), each the low bits that fit. */
export function formatId(prefix: string, time: number, counter: number, random: number): string {
  return `${prefix}_${encode(time, 10)}${encode(counter, 4)}${encode(random, 8)}`;
}

/** `exc_` + 10 chars of milliseconds + 4 of a same-millisecond counter + 8 random: sortable by creation. */
export function newId(prefix: string): string {
  const time = Date.now();
  if (time === lastTime) counter++;
  else {
    lastTime = time;
    counter = 0;
  }
  return formatId(prefix, time, counter, randomFive());
}

export const NO_PREFIX = {
  stockingOrder: 'SO',
  deliveryNote: 'DN',
  exception: 'EX',
  returnOrder: 'RO',
  compensation: 'CP',
  penalty: 'PN',
  ticket: 'TK',
  dispute: 'DP',
  fee: 'FE',
} as const;

// SQLite (one writer): one row per kind, bumped in the caller's transaction
const bumpSequence = precompiled((db, name: string) => db
  .insertInto('sequences')
  .values({ name, value: 1 })
  .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` }))
  .returning('value'));

// PostgreSQL: one sequence per kind (migration 0006), which holds no lock until commit; a rolled-back
// transaction leaves a gap, so numbers are unique and increasing per kind but not gapless
const nextValue = Object.fromEntries(Object.values(NO_PREFIX).map((p) => [p,
  precompiled((db) => db.selectNoFrom(sql<number>`nextval(${sql.lit(`document_no_${p.toLowerCase()}`)})`.as('value')))])) as
  Record<string, ReturnType<typeof precompiled<[], { value: number }>>>;

/** Next human number of a kind, e.g. EX20261126000042. */
export async function nextNo(tx: Executor, kind: keyof typeof NO_PREFIX, at: Date): Promise<string> {
  const prefix = NO_PREFIX[kind];
  const row = dialectOf(tx) === 'postgres' ? await nextValue[prefix].first(tx) : await bumpSequence.first(tx, prefix);
  const day = at.toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}${day}${String(Number(row!.value)).padStart(6, '0')}`;
}
