/**
 * The quantity ledger of one delivery-note line (SPEC §5). Every move is a pure function that
 * returns the new ledger or throws the rule it breaks; the invariant is checked by tests and by
 * the repository before every write.
 */
import { AppError, ruleViolation } from './errors.js';

export interface Ledger {
  declared: number;
  arrived: number;
  received: number;
  passed: number;
  failed: number;
  inProcess: number;
  onHold: number;
  stocked: number;
  returned: number;
  transferred: number;
  short: number;
}

export const LEDGER_FIELDS = [
  'declared', 'arrived', 'received', 'passed', 'failed', 'inProcess',
  'onHold', 'stocked', 'returned', 'transferred', 'short',
] as const satisfies readonly (keyof Ledger)[];

export function emptyLedger(declared = 0): Ledger {
  return {
    declared, arrived: 0, received: 0, passed: 0, failed: 0, inProcess: 0,
    onHold: 0, stocked: 0, returned: 0, transferred: 0, short: 0,
  };
}

/** The invariant's violations (empty when the ledger is sound). */
export function ledgerViolations(l: Ledger): string[] {
  const out: string[] = [];
  for (const f of LEDGER_FIELDS) {
    if (!Number.isInteger(l[f]) || l[f] < 0) out.push(`${f} must be a whole number ≥ 0 (is ${l[f]})`);
  }
  const placed = l.inProcess + l.onHold + l.stocked + l.returned + l.transferred;
  if (l.arrived !== placed) {
    out.push(`arrived (${l.arrived}) ≠ inProcess + onHold + stocked + returned + transferred (${placed})`);
  }
  if (l.received + l.short > l.declared) out.push(`received + short exceeds declared`);
  if (l.arrived < l.received) out.push(`arrived (${l.arrived}) is less than received (${l.received})`);
  if (l.passed + l.failed > l.received) out.push(`passed + failed exceeds received`);
  return out;
}

export function assertLedger(l: Ledger, where = 'line'): void {
  const v = ledgerViolations(l);
  if (v.length) throw new AppError(500, 'LEDGER_INVARIANT', `Ledger invariant broken on ${where}: ${v.join('; ')}`);
}

/** Units the warehouse may still count on this line by receipt. */
export const receivable = (l: Ledger) => l.declared - l.short - l.received;
/** Received units not yet inspected. */
export const uninspected = (l: Ledger) => l.received - l.passed - l.failed;

function need(ok: boolean, code: string, detail: string, field: string): void {
  if (!ok) throw ruleViolation(code, detail, field);
}

/** Moves take whole, non-negative quantities; the API refuses others, this keeps the domain honest. */
function assertQty(...qtys: number[]): void {
  for (const q of qtys) {
    if (!Number.isInteger(q) || q < 0) throw new AppError(500, 'LEDGER_INVARIANT', `Quantity ${q} is not a whole number ≥ 0`);
  }
}

export function receive(l: Ledger, qty: number, field = 'qty'): Ledger {
  assertQty(qty);
  need(qty <= receivable(l), 'RECEIPT_EXCEEDS_DECLARED',
    `Only ${receivable(l)} more unit(s) can be received on this line; record extra units as a SURPLUS exception`, field);
  return { ...l, received: l.received + qty, arrived: l.arrived + qty, inProcess: l.inProcess + qty };
}

export function inspect(l: Ledger, passed: number, failed: number, field = 'passed'): Ledger {
  assertQty(passed, failed);
  need(passed + failed <= uninspected(l), 'QC_EXCEEDS_RECEIVED',
    `Only ${uninspected(l)} received unit(s) are waiting for inspection on this line`, field);
  return { ...l, passed: l.passed + passed, failed: l.failed + failed };
}

/** Put-away takes inspected, passed units that are still in process. */
export function putAway(l: Ledger, qty: number, field = 'qty'): Ledger {
  assertQty(qty);
  const ready = Math.min(l.inProcess, l.passed - l.stocked);
  need(qty <= ready, 'PUTAWAY_EXCEEDS_PASSED', `Only ${Math.max(ready, 0)} unit(s) passed inspection and wait for put-away`, field);
  return { ...l, inProcess: l.inProcess - qty, stocked: l.stocked + qty };
}

export function holdInProcess(l: Ledger, qty: number, field = 'qty'): Ledger {
  assertQty(qty);
  need(qty <= l.inProcess, 'HOLD_EXCEEDS_IN_PROCESS',
    `Only ${l.inProcess} received unit(s) on this line are in process and can be held`, field);
  return { ...l, inProcess: l.inProcess - qty, onHold: l.onHold + qty };
}

export function releaseToProcess(l: Ledger, qty: number): Ledger {
  assertHoldCovers(l, qty);
  return { ...l, onHold: l.onHold - qty, inProcess: l.inProcess + qty };
}

/** Surplus or wrong units arrive straight onto hold (they cannot be receipted). */
export function arriveOnHold(l: Ledger, qty: number): Ledger {
  assertQty(qty);
  return { ...l, arrived: l.arrived + qty, onHold: l.onHold + qty };
}

/** Undo arriveOnHold when the exception was registered in error. */
export function withdrawArrival(l: Ledger, qty: number): Ledger {
  assertHoldCovers(l, qty);
  if (l.arrived - qty < l.received) throw new AppError(500, 'LEDGER_INVARIANT', 'Cannot withdraw units that were received');
  return { ...l, arrived: l.arrived - qty, onHold: l.onHold - qty };
}

export function bookShort(l: Ledger, qty: number, field = 'qty'): Ledger {
  assertQty(qty);
  need(qty <= receivable(l), 'SHORT_EXCEEDS_OUTSTANDING',
    `Only ${receivable(l)} declared unit(s) on this line are still outstanding`, field);
  return { ...l, short: l.short + qty };
}

export function unbookShort(l: Ledger, qty: number): Ledger {
  assertQty(qty);
  if (qty > l.short) throw new AppError(500, 'LEDGER_INVARIANT', 'Cannot release more short units than booked');
  return { ...l, short: l.short - qty };
}

export function returnHeld(l: Ledger, qty: number): Ledger {
  assertHoldCovers(l, qty);
  return { ...l, onHold: l.onHold - qty, returned: l.returned + qty };
}

export function transferHeld(l: Ledger, qty: number): Ledger {
  assertHoldCovers(l, qty);
  return { ...l, onHold: l.onHold - qty, transferred: l.transferred + qty };
}

export function assertHoldCovers(l: Ledger, qty: number): void {
  assertQty(qty);
  if (qty > l.onHold) {
    throw new AppError(500, 'LEDGER_INVARIANT', `Cannot move ${qty} held unit(s): only ${l.onHold} on hold`);
  }
}

/*
 * Reversals (撤销) take a booking back. The ledger counts units by QC status (uninspected, passed,
 * failed) and by place (in process, stocked, elsewhere: held, returned or transferred), but not the
 * two together, so a reversal is allowed only for as many units as the counters *prove* to be in
 * the state the reversal needs — in any split of the units consistent with the counters. Received
 * units are exactly those in process, stocked or elsewhere (surplus units only arrive on hold, and a
 * cancelled hold goes back where it came from); stocked units all passed QC.
 */

/** Received units neither in process nor stocked: held under an exception, returned or transferred. */
const elsewhere = (l: Ledger) => Math.max(l.received - l.inProcess - l.stocked, 0);
const clamp = (n: number, max: number) => Math.max(Math.min(n, max), 0);

/** Received units that are provably not yet inspected and still in process. */
export function reversibleReceipt(l: Ledger): number {
  const u = uninspected(l);
  return clamp(Math.max(u - elsewhere(l), l.inProcess - (l.passed - l.stocked) - l.failed), Math.min(u, l.inProcess));
}

/** Passed units that are provably not yet put away and still in process. */
export function reversiblePassed(l: Ledger): number {
  const waiting = l.passed - l.stocked;
  return clamp(Math.max(waiting - elsewhere(l), l.inProcess - uninspected(l) - l.failed), Math.min(waiting, l.inProcess));
}

/** Failed units that are provably still in process (not held, returned or transferred). */
export function reversibleFailed(l: Ledger): number {
  return clamp(Math.max(l.failed - elsewhere(l), l.inProcess - uninspected(l) - (l.passed - l.stocked)), Math.min(l.failed, l.inProcess));
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "Only n of the m <what> unit(s) …: <why each part is out of reach>" (the web reads n from "Only n"). */
function notReversible(n: number, of: number, what: string, needs: string, parts: [number, string][]): string {
  const why = parts.filter(([k]) => k > 0).map(([k, reason]) => `${plural(k, 'unit')} ${reason}`);
  return `Only ${n} of the ${of} ${what} unit(s) on this line can be taken back (${needs})${why.length ? `: ${why.join('; ')}` : ''}`;
}

const HELD = 'held under an exception, returned or transferred';

/** Undo of `receive`: units counted by mistake, still uninspected and in process, leave the line. */
export function reverseReceipt(l: Ledger, qty: number, field = 'qty'): Ledger {
  assertQty(qty);
  const n = reversibleReceipt(l);
  need(qty <= n, 'RECEIPT_NOT_REVERSIBLE', notReversible(n, l.received, 'received', 'not inspected, still in process', [
    [l.passed + l.failed, 'already inspected; undo the QC first'],
    [Math.min(elsewhere(l), uninspected(l)), HELD],
  ]), field);
  return { ...l, received: l.received - qty, arrived: l.arrived - qty, inProcess: l.inProcess - qty };
}

/**
 * Undo of `inspect`: the units are uninspected again. Passed units must not be put away yet, and
 * neither passed nor failed ones held by an exception. `at` prefixes the fields (`lines[0].`).
 */
export function reverseInspect(l: Ledger, passed: number, failed: number, at = ''): Ledger {
  assertQty(passed, failed);
  const p = reversiblePassed(l);
  need(passed <= p, 'QC_NOT_REVERSIBLE', notReversible(p, l.passed, 'passed', 'not put away, still in process', [
    [l.stocked, 'already put away; undo the put-away first'],
    [Math.min(elsewhere(l), l.passed - l.stocked), HELD],
  ]), `${at}passed`);
  const f = reversibleFailed(l);
  need(failed <= f, 'QC_NOT_REVERSIBLE', notReversible(f, l.failed, 'failed', 'still in process', [
    [Math.min(elsewhere(l), l.failed), HELD],
  ]), `${at}failed`);
  return { ...l, passed: l.passed - passed, failed: l.failed - failed };
}

/** Undo of `putAway`: stocked units come back into process, passed and waiting for put-away again. */
export function reversePutAway(l: Ledger, qty: number, field = 'qty'): Ledger {
  assertQty(qty);
  need(qty <= l.stocked, 'PUTAWAY_NOT_REVERSIBLE', `Only ${l.stocked} unit(s) on this line were put away and can be taken back`, field);
  return { ...l, stocked: l.stocked - qty, inProcess: l.inProcess + qty };
}

/** A note's line is settled when nothing is in process or on hold and nothing more is expected. */
export function isSettled(l: Ledger): boolean {
  return l.inProcess === 0 && l.onHold === 0 && receivable(l) === 0;
}
