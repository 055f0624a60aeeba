/** Stocking orders (备货订单): reads and OPS creating one (unit prices in minor units). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { OrderType } from '../../../../src/domain/catalog';
import type { StockingOrderStatus } from '../../../../src/domain/state-machines';

export interface StockingOrder {
  id: string;
  no: string;
  merchantId: string;
  warehouseId: string;
  type: OrderType;
  status: StockingOrderStatus;
  currency: string;
  totalAmount: number;
  sourceExceptionId: string | null;
  acceptBy: string | null;
  shipBy: string | null;
  acceptedAt: string | null;
  shippedAt: string | null;
  version: number;
  createdAt: string;
  lines: { skuId: string; skuCode: string; skuName: string; qty: number; unitPrice: number }[];
}

export interface NewStockingOrder {
  merchantId: string;
  warehouseId: string;
  type: string;
  currency?: string;
  lines: { skuId: string; qty: number; unitPrice: number }[];
}

export const stockingOrdersPath = '/stocking-orders';

export function useStockingOrder(id?: string | null) {
  return useQuery({ queryKey: keys.stockingOrders.detail(id ?? ''), queryFn: () => api.get<StockingOrder>(`/stocking-orders/${id}`), enabled: !!id });
}

export function useCreateStockingOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewStockingOrder) => api.post<StockingOrder>('/stocking-orders', body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.stockingOrders.all }); },
  });
}

export function useCancelStockingOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason, version }: { id: string; reason: string; version?: number }) =>
      api.post<StockingOrder>(`/stocking-orders/${id}/cancel`, { reason, version }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.stockingOrders.all }); },
  });
}

/* ---- merchant actions ---- */

/** 接单 (MERCHANT); accepting a replenishment order is part of its exception's follow-up. */
export function useAcceptStockingOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<StockingOrder>(`/stocking-orders/${id}/accept`, { version }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.stockingOrders.all });
      void qc.invalidateQueries({ queryKey: keys.exceptions.all });
    },
  });
}
