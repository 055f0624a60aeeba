/**
 * The facts a document contributes to the daily rollups (docs/performance.md defines each one).
 * A document's contribution is a pure function of its current state, so the rollups are the sum of
 * every document's contribution: the fold (src/jobs/rollups.ts) recomputes the contribution of each
 * document an event touched and applies the difference, and the rebuild sums them afresh — the same
 * function, so the same rows. Every fact is dated by a timestamp the document keeps, never by "now".
 */
import type { ExceptionType, Plan, Subtype } from '../catalog.js';
import { dayOf, secondsBetween } from './days.js';

/** Every measure a rollup row keeps (integers: units, counts, seconds, minor units). */
export const MEASURES = [
  'unitsDeclared', 'unitsArrived', 'unitsShort', 'unitsSurplus',
  'notesDue', 'notesOnTime', 'notesInFull', 'notesOtif',
  'unitsException', 'exceptionsRegistered', 'exceptionsCancelled',
  'exceptionsDecided', 'decisionSeconds', 'exceptionsCompleted', 'completionSeconds',
  'jitAcceptDue', 'jitAcceptedOnTime', 'jitShipDue', 'jitShippedOnTime',
  'returnMethodsEntered', 'returnMethodSeconds', 'replenishmentsAccepted', 'replenishmentAcceptSeconds',
  'compensationCount', 'compensationAmount', 'compensationPaidAmount', 'penaltyCount', 'penaltyAmount',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Measures = Partial<Record<Measure, number>>;

/** The dimensions of a rollup row; '' where a dimension does not apply to the fact. */
export const DIMENSIONS = ['day', 'merchantId', 'warehouseId', 'skuId', 'exceptionType', 'subtype', 'plan', 'currency'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type FactKey = Record<Dimension, string>;
export interface Fact { key: FactKey; m: Measures }

export const keyString = (k: FactKey) => DIMENSIONS.map((d) => k[d]).join('|');
export const keyOf = (s: string): FactKey => Object.fromEntries(s.split('|').map((v, i) => [DIMENSIONS[i], v])) as FactKey;

const base = (merchantId: string, warehouseId: string) => ({ merchantId, warehouseId, skuId: '', exceptionType: '', subtype: '', plan: '', currency: '' });

// ---------------------------------------------------------------- documents as the facts see them

export interface NoteDoc {
  id: string; merchantId: string; warehouseId: string; status: string; sourceExceptionId: string | null;
  expectedArrivalAt: string; arrivedAt: string | null; completedAt: string | null; voidedAt: string | null; returnedAt: string | null;
  lines: { skuId: string; declared: number; arrived: number; transferred: number; short: number }[];
}
export interface ExceptionDoc {
  id: string; merchantId: string; warehouseId: string; type: ExceptionType; subtype: Subtype; plan: Plan | null; status: string;
  createdAt: string; decidedAt: string | null; completedAt: string | null;
  lines: { skuId: string; qty: number }[];
  /** A dispute of it was accepted (issue 14): it does not count against the merchant. */
  disputeAccepted?: boolean;
}
export interface OrderDoc {
  id: string; merchantId: string; warehouseId: string; type: string; status: string; createdAt: string;
  acceptBy: string | null; shipBy: string | null; acceptedAt: string | null; shippedAt: string | null;
  /** Set for an order a plan created that the merchant must accept (not the already-accepted 自动建单 order). */
  replenishment: boolean;
  /** The JIT penalty reasons issued on it (a missed deadline is known by its penalty). */
  penaltyReasons: string[];
}
export interface ReturnDoc { id: string; merchantId: string; warehouseId: string; createdAt: string; methodDueAt: string | null; methodEnteredAt: string | null }
export interface CompensationDoc { id: string; merchantId: string; warehouseId: string; currency: string; amount: number; createdAt: string; paidAt: string | null }
export interface PenaltyDoc { id: string; merchantId: string; warehouseId: string; currency: string; amount: number; status: string; createdAt: string }

const CLOSED_NOTE = new Set(['COMPLETED', 'VOIDED', 'RETURNED']);

/**
 * A note's units on the day it arrived (or, never arriving, was voided or returned): declared,
 * short and surplus on the merchant's own notes; arrived on every note, less what moved on to a
 * new note (which counts them when they arrive there). Once closed, the note counts in OTIF on
 * the day it closed (completed, voided or returned): on time when it arrived by the end of its
 * expected-arrival day, in full when nothing was short and every declared unit arrived.
 */
export function noteFacts(n: NoteDoc, tz: string): Fact[] {
  const at = n.arrivedAt ?? n.voidedAt ?? n.returnedAt;
  if (!at) return [];
  const own = n.sourceExceptionId === null;
  const day = dayOf(at, tz);
  const out: Fact[] = n.lines.map((l) => ({
    key: { ...base(n.merchantId, n.warehouseId), day, skuId: l.skuId },
    m: {
      unitsArrived: l.arrived - l.transferred,
      ...(own ? { unitsDeclared: l.declared, unitsShort: l.short, unitsSurplus: Math.max(0, l.arrived - l.declared) } : {}),
    },
  }));
  const closedAt = n.completedAt ?? n.voidedAt ?? n.returnedAt;
  if (own && CLOSED_NOTE.has(n.status) && closedAt) {
    const due = dayOf(n.expectedArrivalAt, tz);
    const onTime = n.arrivedAt !== null && dayOf(n.arrivedAt, tz) <= due;
    const inFull = n.arrivedAt !== null && n.lines.every((l) => l.short === 0 && l.arrived >= l.declared);
    out.push({ key: { ...base(n.merchantId, n.warehouseId), day: dayOf(closedAt, tz) }, m: { notesDue: 1, notesOnTime: +onTime, notesInFull: +inFull, notesOtif: +(onTime && inFull) } });
  }
  return out;
}

/**
 * An exception's units by SKU and its count on the day it was registered (cancelled: a count of
 * cancellations only, it was registered in error); its decision and completion on their days, with
 * the seconds since registration. One whose dispute was accepted (docs/disputes.md) leaves the
 * merchant's rates: no registration count and no exception units (the rate's and coaching's
 * numerator); the platform's own handling (decision, completion) still counts.
 */
export function exceptionFacts(e: ExceptionDoc, tz: string): Fact[] {
  const k = { ...base(e.merchantId, e.warehouseId), exceptionType: e.type, subtype: e.subtype, plan: e.plan ?? '' };
  const day = dayOf(e.createdAt, tz);
  if (e.status === 'CANCELLED') return [{ key: { ...k, day }, m: { exceptionsCancelled: 1 } }];
  const out: Fact[] = [];
  if (!e.disputeAccepted) {
    out.push({ key: { ...k, day }, m: { exceptionsRegistered: 1 } });
    for (const l of e.lines) out.push({ key: { ...k, day, skuId: l.skuId }, m: { unitsException: l.qty } });
  }
  if (e.decidedAt) out.push({ key: { ...k, day: dayOf(e.decidedAt, tz) }, m: { exceptionsDecided: 1, decisionSeconds: secondsBetween(e.createdAt, e.decidedAt) } });
  if (e.completedAt) out.push({ key: { ...k, day: dayOf(e.completedAt, tz) }, m: { exceptionsCompleted: 1, completionSeconds: secondsBetween(e.createdAt, e.completedAt) } });
  return out;
}

/**
 * JIT deadlines on the day they were due, counted once known: accepted (or its JIT_ACCEPT_LATE
 * penalty issued), shipped (or JIT_SHIP_LATE issued); on time when met by the deadline. A
 * replenishment order's acceptance on its day, with the seconds the merchant took.
 */
export function orderFacts(o: OrderDoc, tz: string): Fact[] {
  const out: Fact[] = [];
  const k = base(o.merchantId, o.warehouseId);
  if (o.type === 'JIT_REPEAT' && o.status !== 'CANCELLED') {
    if (o.acceptBy && (o.acceptedAt || o.penaltyReasons.includes('JIT_ACCEPT_LATE'))) {
      out.push({ key: { ...k, day: dayOf(o.acceptBy, tz) }, m: { jitAcceptDue: 1, jitAcceptedOnTime: +(!!o.acceptedAt && o.acceptedAt <= o.acceptBy) } });
    }
    if (o.shipBy && (o.shippedAt || o.penaltyReasons.includes('JIT_SHIP_LATE'))) {
      out.push({ key: { ...k, day: dayOf(o.shipBy, tz) }, m: { jitShipDue: 1, jitShippedOnTime: +(!!o.shippedAt && o.shippedAt <= o.shipBy) } });
    }
  }
  if (o.replenishment && o.acceptedAt) {
    out.push({ key: { ...k, day: dayOf(o.acceptedAt, tz) }, m: { replenishmentsAccepted: 1, replenishmentAcceptSeconds: secondsBetween(o.createdAt, o.acceptedAt) } });
  }
  return out;
}

/** A return method the merchant entered (before its deadline: after it, the default applied), with the seconds it took. */
export function returnFacts(r: ReturnDoc, tz: string): Fact[] {
  if (!r.methodEnteredAt || (r.methodDueAt && r.methodEnteredAt >= r.methodDueAt)) return [];
  return [{ key: { ...base(r.merchantId, r.warehouseId), day: dayOf(r.methodEnteredAt, tz) }, m: { returnMethodsEntered: 1, returnMethodSeconds: secondsBetween(r.createdAt, r.methodEnteredAt) } }];
}

/** A compensation on the day it was created, and again as paid on the day it was paid. */
export function compensationFacts(c: CompensationDoc, tz: string): Fact[] {
  const k = { ...base(c.merchantId, c.warehouseId), currency: c.currency };
  const out: Fact[] = [{ key: { ...k, day: dayOf(c.createdAt, tz) }, m: { compensationCount: 1, compensationAmount: c.amount } }];
  if (c.paidAt) out.push({ key: { ...k, day: dayOf(c.paidAt, tz) }, m: { compensationPaidAmount: c.amount } });
  return out;
}

/** A penalty on the day it was issued, unless it was waived. */
export function penaltyFacts(p: PenaltyDoc, tz: string): Fact[] {
  if (p.status === 'WAIVED') return [];
  return [{ key: { ...base(p.merchantId, p.warehouseId), currency: p.currency, day: dayOf(p.createdAt, tz) }, m: { penaltyCount: 1, penaltyAmount: p.amount } }];
}

// ---------------------------------------------------------------- sums and differences

export type FactSums = Map<string, Measures>;

/** Facts summed per key; measures that sum to 0 are left out, and keys with none. */
export function sumFacts(facts: Iterable<Fact>, into: FactSums = new Map(), sign = 1): FactSums {
  for (const f of facts) {
    const ks = keyString(f.key);
    const row = into.get(ks) ?? {};
    for (const [m, v] of Object.entries(f.m) as [Measure, number][]) {
      if (!v) continue;
      const next = (row[m] ?? 0) + sign * v;
      if (next) row[m] = next;
      else delete row[m];
    }
    if (Object.keys(row).length) into.set(ks, row);
    else into.delete(ks);
  }
  return into;
}

/** What changes in the rollups when a document's facts go from `before` to `after`. */
export function factDelta(before: readonly Fact[], after: readonly Fact[]): FactSums {
  return sumFacts(before, sumFacts(after), -1);
}
