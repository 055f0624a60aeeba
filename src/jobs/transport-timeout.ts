/**
 * Transport timeout (SPEC §6): a note still IN_TRANSIT `transportGraceSeconds` past its expected
 * arrival gets a system-registered PLATFORM_TRANSPORT_TIMEOUT or SELF_TRANSPORT_TIMEOUT exception,
 * by its logistics. Once per note: a note that ever had a timeout exception (even one cancelled as
 * registered in error) is not due again; nor is one with a pending exception (it is being handled).
 * Due time: delivery_notes.expected_arrival_at + the grace setting at the time the job runs.
 */
import type { Subtype } from '../domain/catalog.js';
import type { Executor } from '../db/create-db.js';
import { addSeconds, nowIso } from '../modules/shared/context.js';
import { registerExceptionIn } from '../modules/exceptions/register.js';
import { loadSettings } from '../modules/settings/service.js';
import { inTransaction } from '../modules/shared/command.js';
import { after, forEachDue, lockOrSkip, systemCtx, type Job, type JobContext } from './due.js';

const TIMEOUT_OF: Record<string, Subtype> = { PLATFORM: 'PLATFORM_TRANSPORT_TIMEOUT', SELF: 'SELF_TRANSPORT_TIMEOUT' };
const TIMEOUT_SUBTYPES = Object.values(TIMEOUT_OF);

export function dueNotes(db: Executor, cutoff: string) {
  return db.selectFrom('deliveryNotes')
    .where('deliveryNotes.status', '=', 'IN_TRANSIT')
    .where('deliveryNotes.expectedArrivalAt', '<=', cutoff)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('exceptions').select('exceptions.id')
      .whereRef('exceptions.deliveryNoteId', '=', 'deliveryNotes.id')
      .where((x) => x.or([x('exceptions.subtype', 'in', TIMEOUT_SUBTYPES), x('exceptions.status', '=', 'PENDING')])))));
}

export const transportTimeoutJob: Job = {
  name: 'transportTimeout',
  async run(jc: JobContext) {
    const { transportGraceSeconds: grace } = await loadSettings(jc.db);
    const cutoff = addSeconds(nowIso(jc), -grace);
    const ctx = systemCtx(jc);
    return forEachDue(jc, this.name,
      (last, limit) => after(dueNotes(jc.db, cutoff).select(['deliveryNotes.id', 'deliveryNotes.expectedArrivalAt as due']), 'deliveryNotes.expectedArrivalAt', 'deliveryNotes.id', last)
        .orderBy('deliveryNotes.expectedArrivalAt').orderBy('deliveryNotes.id').limit(limit).execute(),
      (row) => inTransaction(jc.db, async (tx) => {
        const note = await lockOrSkip(dueNotes(tx, cutoff).selectAll('deliveryNotes').where('deliveryNotes.id', '=', row.id), jc.dialect).executeTakeFirst();
        if (!note) return false;
        const hours = Math.round(grace / 360) / 10;
        await registerExceptionIn(tx, ctx, {
          deliveryNoteId: note.id,
          subtype: TIMEOUT_OF[note.logistics] ?? 'PLATFORM_TRANSPORT_TIMEOUT',
          remark: `运输超时：预计到达 ${note.expectedArrivalAt} 后 ${hours} 小时仍未到仓 / Still in transit ${hours} h after the expected arrival ${note.expectedArrivalAt}`,
        });
        return true;
      }));
  },
};
