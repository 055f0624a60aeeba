/** Route tree: login, then one lazily loaded workspace per role behind a guard. */
import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { homeOf, useSession, type Role } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import Login from './pages/Login';
import { NotFoundState } from './components/States';

const MerchantWorkspace = lazy(() => import('./workspaces/merchant'));
const WarehouseWorkspace = lazy(() => import('./workspaces/warehouse'));
const OpsWorkspace = lazy(() => import('./workspaces/ops'));
const Inbox = lazy(() => import('./pages/Inbox'));

const EVERY_ROLE: Role[] = ['MERCHANT', 'WAREHOUSE', 'OPS', 'ADMIN'];

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!roles.includes(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  return <>{children}</>;
}

function Home() {
  const { user } = useSession();
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <Login /> },
  { path: '/', element: <Home /> },
  {
    element: <AppLayout />,
    children: [
      { path: '/merchant/*', element: <RequireRole roles={['MERCHANT']}><MerchantWorkspace /></RequireRole> },
      { path: '/warehouse/*', element: <RequireRole roles={['WAREHOUSE']}><WarehouseWorkspace /></RequireRole> },
      { path: '/ops/*', element: <RequireRole roles={['OPS', 'ADMIN']}><OpsWorkspace /></RequireRole> },
      // the inbox is everyone's: logged in is enough
      { path: '/inbox', element: <RequireRole roles={EVERY_ROLE}><Inbox /></RequireRole> },
      { path: '*', element: <NotFoundState /> },
    ],
  },
]);
