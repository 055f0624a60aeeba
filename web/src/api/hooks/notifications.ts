/** The inbox (通知): unread count (header badge, polled), pages of notifications, mark read. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../client';
import { keys } from '../keys';
import type { DocumentRef } from '../../layout/document-links';

export interface Notification {
  id: string;
  code: string;
  title: { 'zh-CN': string; 'en-US': string };
  params: { type?: string | null } & Record<string, unknown>;
  document: { type: string; id: string; no: string | null };
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export const notificationsPath = '/notifications';

/** What a notification opens: its document, with the document's own type code (JIT orders open elsewhere). */
export const documentOf = (n: Notification): DocumentRef => ({ ...n.document, kind: n.params?.type ?? null });

export function useUnreadCount() {
  return useQuery({
    queryKey: [...keys.notifications.all, 'count'],
    queryFn: () => api.get<{ count: number }>(`${notificationsPath}/unread-count`),
    refetchInterval: 30_000,
  });
}

export function useLatestNotifications(limit = 8) {
  return useQuery({
    queryKey: [...keys.notifications.all, 'latest', limit],
    queryFn: () => api.get<Page<Notification>>(notificationsPath, { limit }),
  });
}

/** Marking read refreshes every inbox query: the badge, the bell's list and the inbox page. */
export function useNotificationActions() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: keys.notifications.all });
  return {
    read: useMutation({ mutationFn: (id: string) => api.post<Notification>(`${notificationsPath}/${id}/read`), onSuccess: refresh }),
    readAll: useMutation({ mutationFn: () => api.post<{ updated: number }>(`${notificationsPath}/read-all`), onSuccess: refresh }),
  };
}
