/**
 * Statements (对账单, issue 14; docs/statements.md): one per merchant, calendar month in the platform's
 * time zone (settings.timeZone) and currency. Pure: month bounds, line signs, totals, the closing.
 *
 * Sign convention: a statement's balance is what the platform owes the merchant, in integer minor
 * units of its currency. A compensation (owed to the merchant) is +, a penalty (owed by it) −, the
 * waiver of a penalty + (it gives the penalty back). closing = opening + Σ lines; the opening of a
 * month is the closing of the month before (0 for the first).
 */
import type { Labels } from './catalog.js';

/** What a statement line is; the module's table of sources (../modules/statements/sources.ts) says where each comes from. */
export const LINE_KINDS = ['COMPENSATION', 'PENALTY', 'PENALTY_WAIVER', 'FEE', 'FEE_WAIVER'] as const;
export type LineKind = (typeof LINE_KINDS)[number] | (string & {});

/** +1: the platform owes the merchant more; −1: less. */
export const LINE_SIGNS: Record<(typeof LINE_KINDS)[number], 1 | -1> = { COMPENSATION: 1, PENALTY: -1, PENALTY_WAIVER: 1, FEE: -1, FEE_WAIVER: 1 };

export const LINE_LABELS: Record<(typeof LINE_KINDS)[number], Labels> = {
  COMPENSATION: { 'zh-CN': '赔付', 'en-US': 'Compensation' },
  PENALTY: { 'zh-CN': '处罚', 'en-US': 'Penalty' },
  PENALTY_WAIVER: { 'zh-CN': '处罚豁免', 'en-US': 'Penalty waiver' },
  FEE: { 'zh-CN': '扣费', 'en-US': 'Fee' },
  FEE_WAIVER: { 'zh-CN': '扣费豁免', 'en-US': 'Fee waiver' },
};

export const STATEMENT_STATUSES = ['OPEN', 'CLOSED'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export interface StatementRules {
  /** Month M closes on this day of month M+1 (1–28), at 00:00 in the platform's time zone (the statementClose job). */
  statementCloseDay: number;
}
export const DEFAULT_STATEMENT_RULES: StatementRules = { statementCloseDay: 5 };

// ---- months ---------------------------------------------------------------------------------------

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string) => MONTH.test(s);

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(at: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at instant `at`, in milliseconds (east positive). */
function offsetAt(at: number, timeZone: string): number {
  const p = partsOf(at, timeZone);
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant local midnight starts `day` (YYYY-MM-DD) in `timeZone` (a DST gap at midnight: its first existing instant). */
export function startOfDay(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  // two rounds: the offset at the guess, then at the instant it gives (a DST change between them)
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  return new Date(at).toISOString();
}

/** The month an instant falls in, in `timeZone`. */
export function monthOf(iso: string | Date, timeZone: string): string {
  const p = partsOf(typeof iso === 'string' ? Date.parse(iso) : iso.getTime(), timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}`;
}

/** `month` moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included (empty when `to` is earlier). */
export function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** [start, end) of `month` in `timeZone`, ISO instants: an instant is in it when start ≤ t < end. */
export function monthBounds(month: string, timeZone: string): { start: string; end: string } {
  return { start: startOfDay(`${month}-01`, timeZone), end: startOfDay(`${addMonths(month, 1)}-01`, timeZone) };
}

/** When the close job closes `month`: 00:00 on the close day of the next month, in `timeZone`. */
export function closeDueAt(month: string, rules: StatementRules, timeZone: string): string {
  return startOfDay(`${addMonths(month, 1)}-${String(rules.statementCloseDay).padStart(2, '0')}`, timeZone);
}

/** The latest month whose close is due at `now` (its next month's close day has begun). */
export function lastDueMonth(now: string, rules: StatementRules, timeZone: string): string {
  const current = monthOf(now, timeZone);
  const previous = addMonths(current, -1);
  return Date.parse(now) >= Date.parse(closeDueAt(previous, rules, timeZone)) ? previous : addMonths(current, -2);
}

/** Whether `month` is over at `now` (it may be closed by hand from then on). */
export const monthEnded = (month: string, now: string, timeZone: string) => Date.parse(now) >= Date.parse(monthBounds(month, timeZone).end);

// ---- what the API answers (the web imports these) ----

export interface LineView {
  kind: string;
  document: { type: string; id: string; no: string };
  /** Signed minor units: + the platform owes the merchant more. */
  amount: number;
  occurredAt: string;
}

export interface CurrencyStatement {
  /** The stored statement (CLOSED); null while the month is open. */
  id: string | null;
  no: string | null;
  currency: string;
  opening: number;
  closing: number;
  totals: Record<string, number>;
  lineCount: number;
  lines?: LineView[];
}

export interface MonthStatement {
  merchant: { id: string; name: string };
  month: string;
  status: 'OPEN' | 'CLOSED';
  closedAt: string | null;
  period: { start: string; end: string; timeZone: string };
  /** When the close job closes it (open months). */
  closeDueAt: string;
  currencies: CurrencyStatement[];
}

// ---- lines and totals -----------------------------------------------------------------------------

export interface StatementLine {
  kind: LineKind;
  /** Signed: what this line adds to what the platform owes the merchant. */
  amount: number;
  currency: string;
  occurredAt: string;
}

/** The signed amount of a source document's `amount` (always ≥ 0) for a line of `kind`. */
export function signedAmount(kind: LineKind, amount: number, signs: Record<string, 1 | -1> = LINE_SIGNS): number {
  const sign = signs[kind];
  if (sign === undefined) throw new Error(`No sign for statement line kind ${kind}`);
  return sign * Math.abs(amount);
}

/** Σ signed amounts per kind (every kind listed, 0 when none). */
export function totalsOf(lines: Pick<StatementLine, 'kind' | 'amount'>[], kinds: readonly string[] = LINE_KINDS): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const l of lines) out[l.kind] = (out[l.kind] ?? 0) + l.amount;
  return out;
}

export const closingOf = (opening: number, lines: Pick<StatementLine, 'amount'>[]) => lines.reduce((s, l) => s + l.amount, opening);

/** Lines grouped by currency, each group in time order (then kind), currencies sorted. */
export function byCurrency<L extends StatementLine>(lines: L[]): Map<string, L[]> {
  const out = new Map<string, L[]>();
  for (const l of [...lines].sort((a, b) => a.currency.localeCompare(b.currency) || a.occurredAt.localeCompare(b.occurredAt) || String(a.kind).localeCompare(String(b.kind)))) {
    const list = out.get(l.currency) ?? [];
    list.push(l);
    out.set(l.currency, list);
  }
  return out;
}

/**
 * The month a line not yet in any closed statement belongs to: its own month, unless that month is
 * closed already (`lastClosed` or earlier), then the first open month after it.
 */
export function assignedMonth(naturalMonth: string, lastClosed: string | null): string {
  return lastClosed !== null && naturalMonth <= lastClosed ? addMonths(lastClosed, 1) : naturalMonth;
}

/** Minor units → "1,234.50" (two decimals; every currency Tally uses has them). */
export function formatMoney(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${major}.${String(abs % 100).padStart(2, '0')}`;
}
