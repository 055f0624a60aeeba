/**
 * An exception completes when every follow-up task is done (SPEC §3): each return order finished
 * and each replenishment order accepted and shipped (or cancelled). Called inside the transaction
 * that finished a task, after that task's own write.
 *
 * Race-free: the exception is locked first (rank 6 of ../shared/locks.ts), then its tasks are read.
 * Two tasks finishing together serialise on the exception; the second to get it reads the first's
 * committed task (each read is its own statement, so PostgreSQL's READ COMMITTED sees it) and
 * completes the exception. The transition writes the COMPLETED event only when its update changed
 * the row, so there is exactly one.
 */
import type { Tx } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { lockDocument, transitionIfCurrent } from '../shared/transition.js';

export const FINISHED_RETURN_STATES = ['SIGNED', 'PICKED_UP', 'DISPOSED'] as const;
const OPEN_ORDER_STATES = ['PENDING_ACCEPT', 'ACCEPTED'] as const;

// one statement for both questions: is a return order unfinished, or a replenishment order open?
const openTask = precompiled((db, exceptionId: string) => db.selectFrom('returnOrders').select('id')
  .where('sourceExceptionId', '=', exceptionId).where('status', 'not in', [...FINISHED_RETURN_STATES])
  .unionAll(db.selectFrom('stockingOrders').select('id')
    .where('sourceExceptionId', '=', exceptionId).where('status', 'in', [...OPEN_ORDER_STATES]))
  .limit(1));

export async function completeExceptionIfDone(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, exceptionId: string | null): Promise<boolean> {
  if (!exceptionId) return false;
  const exc = await lockDocument(tx, 'exception', exceptionId);
  if (!exc || exc.status !== 'PROCESSING') return false;
  if (await openTask.first(tx, exceptionId)) return false;
  const done = await transitionIfCurrent(tx, ctx, 'exception', exc, 'COMPLETED', {
    set: { completedAt: nowIso(ctx) },
    action: 'COMPLETED', data: { reason: 'All follow-up tasks are done' },
    notify: [{ type: 'exception.completed' }],
  });
  return done !== undefined;
}
