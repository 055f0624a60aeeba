/** The ops workspace: its pages, routed under /ops/ (master data for ADMIN only). */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { useSession } from '../../auth/session';
import { NotFoundState, PageLoading } from '../../components/States';
import DashboardPage from './dashboard/DashboardPage';
import QueuePage from './exceptions/QueuePage';
import DetailPage from './exceptions/DetailPage';
import OrdersPage from './orders/OrdersPage';
import ReturnsPage from './returns/ReturnsPage';
import ReturnDetailPage from './returns/ReturnDetailPage';
import CompensationsPage from './compensations/CompensationsPage';
import TicketsPage from './tickets/TicketsPage';
import PenaltiesPage from './penalties/PenaltiesPage';
import FeesPage from './fees/FeesPage';
import DisputesPage from './disputes/DisputesPage';
import MasterDataPage from './admin/MasterDataPage';
import AuditPage from './admin/AuditPage';
import SettingsPage from './settings/SettingsPage';
import PoliciesPage from './settings/PoliciesPage';
import { addNamespaces } from '../../i18n';
import { opsText } from './text';

addNamespaces({ ops: opsText });

// with their charts: loaded when opened, not with the workspace
const RankingPage = lazy(() => import('./performance/RankingPage'));
const MerchantPerformancePage = lazy(() => import('./performance/MerchantPerformancePage'));
const page = (node: ReactNode) => <Suspense fallback={<PageLoading />}>{node}</Suspense>;

export default function Workspace() {
  const { user } = useSession();
  const admin = user?.role === 'ADMIN';
  return (
    <Routes>
      <Route path="dashboard" element={<DashboardPage />} />
      <Route path="exceptions" element={<QueuePage />} />
      <Route path="exceptions/:id" element={<DetailPage />} />
      <Route path="orders" element={<OrdersPage />} />
      <Route path="returns" element={<ReturnsPage />} />
      <Route path="returns/:id" element={<ReturnDetailPage />} />
      <Route path="compensations" element={<CompensationsPage />} />
      <Route path="tickets" element={<TicketsPage />} />
      <Route path="penalties" element={<PenaltiesPage />} />
      <Route path="fees" element={<FeesPage />} />
      <Route path="disputes" element={<DisputesPage />} />
      <Route path="performance" element={page(<RankingPage />)} />
      <Route path="performance/:id" element={page(<MerchantPerformancePage />)} />
      <Route path="policies" element={<PoliciesPage />} />
      <Route path="settings" element={<SettingsPage />} />
      {admin && (['merchants', 'warehouses', 'skus', 'users'] as const).map((r) => (
        <Route key={r} path={`admin/${r}`} element={<MasterDataPage key={r} resource={r} />} />
      ))}
      {admin && <Route path="admin/audit" element={<AuditPage />} />}
      <Route path="*" element={<NotFoundState />} />
    </Routes>
  );
}
