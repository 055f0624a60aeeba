/** Fees (扣费): reads and OPS waiving. A merchant's fee carries no subtype (the server leaves it out). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { FeeStatus } from '../../../../src/domain/state-machines';
import type { FeeService } from '../../../../src/domain/fee-services';

type Labels = { 'zh-CN': string; 'en-US': string };

export interface Fee {
  id: string;
  no: string;
  status: FeeStatus;
  version: number;
  merchantId: string;
  exception: { id: string; no: string | null; type: string | null; deliveryNoteNo: string | null };
  service: FeeService;
  label: Labels;
  plan: string;
  /** Platform staff only. */
  subtype?: string;
  coachingLevel: 'STANDARD' | 'ELEVATED' | 'CRITICAL';
  units: number;
  unitAmount: number;
  amount: number;
  currency: string;
  waivedAt: string | null;
  waivedBy: string | null;
  waiveReason: string | null;
  createdAt: string;
}

/** A fee the plan preview quotes. */
export interface FeeQuote {
  service: FeeService;
  label: Labels;
  coachingLevel: Fee['coachingLevel'];
  units: number;
  unitAmount: number;
  amount: number;
  currency: string;
}

export const feesPath = '/fees';

export function useFeeActions() {
  const qc = useQueryClient();
  return {
    waive: useMutation({
      mutationFn: ({ id, reason, version }: { id: string; reason: string; version?: number }) =>
        api.post<Fee>(`/fees/${id}/waive`, { reason, version }),
      onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.fees.all }); },
    }),
  };
}
