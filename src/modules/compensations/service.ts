/** Compensations (赔付, SPEC §3): created by a TRANSPORT_DAMAGE plan, paid by ops. */
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { CompensationRow } from '../../db/types.js';
import { requireRole, whereScoped, visibleOr404 } from '../shared/access.js';
import { command } from '../shared/command.js';
import { lockDocument, transition } from '../shared/transition.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { newId, nextNo } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { emit } from '../notifications/outbox.js';

const WHAT = 'Compensation';
type Row = Selectable<CompensationRow>;

export interface NewCompensation {
  merchantId: string;
  sourceExceptionId: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
}

/** Called by the plan executor inside its transaction. */
export async function insertCompensation(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, input: NewCompensation) {
  const at = nowIso(ctx);
  const id = newId('cmp');
  const no = await nextNo(tx, 'compensation', ctx.clock.now());
  const status = 'PENDING';
  await tx.insertInto('compensations').values({
    id, no, merchantId: input.merchantId, sourceExceptionId: input.sourceExceptionId,
    amount: input.amount, currency: input.currency, status, reference: null, paidAt: null, paidBy: null,
    version: 1, createdAt: at, updatedAt: at,
  }).execute();
  await recordEvent(tx, ctx, {
    documentType: 'compensation', documentId: id, action: 'CREATED', to: status,
    data: { sourceExceptionId: input.sourceExceptionId, amount: input.amount, currency: input.currency },
  });
  await emit(tx, ctx, { type: 'compensation.created', merchantId: input.merchantId, documentType: 'compensation', documentId: id });
  return { id, no, status, amount: input.amount, currency: input.currency };
}

async function viewsOf(db: Executor, rows: Row[]) {
  const excIds = [...new Set(rows.map((r) => r.sourceExceptionId))];
  const excs = excIds.length ? await db.selectFrom('exceptions').select(['id', 'no']).where('id', 'in', excIds).execute() : [];
  const nos = new Map(excs.map((e) => [e.id, e.no]));
  return rows.map((c) => ({
    id: c.id,
    no: c.no,
    status: c.status,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    merchantId: c.merchantId,
    sourceException: { id: c.sourceExceptionId, no: nos.get(c.sourceExceptionId) ?? null },
    amount: Number(c.amount),
    currency: c.currency,
    reference: c.reference,
    paidAt: c.paidAt,
    paidBy: c.paidBy,
  }));
}

const load = (db: Executor, id: string) => db.selectFrom('compensations').selectAll().where('id', '=', id).executeTakeFirst();

async function detailOf(db: Executor, c: Row) {
  const [view] = await viewsOf(db, [c]);
  return { ...view, events: await eventsOf(db, c.id) };
}

export async function listCompensations(ctx: Ctx, q: PageQuery & { status?: string; merchantId?: string; sourceExceptionId?: string }) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  const { merchantId, status, sourceExceptionId } = q;
  const query = whereScoped(ctx.db.selectFrom('compensations').selectAll(), ctx.actor, { merchantId, status, sourceExceptionId });
  const page = await paginate(query, 'id', q);
  return { items: await viewsOf(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getCompensation(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  return detailOf(ctx.db, visibleOr404(ctx.actor, await load(ctx.db, id), WHAT));
}

/** Ops records that the money went out, with the payment reference. */
export async function payCompensation(ctx: Ctx, id: string, input: { reference: string; version?: number }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const c = visibleOr404(ctx.actor, await lockDocument(tx, 'compensation', id), WHAT);
    assertVersion(WHAT, c.version, input.version);
    const next = await transition(tx, ctx, 'compensation', c, 'PAID', {
      set: { reference: input.reference, paidAt: nowIso(ctx), paidBy: ctx.actor.id },
      data: { reference: input.reference }, notify: [{ type: 'compensation.paid' }],
    });
    return detailOf(tx, next);
  });
}
