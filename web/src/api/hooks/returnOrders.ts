/** Return orders (退货单): reads and the warehouse's actions (ship, picked up, dispose). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { DocEvent } from './events';
import type { ReturnOrderStatus } from '../../../../src/domain/state-machines';

export interface ReturnOrder {
  id: string;
  no: string;
  status: ReturnOrderStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  merchantId: string;
  warehouseId: string;
  sourceException: { id: string; no: string } | null;
  deliveryNote: { id: string; no: string } | null;
  sealed: boolean;
  method: 'PLATFORM_LOGISTICS' | 'MERCHANT_PICKUP' | 'ABANDON' | null;
  addressId: string | null;
  address: { name: string; phone: string; region: string; detail: string } | null;
  pickupAt: string | null;
  carrier: string | null;
  trackingNo: string | null;
  methodDueAt: string | null;
  methodEnteredAt: string | null;
  shippedAt: string | null;
  signedAt: string | null;
  pickedUpAt: string | null;
  disposedAt: string | null;
  finished: boolean;
  totalQty: number;
  lines: { skuId: string; skuCode: string; skuName: string; qty: number }[];
}

/** The detail adds the document's history. */
export interface ReturnOrderDetail extends ReturnOrder {
  events: DocEvent[];
}

export const RETURN_METHODS = ['PLATFORM_LOGISTICS', 'MERCHANT_PICKUP', 'ABANDON'] as const;

export const returnOrdersPath = '/return-orders';

export function useReturnOrder(id?: string | null) {
  return useQuery({ queryKey: keys.returnOrders.detail(id ?? ''), queryFn: () => api.get<ReturnOrderDetail>(`/return-orders/${id}`), enabled: !!id });
}

/** Warehouse actions; each refreshes returns and exceptions (finishing a return may complete one). */
export function useReturnWork() {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: keys.returnOrders.all });
    void qc.invalidateQueries({ queryKey: keys.exceptions.all });
  };
  return {
    ship: useMutation({
      mutationFn: ({ id, carrier, trackingNo, version }: { id: string; carrier: string; trackingNo: string; version?: number }) =>
        api.post<ReturnOrder>(`/return-orders/${id}/ship`, { carrier, trackingNo, version }),
      onSuccess: done,
    }),
    pickedUp: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<ReturnOrder>(`/return-orders/${id}/picked-up`, { version }),
      onSuccess: done,
    }),
    dispose: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<ReturnOrder>(`/return-orders/${id}/dispose`, { version }),
      onSuccess: done,
    }),
  };
}

/* ---- merchant actions ---- */

export type ReturnMethodInput =
  | { method: 'PLATFORM_LOGISTICS'; addressId: string }
  | { method: 'MERCHANT_PICKUP'; pickupAt: string }
  | { method: 'ABANDON' };

/** The merchant's actions: 录入退货方式 and 签收; both refresh returns and exceptions (a return may finish one). */
export function useMerchantReturnActions() {
  const qc = useQueryClient();
  const done = (ro: ReturnOrder) => {
    qc.setQueryData(keys.returnOrders.detail(ro.id), (old: ReturnOrder | undefined) => ({ ...old, ...ro }));
    void qc.invalidateQueries({ queryKey: keys.returnOrders.all });
    void qc.invalidateQueries({ queryKey: keys.exceptions.all });
  };
  return {
    enterMethod: useMutation({
      mutationFn: ({ id, version, input }: { id: string; version?: number; input: ReturnMethodInput }) =>
        api.post<ReturnOrder>(`/return-orders/${id}/method`, { ...input, version }),
      onSuccess: done,
    }),
    sign: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<ReturnOrder>(`/return-orders/${id}/sign`, { version }),
      onSuccess: done,
    }),
  };
}
