/** What a wedge scanner's text is (web/src/workspaces/warehouse/scan/classify.ts). */
import { describe, expect, it } from 'vitest';
import { looksLikeNoteCode, looksLikeReturnCode, parseScan } from '../../web/src/workspaces/warehouse/scan/classify.js';

describe('parseScan', () => {
  it('a barcode books one; qty*barcode (also x, X, ×) books qty', () => {
    expect(parseScan('6901234567890\n')).toEqual({ kind: 'code', code: '6901234567890', qty: 1 });
    expect(parseScan('12*6901234567890')).toEqual({ kind: 'code', code: '6901234567890', qty: 12 });
    expect(parseScan('3 x 690')).toEqual({ kind: 'code', code: '690', qty: 3 });
    expect(parseScan('3×690')).toEqual({ kind: 'code', code: '690', qty: 3 });
  });
  it('a quantity outside 1–9999 is refused, empty text is nothing', () => {
    expect(parseScan('0*690')).toEqual({ kind: 'badQty', text: '0*690' });
    expect(parseScan('10000*690')).toEqual({ kind: 'badQty', text: '10000*690' });
    expect(parseScan(' \r\n')).toEqual({ kind: 'empty' });
  });
  it('a barcode the step knows is read whole, even when it looks like a quantity (Code 128: 12X34)', () => {
    const known = (c: string) => c === '12X34' || c === '69017x12345';
    expect(parseScan('12X34', known)).toEqual({ kind: 'code', code: '12X34', qty: 1 });
    expect(parseScan('69017x12345\n', known)).toEqual({ kind: 'code', code: '69017x12345', qty: 1 });
    // without it: 12 units of 34, and 69017 is beyond any quantity
    expect(parseScan('12X34')).toEqual({ kind: 'code', code: '34', qty: 12 });
    expect(parseScan('69017x12345')).toEqual({ kind: 'badQty', text: '69017x12345' });
    // a known barcode behind a quantity still books the quantity
    expect(parseScan('2*12X34', known)).toEqual({ kind: 'code', code: '12X34', qty: 2 });
  });
  it('note numbers, box labels and return orders by their shape', () => {
    expect(looksLikeNoteCode('DN20261203000042')).toBe(true);
    expect(looksLikeNoteCode('DN20261203000042-001')).toBe(true);
    expect(looksLikeNoteCode('6901234567890')).toBe(false);
    expect(looksLikeReturnCode('RO20261203000042')).toBe(true);
    expect(looksLikeReturnCode('DN20261203000042')).toBe(false);
  });
});
