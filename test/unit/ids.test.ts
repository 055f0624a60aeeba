/** Prefixed, time-ordered ids (src/modules/shared/ids.ts): format, order, and the encoding of each part. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatId, newId } from '../../src/modules/shared/ids.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ID = /^exc_[0-9a-hjkmnp-tv-z]{22}$/;

/** The encoding as it was written first (BigInt), to hold the new one to it. */
function reference(prefix: string, time: number, counter: number, random: bigint): string {
  const encode = (value: bigint, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) {
      out = ALPHABET[Number(value & 31n)] + out;
      value >>= 5n;
    }
    return out;
  };
  return `${prefix}_${encode(BigInt(time), 10)}${encode(BigInt(counter), 4)}${encode(random, 8)}`;
}

describe('ids', () => {
  afterEach(() => vi.restoreAllMocks());

  it('encodes time, counter and 40 random bits exactly as the BigInt encoding did, edges included', () => {
    const cases: [number, number, bigint][] = [
      [0, 0, 0n], [1, 1, 1n], [Date.UTC(2026, 10, 26), 0, 0xffffffffffn], [2 ** 50 - 1, 2 ** 20 - 1, 2n ** 40n - 1n],
      [Date.UTC(2099, 0, 1), 2 ** 20 + 5, 0x8000000001n], // a counter past 4 chars keeps its low 20 bits, as before
    ];
    for (let i = 0; i < 500; i++) {
      cases.push([Math.floor(Math.random() * 2 ** 44), Math.floor(Math.random() * 2 ** 20), BigInt(Math.floor(Math.random() * 2 ** 40))]);
    }
    for (const [time, counter, random] of cases) {
      expect(formatId('exc', time, counter, Number(random))).toBe(reference('exc', time, counter, random));
    }
  });

  it('makes prefix_ + 22 lower-case Crockford characters, in creation order, unique across many pool refills', () => {
    const ids = Array.from({ length: 5000 }, () => newId('exc')); // 5 bytes each: ~6 refills of the 4 KiB pool
    for (const id of ids) expect(id).toMatch(ID);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(-8))).size).toBeGreaterThan(4990); // the random part varies
  });

  it('counts ids within one millisecond and starts again at the next', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 10, 26, 8, 0, 0, 1));
    const [a, b, c] = [newId('dn'), newId('dn'), newId('dn')];
    expect([a, b, c].map((id) => id.slice(13, 17))).toEqual(['0000', '0001', '0002']);
    expect(a.slice(3, 13)).toBe(b.slice(3, 13));
    now.mockReturnValue(Date.UTC(2026, 10, 26, 8, 0, 0, 2));
    const d = newId('dn');
    expect(d.slice(13, 17)).toBe('0000');
    expect([a, b, c, d].sort()).toEqual([a, b, c, d]);
    expect(d.slice(0, 13)).toBe(reference('dn', Date.UTC(2026, 10, 26, 8, 0, 0, 2), 0, 0n).slice(0, 13));
  });
});
