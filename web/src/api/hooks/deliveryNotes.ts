/** Delivery notes (送货单): reads, the scan lookup, the warehouse steps, and the box-label PDF. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import { fetchBlob } from './files';
import type { DocEvent } from './events';
import type { Ledger } from '../../../../src/domain/ledger';
import type { ExceptionStatus, DeliveryNoteStatus, StockingOrderStatus } from '../../../../src/domain/state-machines';
import type { ExceptionType, OrderType, Plan } from '../../../../src/domain/catalog';
import type { BoxStatus } from '../../../../src/db/types';

/** A note line as the API returns it: the SKU and the ledger of SPEC §5 (the domain's own type). */
export interface LedgerLine extends Ledger {
  skuId: string;
  skuCode: string;
  skuName: string;
  barcode: string;
  unitPrice: number;
}

export interface Box {
  id: string;
  boxNo: number;
  labelCode: string;
  status: BoxStatus;
  contents: { skuId: string; qty: number; skuCode: string; skuName: string }[];
}

export interface DeliveryNoteSummary {
  id: string;
  no: string;
  stockingOrderId: string;
  merchantId: string;
  warehouseId: string;
  logistics: 'PLATFORM' | 'SELF';
  expectedArrivalAt: string;
  status: DeliveryNoteStatus;
  sourceExceptionId: string | null;
  arrivedAt: string | null;
  completedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryNote extends DeliveryNoteSummary {
  stockingOrder: { id: string; no: string; type: OrderType; status: StockingOrderStatus } | null;
  lines: LedgerLine[];
  boxes: Box[];
  exceptions?: { id: string; no: string; type: ExceptionType; status: ExceptionStatus; plan: Plan | null }[];
  events?: DocEvent[];
}

export const deliveryNotePath = '/delivery-notes';

export function useDeliveryNote(id?: string | null) {
  return useQuery({
    queryKey: keys.deliveryNotes.detail(id ?? ''),
    queryFn: () => api.get<DeliveryNote>(`/delivery-notes/${id}`),
    enabled: !!id,
  });
}

/** 扫码: a note number or a box-label code finds the note. */
export const lookupDeliveryNote = (code: string) => api.get<DeliveryNote>('/delivery-notes/lookup', { code: code.trim() });

type QtyLine = { skuId: string; qty: number };
type QcLine = { skuId: string; passed: number; failed: number };

/** The warehouse steps on a note; every one refreshes notes and exceptions (a note may complete). */
export function useWarehouseSteps() {
  const qc = useQueryClient();
  const done = (note: DeliveryNote) => {
    qc.setQueryData(keys.deliveryNotes.detail(note.id), (old: DeliveryNote | undefined) => ({ ...old, ...note }));
    void qc.invalidateQueries({ queryKey: keys.deliveryNotes.all });
    void qc.invalidateQueries({ queryKey: keys.exceptions.all });
  };
  return {
    arrive: useMutation({ mutationFn: (id: string) => api.post<DeliveryNote>(`/delivery-notes/${id}/arrive`, {}), onSuccess: done }),
    receive: useMutation({
      mutationFn: ({ id, lines }: { id: string; lines: QtyLine[] }) => api.post<DeliveryNote>(`/delivery-notes/${id}/receipts`, { lines }),
      onSuccess: done,
    }),
    inspect: useMutation({
      mutationFn: ({ id, lines }: { id: string; lines: QcLine[] }) => api.post<DeliveryNote>(`/delivery-notes/${id}/qc`, { lines }),
      onSuccess: done,
    }),
    putAway: useMutation({
      mutationFn: ({ id, lines }: { id: string; lines: QtyLine[] }) => api.post<DeliveryNote>(`/delivery-notes/${id}/putaway`, { lines }),
      onSuccess: done,
    }),
  };
}

/** 补打箱唛: the labels PDF, fetched with the token and opened in a new tab. */
export async function openLabelsPdf(id: string): Promise<void> {
  const blob = await fetchBlob(`/delivery-notes/${id}/labels.pdf`);
  const url = URL.createObjectURL(blob);
  const win = window.open(url, '_blank');
  if (!win) {
    const a = document.createElement('a');
    a.href = url;
    a.download = `labels-${id}.pdf`;
    a.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/* ---- merchant actions ---- */

export interface NewDeliveryNote {
  stockingOrderId: string;
  logistics: 'PLATFORM' | 'SELF';
  expectedArrivalAt: string;
  boxes: { lines: { skuId: string; qty: number }[] }[];
}

/** 发货 (create, 未确认送货), 确认送货 and 取消; each refreshes notes, orders and exceptions. */
export function useMerchantNoteActions() {
  const qc = useQueryClient();
  const done = (note: DeliveryNote) => {
    qc.setQueryData(keys.deliveryNotes.detail(note.id), note);
    for (const k of [keys.deliveryNotes.all, keys.stockingOrders.all, keys.exceptions.all]) void qc.invalidateQueries({ queryKey: k });
  };
  return {
    create: useMutation({ mutationFn: (body: NewDeliveryNote) => api.post<DeliveryNote>('/delivery-notes', body), onSuccess: done }),
    confirm: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<DeliveryNote>(`/delivery-notes/${id}/confirm`, { version }),
      onSuccess: done,
    }),
    cancel: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<DeliveryNote>(`/delivery-notes/${id}/cancel`, { version }),
      onSuccess: done,
    }),
  };
}
