/**
 * Return method (SPEC §6): a return order still PENDING_METHOD at its `method_due_at` gets the
 * configured default (platform logistics to the merchant's default address, else abandon) once;
 * the conditional update in applyDefaultMethod refuses a second writer. Due time: return_orders.method_due_at.
 */
import type { Executor } from '../db/create-db.js';
import { nowIso } from '../modules/shared/context.js';
import { applyDefaultMethodIn } from '../modules/return-orders/service.js';
import { loadSettings } from '../modules/settings/service.js';
import { inTransaction } from '../modules/shared/command.js';
import { after, forEachDue, lockOrSkip, systemCtx, type Job, type JobContext } from './due.js';

export const dueReturns = (db: Executor, now: string) => db.selectFrom('returnOrders')
  .where('status', '=', 'PENDING_METHOD').where('methodDueAt', '<=', now);

export const returnMethodJob: Job = {
  name: 'returnMethod',
  async run(jc: JobContext) {
    const now = nowIso(jc);
    const ctx = systemCtx(jc);
    const { returnDefaultMethod } = await loadSettings(jc.db);
    return forEachDue(jc, this.name,
      (last, limit) => after(dueReturns(jc.db, now).select(['id', 'methodDueAt as due']), 'methodDueAt', 'id', last)
        .orderBy('methodDueAt').orderBy('id').limit(limit).execute() as Promise<{ id: string; due: string }[]>,
      (row) => inTransaction(jc.db, async (tx) => {
        const ro = await lockOrSkip(dueReturns(tx, now).select('id').where('id', '=', row.id), jc.dialect).executeTakeFirst();
        if (!ro) return false;
        return (await applyDefaultMethodIn(tx, ctx, ro.id, returnDefaultMethod)) !== null;
      }));
  },
};
