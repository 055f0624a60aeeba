/**
 * Return orders (退货单, SPEC §3): created by a plan, then the merchant enters how the goods come
 * back and the warehouse ships, hands over or disposes of them. Finishing one may complete its exception.
 */
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import { runTogether } from '../../db/run-together.js';
import { containsText } from '../../db/like.js';
import type { ReturnOrderLineRow, ReturnOrderRow as Table } from '../../db/types.js';
import { ruleViolation } from '../../domain/errors.js';
import { assertTransition, returnOrderMachine, type ReturnOrderStatus } from '../../domain/state-machines.js';
import { requireRole, visibleOr404, whereScoped } from '../shared/access.js';
import { command } from '../shared/command.js';
import { addSeconds, nowIso, type Ctx, type Role } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { lockDocument, transition, type Changes } from '../shared/transition.js';
import { newId, nextNo } from '../shared/ids.js';
import { numbersOf } from '../shared/names.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { completeExceptionIfDone, FINISHED_RETURN_STATES } from '../exceptions/completion.js';
import { loadSettings } from '../settings/service.js';
import type { ReturnDefaultMethod } from '../../domain/settings.js';
import { emit } from '../notifications/outbox.js';
import { returnOrderSnapshotOf } from '../notifications/payloads.js';

const WHAT = 'Return order';
type ReturnOrderRow = Selectable<Table>;

export const RETURN_METHODS = ['PLATFORM_LOGISTICS', 'MERCHANT_PICKUP', 'ABANDON'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

const STATUS_OF_METHOD: Record<ReturnMethod, ReturnOrderStatus> = {
  PLATFORM_LOGISTICS: 'AWAITING_SHIPMENT',
  MERCHANT_PICKUP: 'AWAITING_PICKUP',
  ABANDON: 'AWAITING_DISPOSAL',
};

export interface NewReturnOrder {
  merchantId: string;
  warehouseId: string;
  sourceExceptionId: string;
  deliveryNoteId: string;
  /** A package sent back unopened (package-level subtypes). */
  sealed: boolean;
  lines: { skuId: string; qty: number }[];
  /** The numbers of the source exception and the note, when the caller holds them: the event's snapshot is then built, not read. */
  sourceExceptionNo?: string;
  deliveryNoteNo?: string;
}

// a decide's return order: compiled once (../../db/precompiled.ts)
const insertOrder = precompiled((db, row: Table) => db.insertInto('returnOrders').values(row));
const insertLines = precompiled((db, rows: ReturnOrderLineRow[]) => db.insertInto('returnOrderLines').values(rows));

/** Called by the plan executor inside its transaction. */
export async function insertReturnOrder(
  tx: Tx,
  ctx: Pick<Ctx, 'actor' | 'clock'>,
  input: NewReturnOrder,
): Promise<{ id: string; no: string; status: string }> {
  const at = nowIso(ctx);
  const id = newId('ret');
  const no = await nextNo(tx, 'returnOrder', ctx.clock.now());
  const status: ReturnOrderStatus = 'PENDING_METHOD';
  const row: Table = {
    id, no, merchantId: input.merchantId, warehouseId: input.warehouseId,
    sourceExceptionId: input.sourceExceptionId, deliveryNoteId: input.deliveryNoteId,
    status, sealed: input.sealed ? 1 : 0, method: null, addressId: null, addressSnapshot: null,
    pickupAt: null, carrier: null, trackingNo: null, methodDueAt: addSeconds(at, (await loadSettings(tx)).returnMethodSeconds),
    methodEnteredAt: null, shippedAt: null, signedAt: null, pickedUpAt: null, disposedAt: null,
    version: 1, createdAt: at, updatedAt: at,
  };
  const lines = input.lines.filter((l) => l.qty > 0);
  // the order and its lines in one round trip on PostgreSQL (../../db/run-together.ts)
  await runTogether(tx, [insertOrder.compile(tx, row),
    ...(lines.length ? [insertLines.compile(tx, lines.map((l) => ({ id: newId('rol'), returnOrderId: id, skuId: l.skuId, qty: l.qty })))] : [])]);
  await recordEvent(tx, ctx, {
    documentType: 'returnOrder', documentId: id, action: 'CREATED', to: status,
    data: { sourceExceptionId: input.sourceExceptionId, sealed: input.sealed, lines },
  });
  const known = input.sourceExceptionNo !== undefined && input.deliveryNoteNo !== undefined;
  await emit(tx, ctx, {
    type: 'return_order.created', merchantId: input.merchantId, documentType: 'returnOrder', documentId: id,
    snapshot: known ? returnOrderSnapshotOf({
      ...row, totalQty: lines.length ? lines.reduce((s, l) => s + l.qty, 0) : null,
      exceptionNo: input.sourceExceptionNo!, deliveryNoteNo: input.deliveryNoteNo!,
    }) : undefined,
  });
  return { id, no, status };
}

// ---------------------------------------------------------------- reads

export interface ReturnOrderLineView { skuId: string; skuCode: string; skuName: string; qty: number }

async function linesOf(db: Executor, ids: string[]): Promise<Map<string, ReturnOrderLineView[]>> {
  const out = new Map<string, ReturnOrderLineView[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db.selectFrom('returnOrderLines')
    .innerJoin('skus', 'skus.id', 'returnOrderLines.skuId')
    .select(['returnOrderLines.returnOrderId', 'returnOrderLines.skuId', 'skus.code as skuCode', 'skus.name as skuName', 'returnOrderLines.qty'])
    .where('returnOrderLines.returnOrderId', 'in', ids)
    .orderBy('returnOrderLines.id')
    .execute();
  for (const r of rows) out.get(r.returnOrderId)?.push({ skuId: r.skuId, skuCode: r.skuCode, skuName: r.skuName, qty: Number(r.qty) });
  return out;
}

function toView(ro: ReturnOrderRow, lines: ReturnOrderLineView[], excNo: string | undefined, noteNo: string | undefined) {
  return {
    id: ro.id,
    no: ro.no,
    status: ro.status,
    version: ro.version,
    createdAt: ro.createdAt,
    updatedAt: ro.updatedAt,
    merchantId: ro.merchantId,
    warehouseId: ro.warehouseId,
    sourceException: { id: ro.sourceExceptionId, no: excNo ?? null },
    deliveryNote: { id: ro.deliveryNoteId, no: noteNo ?? null },
    sealed: Number(ro.sealed) === 1,
    method: ro.method,
    addressId: ro.addressId,
    address: ro.addressSnapshot ? (JSON.parse(ro.addressSnapshot) as AddressSnapshot) : null,
    pickupAt: ro.pickupAt,
    carrier: ro.carrier,
    trackingNo: ro.trackingNo,
    methodDueAt: ro.methodDueAt,
    methodEnteredAt: ro.methodEnteredAt,
    shippedAt: ro.shippedAt,
    signedAt: ro.signedAt,
    pickedUpAt: ro.pickedUpAt,
    disposedAt: ro.disposedAt,
    finished: (FINISHED_RETURN_STATES as readonly string[]).includes(ro.status),
    totalQty: lines.reduce((n, l) => n + l.qty, 0),
    lines,
  };
}

async function viewsOf(db: Executor, rows: ReturnOrderRow[]) {
  const ids = rows.map((r) => r.id);
  const [lines, excNos, noteNos] = await Promise.all([
    linesOf(db, ids),
    numbersOf(db, 'exceptions', rows.map((r) => r.sourceExceptionId)),
    numbersOf(db, 'deliveryNotes', rows.map((r) => r.deliveryNoteId)),
  ]);
  return rows.map((r) => toView(r, lines.get(r.id) ?? [], excNos.get(r.sourceExceptionId), noteNos.get(r.deliveryNoteId)));
}

async function detailOf(db: Executor, ro: ReturnOrderRow) {
  const [view] = await viewsOf(db, [ro]);
  return { ...view, events: await eventsOf(db, ro.id) };
}

export interface ReturnOrderQuery extends PageQuery {
  status?: string[];
  merchantId?: string;
  warehouseId?: string;
  sourceExceptionId?: string;
  q?: string;
}

export async function listReturnOrders(ctx: Ctx, q: ReturnOrderQuery) {
  requireRole(ctx.actor, 'MERCHANT', 'WAREHOUSE', 'OPS', 'ADMIN');
  const { merchantId, warehouseId, status, sourceExceptionId } = q;
  let query = whereScoped(ctx.db.selectFrom('returnOrders').selectAll(), ctx.actor, { merchantId, warehouseId, status, sourceExceptionId });
  if (q.q) query = query.where(containsText('no', q.q.toUpperCase()));
  const page = await paginate(query, 'id', q);
  return { items: await viewsOf(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getReturnOrder(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT', 'WAREHOUSE', 'OPS', 'ADMIN');
  const ro = visibleOr404(ctx.actor, await load(ctx.db, id), WHAT);
  return detailOf(ctx.db, ro);
}

const load = (db: Executor, id: string) => db.selectFrom('returnOrders').selectAll().where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------- writes

export interface AddressSnapshot { name: string; phone: string; region: string; detail: string }

interface Step {
  roles: Role[];
  to: ReturnOrderStatus;
  action: string;
  version?: number;
  /** Extra checks and columns, run inside the transaction after the state guard. */
  prepare?: (tx: Tx, ro: ReturnOrderRow, at: string) => Promise<{ set: Changes<'returnOrder'>; data?: Record<string, unknown> }>;
  /** Lets the method be re-entered with new details in the same state (new address or pickup time). */
  allowSameState?: boolean;
}

/** One step: lock (rank 5), guard, the transition, and the exception's completion check (rank 6). */
async function step(ctx: Ctx, id: string, s: Step) {
  requireRole(ctx.actor, ...s.roles);
  return command(ctx, async (tx) => {
    const ro = visibleOr404(ctx.actor, await lockDocument(tx, 'returnOrder', id), WHAT);
    if (!(s.allowSameState && ro.status === s.to)) assertTransition(returnOrderMachine, ro.status, s.to);
    assertVersion(WHAT, ro.version, s.version);
    const extra = s.prepare ? await s.prepare(tx, ro, nowIso(ctx)) : { set: {} };
    const next = await transition(tx, ctx, 'returnOrder', ro, s.to, { set: extra.set, action: s.action, data: extra.data, sameState: s.allowSameState });
    if ((FINISHED_RETURN_STATES as readonly string[]).includes(s.to)) {
      await completeExceptionIfDone(tx, ctx, ro.sourceExceptionId);
    }
    return detailOf(tx, next);
  });
}

export type MethodInput =
  | { method: 'PLATFORM_LOGISTICS'; addressId: string; version?: number }
  | { method: 'MERCHANT_PICKUP'; pickupAt: string; version?: number }
  | { method: 'ABANDON'; version?: number };

/** 录入退货方式: the merchant chooses how the goods come back; it may change its mind until the warehouse acts. */
export async function enterMethod(ctx: Ctx, id: string, input: MethodInput) {
  const to = STATUS_OF_METHOD[input.method];
  return step(ctx, id, {
    roles: ['MERCHANT'],
    to,
    version: input.version,
    allowSameState: to !== 'AWAITING_DISPOSAL',
    action: 'METHOD_ENTERED',
    prepare: async (tx, ro, at) => {
      const base = { method: input.method, methodEnteredAt: at, addressId: null, addressSnapshot: null, pickupAt: null };
      if (input.method === 'PLATFORM_LOGISTICS') {
        const address = await tx.selectFrom('addresses').select(['id', 'name', 'phone', 'region', 'detail'])
          .where('id', '=', input.addressId).where('merchantId', '=', ro.merchantId).where('deletedAt', 'is', null)
          .executeTakeFirst();
        if (!address) throw ruleViolation('UNKNOWN_ADDRESS', 'Choose an address from your address book', 'addressId');
        const snapshot: AddressSnapshot = { name: address.name, phone: address.phone, region: address.region, detail: address.detail };
        return {
          set: { ...base, addressId: address.id, addressSnapshot: JSON.stringify(snapshot) },
          data: { method: input.method, addressId: address.id },
        };
      }
      if (input.method === 'MERCHANT_PICKUP') {
        const pickupAt = new Date(input.pickupAt).toISOString();
        if (pickupAt <= at) throw ruleViolation('PICKUP_IN_PAST', 'The pickup time must be in the future', 'pickupAt');
        return { set: { ...base, pickupAt }, data: { method: input.method, pickupAt } };
      }
      return { set: base, data: { method: input.method } };
    },
  });
}

export async function ship(ctx: Ctx, id: string, input: { carrier: string; trackingNo: string; version?: number }) {
  return step(ctx, id, {
    roles: ['WAREHOUSE'], to: 'SHIPPED', action: 'SHIPPED', version: input.version,
    prepare: async (_tx, _ro, at) => ({
      set: { carrier: input.carrier, trackingNo: input.trackingNo, shippedAt: at },
      data: { carrier: input.carrier, trackingNo: input.trackingNo },
    }),
  });
}

export async function pickedUp(ctx: Ctx, id: string, input: { version?: number }) {
  return step(ctx, id, {
    roles: ['WAREHOUSE'], to: 'PICKED_UP', action: 'PICKED_UP', version: input.version,
    prepare: async (_tx, _ro, at) => ({ set: { pickedUpAt: at } }),
  });
}

export async function dispose(ctx: Ctx, id: string, input: { version?: number }) {
  return step(ctx, id, {
    roles: ['WAREHOUSE'], to: 'DISPOSED', action: 'DISPOSED', version: input.version,
    prepare: async (_tx, _ro, at) => ({ set: { disposedAt: at } }),
  });
}

export async function sign(ctx: Ctx, id: string, input: { version?: number }) {
  return step(ctx, id, {
    roles: ['MERCHANT'], to: 'SIGNED', action: 'SIGNED', version: input.version,
    prepare: async (_tx, _ro, at) => ({ set: { signedAt: at } }),
  });
}

// ---------------------------------------------------------------- deadline (SPEC §6)

/** Return orders whose merchant let the 7 days pass without entering a method, oldest first. */
export async function returnOrdersPastMethodDue(db: Executor, nowIsoValue: string, limit = 100): Promise<string[]> {
  const rows = await db.selectFrom('returnOrders').select('id')
    .where('status', '=', 'PENDING_METHOD').where('methodDueAt', '<=', nowIsoValue)
    .orderBy('methodDueAt').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * The configured default once the method is overdue: platform logistics to the merchant's default
 * address, else abandon. Fires at most once: returns null when the order has moved on or is not due,
 * and the conditional update refuses a racing instance (409, which the job may ignore).
 */
export async function applyDefaultMethod(ctx: Ctx, id: string, policy: ReturnDefaultMethod = 'PLATFORM_LOGISTICS_OR_ABANDON') {
  return command(ctx, (tx) => applyDefaultMethodIn(tx, ctx, id, policy));
}

/** The same inside the caller's transaction (the return-method job runs it in its lock on the order). */
export async function applyDefaultMethodIn(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, id: string, policy: ReturnDefaultMethod = 'PLATFORM_LOGISTICS_OR_ABANDON') {
  const ro = await lockDocument(tx, 'returnOrder', id);
  const at = nowIso(ctx);
  if (!ro || ro.status !== 'PENDING_METHOD' || !ro.methodDueAt || ro.methodDueAt > at) return null;
  const address = policy === 'ABANDON' ? undefined : await defaultAddressOf(tx, ro.merchantId);
  const method: ReturnMethod = address ? 'PLATFORM_LOGISTICS' : 'ABANDON';
  const snapshot: AddressSnapshot | null = address ? { name: address.name, phone: address.phone, region: address.region, detail: address.detail } : null;
  const next = await transition(tx, ctx, 'returnOrder', ro, STATUS_OF_METHOD[method], {
    set: { method, methodEnteredAt: at, addressId: address?.id ?? null, addressSnapshot: snapshot ? JSON.stringify(snapshot) : null },
    action: 'METHOD_DEFAULTED',
    data: { method, addressId: address?.id ?? null, reason: 'The method was not entered in time' },
    notify: [{ type: 'return_order.defaulted', data: { method } }],
  });
  return detailOf(tx, next);
}

const defaultAddressOf = (db: Executor, merchantId: string) => db.selectFrom('addresses').select(['id', 'name', 'phone', 'region', 'detail'])
  .where('merchantId', '=', merchantId).where('deletedAt', 'is', null).where('isDefault', '=', 1).executeTakeFirst();
