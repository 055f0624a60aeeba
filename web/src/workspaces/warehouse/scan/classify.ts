/**
 * What a scan is. A keyboard-wedge scanner types the code and Enter; a clerk may prefix a quantity
 * (`12*6901234567890` books 12). Note numbers and box-label codes are recognised by their shape and
 * resolved by the server's lookup; anything else is a barcode.
 */
export type Scan =
  | { kind: 'empty' }
  | { kind: 'code'; code: string; qty: number }
  | { kind: 'badQty'; text: string };

const MAX_QTY = 9999;

/** `known`: a barcode the step knows (a line of its note), read whole before the quantity syntax — Code 128 may hold an x (12X34). */
export function parseScan(raw: string, known?: (code: string) => boolean): Scan {
  const text = raw.replace(/[\r\n\t]/g, '').trim();
  if (!text) return { kind: 'empty' };
  if (known?.(text)) return { kind: 'code', code: text, qty: 1 };
  const m = /^(\d{1,6})\s*[*xX×]\s*(\S+)$/.exec(text);
  if (m) {
    const qty = Number(m[1]);
    if (qty < 1 || qty > MAX_QTY) return { kind: 'badQty', text };
    return { kind: 'code', code: m[2], qty };
  }
  return { kind: 'code', code: text, qty: 1 };
}

/** A delivery-note number (`DN20261203000042`) or a box-label code (`DN20261203000042-001`): looked up as a note, not as a SKU. */
export const looksLikeNoteCode = (code: string) => /^DN\d{14}(-\d{3})?$/i.test(code);

/** A return-order number (`RO20261203000042`): 退货作业 opens it. */
export const looksLikeReturnCode = (code: string) => /^RO\d{14}$/i.test(code);
