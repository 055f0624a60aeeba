/** The quantity ledger of SPEC §5: every move, its refusals, the invariant and a property test. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import {
  LEDGER_FIELDS,
  arriveOnHold,
  assertLedger,
  bookShort,
  emptyLedger,
  holdInProcess,
  inspect,
  isSettled,
  ledgerViolations,
  putAway,
  receivable,
  receive,
  releaseToProcess,
  returnHeld,
  reverseInspect,
  reversePutAway,
  reverseReceipt,
  reversibleFailed,
  reversiblePassed,
  reversibleReceipt,
  transferHeld,
  unbookShort,
  uninspected,
  withdrawArrival,
  type Ledger,
} from '../../src/domain/ledger.js';

const L = (over: Partial<Ledger> = {}): Ledger => ({ ...emptyLedger(), ...over });

/** A line with declared 10: 6 received, 4 passed and 1 failed QC, all 6 still in process. */
const base = (): Ledger => L({ declared: 10, arrived: 6, received: 6, passed: 4, failed: 1, inProcess: 6 });

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected the move to throw');
}

function expectRule(fn: () => unknown, code: string, field: string): void {
  const err = caught(fn);
  expect(err.status).toBe(422);
  expect(err.code).toBe(code);
  expect(err.errors).toEqual([expect.objectContaining({ field, code })]);
}

function expectRefusal(fn: () => unknown, code: string, field: string, ...detail: string[]): void {
  expectRule(fn, code, field);
  for (const d of detail) expect(caught(fn).detail).toContain(d);
}

function expectInvariantError(fn: () => unknown): void {
  const err = caught(fn);
  expect(err.status).toBe(500);
  expect(err.code).toBe('LEDGER_INVARIANT');
}

describe('emptyLedger', () => {
  it('has the field names of SPEC §5, all zero but declared', () => {
    expect([...LEDGER_FIELDS].sort()).toEqual(
      ['arrived', 'declared', 'failed', 'inProcess', 'onHold', 'passed', 'received', 'returned', 'short', 'stocked', 'transferred'],
    );
    expect(emptyLedger(7)).toEqual(L({ declared: 7 }));
    expect(emptyLedger()).toEqual(L({ declared: 0 }));
    expect(ledgerViolations(emptyLedger(7))).toEqual([]);
  });
});

describe('receive', () => {
  it('counts units as received, arrived and in process', () => {
    const l = receive(emptyLedger(10), 6);
    expect(l).toEqual(L({ declared: 10, arrived: 6, received: 6, inProcess: 6 }));
    expect(receivable(l)).toBe(4);
    expect(receive(l, 4)).toMatchObject({ received: 10, arrived: 10, inProcess: 10 });
  });

  it('never books more than declared − short − received: 422 RECEIPT_EXCEEDS_DECLARED', () => {
    expectRule(() => receive(emptyLedger(10), 11), 'RECEIPT_EXCEEDS_DECLARED', 'qty');
    expectRule(() => receive(base(), 5), 'RECEIPT_EXCEEDS_DECLARED', 'qty');
    expectRule(() => receive(L({ declared: 10, short: 3 }), 8, 'lines[0].qty'), 'RECEIPT_EXCEEDS_DECLARED', 'lines[0].qty');
    expectRule(() => receive(L({ declared: 0 }), 1), 'RECEIPT_EXCEEDS_DECLARED', 'qty');
    expect(receive(L({ declared: 10, short: 3 }), 7).received).toBe(7);
  });

  it('does not change the ledger it is given', () => {
    const l = Object.freeze(base());
    receive(l, 2);
    expect(l).toEqual(base());
  });
});

describe('inspect', () => {
  it('adds passed and failed without moving units', () => {
    const l = inspect(base(), 1, 0);
    expect(l).toEqual({ ...base(), passed: 5 });
    expect(uninspected(l)).toBe(0);
  });

  it('refuses more than the uninspected units: 422 QC_EXCEEDS_RECEIVED', () => {
    expectRule(() => inspect(base(), 1, 1), 'QC_EXCEEDS_RECEIVED', 'passed');
    expectRule(() => inspect(base(), 0, 2, 'failed'), 'QC_EXCEEDS_RECEIVED', 'failed');
    expectRule(() => inspect(emptyLedger(10), 1, 0), 'QC_EXCEEDS_RECEIVED', 'passed');
  });
});

describe('putAway', () => {
  it('moves passed units from in process to stocked', () => {
    expect(putAway(base(), 4)).toEqual({ ...base(), inProcess: 2, stocked: 4 });
  });

  it('refuses units that have not passed QC: 422 PUTAWAY_EXCEEDS_PASSED', () => {
    expectRule(() => putAway(base(), 5), 'PUTAWAY_EXCEEDS_PASSED', 'qty');
    expectRule(() => putAway(putAway(base(), 4), 1, 'lines[1].qty'), 'PUTAWAY_EXCEEDS_PASSED', 'lines[1].qty');
    expectRule(() => putAway(receive(emptyLedger(5), 5), 1), 'PUTAWAY_EXCEEDS_PASSED', 'qty');
  });

  it('refuses passed units that are no longer in process', () => {
    const held = holdInProcess(inspect(receive(emptyLedger(5), 5), 5, 0), 3);
    expect(putAway(held, 2).stocked).toBe(2);
    expectRule(() => putAway(held, 3), 'PUTAWAY_EXCEEDS_PASSED', 'qty');
  });
});

describe('holdInProcess and releaseToProcess', () => {
  it('holds units that are in process and releases them again', () => {
    const held = holdInProcess(base(), 2);
    expect(held).toEqual({ ...base(), inProcess: 4, onHold: 2 });
    expect(releaseToProcess(held, 2)).toEqual(base());
  });

  it('refuses to hold more than is in process: 422 HOLD_EXCEEDS_IN_PROCESS', () => {
    expectRule(() => holdInProcess(base(), 7), 'HOLD_EXCEEDS_IN_PROCESS', 'qty');
    expectRule(() => holdInProcess(emptyLedger(3), 1, 'lines[0].qty'), 'HOLD_EXCEEDS_IN_PROCESS', 'lines[0].qty');
  });

  it('refuses to release more than is held (500 LEDGER_INVARIANT)', () => {
    expectInvariantError(() => releaseToProcess(holdInProcess(base(), 2), 3));
  });
});

describe('arriveOnHold and withdrawArrival (surplus / wrong goods)', () => {
  it('lets extra units arrive straight onto hold, beyond declared', () => {
    const l = arriveOnHold(receive(emptyLedger(10), 10), 3);
    expect(l).toEqual(L({ declared: 10, arrived: 13, received: 10, inProcess: 10, onHold: 3 }));
    expect(ledgerViolations(l)).toEqual([]);
  });

  it('works on a wrong-SKU line with declared 0', () => {
    const l = arriveOnHold(emptyLedger(0), 4);
    expect(l).toEqual(L({ arrived: 4, onHold: 4 }));
    expect(withdrawArrival(l, 4)).toEqual(emptyLedger(0));
  });

  it('refuses to withdraw more than is held (500 LEDGER_INVARIANT)', () => {
    expectInvariantError(() => withdrawArrival(arriveOnHold(emptyLedger(0), 2), 3));
  });
});

describe('bookShort and unbookShort', () => {
  it('books declared units that never came and releases them', () => {
    const l = bookShort(base(), 4);
    expect(l).toEqual({ ...base(), short: 4 });
    expect(receivable(l)).toBe(0);
    expect(unbookShort(l, 4)).toEqual(base());
  });

  it('a receipt can no longer book short units', () => {
    expectRule(() => receive(bookShort(base(), 1), 4), 'RECEIPT_EXCEEDS_DECLARED', 'qty');
  });

  it('refuses more than is outstanding: 422 SHORT_EXCEEDS_OUTSTANDING', () => {
    expectRule(() => bookShort(base(), 5), 'SHORT_EXCEEDS_OUTSTANDING', 'qty');
    expectRule(() => bookShort(bookShort(emptyLedger(3), 2), 2, 'lines[0].qty'), 'SHORT_EXCEEDS_OUTSTANDING', 'lines[0].qty');
  });

  it('refuses to release more than was booked (500 LEDGER_INVARIANT)', () => {
    expectInvariantError(() => unbookShort(bookShort(base(), 2), 3));
  });
});

describe('returnHeld and transferHeld', () => {
  const held = () => holdInProcess(base(), 3);

  it('moves held units onto a return order', () => {
    expect(returnHeld(held(), 3)).toEqual({ ...base(), inProcess: 3, returned: 3 });
  });

  it('moves held units onto a new delivery note', () => {
    expect(transferHeld(held(), 2)).toEqual({ ...base(), inProcess: 3, onHold: 1, transferred: 2 });
  });

  it('never moves more units than are held (500 LEDGER_INVARIANT)', () => {
    expectInvariantError(() => returnHeld(held(), 4));
    expectInvariantError(() => transferHeld(held(), 4));
    expectInvariantError(() => returnHeld(base(), 1));
  });
});

describe('reverseReceipt', () => {
  it('takes back received units that are uninspected and in process', () => {
    expect(reverseReceipt(receive(emptyLedger(10), 6), 2)).toEqual(receive(emptyLedger(10), 4));
    // surplus units on hold are not received units: every receipt can still be taken back
    const l = arriveOnHold(receive(emptyLedger(10), 10), 2);
    expect(reversibleReceipt(l)).toBe(10);
    expect(reverseReceipt(l, 1)).toEqual(L({ declared: 10, arrived: 11, received: 9, inProcess: 9, onHold: 2 }));
  });

  it('refuses inspected units, held units and more than was received: 422 RECEIPT_NOT_REVERSIBLE', () => {
    expect(reversibleReceipt(base())).toBe(1);
    expectRefusal(() => reverseReceipt(base(), 2), 'RECEIPT_NOT_REVERSIBLE', 'qty', 'Only 1 of the 6', '5 units already inspected; undo the QC first');
    const held = holdInProcess(receive(emptyLedger(10), 5), 2);
    expect(reverseReceipt(held, 3)).toMatchObject({ received: 2, inProcess: 0, onHold: 2 });
    expectRefusal(() => reverseReceipt(held, 4, 'lines[0].qty'), 'RECEIPT_NOT_REVERSIBLE', 'lines[0].qty', '2 units held under an exception');
    expectRefusal(() => reverseReceipt(receive(emptyLedger(10), 3), 4), 'RECEIPT_NOT_REVERSIBLE', 'qty', 'Only 3 of the 3 received');
    expect(reversibleReceipt(putAway(inspect(receive(emptyLedger(5), 5), 5, 0), 5))).toBe(0);
  });
});

describe('reverseInspect', () => {
  it('makes passed and failed units uninspected again', () => {
    expect(reverseInspect(inspect(base(), 1, 0), 1, 0)).toEqual(base());
    expect(reverseInspect(base(), 2, 1)).toEqual({ ...base(), passed: 2, failed: 0 });
  });

  it('refuses passed units already put away: 422 QC_NOT_REVERSIBLE', () => {
    const stocked = putAway(base(), 4);
    expect(reversiblePassed(stocked)).toBe(0);
    expectRefusal(() => reverseInspect(stocked, 1, 0, 'lines[0].'), 'QC_NOT_REVERSIBLE', 'lines[0].passed', 'Only 0 of the 4 passed', '4 units already put away; undo the put-away first');
    expect(reverseInspect(stocked, 0, 1)).toMatchObject({ passed: 4, failed: 0, stocked: 4 });
  });

  it('refuses units held by an exception (the counters cannot prove which ones are in process)', () => {
    // 8 passed, 2 failed and held (部分异常): the failed ones cannot be un-failed, 6 passed provably can
    const partial = holdInProcess(inspect(receive(emptyLedger(10), 10), 8, 2), 2);
    expect([reversiblePassed(partial), reversibleFailed(partial)]).toEqual([6, 0]);
    expectRefusal(() => reverseInspect(partial, 0, 1), 'QC_NOT_REVERSIBLE', 'failed', 'Only 0 of the 2 failed', '2 units held under an exception');
    expectRefusal(() => reverseInspect(partial, 7, 0), 'QC_NOT_REVERSIBLE', 'passed', 'Only 6 of the 8 passed');
    // 全部不合格 holds every unit in process
    expect(reversiblePassed(holdInProcess(inspect(receive(emptyLedger(5), 5), 5, 0), 5))).toBe(0);
  });
});

describe('reversePutAway', () => {
  it('brings stocked units back into process, waiting for put-away again', () => {
    expect(reversePutAway(putAway(base(), 3), 3)).toEqual(base());
  });

  it('refuses more than was put away: 422 PUTAWAY_NOT_REVERSIBLE', () => {
    expectRefusal(() => reversePutAway(putAway(base(), 3), 4), 'PUTAWAY_NOT_REVERSIBLE', 'qty', 'Only 3 unit(s)');
    expectRule(() => reversePutAway(base(), 1, 'lines[2].qty'), 'PUTAWAY_NOT_REVERSIBLE', 'lines[2].qty');
  });
});

describe('ledgerViolations and assertLedger', () => {
  const sound = (): Ledger =>
    L({ declared: 10, arrived: 9, received: 8, passed: 6, failed: 1, inProcess: 2, onHold: 2, stocked: 3, returned: 1, transferred: 1, short: 2 });

  it('finds nothing wrong with a sound ledger', () => {
    expect(ledgerViolations(sound())).toEqual([]);
    expect(() => assertLedger(sound())).not.toThrow();
  });

  it.each(LEDGER_FIELDS.map((f) => [f]))('detects a negative %s', (f) => {
    const v = ledgerViolations({ ...sound(), [f]: -1 });
    expect(v.some((m) => m.startsWith(`${f} must be`))).toBe(true);
  });

  it.each(LEDGER_FIELDS.map((f) => [f]))('detects a fractional %s', (f) => {
    const v = ledgerViolations({ ...sound(), [f]: 0.5 });
    expect(v.some((m) => m.startsWith(`${f} must be`))).toBe(true);
  });

  it('detects a non-number', () => {
    expect(ledgerViolations({ ...sound(), onHold: Number.NaN }).length).toBeGreaterThan(0);
  });

  it.each([
    ['a unit counted twice', { stocked: 4 }],
    ['a unit lost', { returned: 0 }],
    ['arrived raised alone', { arrived: 10 }],
    ['arrived lowered alone', { arrived: 8 }],
  ] as [string, Partial<Ledger>][])('detects arrived ≠ the places units are in: %s', (_, change) => {
    const v = ledgerViolations({ ...sound(), ...change });
    expect(v.some((m) => m.startsWith('arrived ('))).toBe(true);
  });

  it('detects received + short > declared', () => {
    expect(ledgerViolations({ ...sound(), short: 3 })).toEqual(['received + short exceeds declared']);
  });

  it('detects passed + failed > received', () => {
    expect(ledgerViolations({ ...sound(), failed: 3 })).toEqual(['passed + failed exceeds received']);
  });

  it('assertLedger throws 500 LEDGER_INVARIANT naming the place', () => {
    const err = caught(() => assertLedger({ ...sound(), stocked: 4 }, 'note DN-1 line a'));
    expect(err.status).toBe(500);
    expect(err.code).toBe('LEDGER_INVARIANT');
    expect(err.detail).toContain('note DN-1 line a');
  });
});

describe('isSettled', () => {
  it('is not settled before anything arrived', () => {
    expect(isSettled(emptyLedger(5))).toBe(false);
  });

  it('is settled when everything was received and left process and hold', () => {
    let l = inspect(receive(emptyLedger(5), 5), 4, 1);
    l = putAway(l, 4);
    expect(isSettled(l)).toBe(false); // 1 failed unit still in process
    l = returnHeld(holdInProcess(l, 1), 1);
    expect(isSettled(l)).toBe(true);
  });

  it('is not settled while units are on hold or units are still expected', () => {
    const l = putAway(inspect(receive(emptyLedger(5), 5), 5, 0), 5);
    expect(isSettled(l)).toBe(true);
    expect(isSettled(arriveOnHold(l, 1))).toBe(false);
    expect(isSettled({ ...l, declared: 6 })).toBe(false);
  });

  it('counts booked-short units as no longer expected', () => {
    const l = bookShort(putAway(inspect(receive(emptyLedger(5), 3), 3, 0), 3), 2);
    expect(isSettled(l)).toBe(true);
  });

  it('a line of surplus units only settles once they leave the hold', () => {
    const l = arriveOnHold(emptyLedger(0), 2);
    expect(isSettled(l)).toBe(false);
    expect(isSettled(transferHeld(l, 2))).toBe(true);
  });
});

describe('property: any sequence of accepted moves and reversals keeps the ledger sound', () => {
  type Move = { name: string; run: (l: Ledger) => Ledger };
  const q = fc.integer({ min: 0, max: 12 });
  const one = (name: string, f: (l: Ledger, n: number) => Ledger) =>
    q.map((n): Move => ({ name: `${name}(${n})`, run: (l) => f(l, n) }));
  const move: fc.Arbitrary<Move> = fc.oneof(
    one('receive', receive),
    fc.tuple(q, q).map(([p, f]): Move => ({ name: `inspect(${p},${f})`, run: (l) => inspect(l, p, f) })),
    one('putAway', putAway),
    one('holdInProcess', holdInProcess),
    one('releaseToProcess', releaseToProcess),
    one('arriveOnHold', arriveOnHold),
    one('withdrawArrival', withdrawArrival),
    one('bookShort', bookShort),
    one('unbookShort', unbookShort),
    one('returnHeld', returnHeld),
    one('transferHeld', transferHeld),
    one('reverseReceipt', reverseReceipt),
    fc.tuple(q, q).map(([p, f]): Move => ({ name: `reverseInspect(${p},${f})`, run: (l) => reverseInspect(l, p, f) })),
    one('reversePutAway', reversePutAway),
  );

  it('keeps ledgerViolations empty and received + short ≤ declared after every step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(move, { maxLength: 60 }), (declared, moves) => {
        let l = emptyLedger(declared);
        for (const m of moves) {
          let next: Ledger;
          try {
            next = m.run(Object.freeze({ ...l }));
          } catch (e) {
            // a refused move throws the rule it breaks (an AppError), never a TypeError from mutating
            expect(e, m.name).toBeInstanceOf(AppError);
            continue;
          }
          l = next;
          expect(ledgerViolations(l), m.name).toEqual([]);
          expect(l.received + l.short, m.name).toBeLessThanOrEqual(l.declared);
          expect(l.declared, m.name).toBe(declared);
          expect(l.stocked, `${m.name}: stocked only what passed QC`).toBeLessThanOrEqual(l.passed);
        }
      }),
      { numRuns: 500 },
    );
  });
});
