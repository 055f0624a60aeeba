/**
 * Many due deadlines at once, built with the use cases directly (no HTTP) so hundreds are quick:
 * `perKind` of each of the five deadline kinds, all due by `dueBy(t0)`; and the counters of their
 * effects, read straight from the database, that must each end at exactly `perKind`.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/create-db.js';
import { registerException } from '../../src/modules/exceptions/register.js';
import { confirmDeliveryNote, createDeliveryNote } from '../../src/modules/delivery-notes/service.js';
import { insertReturnOrder } from '../../src/modules/return-orders/service.js';
import { acceptStockingOrder, createStockingOrder } from '../../src/modules/stocking-orders/service.js';
import { createPolicy } from '../../src/modules/policies/service.js';
import type { Actor, Ctx } from '../../src/modules/shared/context.js';
import type { World } from './world.js';
import { at, DAY, fixedClock, HOUR } from './deadlines.js';

/** The moment everything seeded at t0 is due (the latest default deadline is the return method's 7 days). */
export const dueBy = (t0: string) => at(t0, 8 * DAY);

async function actor(db: Db, w: World, role: string, scope: Partial<Record<'merchantId' | 'warehouseId', string>> = {}): Promise<Actor> {
  let q = db.selectFrom('users').selectAll().where('role', '=', role).where('username', 'like', `%${w.tag}`);
  if (scope.merchantId) q = q.where('merchantId', '=', scope.merchantId);
  if (scope.warehouseId) q = q.where('warehouseId', '=', scope.warehouseId);
  const u = await q.executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, role: role as Actor['role'], merchantId: u.merchantId, warehouseId: u.warehouseId };
}

export async function seedDueDeadlines(db: Db, w: World, t0: string, perKind: number): Promise<void> {
  const clock = fixedClock(t0);
  const ctx = (a: Actor): Ctx => ({ db, actor: a, clock, dataDir: '/nonexistent' });
  const ops = ctx(await actor(db, w, 'OPS'));
  const merchant = ctx(await actor(db, w, 'MERCHANT', { merchantId: w.ids.merchantA }));
  const lines = [{ skuId: w.ids.skusA[0], qty: 2, unitPrice: 1000 }];
  const order = (type: 'REPEAT' | 'JIT_REPEAT') =>
    createStockingOrder(ops, { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type, lines });
  const inTransit = async () => {
    const o = await order('REPEAT');
    await acceptStockingOrder(merchant, o.id, {});
    const n = await createDeliveryNote(merchant, {
      stockingOrderId: o.id, logistics: 'PLATFORM', expectedArrivalAt: at(t0, HOUR), boxes: [{ lines: [{ skuId: lines[0].skuId, qty: 2 }] }],
    });
    await confirmDeliveryNote(merchant, n.id, {});
    return n;
  };

  // the decision deadline also runs a policy: timeouts of this merchant are terminated at the deadline
  await createPolicy(ops, {
    name: `${w.tag} terminate timeouts at the deadline`, enabled: true, applyAt: 'DEADLINE', subtypes: ['PLATFORM_TRANSPORT_TIMEOUT'],
    merchantIds: [w.ids.merchantA], plan: 'TERMINATE_DELIVERY', honourMerchantPreference: false,
  });
  const returnNotes: string[] = [];
  // several chains at once (PostgreSQL commits in parallel; SQLite simply takes them in turn)
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < perKind) {
      next++;
      returnNotes.push((await inTransit()).id); // transport timeout: due at t0 + 1 h + 72 h
      const noted = await inTransit(); // decision SLA: due at t0 + 48 h
      await registerException(ops, { deliveryNoteId: noted.id, subtype: 'PLATFORM_TRANSPORT_TIMEOUT' });
      await order('JIT_REPEAT'); // JIT acceptance: due at t0 + 24 h
      await acceptStockingOrder(merchant, (await order('JIT_REPEAT')).id, {}); // JIT shipment: due at t0 + 48 h
    }
  }));
  // return method: due at t0 + 7 days
  await db.transaction().execute(async (tx) => {
    for (const noteId of returnNotes) {
      await insertReturnOrder(tx, { actor: ops.actor, clock }, {
        merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, sourceExceptionId: 'exc_seeded', deliveryNoteId: noteId,
        sealed: true, lines: [{ skuId: lines[0].skuId, qty: 2 }],
      });
    }
  });
}

export interface EffectCounts {
  /** Transport timeouts registered by the system, and the notes they are on. */
  timeouts: number;
  timeoutNotes: number;
  overdue: number;
  decided: number;
  defaulted: number;
  acceptPenalties: number;
  shipPenalties: number;
  /** PENALTY_ISSUED events on orders: one per penalty, or a job acted twice. */
  penaltyEvents: number;
}

/** Every effect of the jobs on merchant `merchantId`, counted from the database. */
export async function countEffects(db: Db, merchantId: string): Promise<EffectCounts> {
  const n = (v: unknown) => Number(v ?? 0);
  const exc = await db.selectFrom('exceptions')
    .select([
      sql<number>`sum(case when registered_by = 'system' then 1 else 0 end)`.as('timeouts'),
      sql<number>`count(distinct case when registered_by = 'system' then delivery_note_id end)`.as('timeoutNotes'),
      sql<number>`sum(case when overdue_flagged_at is not null then 1 else 0 end)`.as('flagged'),
    ])
    .where('merchantId', '=', merchantId).executeTakeFirstOrThrow();
  const events = await db.selectFrom('events').select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('actorRole', '=', 'SYSTEM').where('action', 'in', ['DECISION_OVERDUE', 'DECIDED', 'METHOD_DEFAULTED', 'PENALTY_ISSUED'])
    .where((eb) => eb.or([
      eb('documentId', 'in', eb.selectFrom('exceptions').select('id').where('merchantId', '=', merchantId)),
      eb('documentId', 'in', eb.selectFrom('returnOrders').select('id').where('merchantId', '=', merchantId)),
      eb('documentId', 'in', eb.selectFrom('stockingOrders').select('id').where('merchantId', '=', merchantId)),
    ]))
    .groupBy('action').execute();
  const ev = Object.fromEntries(events.map((e) => [e.action, n(e.n)]));
  const pen = await db.selectFrom('penalties').select(['reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merchantId', '=', merchantId).groupBy('reason').execute();
  const p = Object.fromEntries(pen.map((r) => [r.reason, n(r.n)]));
  if (n(exc.flagged) !== n(ev.DECISION_OVERDUE)) throw new Error(`overdue flags ${exc.flagged} vs events ${ev.DECISION_OVERDUE}`);
  return {
    timeouts: n(exc.timeouts), timeoutNotes: n(exc.timeoutNotes), overdue: n(ev.DECISION_OVERDUE), decided: n(ev.DECIDED),
    defaulted: n(ev.METHOD_DEFAULTED), acceptPenalties: n(p.JIT_ACCEPT_LATE), shipPenalties: n(p.JIT_SHIP_LATE), penaltyEvents: n(ev.PENALTY_ISSUED),
  };
}

export const expectedCounts = (k: number): EffectCounts => ({
  timeouts: k, timeoutNotes: k, overdue: k, decided: k, defaulted: k, acceptPenalties: k, shipPenalties: k, penaltyEvents: 2 * k,
});
