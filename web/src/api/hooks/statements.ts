/** Statements (对账单): months per merchant, one month with its lines, and OPS closing a month. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { CurrencyStatement, MonthStatement } from '../../../../src/domain/statements';

export type { CurrencyStatement, MonthStatement };

export const statementPath = (merchantId: string, month: string) => `/statements/${merchantId}/${month}`;
export const statementExportUrl = (merchantId: string, month: string, format: 'pdf' | 'xlsx', lang: string) =>
  `/api${statementPath(merchantId, month)}/export?format=${format}&lang=${lang}`;

export function useStatements(q: { merchantId?: string; month?: string }) {
  return useQuery({ queryKey: keys.statements.list(q), queryFn: () => api.get<{ items: MonthStatement[] }>('/statements', q) });
}

export function useStatement(merchantId?: string, month?: string) {
  return useQuery({
    queryKey: keys.statements.detail(`${merchantId}/${month}`),
    queryFn: () => api.get<MonthStatement>(statementPath(merchantId!, month!)),
    enabled: !!merchantId && !!month,
  });
}

export function useCloseStatement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { merchantId: string; month: string }) => api.post<{ closed: string[]; statement: MonthStatement }>('/statements/close', b),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.statements.all }); },
  });
}
