/** Auto-decision policies (自动处理规则): ordered rules deciding at registration or at the deadline. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../client';

export interface PolicyInput {
  name: string;
  enabled: boolean;
  applyAt: 'REGISTRATION' | 'DEADLINE';
  subtypes: string[];
  orderTypes?: string[] | null;
  merchantIds?: string[] | null;
  minQty?: number | null;
  maxQty?: number | null;
  minPercent?: number | null;
  maxPercent?: number | null;
  plan?: string | null;
  honourMerchantPreference: boolean;
}

export interface Policy extends PolicyInput {
  id: string;
  position: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export const policiesKey = ['policies'] as const;

export function usePolicies() {
  return useQuery({ queryKey: policiesKey, queryFn: () => api.get<Page<Policy>>('/policies') });
}

export function usePolicyActions() {
  const qc = useQueryClient();
  const done = () => { void qc.invalidateQueries({ queryKey: policiesKey }); };
  return {
    create: useMutation({ mutationFn: (body: PolicyInput) => api.post<Policy>('/policies', body), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, ...body }: PolicyInput & { id: string; version?: number }) => api.put<Policy>(`/policies/${id}`, body),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.del<void>(`/policies/${id}${version ? `?version=${version}` : ''}`),
      onSuccess: done,
    }),
    reorder: useMutation({ mutationFn: (ids: string[]) => api.post<Page<Policy>>('/policies/reorder', { ids }), onSuccess: done }),
  };
}
