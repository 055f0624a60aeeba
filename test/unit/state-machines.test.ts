/**
 * The transition tables of SPEC §3, checked as graphs: reachability, terminal states, labels,
 * the guard, and the specific moves the spec names.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import {
  MACHINES,
  assertTransition,
  canTransition,
  isTerminal,
  statesOf,
  type Machine,
} from '../../src/domain/state-machines.js';

type AnyMachine = Machine<string>;
type Key = keyof typeof MACHINES;
const machines = Object.entries(MACHINES) as [Key, AnyMachine][];

/** Every state and its zh-CN label as SPEC §3 lists them, and the final states it names. */
const SPEC: Record<Key, { states: string[]; final: string[]; zh?: Record<string, string> }> = {
  stockingOrder: {
    states: ['PENDING_ACCEPT', 'ACCEPTED', 'SHIPPED', 'COMPLETED', 'CANCELLED'],
    final: ['COMPLETED', 'CANCELLED'],
    zh: { PENDING_ACCEPT: '待确认', ACCEPTED: '待发货' },
  },
  deliveryNote: {
    states: ['CREATED', 'IN_TRANSIT', 'ARRIVED', 'RECEIVING', 'COMPLETED', 'CANCELLED', 'VOIDED', 'RETURNED'],
    final: ['COMPLETED', 'VOIDED', 'RETURNED'],
    zh: {
      CREATED: '未确认送货', IN_TRANSIT: '已确认送货', COMPLETED: '已入库',
      CANCELLED: '已取消', VOIDED: '作废完结', RETURNED: '已退货',
    },
  },
  exception: {
    states: ['PENDING', 'PROCESSING', 'COMPLETED', 'CANCELLED'],
    final: ['COMPLETED', 'CANCELLED'],
    zh: { PENDING: '待处理', PROCESSING: '处理中', COMPLETED: '已完结' },
  },
  returnOrder: {
    states: [
      'PENDING_METHOD', 'AWAITING_SHIPMENT', 'SHIPPED', 'SIGNED',
      'AWAITING_PICKUP', 'PICKED_UP', 'AWAITING_DISPOSAL', 'DISPOSED',
    ],
    final: ['SIGNED', 'PICKED_UP', 'DISPOSED'],
    zh: { PENDING_METHOD: '待确认' },
  },
  compensation: { states: ['PENDING', 'PAID'], final: ['PAID'] },
  penalty: { states: ['ISSUED', 'WAIVED', 'CONFIRMED'], final: ['WAIVED', 'CONFIRMED'] },
  ticket: { states: ['OPEN', 'ANSWERED', 'CLOSED'], final: ['CLOSED'] },
  // issue 14: 申诉
  dispute: { states: ['OPEN', 'ACCEPTED', 'REJECTED'], final: ['ACCEPTED', 'REJECTED'], zh: { OPEN: '待处理', ACCEPTED: '已通过', REJECTED: '已驳回' } },
  // issue 14: 扣费
  fee: { states: ['CHARGED', 'WAIVED'], final: ['WAIVED'], zh: { CHARGED: '已扣费', WAIVED: '已豁免' } },
};

function reachable(m: AnyMachine): Set<string> {
  const seen = new Set<string>(m.initial);
  const queue = [...m.initial];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of m.transitions[s] ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  return seen;
}

function predecessors(m: AnyMachine, target: string): string[] {
  return statesOf(m).filter((s) => m.transitions[s].includes(target)).sort();
}

function illegal(m: AnyMachine, from: string, to: string): AppError {
  try {
    assertTransition(m, from, to);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`${m.name}: ${from} → ${to} was allowed`);
}

it('MACHINES holds the seven documents of SPEC §3, the dispute and the fee (issue 14) with a name each', () => {
  expect(Object.keys(MACHINES).sort()).toEqual(Object.keys(SPEC).sort());
  for (const [, m] of machines) expect(m.name).toMatch(/\S/);
});

describe.each(machines)('%s machine', (key, m) => {
  const spec = SPEC[key];
  const states = statesOf(m);

  it('has exactly the states SPEC §3 names', () => {
    expect([...states].sort()).toEqual([...spec.states].sort());
  });

  it('has initial states that are known states', () => {
    expect(m.initial.length).toBeGreaterThan(0);
    for (const s of m.initial) expect(states).toContain(s);
  });

  it('names only known states as targets, without duplicates or self-loops', () => {
    for (const s of states) {
      const targets = m.transitions[s];
      expect(new Set(targets).size, `${s} repeats a target`).toBe(targets.length);
      for (const t of targets) {
        expect(states, `${s} → ${t}`).toContain(t);
        expect(t, `${s} loops to itself`).not.toBe(s);
      }
    }
  });

  it('reaches every state from an initial state', () => {
    const seen = reachable(m);
    for (const s of states) expect(seen.has(s), `${s} unreachable`).toBe(true);
  });

  it('has exactly the final states SPEC §3 names as its terminal states', () => {
    const terminal = states.filter((s) => isTerminal(m, s)).sort();
    expect(terminal).toEqual([...spec.final].sort());
    for (const s of terminal) expect(m.transitions[s]).toEqual([]);
  });

  it('reaches a final state from every state (no dead ends)', () => {
    for (const s of states) {
      const seen = reachable({ ...m, initial: [s] });
      expect(spec.final.some((f) => seen.has(f)), `${s} cannot finish`).toBe(true);
    }
  });

  it('labels every state in zh-CN and en-US', () => {
    expect(Object.keys(m.labels).sort()).toEqual([...states].sort());
    for (const s of states) {
      expect(m.labels[s]['zh-CN'], `${s} zh-CN`).toMatch(/\S/);
      expect(m.labels[s]['en-US'], `${s} en-US`).toMatch(/\S/);
      expect(m.labels[s]['zh-CN'], `${s} zh-CN is Chinese`).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const [s, zh] of Object.entries(spec.zh ?? {})) expect(m.labels[s]['zh-CN']).toBe(zh);
  });

  it('assertTransition allows every move in the table', () => {
    for (const s of states) {
      for (const t of m.transitions[s]) {
        expect(canTransition(m, s, t)).toBe(true);
        expect(() => assertTransition(m, s, t)).not.toThrow();
      }
    }
  });

  it('assertTransition refuses every move not in the table with 409 ILLEGAL_TRANSITION', () => {
    for (const s of states) {
      for (const t of states) {
        if (m.transitions[s].includes(t)) continue;
        expect(canTransition(m, s, t)).toBe(false);
        const err = illegal(m, s, t);
        expect(err).toBeInstanceOf(AppError);
        expect(err.status).toBe(409);
        expect(err.code).toBe('ILLEGAL_TRANSITION');
        expect(err.detail).toContain(s);
        expect(err.detail).toContain(t);
        expect(err.extra).toEqual({ from: s, to: t });
      }
    }
  });

  it('assertTransition refuses a move from an unknown state', () => {
    const err = illegal(m, 'NO_SUCH_STATE', states[0]);
    expect(err.status).toBe(409);
    expect(err.code).toBe('ILLEGAL_TRANSITION');
  });
});

/** Moves SPEC §3/§4 require (allowed) and forbid (refused), per machine. */
const REQUIRED: [Key, string, string][] = [
  ['stockingOrder', 'PENDING_ACCEPT', 'ACCEPTED'],
  ['stockingOrder', 'ACCEPTED', 'SHIPPED'],
  ['stockingOrder', 'SHIPPED', 'COMPLETED'],
  ['stockingOrder', 'PENDING_ACCEPT', 'CANCELLED'],
  ['stockingOrder', 'ACCEPTED', 'CANCELLED'],
  ['deliveryNote', 'CREATED', 'IN_TRANSIT'],
  ['deliveryNote', 'IN_TRANSIT', 'ARRIVED'],
  ['deliveryNote', 'ARRIVED', 'RECEIVING'],
  ['deliveryNote', 'RECEIVING', 'COMPLETED'],
  ['deliveryNote', 'CREATED', 'CANCELLED'], // cancelled by the merchant before arrival
  ['deliveryNote', 'IN_TRANSIT', 'CANCELLED'],
  ['deliveryNote', 'IN_TRANSIT', 'VOIDED'], // transport timeout, damage refused at the dock
  ['deliveryNote', 'ARRIVED', 'VOIDED'], // box-label plans, damage at the dock
  ['deliveryNote', 'CREATED', 'ARRIVED'], // NOTE_NOT_CONFIRMED + AUTO_ORDER_RECEIVE: reinstated
  ['deliveryNote', 'CANCELLED', 'ARRIVED'], // NOTE_CANCELLED + AUTO_ORDER_RECEIVE: reinstated
  ['deliveryNote', 'CREATED', 'VOIDED'], // NOTE_NOT_CONFIRMED + PROBLEM_PACKAGE_RETURN
  ['deliveryNote', 'CANCELLED', 'VOIDED'], // NOTE_CANCELLED + PROBLEM_PACKAGE_RETURN
  ['deliveryNote', 'RECEIVING', 'RETURNED'], // QUALITY_ALL plans
  ['exception', 'PENDING', 'PROCESSING'],
  ['exception', 'PROCESSING', 'COMPLETED'],
  ['exception', 'PENDING', 'COMPLETED'], // a plan with no merchant task completes at once
  ['exception', 'PENDING', 'CANCELLED'],
  ['returnOrder', 'PENDING_METHOD', 'AWAITING_SHIPMENT'],
  ['returnOrder', 'AWAITING_SHIPMENT', 'SHIPPED'],
  ['returnOrder', 'SHIPPED', 'SIGNED'],
  ['returnOrder', 'PENDING_METHOD', 'AWAITING_PICKUP'],
  ['returnOrder', 'AWAITING_PICKUP', 'PICKED_UP'],
  ['returnOrder', 'PENDING_METHOD', 'AWAITING_DISPOSAL'],
  ['returnOrder', 'AWAITING_DISPOSAL', 'DISPOSED'],
  ['compensation', 'PENDING', 'PAID'],
  ['penalty', 'ISSUED', 'WAIVED'],
  ['penalty', 'ISSUED', 'CONFIRMED'],
  ['ticket', 'OPEN', 'ANSWERED'],
  ['ticket', 'ANSWERED', 'CLOSED'],
];

const FORBIDDEN: [Key, string, string][] = [
  ['stockingOrder', 'SHIPPED', 'CANCELLED'], // CANCELLED only from the first two
  ['stockingOrder', 'COMPLETED', 'CANCELLED'],
  ['stockingOrder', 'PENDING_ACCEPT', 'SHIPPED'],
  ['deliveryNote', 'ARRIVED', 'CANCELLED'], // the merchant cancels only before arrival
  ['deliveryNote', 'RECEIVING', 'CANCELLED'],
  ['deliveryNote', 'COMPLETED', 'VOIDED'],
  ['deliveryNote', 'CREATED', 'COMPLETED'],
  ['exception', 'PROCESSING', 'CANCELLED'], // CANCELLED only while PENDING
  ['exception', 'PROCESSING', 'PENDING'],
  ['exception', 'CANCELLED', 'PROCESSING'],
  ['returnOrder', 'PENDING_METHOD', 'SHIPPED'], // the merchant must enter a method first
  ['returnOrder', 'PENDING_METHOD', 'PICKED_UP'],
  ['returnOrder', 'PENDING_METHOD', 'DISPOSED'],
  ['returnOrder', 'AWAITING_SHIPMENT', 'SIGNED'], // signed only after shipping
  ['returnOrder', 'AWAITING_PICKUP', 'SIGNED'],
  ['returnOrder', 'AWAITING_DISPOSAL', 'PICKED_UP'],
  ['returnOrder', 'AWAITING_SHIPMENT', 'DISPOSED'],
  ['compensation', 'PAID', 'PENDING'],
  ['penalty', 'WAIVED', 'CONFIRMED'],
  ['penalty', 'CONFIRMED', 'WAIVED'],
  ['ticket', 'CLOSED', 'OPEN'],
];

describe('specific moves of SPEC §3', () => {
  it.each(REQUIRED)('%s allows %s → %s', (key, from, to) => {
    const m = MACHINES[key] as AnyMachine;
    expect(canTransition(m, from, to)).toBe(true);
    expect(() => assertTransition(m, from, to)).not.toThrow();
  });

  it.each(FORBIDDEN)('%s refuses %s → %s', (key, from, to) => {
    const m = MACHINES[key] as AnyMachine;
    expect(canTransition(m, from, to)).toBe(false);
    expect(illegal(m, from, to).code).toBe('ILLEGAL_TRANSITION');
  });

  it('exception: CANCELLED is entered only from PENDING', () => {
    expect(predecessors(MACHINES.exception as AnyMachine, 'CANCELLED')).toEqual(['PENDING']);
  });

  it('stocking order: CANCELLED is entered only from PENDING_ACCEPT and ACCEPTED', () => {
    expect(predecessors(MACHINES.stockingOrder as AnyMachine, 'CANCELLED')).toEqual(['ACCEPTED', 'PENDING_ACCEPT']);
  });

  it('delivery note: CANCELLED is entered only before arrival', () => {
    expect(predecessors(MACHINES.deliveryNote as AnyMachine, 'CANCELLED')).toEqual(['CREATED', 'IN_TRANSIT']);
  });

  it('delivery note: COMPLETED is entered only at the warehouse', () => {
    expect(predecessors(MACHINES.deliveryNote as AnyMachine, 'COMPLETED')).toEqual(['ARRIVED', 'RECEIVING']);
  });

  it('delivery note: a note created at the warehouse by a plan can start ARRIVED', () => {
    expect(MACHINES.deliveryNote.initial).toContain('CREATED');
    expect(MACHINES.deliveryNote.initial).toContain('ARRIVED');
  });

  it('stocking order: a plan can create an order already ACCEPTED', () => {
    expect(MACHINES.stockingOrder.initial).toEqual(expect.arrayContaining(['PENDING_ACCEPT', 'ACCEPTED']));
  });

  it('single-start documents start where SPEC §3 says', () => {
    expect(MACHINES.exception.initial).toEqual(['PENDING']);
    expect(MACHINES.returnOrder.initial).toEqual(['PENDING_METHOD']);
    expect(MACHINES.compensation.initial).toEqual(['PENDING']);
    expect(MACHINES.penalty.initial).toEqual(['ISSUED']);
    expect(MACHINES.ticket.initial).toEqual(['OPEN']);
  });

  describe('return order: each final state only along its method’s path', () => {
    const ro = MACHINES.returnOrder as AnyMachine;
    it.each([
      ['SIGNED', ['SHIPPED']],
      ['SHIPPED', ['AWAITING_SHIPMENT']],
      ['PICKED_UP', ['AWAITING_PICKUP']],
      ['DISPOSED', ['AWAITING_DISPOSAL']],
    ])('%s is entered only from %j', (state, from) => {
      expect(predecessors(ro, state)).toEqual(from);
    });

    it('PENDING_METHOD leads only to the three awaiting states', () => {
      expect([...ro.transitions.PENDING_METHOD].sort()).toEqual(
        ['AWAITING_DISPOSAL', 'AWAITING_PICKUP', 'AWAITING_SHIPMENT'],
      );
    });

    it('abandoning is final: AWAITING_DISPOSAL leads only to DISPOSED', () => {
      expect(ro.transitions.AWAITING_DISPOSAL).toEqual(['DISPOSED']);
    });

    it('once shipped, the only way on is SIGNED', () => {
      expect(ro.transitions.SHIPPED).toEqual(['SIGNED']);
    });
  });
});
