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

/** GET /api/dashboard/trend: 12 weeks and the Pareto of causes, from the daily rollups (OPS, ADMIN). */
export interface DashboardTrend {
  period: { from: string; to: string; weeks: number; timeZone: string };
  warehouseId: string | null;
  totals: { registered: number; decided: number; completed: number; exceptionRate: { units: number; pct: number | null; ppm: number | null } };
  weekly: {
    week: string; from: string; to: string; arrived: number; registered: number; decided: number; completed: number;
    byType: Record<string, number>; exceptionRate: { units: number; pct: number | null; ppm: number | null };
  }[];
  pareto: { total: number; causes: { type: string; subtype: string; count: number; units: number; sharePct: number | null; cumulativePct: number | null }[] };
}

export function useDashboardTrend(warehouseId?: string) {
  return useQuery({
    queryKey: [...keys.dashboard, 'trend', warehouseId ?? null],
    queryFn: () => api.get<DashboardTrend>('/dashboard/trend', { warehouseId }),
    refetchInterval: 300_000,
  });
}
