/**
 * Who is logged in. The session is an HttpOnly cookie; on load the app asks GET /auth/session who it is
 * (and gets the CSRF token for writes), so no credential is kept in web storage. A 401 anywhere logs
 * out; a user whose password was reset is sent to choose a new one first.
 *
 * A warehouse handheld may reload with no network (bad Wi-Fi on the floor): the last warehouse user
 * (who, never a token) is remembered in localStorage so the app opens for them and scans keep being
 * queued; writes wait until the server answers again and gives the CSRF token (`canWrite`). If the
 * server then says nobody (or someone else) is logged in, that answer wins.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';

import type { Role } from './roles';

export type { Role };
export interface User {
  id: string;
  username: string;
  role: Role;
  merchantId?: string;
  warehouseId?: string;
  mustChangePassword?: boolean;
}

interface Session {
  /** undefined while the app is still asking the server; null when nobody is logged in. */
  user: User | null | undefined;
  login(username: string, password: string): Promise<User>;
  logout(): void;
  /** After a password change: the user no longer has to change it. */
  passwordChanged(): void;
}

type Current = { user: null } | { user: User; session: { id: string; csrfToken: string | null } };

const SessionContext = createContext<Session | null>(null);

const OFFLINE_USER = 'tally-offline-user';
function remember(user: User | null): void {
  try {
    if (user?.role === 'WAREHOUSE' && !user.mustChangePassword) localStorage.setItem(OFFLINE_USER, JSON.stringify(user));
    else localStorage.removeItem(OFFLINE_USER);
  } catch { /* storage unavailable: no offline start */ }
}
function remembered(): User | null {
  try { return JSON.parse(localStorage.getItem(OFFLINE_USER) ?? 'null') as User | null; } catch { return null; }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const queryClient = useQueryClient();
  const forget = useCallback(() => {
    setCsrfToken(null);
    remember(null);
    setUser(null);
    queryClient.clear();
  }, [queryClient]);
  useEffect(() => {
    setUnauthorizedHandler(forget);
    let alive = true;
    let retry: number | undefined;
    const ask = () => api.get<Current>('/auth/session')
      .then((cur) => { if (!alive) return; setCsrfToken(cur.user ? cur.session.csrfToken : null); remember(cur.user); setUser(cur.user); })
      .catch((e) => {
        if (!alive) return;
        // no answer at all (offline, e.g. a handheld reloading on bad Wi-Fi): the remembered warehouse
        // user works offline meanwhile; ask again until the server answers
        if (!(e instanceof ApiError)) {
          const last = remembered();
          if (last) setUser((u) => u ?? last);
          retry = window.setTimeout(ask, 2000);
          return;
        }
        setUser(null);
      });
    void ask();
    return () => { alive = false; window.clearTimeout(retry); };
  }, [forget]);
  const logout = useCallback(() => {
    void api.post('/auth/logout').catch(() => undefined).finally(forget);
  }, [forget]);
  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<{ csrfToken: string; user: User }>('/auth/login', { username, password, session: 'cookie' });
    setCsrfToken(res.csrfToken);
    queryClient.clear();
    remember(res.user);
    setUser(res.user);
    return res.user;
  }, [queryClient]);
  const passwordChanged = useCallback(() => setUser((u) => (u ? { ...u, mustChangePassword: false } : u)), []);
  const value = useMemo(() => ({ user, login, logout, passwordChanged }), [user, login, logout, passwordChanged]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Where each role lands after logging in. */
export function homeOf(role: Role): string {
  return role === 'MERCHANT' ? '/merchant/exceptions' : role === 'WAREHOUSE' ? '/warehouse/arrival' : '/ops/exceptions';
}
