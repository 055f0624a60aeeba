/** The merchant's address book (地址管理). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../client';
import { keys } from '../keys';

export interface Address {
  id: string;
  name: string;
  phone: string;
  region: string;
  detail: string;
  isDefault: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type AddressInput = Pick<Address, 'name' | 'phone' | 'region' | 'detail'> & { isDefault?: boolean };

export const addressesPath = '/addresses';

/** Every address (an address book is short), for selects. */
export function useAllAddresses() {
  return useQuery({
    queryKey: keys.addresses.list({ all: true }),
    queryFn: () => api.get<Page<Address>>('/addresses', { limit: 100 }),
  });
}

export function useAddressMutations() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: keys.addresses.all });
  return {
    create: useMutation({ mutationFn: (body: AddressInput) => api.post<Address>('/addresses', body), onSuccess }),
    update: useMutation({
      mutationFn: ({ id, ...body }: AddressInput & { id: string; version?: number }) => api.put<Address>(`/addresses/${id}`, body),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.del<void>(`/addresses/${id}${version ? `?version=${version}` : ''}`),
      onSuccess,
    }),
  };
}
