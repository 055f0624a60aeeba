/** Exceptions (异常单): detail, counts, plan preview, register, decide, cancel. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { DocEvent } from './events';
import type { ExceptionType, Plan, Stage, Subtype, TaskCategory } from '../../../../src/domain/catalog';
import type { ExceptionStatus } from '../../../../src/domain/state-machines';
import type { FeeQuote } from './fees';

export interface ExceptionLine {
  skuId: string;
  skuCode: string;
  skuName: string;
  qty: number;
}

export interface ExceptionSummary {
  id: string;
  no: string;
  deliveryNoteId: string;
  deliveryNoteNo: string;
  stockingOrderId: string;
  merchantId: string;
  warehouseId: string;
  orderType: string;
  type: ExceptionType;
  subtype?: Subtype;
  stage: Stage;
  status: ExceptionStatus;
  plan: Plan | null;
  taskCategory: TaskCategory | null;
  totalQty: number;
  remark: string | null;
  registeredBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionDueAt: string | null;
  overdue: boolean;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  lines: ExceptionLine[];
}

export interface DocRef {
  id: string;
  no: string;
  status: string;
  type?: string;
  method?: string | null;
  sealed?: boolean;
  amount?: number;
  currency?: string;
}

export interface ExceptionDetail extends ExceptionSummary {
  allowedPlans?: Plan[];
  photos: { id: string; url: string; contentType: string }[];
  documents?: {
    deliveryNote: DocRef | null;
    stockingOrders: DocRef[];
    deliveryNotes: DocRef[];
    returnOrders: DocRef[];
    compensations: DocRef[];
  };
  events?: DocEvent[];
}

type Labels = { 'zh-CN': string; 'en-US': string };
type Qline = { skuId: string; qty: number };
type Priced = Qline & { unitPrice: number };

export interface PlanPreview {
  plan: Plan;
  label: Labels;
  taskCategory: TaskCategory;
  effects: { kind: string; qty?: string; label: Labels }[];
  deliveryNote: { id: string; no: string; becomes: string };
  returnOrder?: { sealed: boolean; lines: Qline[] };
  replenishmentOrder?: { type: string; lines: Priced[] };
  compensation?: { amount: number };
  newDeliveryNote?: { lines: Qline[] };
  newStockingOrderAndNote?: { lines: Priced[] };
  ledgerMoves: { skuId: string; qty: number; to: string }[];
  /** What the decision charges (issue 14); NO_PHOTO: a rule matched but the exception has no photo. */
  fees?: FeeQuote[];
  feesSkipped?: 'NO_PHOTO' | null;
}

export const exceptionsPath = '/exceptions';

export function useException(id?: string | null) {
  return useQuery({
    queryKey: keys.exceptions.detail(id ?? ''),
    queryFn: () => api.get<ExceptionDetail>(`/exceptions/${id}`),
    enabled: !!id,
  });
}

/** Counts per status in the caller's scope (tabs and badges). */
export function useExceptionCounts() {
  return useQuery({
    queryKey: [...keys.exceptions.all, 'counts'],
    queryFn: () => api.get<Record<string, number>>('/exceptions/counts'),
  });
}

/** What a plan would do; computed by the server, nothing written. */
export function usePlanPreview(id: string | undefined, plan: Plan | undefined) {
  return useQuery({
    queryKey: [...keys.exceptions.all, 'preview', id, plan],
    queryFn: () => api.get<PlanPreview>(`/exceptions/${id}/preview`, { plan }),
    enabled: !!id && !!plan,
    staleTime: 10_000,
  });
}

export interface RegisterInput {
  deliveryNoteId: string;
  subtype: Subtype;
  lines?: Qline[];
  remark?: string;
  photoIds?: string[];
}

/** Everything an exception touches: its lists, the notes it holds, the documents a plan makes. */
function useRefresh() {
  const qc = useQueryClient();
  return () => {
    for (const k of [keys.exceptions.all, keys.deliveryNotes.all, keys.returnOrders.all, keys.stockingOrders.all, keys.compensations.all, keys.fees.all]) {
      void qc.invalidateQueries({ queryKey: k });
    }
  };
}

export function useRegisterException() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (input: RegisterInput) => api.post<ExceptionDetail>('/exceptions', input), onSuccess: refresh });
}

export function useDecideException() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, plan, version }: { id: string; plan: Plan; version: number }) =>
      api.post<ExceptionDetail>(`/exceptions/${id}/decide`, { plan, version }),
    onSuccess: refresh,
  });
}

/** For bulk decisions: the same call without refreshing after each row (the caller refreshes once). */
export const decideException = (id: string, plan: Plan, version: number) =>
  api.post<ExceptionDetail>(`/exceptions/${id}/decide`, { plan, version });

export function useRefreshExceptions() {
  return useRefresh();
}

export function useCancelException() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, reason, version }: { id: string; reason: string; version?: number }) =>
      api.post<ExceptionDetail>(`/exceptions/${id}/cancel`, { reason, version }),
    onSuccess: refresh,
  });
}
