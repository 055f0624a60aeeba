/**
 * Fees (扣费, issue 14; docs/fees.md): priced from the settings' rules (../../domain/fees.ts) for an
 * exception's plan, shown in the plan preview and created by the decision in its own transaction;
 * ops (or an accepted dispute) waive them with a reason.
 */
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { ExceptionRow } from '../../db/types.js';
import type { FeeRow } from '../../db/fee-types.js';
import type { Plan } from '../../domain/catalog.js';
import { FEE_SERVICE_LABELS, feeRulesOf, feesFor, type FeeLine, type FeeQuote } from '../../domain/fees.js';
import { assertTransition, feeMachine } from '../../domain/state-machines.js';
import { requireRole, visibleOr404, whereScoped } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Actor, type Ctx } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { newId, nextNo } from '../shared/ids.js';
import { paginate, paginateByTime, type PageQuery } from '../shared/pagination.js';
import { lockDocument, transition } from '../shared/transition.js';
import { emit } from '../notifications/outbox.js';
import { loadSettings } from '../settings/service.js';
import { coachingLevelOf } from '../performance/coaching-repository.js';

const WHAT = 'Fee';
type Row = Selectable<FeeRow>;
type Exc = Pick<ExceptionRow, 'id' | 'merchantId' | 'type' | 'subtype' | 'totalQty'>;

const photoCount = async (db: Executor, exceptionId: string) => Number((await db.selectFrom('photos')
  .select((eb) => eb.fn.countAll<number>().as('n')).where('exceptionId', '=', exceptionId).executeTakeFirstOrThrow()).n);

/** What deciding `exc` for `plan` would charge, read in `db` (the preview's read, or the decision's transaction). */
export async function quoteFees(db: Executor, exc: Exc, plan: Plan): Promise<FeeQuote> {
  const settings = await loadSettings(db);
  // most plans have no rule: the decision then reads neither the coaching level nor the photos
  if (!feeRulesOf(settings.fees, exc.subtype, plan).length) return { fees: [], skipped: null };
  const [coachingLevel, photos] = await Promise.all([coachingLevelOf(db, exc.merchantId, exc.type), photoCount(db, exc.id)]);
  return feesFor({ subtype: exc.subtype, plan, units: Number(exc.totalQty), coachingLevel, photos }, settings.fees, settings.feesRequirePhoto);
}

/** A quoted fee as the preview shows it (ops only). */
export const feeLineView = (l: FeeLine) => ({ ...l, label: FEE_SERVICE_LABELS[l.service] });

/**
 * Charges the plan's fees inside the decision's transaction (../exceptions/decision.ts), priced as
 * the preview prices them, read in the same transaction. A new row each: no lock needed
 * (../shared/locks.ts); the unique (exception, service) index holds one fee per service.
 */
export async function chargeFeesInTx(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, exc: Exc, plan: Plan): Promise<Row[]> {
  const { fees } = await quoteFees(tx, exc, plan);
  const at = nowIso(ctx);
  const out: Row[] = [];
  for (const f of fees) {
    const row: Row = {
      id: newId('fee'), no: await nextNo(tx, 'fee', ctx.clock.now()), merchantId: exc.merchantId, exceptionId: exc.id,
      service: f.service, subtype: f.subtype, plan: f.plan, coachingLevel: f.coachingLevel, units: f.units,
      unitAmount: f.unitAmount, amount: f.amount, currency: f.currency, status: 'CHARGED',
      waiveReason: null, waivedAt: null, waivedBy: null, version: 1, createdAt: at, updatedAt: at,
    };
    await tx.insertInto('fees').values(row).execute();
    await recordEvent(tx, ctx, {
      documentType: 'fee', documentId: row.id, action: 'CHARGED', to: 'CHARGED',
      data: { exceptionId: exc.id, service: f.service, plan, coachingLevel: f.coachingLevel, units: f.units, unitAmount: f.unitAmount, amount: f.amount, currency: f.currency },
    });
    await emit(tx, ctx, { type: 'fee.charged', merchantId: exc.merchantId, documentType: 'fee', documentId: row.id });
    out.push(row);
  }
  return out;
}

const internal = (actor: Actor) => actor.role !== 'MERCHANT';

/** What a client sees of fees; a merchant never sees the subtype (its label is the service and the plan). */
async function viewsOf(db: Executor, actor: Actor, rows: Row[]) {
  const ids = [...new Set(rows.map((r) => r.exceptionId))];
  const excs = ids.length ? await db.selectFrom('exceptions').select(['id', 'no', 'type', 'deliveryNoteNo']).where('id', 'in', ids).execute() : [];
  const byId = new Map(excs.map((e) => [e.id, e]));
  return rows.map((f) => {
    const e = byId.get(f.exceptionId);
    return {
      id: f.id, no: f.no, status: f.status, version: f.version, merchantId: f.merchantId,
      exception: { id: f.exceptionId, no: e?.no ?? null, type: e?.type ?? null, deliveryNoteNo: e?.deliveryNoteNo ?? null },
      service: f.service, label: FEE_SERVICE_LABELS[f.service], plan: f.plan,
      ...(internal(actor) ? { subtype: f.subtype } : {}),
      coachingLevel: f.coachingLevel, units: Number(f.units), unitAmount: Number(f.unitAmount), amount: Number(f.amount), currency: f.currency,
      waivedAt: f.waivedAt, waivedBy: f.waivedBy, waiveReason: f.waiveReason, createdAt: f.createdAt, updatedAt: f.updatedAt,
    };
  });
}

async function detailOf(db: Executor, actor: Actor, f: Row) {
  const [view] = await viewsOf(db, actor, [f]);
  return { ...view, events: await eventsOf(db, f.id) };
}

const load = (db: Executor, id: string) => db.selectFrom('fees').selectAll().where('id', '=', id).executeTakeFirst();

export interface FeeQuery extends PageQuery {
  status?: string;
  merchantId?: string;
  exceptionId?: string;
  /** Charged at or after / before (ISO-8601). */
  from?: string;
  to?: string;
}

export async function listFees(ctx: Ctx, q: FeeQuery) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  const { status, merchantId, exceptionId } = q;
  let query = whereScoped(ctx.db.selectFrom('fees').selectAll(), ctx.actor, { status, merchantId, exceptionId });
  if (q.from) query = query.where('createdAt', '>=', new Date(q.from).toISOString());
  if (q.to) query = query.where('createdAt', '<', new Date(q.to).toISOString());
  const page = q.from || q.to ? await paginateByTime(query, q) : await paginate(query, 'id', q);
  return { items: await viewsOf(ctx.db, ctx.actor, page.items), nextCursor: page.nextCursor };
}

export async function getFee(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  return detailOf(ctx.db, ctx.actor, visibleOr404(ctx.actor, await load(ctx.db, id), WHAT));
}

/**
 * Waives the fee inside the caller's transaction (ops' waive, an accepted dispute): locked first
 * (rank 8, ../shared/locks.ts), then moved to WAIVED through transition() with its event and the
 * merchant's notification. An already waived fee is left as it is (`changed: false`).
 */
export async function waiveFeeInTx(
  tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, feeId: string, reason: string,
  opts: { version?: number; data?: Record<string, unknown> } = {},
): Promise<{ changed: boolean; fee: Row }> {
  const f = visibleOr404(ctx.actor, await lockDocument(tx, 'fee', feeId), WHAT);
  assertVersion(WHAT, f.version, opts.version);
  if (f.status === 'WAIVED') return { changed: false, fee: f };
  const next = await transition(tx, ctx, 'fee', f, 'WAIVED', {
    set: { waivedAt: nowIso(ctx), waivedBy: ctx.actor.id ?? ctx.actor.username, waiveReason: reason },
    data: { reason, ...(opts.data ?? {}) },
    notify: [{ type: 'fee.waived' }],
  });
  return { changed: true, fee: next };
}

/** 豁免 (OPS): a second waive is the illegal move (409 ILLEGAL_TRANSITION) and changes nothing. */
export function waiveFee(ctx: Ctx, id: string, input: { reason: string; version?: number }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const { changed, fee } = await waiveFeeInTx(tx, ctx, id, input.reason, { version: input.version });
    if (!changed) assertTransition(feeMachine, fee.status, 'WAIVED');
    return detailOf(tx, ctx.actor, fee);
  });
}
