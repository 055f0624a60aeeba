/** Disputes (申诉): the merchant opens one on an exception or penalty; OPS accept or reject it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { DisputeStatus } from '../../../../src/domain/state-machines';
import type { DisputeDocumentType } from '../../../../src/domain/disputes';

export interface Dispute {
  id: string;
  no: string;
  status: DisputeStatus;
  version: number;
  merchantId: string;
  document: { type: DisputeDocumentType; id: string; no: string | null };
  text: string;
  dueAt: string;
  overdue: boolean;
  decidedAt: string | null;
  decisionReason: string | null;
  autoDecided: boolean;
  createdAt: string;
}

export const disputesPath = '/disputes';

/** The latest dispute of one document, if any. */
export function useDisputeOf(documentId: string | undefined) {
  return useQuery({
    queryKey: keys.disputes.list({ documentId }),
    queryFn: () => api.get<{ items: Dispute[] }>('/disputes', { documentId, limit: 1 }),
    enabled: !!documentId,
  });
}

export function uploadDisputePhoto(file: File | Blob): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', file, (file as File).name ?? 'photo.jpg');
  return api.upload<{ id: string }>('/disputes/photos', form);
}

export function useDisputeActions() {
  const qc = useQueryClient();
  const done = () => {
    for (const k of [keys.disputes.all, keys.penalties.all, keys.exceptions.all]) void qc.invalidateQueries({ queryKey: k });
  };
  return {
    open: useMutation({
      mutationFn: (b: { documentType: DisputeDocumentType; documentId: string; text: string; photoIds?: string[] }) => api.post<Dispute>('/disputes', b),
      onSuccess: done,
    }),
    decide: useMutation({
      mutationFn: ({ id, to, reason, version }: { id: string; to: 'accept' | 'reject'; reason: string; version?: number }) =>
        api.post<Dispute>(`/disputes/${id}/${to}`, { reason, version }),
      onSuccess: done,
    }),
  };
}
