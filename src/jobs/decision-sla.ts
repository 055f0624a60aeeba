/**
 * Decision SLA (SPEC §6): an exception still PENDING at its `decision_due_at` is flagged overdue
 * for ops once (`overdue_flagged_at`, a DECISION_OVERDUE event), and in the same transaction the
 * auto-decision policies that apply at the deadline run. Ops hear of it through the inbox
 * (`exception.overdue`, platform-only). Due time: exceptions.decision_due_at.
 */
import type { Executor } from '../db/create-db.js';
import { nowIso } from '../modules/shared/context.js';
import { inTransaction } from '../modules/shared/command.js';
import { recordEvent } from '../modules/shared/events.js';
import { annotate } from '../modules/shared/transition.js';
import { applyPolicies } from '../modules/policies/engine.js';
import { emit } from '../modules/notifications/outbox.js';
import { after, forEachDue, lockOrSkip, systemCtx, type Job, type JobContext } from './due.js';

export const dueExceptions = (db: Executor, now: string) => db.selectFrom('exceptions')
  .where('status', '=', 'PENDING').where('overdueFlaggedAt', 'is', null).where('decisionDueAt', '<=', now);

export const decisionSlaJob: Job = {
  name: 'decisionSla',
  async run(jc: JobContext) {
    const now = nowIso(jc);
    const ctx = systemCtx(jc);
    return forEachDue(jc, this.name,
      (last, limit) => after(dueExceptions(jc.db, now).select(['id', 'decisionDueAt as due']), 'decisionDueAt', 'id', last)
        .orderBy('decisionDueAt').orderBy('id').limit(limit).execute() as Promise<{ id: string; due: string }[]>,
      (row) => inTransaction(jc.db, async (tx) => {
        const exc = await lockOrSkip(dueExceptions(tx, now).selectAll().where('id', '=', row.id), jc.dialect).executeTakeFirst();
        if (!exc) return false;
        if (!(await annotate(tx, ctx, 'exception', exc, { overdueFlaggedAt: now }))) return false;
        await recordEvent(tx, ctx, { documentType: 'exception', documentId: exc.id, action: 'DECISION_OVERDUE', data: { decisionDueAt: exc.decisionDueAt } });
        await emit(tx, ctx, { type: 'exception.overdue', merchantId: exc.merchantId, documentType: 'exception', documentId: exc.id });
        await applyPolicies(tx, ctx, exc.id, 'DEADLINE');
        return true;
      }));
  },
};
