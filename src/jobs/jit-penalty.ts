/**
 * JIT deadlines (SPEC §6): a JIT order not accepted by `accept_by`, or not shipped by `ship_by`,
 * gets a penalty (the settings' rule: fixed amount or % of the order value) once per order and
 * deadline — the unique (stocking_order_id, reason) of penalties makes that hold even for two
 * instances. An order cancelled before its deadline, or done in time, is never due.
 */
import { penaltyAmount } from '../domain/settings.js';
import type { Executor } from '../db/create-db.js';
import { nowIso } from '../modules/shared/context.js';
import { recordEvent } from '../modules/shared/events.js';
import { issuePenalty, type PenaltyReason } from '../modules/penalties/service.js';
import { loadSettings } from '../modules/settings/service.js';
import { inTransaction } from '../modules/shared/command.js';
import { after, forEachDue, lockOrSkip, systemCtx, type Job, type JobContext } from './due.js';

interface Deadline {
  name: string;
  reason: PenaltyReason;
  due: 'acceptBy' | 'shipBy';
  /** The milestone that meets the deadline when it comes no later than it. */
  met: 'acceptedAt' | 'shippedAt';
}

function dueOrders(db: Executor, d: Deadline, now: string) {
  return db.selectFrom('stockingOrders')
    .where('stockingOrders.type', '=', 'JIT_REPEAT')
    .where(`stockingOrders.${d.due}`, 'is not', null)
    .where(`stockingOrders.${d.due}`, '<=', now)
    .where((eb) => eb.or([eb(`stockingOrders.${d.met}`, 'is', null), eb(`stockingOrders.${d.met}`, '>', eb.ref(`stockingOrders.${d.due}`))]))
    .where((eb) => eb.or([eb('stockingOrders.cancelledAt', 'is', null), eb('stockingOrders.cancelledAt', '>', eb.ref(`stockingOrders.${d.due}`))]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('penalties').select('penalties.id')
      .whereRef('penalties.stockingOrderId', '=', 'stockingOrders.id').where('penalties.reason', '=', d.reason))));
}

export function jitPenaltyJob(d: Deadline): Job {
  const col = `stockingOrders.${d.due}` as const;
  return {
    name: d.name,
    async run(jc: JobContext) {
      const now = nowIso(jc);
      const ctx = systemCtx(jc);
      const { penaltyRule } = await loadSettings(jc.db);
      return forEachDue(jc, d.name,
        (last, limit) => after(dueOrders(jc.db, d, now).select(['stockingOrders.id', `${col} as due`]), col, 'stockingOrders.id', last)
          .orderBy(col).orderBy('stockingOrders.id').limit(limit).execute() as Promise<{ id: string; due: string }[]>,
        (row) => inTransaction(jc.db, async (tx) => {
          const order = await lockOrSkip(dueOrders(tx, d, now).selectAll('stockingOrders').where('stockingOrders.id', '=', row.id), jc.dialect).executeTakeFirst();
          if (!order) return false;
          const { amount, currency } = penaltyAmount(penaltyRule, { totalAmount: Number(order.totalAmount), currency: order.currency });
          const penalty = await issuePenalty(tx, ctx, { merchantId: order.merchantId, stockingOrderId: order.id, reason: d.reason, amount, currency });
          if (!penalty.created) return false;
          await recordEvent(tx, ctx, {
            documentType: 'stockingOrder', documentId: order.id, action: 'PENALTY_ISSUED',
            data: { penaltyId: penalty.id, penaltyNo: penalty.no, reason: d.reason, deadline: order[d.due], amount, currency },
          });
          return true;
        }));
    },
  };
}
