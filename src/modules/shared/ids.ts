/** Time-ordered prefixed ids (cursor pagination sorts by id) and human document numbers. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case
let lastTime = 0;
let counter = 0;

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** `exc_` + 10 chars of milliseconds + 4 of a same-millisecond counter + 8 random: sortable by creation. */
export function newId(prefix: string): string {
  const time = Date.now();
  if (time === lastTime) counter++;
  else {
    lastTime = time;
    counter = 0;
  }
  const random = BigInt('0x' + randomBytes(5).toString('hex'));
  return `${prefix}_${encode(BigInt(time), 10)}${encode(BigInt(counter), 4)}${encode(random, 8)}`;
}

export const NO_PREFIX = {
  stockingOrder: 'SO',
  deliveryNote: 'DN',
  exception: 'EX',
  returnOrder: 'RO',
  compensation: 'CP',
  penalty: 'PN',
  ticket: 'TK',
} as const;

/** Next human number of a kind, e.g. EX20261126000042; one row per kind, bumped in the caller's transaction. */
export async function nextNo(tx: Executor, kind: keyof typeof NO_PREFIX, at: Date): Promise<string> {
  const prefix = NO_PREFIX[kind];
  const row = await tx
    .insertInto('sequences')
    .values({ name: prefix, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  const day = at.toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}${day}${String(row.value).padStart(6, '0')}`;
}
