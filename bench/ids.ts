/**
 * Ids and document numbers for bulk-loaded rows, in the exact shape of src/modules/shared/ids.ts
 * (`exc_` + 10 chars of milliseconds + 4 of a counter + 8 random, Crockford base32), but taking the
 * creation time as an argument so history can be laid out in the past, older than anything the
 * server creates during the run.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

let lastMs = -1;
let counter = 0;

/** A sortable id created at `ms` (ids of one millisecond keep their creation order). */
export function idAt(prefix: string, ms: number): string {
  if (ms === lastMs) counter++;
  else {
    lastMs = ms;
    counter = 0;
  }
  return `${prefix}_${encode(ms, 10)}${encode(counter, 4)}${encode(Math.floor(Math.random() * 2 ** 40), 8)}`;
}

/** `EX20260101` + a zero-padded sequence: the shape of nextNo(), unique by the sequence alone. */
export function noAt(prefix: string, ms: number, seq: number): string {
  const day = new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
  return `${prefix}${day}${String(seq).padStart(6, '0')}`;
}
