/** Settings (设置): deadlines in seconds, penalty rule, return default, plan × order-type matrix. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import type { FeeRules } from '../../../../src/domain/fees';

export type PenaltyRule = { mode: 'FIXED'; amount: number; currency: string } | { mode: 'PERCENT'; percent: number };

export interface Settings {
  transportGraceSeconds: number;
  decisionSlaSeconds: number;
  returnMethodSeconds: number;
  jitAcceptSeconds: number;
  jitShipSeconds: number;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  disputeWindowSeconds: number;
  disputeSlaSeconds: number;
  disputeAutoAccept: boolean;
  returnDefaultMethod: 'PLATFORM_LOGISTICS_OR_ABANDON' | 'ABANDON';
  penaltyRule: PenaltyRule;
  orderTypeMatrix: Record<string, string[]>;
  /** Issue 14: per-unit fees and whether they need a photo (settings → 费用). */
  fees: FeeRules;
  feesRequirePhoto: boolean;
}

export interface SettingsView extends Settings {
  updatedAt: string | null;
  updatedBy: string | null;
  defaults: Settings;
}

export const settingsKey = ['settings'] as const;

export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api.get<SettingsView>('/settings') });
}

export function useSaveSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Settings>) => api.put<SettingsView>('/settings', patch),
    onSuccess: (s) => {
      qc.setQueryData(settingsKey, s);
      // allowed plans depend on the matrix
      void qc.invalidateQueries({ queryKey: ['exceptions'] });
    },
  });
}
