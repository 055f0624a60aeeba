/** Compensations (赔付): reads and OPS recording the payment. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { CompensationStatus } from '../../../../src/domain/state-machines';

export interface Compensation {
  id: string;
  no: string;
  status: CompensationStatus;
  version: number;
  createdAt: string;
  merchantId: string;
  sourceException: { id: string; no: string } | null;
  amount: number;
  currency: string;
  reference: string | null;
  paidAt: string | null;
}

export const compensationsPath = '/compensations';

export function usePayCompensation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reference, version }: { id: string; reference: string; version?: number }) =>
      api.post<Compensation>(`/compensations/${id}/pay`, { reference, version }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.compensations.all }); },
  });
}
