/** 运营看板: counts for the operations desk (GET /api/dashboard, OPS and ADMIN). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';

export interface MoneyTotal {
  count: number;
  amounts: { currency: string; amount: number }[];
}

export interface Dashboard {
  asOf: string;
  exceptions: {
    byStatus: Record<string, number>;
    pendingByType: Record<string, number>;
    overduePending: number;
    decided: { days: number; since: string; total: number; byPlan: Record<string, number> };
  };
  returnOrders: { byStatus: Record<string, number> };
  replenishment: { awaitingMerchant: number; byStatus: { PENDING_ACCEPT: number; ACCEPTED: number } };
  compensations: { pending: MoneyTotal };
  penalties: { issued: MoneyTotal };
}

export function useDashboard() {
  return useQuery({ queryKey: keys.dashboard, queryFn: () => api.get<Dashboard>('/dashboard'), refetchInterval: 60_000 });
}
