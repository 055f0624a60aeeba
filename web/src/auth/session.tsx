/** Who is logged in: token and user kept in localStorage; a 401 anywhere logs out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, setToken, setUnauthorizedHandler } from '../api/client';

export type Role = 'ADMIN' | 'OPS' | 'MERCHANT' | 'WAREHOUSE';
export interface User {
  id: string;
  username: string;
  role: Role;
  merchantId?: string;
  warehouseId?: string;
}

interface Session {
  user: User | null;
  login(username: string, password: string): Promise<User>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);

function savedUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem('tally.user') ?? 'null');
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(savedUser);
  const queryClient = useQueryClient();
  const logout = useCallback(() => {
    void api.post('/auth/logout').catch(() => undefined);
    setToken(null);
    localStorage.removeItem('tally.user');
    setUser(null);
    queryClient.clear();
  }, [queryClient]);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setToken(null);
      localStorage.removeItem('tally.user');
      setUser(null);
    });
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<{ token: string; user: User }>('/auth/login', { username, password });
    setToken(res.token);
    localStorage.setItem('tally.user', JSON.stringify(res.user));
    queryClient.clear();
    setUser(res.user);
    return res.user;
  }, [queryClient]);
  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
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
