/**
 * Dispute SLA (issue 14, docs/disputes.md): a dispute still OPEN at its `due_at` is flagged overdue
 * for ops once (`overdue_flagged_at`, a DISPUTE_OVERDUE event, the ops-only `dispute.overdue`), and
 * when settings.disputeAutoAccept is on it is accepted in the same transaction, with the same effect
 * as ops' accept (../modules/disputes/service.ts decideInTx). The row is re-read under its due
 * condition FOR UPDATE SKIP LOCKED (./due.ts): ops deciding it at that moment hold it, so the job
 * skips it, and once decided it is no longer due — one outcome either way.
 */
import { nowIso } from '../modules/shared/context.js';
import { inTransaction } from '../modules/shared/command.js';
import { recordEvent } from '../modules/shared/events.js';
import { annotate } from '../modules/shared/transition.js';
import { emit } from '../modules/notifications/outbox.js';
import { decideInTx } from '../modules/disputes/service.js';
import { dueDisputes } from '../modules/disputes/repository.js';
import { loadSettings } from '../modules/settings/service.js';
import { after, forEachDue, lockOrSkip, systemCtx, type Job, type JobContext } from './due.js';

export const AUTO_ACCEPT_REASON = '超过处理时限,系统自动通过 / accepted automatically past the SLA';

export const disputeSlaJob: Job = {
  name: 'disputeSla',
  async run(jc: JobContext) {
    const now = nowIso(jc);
    const ctx = systemCtx(jc);
    const { disputeAutoAccept: auto } = await loadSettings(jc.db);
    return forEachDue(jc, this.name,
      (last, limit) => after(dueDisputes(jc.db, now, auto).select(['id', 'dueAt as due']), 'dueAt', 'id', last)
        .orderBy('dueAt').orderBy('id').limit(limit).execute() as Promise<{ id: string; due: string }[]>,
      (row) => inTransaction(jc.db, async (tx) => {
        const d = await lockOrSkip(dueDisputes(tx, now, auto).selectAll().where('id', '=', row.id), jc.dialect).executeTakeFirst();
        if (!d) return false;
        let current = d;
        if (!d.overdueFlaggedAt) {
          const flagged = await annotate(tx, ctx, 'dispute', d, { overdueFlaggedAt: now });
          if (!flagged) return false;
          current = flagged;
          await recordEvent(tx, ctx, { documentType: 'dispute', documentId: d.id, action: 'DISPUTE_OVERDUE', data: { dueAt: d.dueAt } });
          await emit(tx, ctx, { type: 'dispute.overdue', merchantId: d.merchantId, documentType: 'dispute', documentId: d.id });
        }
        if (auto) await decideInTx(tx, ctx, current, 'ACCEPTED', AUTO_ACCEPT_REASON, true);
        return true;
      }));
  },
};
