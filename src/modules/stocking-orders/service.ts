/** Stocking orders (备货订单): OPS creates them; the merchant accepts (接单) and ships them under delivery notes. */
import type { OrderType } from '../../domain/catalog.js';
import { ruleViolation } from '../../domain/errors.js';
import { containsText } from '../../db/like.js';
import type { StockingOrderStatus } from '../../domain/state-machines.js';
import { requireRole, visibleOr404, whereScoped } from '../shared/access.js';
import { command } from '../shared/command.js';
import { addSeconds, nowIso, type Ctx } from '../shared/context.js';
import { eventsOf } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { merchantSkus } from '../shared/skus.js';
import { MAX_ORDER_VALUE } from '../shared/schemas.js';
import { lockDocument, transition } from '../shared/transition.js';
import { assertMerchantExists, assertWarehouseExists } from '../admin/service.js';
import { completeExceptionIfDone } from '../exceptions/completion.js';
import { loadSettings } from '../settings/service.js';
import { createOrder } from './lifecycle.js';
import { loadOrder, orderViews } from './repository.js';

export interface CreateOrderInput {
  merchantId: string;
  warehouseId: string;
  type: OrderType;
  currency?: string;
  lines: { skuId: string; qty: number; unitPrice: number }[];
}

export async function createStockingOrder(ctx: Ctx, input: CreateOrderInput) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  // money is exact integer minor units: an order's value must stay an exact integer
  const value = input.lines.reduce((s, l) => s + BigInt(l.qty) * BigInt(l.unitPrice), 0n);
  if (value > BigInt(MAX_ORDER_VALUE)) {
    throw ruleViolation('ORDER_VALUE_TOO_LARGE', `The order's value (${value} minor units) exceeds ${MAX_ORDER_VALUE}; split it into several orders`, 'lines');
  }
  return command(ctx, async (tx) => {
    await assertMerchantExists(tx, input.merchantId);
    await assertWarehouseExists(tx, input.warehouseId);
    await merchantSkus(tx, input.merchantId, input.lines);
    const row = await createOrder(tx, ctx, { ...input, currency: input.currency ?? 'CNY', status: 'PENDING_ACCEPT' });
    return (await orderViews(tx, [row]))[0];
  });
}

export interface OrderFilters extends PageQuery {
  status?: StockingOrderStatus[];
  type?: OrderType[];
  merchantId?: string;
  warehouseId?: string;
  q?: string;
  sourceExceptionId?: string;
  fromPlan?: boolean;
}

export async function listStockingOrders(ctx: Ctx, f: OrderFilters) {
  let q = whereScoped(ctx.db.selectFrom('stockingOrders').selectAll(), ctx.actor, {
    merchantId: f.merchantId, warehouseId: f.warehouseId, status: f.status, type: f.type, sourceExceptionId: f.sourceExceptionId,
  });
  if (f.q) q = q.where(containsText('no', f.q.toUpperCase()));
  if (f.fromPlan !== undefined) q = q.where('sourceExceptionId', f.fromPlan ? 'is not' : 'is', null);
  const page = await paginate(q, 'id', f);
  return { items: await orderViews(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getStockingOrder(ctx: Ctx, id: string) {
  const order = visibleOr404(ctx.actor, await loadOrder(ctx.db, id), 'Stocking order');
  const [view] = await orderViews(ctx.db, [order]);
  const deliveryNotes = await ctx.db.selectFrom('deliveryNotes').select(['id', 'no', 'status', 'createdAt'])
    .where('stockingOrderId', '=', id).orderBy('id').execute();
  const sourceException = order.sourceExceptionId
    ? await ctx.db.selectFrom('exceptions').select(['id', 'no', 'status']).where('id', '=', order.sourceExceptionId).executeTakeFirst()
    : undefined;
  return { ...view, deliveryNotes, sourceException: sourceException ?? null, events: await eventsOf(ctx.db, id) };
}

/** 接单: a JIT order then has `shipBy` (acceptance + the JIT shipping window). */
export async function acceptStockingOrder(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'MERCHANT');
  return command(ctx, async (tx) => {
    const order = visibleOr404(ctx.actor, await lockDocument(tx, 'stockingOrder', id), 'Stocking order');
    assertVersion('Stocking order', order.version, input.version);
    const at = nowIso(ctx);
    const shipBy = order.type === 'JIT_REPEAT' ? addSeconds(at, (await loadSettings(tx)).jitShipSeconds) : null;
    const next = await transition(tx, ctx, 'stockingOrder', order, 'ACCEPTED', { set: { acceptedAt: at, shipBy } });
    return (await orderViews(tx, [next]))[0];
  });
}

export async function cancelStockingOrder(ctx: Ctx, id: string, input: { reason: string; version?: number }) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  return command(ctx, async (tx) => {
    const order = visibleOr404(ctx.actor, await lockDocument(tx, 'stockingOrder', id), 'Stocking order');
    assertVersion('Stocking order', order.version, input.version);
    const live = await tx.selectFrom('deliveryNotes').select('no').where('stockingOrderId', '=', id)
      .where('status', 'in', ['CREATED']).executeTakeFirst();
    if (live) throw ruleViolation('ORDER_HAS_DELIVERY_NOTE', `Delivery note ${live.no} is still open under this order; it must be cancelled first`);
    const next = await transition(tx, ctx, 'stockingOrder', order, 'CANCELLED', { set: { cancelledAt: nowIso(ctx) }, data: { reason: input.reason } });
    await completeExceptionIfDone(tx, ctx, order.sourceExceptionId);
    return (await orderViews(tx, [next]))[0];
  });
}
