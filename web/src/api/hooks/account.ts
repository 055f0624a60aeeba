/** My account: change my password, my sessions; and what an ADMIN does to other accounts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { keys } from '../keys';

export interface SessionRow {
  id: string; kind: 'cookie' | 'bearer'; current: boolean; ip: string | null; userAgent: string | null;
  createdAt: string; lastSeenAt: string; expiresAt: string;
}

const mine = keys.sessions.list();

export function useMySessions() {
  return useQuery({ queryKey: mine, queryFn: () => api.get<{ items: SessionRow[] }>('/auth/sessions') });
}

export function useAccountActions() {
  const qc = useQueryClient();
  return {
    changePassword: useMutation({
      mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<{ sessionsEnded: number }>('/auth/password', body),
      onSuccess: () => qc.invalidateQueries({ queryKey: mine }),
    }),
    endSession: useMutation({
      mutationFn: (id: string) => api.del<void>(`/auth/sessions/${id}`),
      onSuccess: () => qc.invalidateQueries({ queryKey: mine }),
    }),
  };
}

/** ADMIN: disable / enable, reset a password, end a user's sessions. */
export function useUserAdmin() {
  const qc = useQueryClient();
  const done = () => Promise.all([qc.invalidateQueries({ queryKey: keys.users.all }), qc.invalidateQueries({ queryKey: keys.audit.all })]);
  return {
    disable: useMutation({ mutationFn: (id: string) => api.post(`/admin/users/${id}/disable`), onSuccess: done }),
    enable: useMutation({ mutationFn: (id: string) => api.post(`/admin/users/${id}/enable`), onSuccess: done }),
    reset: useMutation({
      mutationFn: (v: { id: string; temporaryPassword: string }) => api.post(`/admin/users/${v.id}/reset-password`, { temporaryPassword: v.temporaryPassword }),
      onSuccess: done,
    }),
    endSessions: useMutation({ mutationFn: (id: string) => api.del<{ sessionsEnded: number }>(`/admin/users/${id}/sessions`), onSuccess: done }),
  };
}
