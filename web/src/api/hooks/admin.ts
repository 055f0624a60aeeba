/** Master data (ADMIN creates; OPS reads merchants/warehouses/SKUs for filters and forms). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../client';
import { keys } from '../keys';

export interface Merchant { id: string; name: string; createdAt: string }
export interface Warehouse { id: string; name: string; code: string; createdAt: string }
export interface Sku { id: string; merchantId: string; code: string; name: string; barcode: string; createdAt: string }
export interface UserRow { id: string; username: string; role: string; merchantId?: string | null; warehouseId?: string | null; createdAt: string }

/** Up to 100 of a master-data list, for selects and for naming ids in tables. */
function useAll<T>(key: readonly unknown[], path: string, query: Record<string, string | undefined> = {}, enabled = true) {
  return useQuery({
    queryKey: [...key, 'all', query],
    queryFn: () => api.get<Page<T>>(path, { ...query, limit: 100 }),
    staleTime: 60_000,
    enabled,
  });
}

export const useAllMerchants = (enabled = true) => useAll<Merchant>(keys.merchants.all, '/admin/merchants', {}, enabled);
export const useAllWarehouses = (enabled = true) => useAll<Warehouse>(keys.warehouses.all, '/admin/warehouses', {}, enabled);
export const useMerchantSkus = (merchantId?: string) => useAll<Sku>(keys.skus.all, '/skus', { merchantId }, !!merchantId);

/** id → name for merchants and warehouses, for tables that carry only ids. */
export function useNames(enabled = true) {
  const m = useAllMerchants(enabled);
  const w = useAllWarehouses(enabled);
  const merchant = (id?: string | null) => m.data?.items.find((x) => x.id === id)?.name ?? id ?? '';
  const warehouse = (id?: string | null) => w.data?.items.find((x) => x.id === id)?.name ?? id ?? '';
  const merchantOptions = (m.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
  const warehouseOptions = (w.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }));
  return { merchant, warehouse, merchantOptions, warehouseOptions };
}

export const adminPaths = {
  merchants: '/admin/merchants',
  warehouses: '/admin/warehouses',
  skus: '/admin/skus',
  users: '/admin/users',
} as const;

export type AdminResource = keyof typeof adminPaths;

export function useCreateMasterData(resource: AdminResource) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<{ id: string }>(adminPaths[resource], body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys[resource].all }); },
  });
}
