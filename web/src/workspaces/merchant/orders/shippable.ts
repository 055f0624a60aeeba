/**
 * What is left to ship on an order: ordered minus what live notes of the order already declare
 * (the server's rule: notes not cancelled or voided, and not created by an exception plan).
 */
import { useQueries } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { keys } from '../../../api/keys';
import type { DeliveryNote } from '../../../api/hooks/deliveryNotes';
import { useStockingOrder, type StockingOrder } from '../../../api/hooks/stockingOrders';

export type OrderDetail = StockingOrder & { deliveryNotes?: { id: string; no: string; status: string; createdAt: string }[]; sourceException?: { id: string; no: string } | null };

const DEAD = ['CANCELLED', 'VOIDED'];

export function useShippable(orderId?: string | null) {
  const order = useStockingOrder(orderId);
  const detail = order.data as OrderDetail | undefined;
  const live = (detail?.deliveryNotes ?? []).filter((n) => !DEAD.includes(n.status));
  const notes = useQueries({
    queries: live.map((n) => ({ queryKey: keys.deliveryNotes.detail(n.id), queryFn: () => api.get<DeliveryNote>(`/delivery-notes/${n.id}`) })),
  });
  const loading = order.isLoading || notes.some((n) => n.isLoading);
  const shipped = new Map<string, number>();
  for (const n of notes) {
    const note = n.data;
    if (!note || note.sourceExceptionId || DEAD.includes(note.status)) continue;
    for (const l of note.lines) shipped.set(l.skuId, (shipped.get(l.skuId) ?? 0) + l.declared);
  }
  const lines = (detail?.lines ?? []).map((l) => ({ ...l, shipped: shipped.get(l.skuId) ?? 0, left: Math.max(0, l.qty - (shipped.get(l.skuId) ?? 0)) }));
  const unconfirmed = notes.map((n) => n.data).filter((n): n is DeliveryNote => !!n && n.status === 'CREATED');
  return { order, detail, lines, unconfirmed, loading, error: order.error };
}

export type ShippableLine = ReturnType<typeof useShippable>['lines'][number];
