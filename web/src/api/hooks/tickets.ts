/** Tickets (工单): reads, replies and closing. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';
import type { DocEvent } from './events';
import type { TicketStatus } from '../../../../src/domain/state-machines';

export interface Ticket {
  id: string;
  no: string;
  status: TicketStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  merchantId: string;
  subject: string;
  document: { type: string; id: string; no: string | null } | null;
  openedBy: string;
}

export interface TicketDetail extends Ticket {
  replies: { id: string; author: { id: string; role: string }; body: string; createdAt: string }[];
  events: DocEvent[];
}

export const ticketsPath = '/tickets';

export function useTicket(id?: string | null) {
  return useQuery({ queryKey: keys.tickets.detail(id ?? ''), queryFn: () => api.get<TicketDetail>(`/tickets/${id}`), enabled: !!id });
}

export function useTicketActions() {
  const qc = useQueryClient();
  const done = () => { void qc.invalidateQueries({ queryKey: keys.tickets.all }); };
  return {
    reply: useMutation({
      mutationFn: ({ id, body, version }: { id: string; body: string; version?: number }) =>
        api.post<TicketDetail>(`/tickets/${id}/replies`, { body, version }),
      onSuccess: done,
    }),
    close: useMutation({
      mutationFn: ({ id, version }: { id: string; version?: number }) => api.post<TicketDetail>(`/tickets/${id}/close`, { version }),
      onSuccess: done,
    }),
  };
}

/* ---- merchant actions ---- */

export const TICKET_DOCUMENT_TYPES = ['exception', 'returnOrder', 'stockingOrder', 'deliveryNote', 'compensation', 'penalty'] as const;
export type TicketDocumentType = (typeof TICKET_DOCUMENT_TYPES)[number];

/** 提交工单 (MERCHANT), optionally about one document. */
export function useOpenTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { subject: string; body: string; documentType?: TicketDocumentType; documentId?: string }) =>
      api.post<TicketDetail>('/tickets', body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.tickets.all }); },
  });
}
