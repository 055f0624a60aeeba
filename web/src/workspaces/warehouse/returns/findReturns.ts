/**
 * What a scan on 退货作业 points at: a return-order no. is that return; a delivery-note no. or a
 * box-label code (a sealed box sent back, the note whose goods are returned) is the returns of the
 * note, found through its decided exceptions (a return order comes from one).
 */
import { api, ApiError, type Page } from '../../../api/client';
import { lookupDeliveryNote, type DeliveryNote } from '../../../api/hooks/deliveryNotes';
import { returnOrdersPath, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { looksLikeNoteCode, looksLikeReturnCode } from '../scan/classify';

export type ReturnScan =
  | { kind: 'notACode' }
  | { kind: 'notFound' }
  | { kind: 'return'; order: ReturnOrder }
  | { kind: 'note'; note: DeliveryNote; orders: ReturnOrder[] };

export async function findReturns(code: string): Promise<ReturnScan> {
  if (looksLikeReturnCode(code)) {
    const no = code.toUpperCase();
    const page = await api.get<Page<ReturnOrder>>(returnOrdersPath, { q: no, limit: 5 });
    const order = page.items.find((r) => r.no === no);
    return order ? { kind: 'return', order } : { kind: 'notFound' };
  }
  if (!looksLikeNoteCode(code)) return { kind: 'notACode' };
  let note: DeliveryNote;
  try {
    note = await lookupDeliveryNote(code);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { kind: 'notFound' };
    throw e;
  }
  const decided = (note.exceptions ?? []).filter((e) => e.plan);
  const pages = await Promise.all(decided.map((e) => api.get<Page<ReturnOrder>>(returnOrdersPath, { sourceExceptionId: e.id, limit: 100 })));
  return { kind: 'note', note, orders: pages.flatMap((p) => p.items) };
}

/** The tab of 退货作业 that lists a return in this status. */
export const tabOf = (status: string) => (['SHIPPED', 'SIGNED', 'PICKED_UP', 'DISPOSED'].includes(status) ? 'DONE' : status);
