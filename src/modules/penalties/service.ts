/** Penalties (处罚, SPEC §6): issued once per JIT order and missed deadline; ops waive or confirm them. */
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { PenaltyRow } from '../../db/types.js';
import { requireRole, visibleOr404, whereScoped } from '../shared/access.js';
import { command } from '../shared/command.js';
import { lockDocument, transition } from '../shared/transition.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { newId, nextNo } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { emit } from '../notifications/outbox.js';
import { assertTransition, penaltyMachine } from '../../domain/state-machines.js';
import { assertNoOpenDispute } from '../disputes/repository.js';

const WHAT = 'Penalty';
type Row = Selectable<PenaltyRow>;

export const PENALTY_REASONS = ['JIT_ACCEPT_LATE', 'JIT_SHIP_LATE'] as const;
export type PenaltyReason = (typeof PENALTY_REASONS)[number];

export interface NewPenalty {
  merchantId: string;
  stockingOrderId: string;
  reason: PenaltyReason;
  /** Integer minor units. */
  amount: number;
  currency: string;
}

const find = (db: Executor, stockingOrderId: string, reason: string) =>
  db.selectFrom('penalties').select(['id', 'no', 'status']).where('stockingOrderId', '=', stockingOrderId).where('reason', '=', reason).executeTakeFirst();

/**
 * Issues the penalty for one missed deadline, at most once per (order, reason): a second call
 * (another instance firing the same deadline) returns the existing one with `created: false`.
 */
export async function issuePenalty(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, input: NewPenalty) {
  const existing = await find(tx, input.stockingOrderId, input.reason);
  if (existing) return { ...existing, created: false };
  const at = nowIso(ctx);
  const id = newId('pen');
  const no = await nextNo(tx, 'penalty', ctx.clock.now());
  const status = 'ISSUED';
  const inserted = await tx.insertInto('penalties').values({
    id, no, merchantId: input.merchantId, stockingOrderId: input.stockingOrderId, reason: input.reason,
    amount: input.amount, currency: input.currency, status, waivedBy: null, waivedAt: null, waiveReason: null,
    version: 1, createdAt: at, updatedAt: at,
  }).onConflict((oc) => oc.columns(['stockingOrderId', 'reason']).doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { ...(await find(tx, input.stockingOrderId, input.reason))!, created: false };
  await recordEvent(tx, ctx, {
    documentType: 'penalty', documentId: id, action: 'ISSUED', to: status,
    data: { stockingOrderId: input.stockingOrderId, reason: input.reason, amount: input.amount, currency: input.currency },
  });
  await emit(tx, ctx, { type: 'penalty.issued', merchantId: input.merchantId, documentType: 'penalty', documentId: id });
  return { id, no, status, created: true };
}

async function viewsOf(db: Executor, rows: Row[]) {
  const orderIds = [...new Set(rows.map((r) => r.stockingOrderId))];
  const orders = orderIds.length
    ? await db.selectFrom('stockingOrders').select(['id', 'no', 'type']).where('id', 'in', orderIds).execute()
    : [];
  const byId = new Map(orders.map((o) => [o.id, o]));
  return rows.map((p) => ({
    id: p.id,
    no: p.no,
    status: p.status,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    merchantId: p.merchantId,
    stockingOrder: { id: p.stockingOrderId, no: byId.get(p.stockingOrderId)?.no ?? null, type: byId.get(p.stockingOrderId)?.type ?? null },
    reason: p.reason,
    amount: Number(p.amount),
    currency: p.currency,
    waivedAt: p.waivedAt,
    waivedBy: p.waivedBy,
    waiveReason: p.waiveReason,
  }));
}

const load = (db: Executor, id: string) => db.selectFrom('penalties').selectAll().where('id', '=', id).executeTakeFirst();

async function detailOf(db: Executor, p: Row) {
  const [view] = await viewsOf(db, [p]);
  return { ...view, events: await eventsOf(db, p.id) };
}

export interface PenaltyQuery extends PageQuery {
  status?: string;
  merchantId?: string;
  reason?: string;
  stockingOrderId?: string;
}

export async function listPenalties(ctx: Ctx, q: PenaltyQuery) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  const { merchantId, status, reason, stockingOrderId } = q;
  const query = whereScoped(ctx.db.selectFrom('penalties').selectAll(), ctx.actor, { merchantId, status, reason, stockingOrderId });
  const page = await paginate(query, 'id', q);
  return { items: await viewsOf(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getPenalty(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  return detailOf(ctx.db, visibleOr404(ctx.actor, await load(ctx.db, id), WHAT));
}

/**
 * Waives the penalty inside the caller's transaction (ops' waive, an accepted dispute): locked, then
 * moved to WAIVED through transition() with its event and notification. An already waived penalty
 * is left as it is (`changed: false`); one that cannot be waived (confirmed) answers 409.
 */
export async function waivePenaltyInTx(
  tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, penaltyId: string, reason: string,
  opts: { version?: number; data?: Record<string, unknown> } = {},
): Promise<{ changed: boolean; penalty: Row }> {
  const p = visibleOr404(ctx.actor, await lockDocument(tx, 'penalty', penaltyId), WHAT);
  assertVersion(WHAT, p.version, opts.version);
  if (p.status === 'WAIVED') return { changed: false, penalty: p };
  const next = await transition(tx, ctx, 'penalty', p, 'WAIVED', {
    set: { waivedAt: nowIso(ctx), waivedBy: ctx.actor.id, waiveReason: reason },
    data: { reason, ...(opts.data ?? {}) },
    notify: [{ type: 'penalty.waived' }],
  });
  return { changed: true, penalty: next };
}

export function waivePenalty(ctx: Ctx, id: string, input: { reason: string; version?: number }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const { changed, penalty } = await waivePenaltyInTx(tx, ctx, id, input.reason, { version: input.version });
    // waiving twice is the illegal move it always was
    if (!changed) assertTransition(penaltyMachine, penalty.status, 'WAIVED');
    return detailOf(tx, penalty);
  });
}

/** Confirms an issued penalty; not while the merchant's dispute of it is open (the dispute decides). */
export function confirmPenalty(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const p = visibleOr404(ctx.actor, await lockDocument(tx, 'penalty', id), WHAT);
    assertVersion(WHAT, p.version, input.version);
    await assertNoOpenDispute(tx, 'PENALTY', p.id);
    return detailOf(tx, await transition(tx, ctx, 'penalty', p, 'CONFIRMED'));
  });
}
