/** Route tree: login, then one lazily loaded workspace per role behind a guard. */
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { homeOf, useSession, type Role } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import Login from './pages/Login';
import { NotFoundState, PageLoading } from './components/States';

const MerchantWorkspace = lazy(() => import('./workspaces/merchant'));
const WarehouseWorkspace = lazy(() => import('./workspaces/warehouse'));
const OpsWorkspace = lazy(() => import('./workspaces/ops'));
const Inbox = lazy(() => import('./pages/Inbox'));
const Account = lazy(() => import('./pages/Account'));
const ForcedPasswordChange = lazy(() => import('./pages/ForcedPasswordChange'));

const EVERY_ROLE: Role[] = ['MERCHANT', 'WAREHOUSE', 'OPS', 'ADMIN'];

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <PageLoading />;
  const here = encodeURIComponent(location.pathname + location.search);
  if (!user) return <Navigate to={`/login?next=${here}`} replace />;
  if (!roles.includes(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  return <>{children}</>;
}

function Home() {
  const { user } = useSession();
  if (user === undefined) return <PageLoading />;
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <Login /> },
  { path: '/password', element: <Suspense fallback={<PageLoading />}><ForcedPasswordChange /></Suspense> },
  { path: '/', element: <Home /> },
  {
    element: <AppLayout />,
    children: [
      { path: '/merchant/*', element: <RequireRole roles={['MERCHANT']}><MerchantWorkspace /></RequireRole> },
      { path: '/warehouse/*', element: <RequireRole roles={['WAREHOUSE']}><WarehouseWorkspace /></RequireRole> },
      { path: '/ops/*', element: <RequireRole roles={['OPS', 'ADMIN']}><OpsWorkspace /></RequireRole> },
      // the inbox is everyone's: logged in is enough
      { path: '/inbox', element: <RequireRole roles={EVERY_ROLE}><Inbox /></RequireRole> },
      { path: '/account', element: <RequireRole roles={EVERY_ROLE}><Account /></RequireRole> },
      { path: '*', element: <NotFoundState /> },
    ],
  },
]);
