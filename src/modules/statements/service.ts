/**
 * Statements (对账单, issue 14; docs/statements.md): per merchant × month (settings.timeZone) × currency,
 * opening + lines = closing, in what the platform owes the merchant (../../domain/statements.ts).
 *
 * A month is OPEN until closed; an open month is computed from the source documents
 * (./sources.ts) on every read. Closing it (the statementClose job on settings.statementCloseDay of
 * the next month, or ops by hand once it has ended) writes a snapshot — the statements and their
 * lines — that never changes. A line is in exactly one place: on the one closed statement whose
 * snapshot holds it (statement_lines is unique per kind × document), or else in the open month it
 * belongs to: its own month, or the first open month when its own is closed already (a waiver
 * committed after its month closed goes on the next month's statement).
 */
import type { Executor, Tx } from '../../db/create-db.js';
import type { StatementLineRow, StatementRow } from '../../db/statement-types.js';
import { conflict, notFound, ruleViolation } from '../../domain/errors.js';
import {
  addMonths, assignedMonth, byCurrency, closeDueAt, closingOf, isMonth, monthBounds, monthEnded, monthOf, monthsFrom, totalsOf,
} from '../../domain/statements.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Actor, type Ctx } from '../shared/context.js';
import { newId, nextNo } from '../shared/ids.js';
import { loadSettings } from '../settings/service.js';
import type { CurrencyStatement, LineView, MonthStatement } from '../../domain/statements.js';
import * as repo from './repository.js';
import { SOURCE_KINDS } from './sources.js';

const WHAT = 'Statement';
/** At most this many months are closed in one go (a merchant whose first line is years old). */
const MAX_MONTHS = 240;

/** A merchant sees its own; platform staff any; a missing merchant is "not found". */
async function assertMerchant(db: Executor, actor: Actor, merchantId: string): Promise<void> {
  requireRole(actor, 'MERCHANT', 'OPS', 'ADMIN');
  if (actor.role === 'MERCHANT' && actor.merchantId !== merchantId) throw notFound(WHAT);
  if (!(await repo.merchantExists(db, merchantId))) throw notFound(WHAT);
}

const lineOf = (l: repo.SourceLine): LineView & { currency: string } => ({
  kind: l.source.kind, document: { type: l.source.documentType, id: l.id, no: l.no },
  amount: l.source.sign * Math.abs(l.amount), occurredAt: l.occurredAt, currency: l.currency,
});

const storedLine = (l: StatementLineRow): LineView => ({
  kind: l.kind, document: { type: l.documentType, id: l.documentId, no: l.documentNo }, amount: Number(l.amount), occurredAt: l.occurredAt,
});

function storedCurrency(s: StatementRow, lines?: StatementLineRow[]): CurrencyStatement {
  return {
    id: s.id, no: s.no, currency: s.currency, opening: Number(s.opening), closing: Number(s.closing),
    totals: { ...totalsOf([], SOURCE_KINDS), ...JSON.parse(s.totals) }, lineCount: s.lineCount,
    ...(lines ? { lines: lines.map(storedLine) } : {}),
  };
}

/**
 * Every month of one merchant from its first (closed, or with a line) to `through`: the closed ones
 * from their snapshots, the open ones computed. `withLines`: the months whose lines to include.
 */
async function monthsOfMerchant(db: Executor, merchantId: string, name: string, through: string, tz: string, closeDay: number, withLines: (m: string) => boolean): Promise<MonthStatement[]> {
  const closes = await repo.closesOf(db, merchantId);
  const last = closes.length ? closes[closes.length - 1].month : null;
  const stored = await repo.statementsOf(db, [merchantId]);
  const storedLines = await repo.linesOf(db, stored.filter((s) => withLines(s.month)).map((s) => s.id));
  const pending = (await repo.pendingLines(db, merchantId, monthBounds(last && last > through ? last : through, tz).end)).map((l) => ({
    ...lineOf(l), month: assignedMonth(monthOf(l.occurredAt, tz), last),
  }));
  const first = [closes[0]?.month, ...pending.map((l) => l.month)].filter((m): m is string => !!m).sort()[0] ?? through;
  const frame = (month: string, status: 'OPEN' | 'CLOSED', closedAt: string | null): Omit<MonthStatement, 'currencies'> => ({
    merchant: { id: merchantId, name }, month, status, closedAt,
    period: { ...monthBounds(month, tz), timeZone: tz }, closeDueAt: closeDueAt(month, { statementCloseDay: closeDay }, tz),
  });
  const out: MonthStatement[] = [];
  // carried per currency: the last closed month's closings, then each open month's
  const carry = new Map<string, number>();
  for (const s of stored.filter((x) => x.month === last)) carry.set(s.currency, Number(s.closing));
  for (const c of closes) {
    if (c.month > through) break;
    const rows = stored.filter((s) => s.month === c.month);
    out.push({ ...frame(c.month, 'CLOSED', c.closedAt), currencies: rows.map((s) => storedCurrency(s, withLines(c.month) ? storedLines.filter((l) => l.statementId === s.id) : undefined)) });
  }
  for (const month of monthsFrom(last ? addMonths(last, 1) : first, through)) {
    const grouped = byCurrency(pending.filter((l) => l.month === month));
    const currencies = [...new Set([...carry.keys(), ...grouped.keys()])].sort()
      .filter((cur) => grouped.has(cur) || carry.get(cur) !== 0)
      .map((currency): CurrencyStatement => {
        const lines = grouped.get(currency) ?? [];
        const opening = carry.get(currency) ?? 0;
        const closing = closingOf(opening, lines);
        carry.set(currency, closing);
        return {
          id: null, no: null, currency, opening, closing, totals: totalsOf(lines, SOURCE_KINDS), lineCount: lines.length,
          ...(withLines(month) ? { lines: lines.map(({ currency: _c, month: _m, ...l }) => l) } : {}),
        };
      });
    out.push({ ...frame(month, 'OPEN', null), currencies });
  }
  return out;
}

export interface StatementQuery { merchantId?: string; month?: string }

/** Statements by month, newest first (MERCHANT: its own; OPS, ADMIN: every merchant with one, or the one asked for). */
export async function listStatements(ctx: Ctx, q: StatementQuery) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  const { timeZone, statementCloseDay } = await loadSettings(ctx.db);
  const current = monthOf(nowIso(ctx), timeZone);
  const through = q.month && q.month > current ? q.month : current;
  let merchantIds: string[];
  if (ctx.actor.role === 'MERCHANT') merchantIds = q.merchantId && q.merchantId !== ctx.actor.merchantId ? [] : [ctx.actor.merchantId ?? '-'];
  else if (q.merchantId) merchantIds = [q.merchantId];
  else {
    const closed = await ctx.db.selectFrom('statementCloses').select('merchantId').distinct().execute();
    merchantIds = [...new Set([...closed.map((c) => c.merchantId), ...(await repo.merchantsWithPending(ctx.db, monthBounds(through, timeZone).end))])];
  }
  const names = await repo.merchantNames(ctx.db, merchantIds);
  const items: MonthStatement[] = [];
  for (const id of merchantIds.filter((m) => names.has(m))) {
    const months = await monthsOfMerchant(ctx.db, id, names.get(id)!, through, timeZone, statementCloseDay, () => false);
    items.push(...months.filter((m) => !q.month || m.month === q.month));
  }
  items.sort((a, b) => b.month.localeCompare(a.month) || a.merchant.name.localeCompare(b.merchant.name));
  return { items, nextCursor: null };
}

/** One merchant's month, every currency with its lines and their documents. */
export async function getStatement(ctx: Ctx, merchantId: string, month: string): Promise<MonthStatement> {
  if (!isMonth(month)) throw ruleViolation('INVALID_MONTH', 'A month is written YYYY-MM', 'month');
  await assertMerchant(ctx.db, ctx.actor, merchantId);
  const { timeZone, statementCloseDay } = await loadSettings(ctx.db);
  const names = await repo.merchantNames(ctx.db, [merchantId]);
  const months = await monthsOfMerchant(ctx.db, merchantId, names.get(merchantId)!, month, timeZone, statementCloseDay, (m) => m === month);
  // before the merchant's first line or close: an empty month
  return months.find((m) => m.month === month) ?? {
    merchant: { id: merchantId, name: names.get(merchantId)! }, month, status: 'OPEN', closedAt: null,
    period: { ...monthBounds(month, timeZone), timeZone }, closeDueAt: closeDueAt(month, { statementCloseDay }, timeZone), currencies: [],
  };
}

/** Writes the snapshot of `month` (claimed by this transaction; `previous` is the month before, closed, or null). */
async function snapshotMonth(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, merchantId: string, month: string, previous: string | null, tz: string) {
  const at = nowIso(ctx);
  const lines = (await repo.pendingLines(tx, merchantId, monthBounds(month, tz).end)).map(lineOf);
  const carried = previous ? await repo.statementsOf(tx, [merchantId], [previous]) : [];
  const grouped = byCurrency(lines);
  const openings = new Map(carried.map((s) => [s.currency, Number(s.closing)]));
  const currencies = [...new Set([...openings.keys(), ...grouped.keys()])].sort().filter((c) => grouped.has(c) || openings.get(c) !== 0);
  for (const currency of currencies) {
    const own = grouped.get(currency) ?? [];
    const opening = openings.get(currency) ?? 0;
    const id = newId('stm');
    await repo.insertStatement(tx, {
      id, no: await nextNo(tx, 'statement', ctx.clock.now()), merchantId, month, currency, opening, closing: closingOf(opening, own),
      totals: JSON.stringify(totalsOf(own, SOURCE_KINDS)), lineCount: own.length, status: 'CLOSED', closedAt: at, closedBy: ctx.actor.id,
      version: 1, createdAt: at, updatedAt: at,
    }, own.map((l) => ({
      id: newId('stl'), statementId: id, kind: String(l.kind), documentType: l.document.type, documentId: l.document.id,
      documentNo: l.document.no, amount: l.amount, occurredAt: l.occurredAt,
    })));
  }
}

/**
 * Closes the merchant's months through `month` (each earlier open month first, in order: an opening
 * is the closing before it), in the caller's transaction. Answers the months this call closed.
 *
 * Lock order (../shared/locks.ts, "Outside this order"): the close claims each month by inserting its
 * statement_closes row, ascending, and holds nothing else; it reads the source documents without
 * locks after the claim. A waive (or any source write) takes no statement lock at all: whether its
 * line is on the closed month is decided by whether it had committed when the close read the
 * sources — before, it is in the snapshot; after, no snapshot holds it and it shows in the first
 * open month. Never both (statement_lines is unique per kind × document), never neither.
 */
export async function closeMonthInTx(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, merchantId: string, month: string): Promise<string[]> {
  const { timeZone } = await loadSettings(tx);
  const now = nowIso(ctx);
  if (!monthEnded(month, now, timeZone)) throw conflict('MONTH_NOT_ENDED', `${month} has not ended yet in ${timeZone}`);
  const closed: string[] = [];
  for (let i = 0; i < MAX_MONTHS; i++) {
    const last = await repo.lastClosedMonth(tx, merchantId);
    if (last !== null && last >= month) break;
    let next = last ? addMonths(last, 1) : month;
    if (!last) {
      const first = (await repo.pendingLines(tx, merchantId, monthBounds(month, timeZone).end)).map((l) => monthOf(l.occurredAt, timeZone)).sort()[0];
      if (first && first < next) next = first;
    }
    // taken meanwhile by another close (it committed while this one waited): read the last month again
    if (!(await repo.claimMonth(tx, { merchantId, month: next, closedAt: now, closedBy: ctx.actor.id }))) continue;
    await snapshotMonth(tx, ctx, merchantId, next, last, timeZone);
    closed.push(next);
  }
  return closed;
}

/** Ops close a month by hand (once it has ended); closing a closed month changes nothing. */
export async function closeStatement(ctx: Ctx, input: { merchantId: string; month: string }) {
  requireRole(ctx.actor, 'OPS');
  if (!isMonth(input.month)) throw ruleViolation('INVALID_MONTH', 'A month is written YYYY-MM', 'month');
  return command(ctx, async (tx) => {
    await assertMerchant(tx, ctx.actor, input.merchantId);
    const closed = await closeMonthInTx(tx, ctx, input.merchantId, input.month);
    return { closed, statement: await getStatement({ ...ctx, db: tx }, input.merchantId, input.month) };
  });
}
