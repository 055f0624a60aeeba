/**
 * What executing each plan does (SPEC §4 plan table, §5 quantities), for all 36 subtype × plan
 * pairs, on a two-line note: SKU a ×10 and SKU b ×5, both at 1250. The expectations are written
 * out from the spec, not derived from the catalog's data.
 */
import { describe, expect, it } from 'vitest';
import { SUBTYPES, type Plan, type Subtype } from '../../src/domain/catalog.js';
import { planOutcome, type NoteLine, type Outcome, type Qline } from '../../src/domain/plan-outcome.js';

const PRICE = 1250;
const NOTE: NoteLine[] = [
  { skuId: 'a', declared: 10, unitPrice: PRICE },
  { skuId: 'b', declared: 5, unitPrice: PRICE },
];
/** A wrong SKU gets its own line with declared 0 (SPEC §5). */
const WRONG_LINE: NoteLine = { skuId: 'c', declared: 0, unitPrice: 900 };

const q = (skuId: string, qty: number): Qline => ({ skuId, qty });
const ALL = [q('a', 10), q('b', 5)]; // the note's declared contents
const priced = (lines: Qline[], unitPrice = PRICE) => lines.map((l) => ({ ...l, unitPrice }));

type Fate = Outcome['note'];
interface Expect {
  lines: Qline[];
  note: Fate;
  category: Outcome['taskCategory'];
  returnOrder?: { sealed: boolean; lines: Qline[] };
  replenishment?: { skuId: string; qty: number; unitPrice: number }[];
  compensation?: number;
  newNote?: Qline[];
  newOrderAndNote?: { skuId: string; qty: number; unitPrice: number }[];
  boxes?: Outcome['boxes'];
  noteLines?: NoteLine[];
}

/** Subtypes whose units sit on hold while the exception is pending (SPEC §5). */
const HELD = new Set<string>([
  'SURPLUS', 'WRONG_GOODS', // arrive straight onto hold
  'BARCODE_WRONG', 'BARCODE_DAMAGED', 'BLOATED', 'DAMAGED_DIRTY', 'QUALITY_PARTIAL', 'QUALITY_ALL',
]);

const timeout = (): Record<string, Expect> => ({
  // void note; replenishment order for the note's qty
  CONTINUE_DELIVERY: { lines: ALL, note: 'VOID', category: 'RESEND_ONLY', replenishment: priced(ALL) },
  // void note
  TERMINATE_DELIVERY: { lines: ALL, note: 'VOID', category: 'NONE' },
});

const DAMAGED = [q('a', 3), q('b', 1)];
const transportDamage = (): Record<string, Expect> => ({
  // void note; replenishment (the note's whole quantity, §5); compensation = damaged qty × unit price
  CONTINUE_DELIVERY: {
    lines: DAMAGED, note: 'VOID', category: 'RESEND_ONLY', replenishment: priced(ALL), compensation: 4 * PRICE, boxes: 'REFUSED',
  },
  TERMINATE_DELIVERY: { lines: DAMAGED, note: 'VOID', category: 'NONE', compensation: 4 * PRICE, boxes: 'REFUSED' },
});

const boxLabel = (): Record<string, Expect> => ({
  // void note; new note (already arrived) with the package's declared contents
  IN_WAREHOUSE_RECEIVE: { lines: ALL, note: 'VOID', category: 'NONE', newNote: ALL, boxes: 'TRANSFERRED' },
  // void note; the package goes back sealed
  TERMINATE_DELIVERY: {
    lines: ALL, note: 'VOID', category: 'RETURN_ONLY', returnOrder: { sealed: true, lines: ALL }, boxes: 'RETURNED',
  },
});

const noteState = (): Record<string, Expect> => ({
  // the original note is reinstated and received normally
  AUTO_ORDER_RECEIVE: { lines: ALL, note: 'REINSTATE', category: 'NONE', boxes: 'AT_DOCK' },
  // void note; return order for everything in it, sealed
  PROBLEM_PACKAGE_RETURN: {
    lines: ALL, note: 'VOID', category: 'RETURN_ONLY', returnOrder: { sealed: true, lines: ALL }, boxes: 'RETURNED',
  },
});

const SURPLUS_LINES = [q('a', 2)];
const WRONG_LINES = [q('c', 3)];
const extraUnits = (lines: Qline[], unitPrice: number, noteLines: NoteLine[]): Record<string, Expect> => ({
  // rest received; new accepted order + arrived note for the problem qty
  AUTO_ORDER_RECEIVE: { lines, noteLines, note: 'KEEP', category: 'NONE', newOrderAndNote: priced(lines, unitPrice) },
  // rest received; return order for the problem qty
  PROBLEM_GOODS_RETURN: { lines, noteLines, note: 'KEEP', category: 'RETURN_ONLY', returnOrder: { sealed: false, lines } },
});

const BARCODE_LINES = [q('a', 4)];
const barcode = (): Record<string, Expect> => ({
  IN_WAREHOUSE_RECEIVE: { lines: BARCODE_LINES, note: 'KEEP', category: 'NONE', newNote: BARCODE_LINES },
  PROBLEM_GOODS_RETURN: {
    lines: BARCODE_LINES, note: 'KEEP', category: 'RETURN_ONLY', returnOrder: { sealed: false, lines: BARCODE_LINES },
  },
});

const MISSING = [q('b', 2)];
const shortage = (): Record<string, Expect> => ({
  // rest received; replenishment for the missing qty
  CONTINUE_DELIVERY: { lines: MISSING, note: 'KEEP', category: 'RESEND_ONLY', replenishment: priced(MISSING) },
  // rest received
  TERMINATE_DELIVERY: { lines: MISSING, note: 'KEEP', category: 'NONE' },
});

const BAD = [q('a', 3), q('b', 1)];
const damagedGoods = (): Record<string, Expect> => ({
  IN_WAREHOUSE_RECEIVE: { lines: BAD, note: 'KEEP', category: 'NONE', newNote: BAD },
  PROBLEM_GOODS_REPAIR: {
    lines: BAD, note: 'KEEP', category: 'RETURN_AND_RESEND', returnOrder: { sealed: false, lines: BAD }, replenishment: priced(BAD),
  },
});

const DEFECTS = [q('a', 2), q('b', 1)];
const EXPECTED: Record<string, Record<string, Expect>> = {
  PLATFORM_TRANSPORT_TIMEOUT: timeout(),
  SELF_TRANSPORT_TIMEOUT: timeout(),
  TRANSPORT_DAMAGE: transportDamage(),
  MULTIPLE_NOTES_ON_PACKAGE: boxLabel(),
  BOX_LABEL_UNREADABLE: boxLabel(),
  BOX_LABEL_MISSING: boxLabel(),
  NOTE_NOT_CONFIRMED: noteState(),
  NOTE_CANCELLED: noteState(),
  SURPLUS: extraUnits(SURPLUS_LINES, PRICE, NOTE),
  WRONG_GOODS: extraUnits(WRONG_LINES, 900, [...NOTE, WRONG_LINE]),
  BARCODE_WRONG: barcode(),
  BARCODE_DAMAGED: barcode(),
  SHORTAGE: shortage(),
  RECEIVED_PACKAGE: shortage(),
  BLOATED: damagedGoods(),
  DAMAGED_DIRTY: damagedGoods(),
  QUALITY_PARTIAL: {
    DEFECTIVE_RETURN: { lines: DEFECTS, note: 'KEEP', category: 'RETURN_ONLY', returnOrder: { sealed: false, lines: DEFECTS } },
    DEFECTIVE_REPAIR: {
      lines: DEFECTS, note: 'KEEP', category: 'RETURN_AND_RESEND',
      returnOrder: { sealed: false, lines: DEFECTS }, replenishment: priced(DEFECTS),
    },
  },
  QUALITY_ALL: {
    // note → RETURNED; return order for everything (Decision: return only)
    ALL_RETURN: { lines: ALL, note: 'RETURN', category: 'RETURN_ONLY', returnOrder: { sealed: false, lines: ALL } },
    // note → RETURNED; return order and replenishment for everything
    ALL_REPAIR: {
      lines: ALL, note: 'RETURN', category: 'RETURN_AND_RESEND', returnOrder: { sealed: false, lines: ALL }, replenishment: priced(ALL),
    },
  },
};

const CASES: [string, string, Expect][] = Object.entries(EXPECTED).flatMap(([s, plans]) =>
  Object.entries(plans).map(([p, e]) => [s, p, e] as [string, string, Expect]),
);

const run = (subtype: string, plan: string, e: Expect): Outcome =>
  planOutcome({
    subtype: subtype as Subtype,
    plan: plan as Plan,
    lines: e.lines.map((l) => ({ ...l })),
    noteLines: (e.noteLines ?? NOTE).map((l) => ({ ...l })),
  });

it('the expectation table covers all 36 subtype × plan pairs of the catalog', () => {
  expect(CASES).toHaveLength(36);
  const catalogPairs = SUBTYPES.flatMap((s) => s.plans.map((p) => `${s.code}+${p}`)).sort();
  expect(CASES.map(([s, p]) => `${s}+${p}`).sort()).toEqual(catalogPairs);
});

describe.each(CASES)('%s + %s', (subtype, plan, e) => {
  const out = run(subtype, plan, e);

  it('names the plan and its task category', () => {
    expect(out.plan).toBe(plan);
    expect(out.taskCategory).toBe(e.category);
  });

  it(`leaves the note ${e.note}`, () => {
    expect(out.note).toBe(e.note);
  });

  it('creates the return order the spec says (sealed only for package-level returns)', () => {
    expect(out.returnOrder).toEqual(e.returnOrder);
  });

  it('creates the replenishment order the spec says', () => {
    expect(out.replenishment).toEqual(e.replenishment);
  });

  it('pays compensation = damaged qty × unit price, only for transport damage', () => {
    expect(out.compensation).toEqual(e.compensation === undefined ? undefined : { amount: e.compensation });
  });

  it('creates the new note / new order and note the spec says', () => {
    expect(out.newNote).toEqual(e.newNote);
    expect(out.newOrderAndNote).toEqual(e.newOrderAndNote);
  });

  if (e.boxes) {
    it(`sends the boxes to ${e.boxes}`, () => {
      expect(out.boxes).toBe(e.boxes);
    });
  }

  if (HELD.has(subtype)) {
    it('takes every held unit off the hold, exactly the problem lines', () => {
      const to = e.returnOrder ? 'returned' : 'transferred';
      expect(out.ledgerMoves).toEqual(e.lines.map((l) => ({ skuId: l.skuId, qty: l.qty, to })));
    });

    it('sends held units somewhere real: the return order or the new note', () => {
      const dest = out.returnOrder?.lines ?? out.newNote ?? out.newOrderAndNote?.map(({ skuId, qty }) => ({ skuId, qty }));
      expect(dest).toEqual(e.lines);
    });
  } else {
    it('moves nothing on the unit ledger (package unopened, refused, or units short)', () => {
      expect(out.ledgerMoves).toEqual([]);
    });
  }
});

describe('details', () => {
  it('a sealed return and a whole-note replenishment leave out a declared-0 line', () => {
    const noteLines = [...NOTE, WRONG_LINE];
    const ret = planOutcome({ subtype: 'NOTE_CANCELLED', plan: 'PROBLEM_PACKAGE_RETURN', lines: ALL, noteLines });
    expect(ret.returnOrder).toEqual({ sealed: true, lines: ALL });
    const rep = planOutcome({ subtype: 'PLATFORM_TRANSPORT_TIMEOUT', plan: 'CONTINUE_DELIVERY', lines: ALL, noteLines });
    expect(rep.replenishment).toEqual(priced(ALL));
  });

  it('a sealed return carries the declared contents even when the exception names fewer units', () => {
    const out = planOutcome({ subtype: 'BOX_LABEL_MISSING', plan: 'TERMINATE_DELIVERY', lines: [q('a', 1)], noteLines: NOTE });
    expect(out.returnOrder).toEqual({ sealed: true, lines: ALL });
  });

  it('compensation uses each line’s own unit price', () => {
    const noteLines = [{ skuId: 'a', declared: 10, unitPrice: 1250 }, { skuId: 'b', declared: 5, unitPrice: 399 }];
    const out = planOutcome({ subtype: 'TRANSPORT_DAMAGE', plan: 'TERMINATE_DELIVERY', lines: [q('a', 2), q('b', 3)], noteLines });
    expect(out.compensation).toEqual({ amount: 2 * 1250 + 3 * 399 });
  });

  it('replenishment lines carry their own unit prices', () => {
    const noteLines = [{ skuId: 'a', declared: 10, unitPrice: 1250 }, { skuId: 'b', declared: 5, unitPrice: 399 }];
    const out = planOutcome({ subtype: 'QUALITY_PARTIAL', plan: 'DEFECTIVE_REPAIR', lines: [q('b', 2)], noteLines });
    expect(out.replenishment).toEqual([{ skuId: 'b', qty: 2, unitPrice: 399 }]);
  });

  it('QUALITY_ALL returns what the exception holds when not every declared unit arrived', () => {
    const lines = [q('a', 8), q('b', 5)];
    const out = planOutcome({ subtype: 'QUALITY_ALL', plan: 'ALL_REPAIR', lines, noteLines: NOTE });
    expect(out.returnOrder).toEqual({ sealed: false, lines });
    expect(out.ledgerMoves).toEqual(lines.map((l) => ({ ...l, to: 'returned' })));
    expect(out.replenishment).toEqual(priced(lines));
  });

  it('does not change its input or share line objects with it', () => {
    const lines = [q('a', 3)];
    const noteLines = NOTE.map((l) => ({ ...l }));
    const out = planOutcome({ subtype: 'BLOATED', plan: 'PROBLEM_GOODS_REPAIR', lines, noteLines });
    expect(lines).toEqual([q('a', 3)]);
    expect(noteLines).toEqual(NOTE);
    out.returnOrder!.lines[0].qty = 99;
    expect(lines[0].qty).toBe(3);
  });

  it('refuses a plan the subtype does not offer', () => {
    expect(() => planOutcome({ subtype: 'SHORTAGE', plan: 'ALL_RETURN', lines: MISSING, noteLines: NOTE })).toThrow(/not defined/);
  });
});
