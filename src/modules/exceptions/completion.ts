/**
 * An exception completes when every follow-up task is done (SPEC §3): each return order finished
 * and each replenishment order accepted and shipped. Called inside the transaction that finished a task.
 */
import type { Tx } from '../../db/create-db.js';
import { recordEvent } from '../shared/events.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { emit } from '../notifications/outbox.js';
import { bumpExceptionCount } from './counts.js';

export const FINISHED_RETURN_STATES = ['SIGNED', 'PICKED_UP', 'DISPOSED'] as const;
const OPEN_ORDER_STATES = ['PENDING_ACCEPT', 'ACCEPTED'] as const;

export async function completeExceptionIfDone(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, exceptionId: string | null): Promise<boolean> {
  if (!exceptionId) return false;
  const exc = await tx.selectFrom('exceptions').select(['id', 'status', 'version', 'merchantId', 'warehouseId'])
    .where('id', '=', exceptionId).where('status', '=', 'PROCESSING').executeTakeFirst();
  if (!exc) return false;
  const openReturn = await tx.selectFrom('returnOrders').select('id')
    .where('sourceExceptionId', '=', exceptionId).where('status', 'not in', [...FINISHED_RETURN_STATES]).executeTakeFirst();
  if (openReturn) return false;
  const openOrder = await tx.selectFrom('stockingOrders').select('id')
    .where('sourceExceptionId', '=', exceptionId).where('status', 'in', [...OPEN_ORDER_STATES]).executeTakeFirst();
  if (openOrder) return false;
  const at = nowIso(ctx);
  const res = await tx.updateTable('exceptions')
    .set({ status: 'COMPLETED', completedAt: at, updatedAt: at, version: exc.version + 1 })
    .where('id', '=', exc.id).where('status', '=', 'PROCESSING').executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) await bumpExceptionCount(tx, exc, 'PROCESSING', 'COMPLETED'); // not when another transaction completed it first
  await recordEvent(tx, ctx, { documentType: 'exception', documentId: exc.id, action: 'COMPLETED', from: 'PROCESSING', to: 'COMPLETED', data: { reason: 'All follow-up tasks are done' } });
  await emit(tx, ctx, { type: 'exception.completed', merchantId: exc.merchantId, documentType: 'exception', documentId: exc.id });
  return true;
}
