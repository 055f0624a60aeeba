/** Penalties (处罚): reads and OPS waiving or confirming. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { PenaltyStatus } from '../../../../src/domain/state-machines';

export interface Penalty {
  id: string;
  no: string;
  status: PenaltyStatus;
  version: number;
  createdAt: string;
  merchantId: string;
  stockingOrder: { id: string; no: string | null; type: string | null };
  reason: 'JIT_ACCEPT_LATE' | 'JIT_SHIP_LATE';
  amount: number;
  currency: string;
  waivedAt: string | null;
  waiveReason: string | null;
}

export const penaltiesPath = '/penalties';

export function usePenaltyActions() {
  const qc = useQueryClient();
  const done = () => { void qc.invalidateQueries({ queryKey: keys.penalties.all }); };
  return {
    waive: useMutation({
      mutationFn: ({ id, reason, version }: { id: string; reason: string; version?: number }) =>
        api.post<Penalty>(`/penalties/${id}/waive`, { reason, version }),
      onSuccess: done,
    }),
    confirm: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<Penalty>(`/penalties/${id}/confirm`, { version }),
      onSuccess: done,
    }),
  };
}
