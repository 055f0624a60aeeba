/**
 * Merchant standing instructions (处理偏好): for each choice the merchant is offered — an exception
 * type and the two plans it is decided between, never a subtype — the plan it prefers, if any.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import type { Labels } from '../catalog';

export interface StandingChoice {
  /** Opaque code naming the choice, e.g. `GOODS:AUTO_ORDER_RECEIVE|PROBLEM_GOODS_RETURN`. */
  choice: string;
  type: string;
  typeLabel: Labels;
  plans: { code: string; label: Labels }[];
  preferredPlan: string | null;
  updatedAt: string | null;
}

export interface StandingInstructions {
  merchantId: string;
  choices: StandingChoice[];
}

/** One line of a save; `plan: null` clears the preference. */
export interface InstructionInput {
  choice: string;
  plan: string | null;
}

export const preferencesKey = ['standingInstructions'] as const;

export function useStandingInstructions() {
  return useQuery({ queryKey: preferencesKey, queryFn: () => api.get<StandingInstructions>('/standing-instructions') });
}

export function useSaveStandingInstructions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (instructions: InstructionInput[]) => api.put<StandingInstructions>('/standing-instructions', { instructions }),
    onSuccess: (view) => qc.setQueryData(preferencesKey, view),
  });
}
