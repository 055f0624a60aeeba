/**
 * 运营看板 (SPEC §7, ops dashboards): counts for the operations desk, each one GROUP BY or COUNT
 * over indexed columns — no row is loaded, so the cost stays flat as the tables grow. Exceptions by
 * status come from their counters (exceptions/counts.ts), not from a scan of every exception.
 * Every map lists all codes of its machine or catalog (zero when none), so clients need no defaults.
 */
import { EXCEPTION_TYPES, PLANS } from '../../domain/catalog.js';
import { returnOrderMachine, statesOf } from '../../domain/state-machines.js';
import { countsInScope } from '../exceptions/counts.js';
import { requireRole } from '../shared/access.js';
import { nowIso, type Ctx } from '../shared/context.js';

export const DECIDED_WINDOW_DAYS = 7;

/** Replenishment orders still waiting for the merchant: to accept, or accepted and not shipped. */
export const AWAITING_MERCHANT = ['PENDING_ACCEPT', 'ACCEPTED'] as const;

interface Counted { key: string | null; n: number | string | bigint }
interface Summed { currency: string; n: number | string | bigint; total: number | string | bigint | null }

/** Zero-filled counts per code; `pg` answers COUNT and SUM as strings, SQLite as numbers. */
function tally(codes: readonly string[], rows: Counted[]): Record<string, number> {
  const out = Object.fromEntries(codes.map((c) => [c, 0]));
  for (const r of rows) if (r.key !== null) out[r.key] = (out[r.key] ?? 0) + Number(r.n);
  return out;
}

const money = (rows: Summed[]) => ({
  count: rows.reduce((s, r) => s + Number(r.n), 0),
  amounts: rows.map((r) => ({ currency: r.currency, amount: Number(r.total ?? 0) })).sort((a, b) => a.currency.localeCompare(b.currency)),
});

export async function getDashboard(ctx: Ctx) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  const db = ctx.db;
  const now = nowIso(ctx);
  const since = new Date(ctx.clock.now().getTime() - DECIDED_WINDOW_DAYS * 86400e3).toISOString();
  const [byStatus, pendingByType, overdue, decided, returns, replenishment, compensations, penalties] = await Promise.all([
    countsInScope(db, ctx.actor), // OPS and ADMIN: every merchant and warehouse
    db.selectFrom('exceptions').select(['type as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'PENDING').groupBy('type').execute(),
    db.selectFrom('exceptions').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'PENDING').where('decisionDueAt', '<', now).executeTakeFirstOrThrow(),
    db.selectFrom('exceptions').select(['plan as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('decidedAt', '>=', since).where('plan', 'is not', null).groupBy('plan').execute(),
    db.selectFrom('returnOrders').select(['status as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
    db.selectFrom('stockingOrders').select(['status as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sourceExceptionId', 'is not', null).where('status', 'in', [...AWAITING_MERCHANT]).groupBy('status').execute(),
    db.selectFrom('compensations').select(['currency', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount').as('total')])
      .where('status', '=', 'PENDING').groupBy('currency').execute(),
    db.selectFrom('penalties').select(['currency', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount').as('total')])
      .where('status', '=', 'ISSUED').groupBy('currency').execute(),
  ]);
  const decidedByPlan = tally(PLANS, decided);
  const awaiting = tally(AWAITING_MERCHANT, replenishment);
  return {
    asOf: now,
    exceptions: {
      byStatus,
      pendingByType: tally(EXCEPTION_TYPES, pendingByType),
      overduePending: Number(overdue.n),
      decided: { days: DECIDED_WINDOW_DAYS, since, total: Object.values(decidedByPlan).reduce((a, b) => a + b, 0), byPlan: decidedByPlan },
    },
    returnOrders: { byStatus: tally(statesOf(returnOrderMachine), returns) },
    replenishment: { awaitingMerchant: awaiting.PENDING_ACCEPT + awaiting.ACCEPTED, byStatus: awaiting },
    compensations: { pending: money(compensations) },
    penalties: { issued: money(penalties) },
  };
}
