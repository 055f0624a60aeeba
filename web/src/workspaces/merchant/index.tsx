/** The merchant workspace: its pages, routed under /merchant/. */
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { NotFoundState, PageLoading } from '../../components/States';
import AddressList from './addresses/AddressList';
import NoteDetail from './delivery-notes/NoteDetail';
import NoteList from './delivery-notes/NoteList';
import ExceptionDetail from './exceptions/ExceptionDetail';
import ExceptionList from './exceptions/ExceptionList';
import CompensationList from './money/CompensationList';
import PenaltyList from './money/PenaltyList';
import FeeList from './money/FeeList';
import DisputeList from './disputes/DisputeList';
import OrderDetail from './orders/OrderDetail';
import OrderList from './orders/OrderList';
import PreferencesPage from './preferences/PreferencesPage';
import ReturnDetail from './returns/ReturnDetail';
import ReturnList from './returns/ReturnList';
import TicketDetail from './tickets/TicketDetail';
import TicketList from './tickets/TicketList';
import WebhookDeliveries from './webhooks/WebhookDeliveries';
import WebhookList from './webhooks/WebhookList';
import { addNamespaces } from '../../i18n';
import { merchantText } from './text';

addNamespaces({ merchant: merchantText });

// with its charts: loaded when opened, not with the workspace
const PerformancePage = lazy(() => import('./performance/PerformancePage'));

export default function Workspace() {
  return (
    <Routes>
      <Route index element={<Navigate to="exceptions" replace />} />
      <Route path="exceptions" element={<ExceptionList />} />
      <Route path="exceptions/:id" element={<ExceptionDetail />} />
      <Route path="returns" element={<ReturnList />} />
      <Route path="returns/:id" element={<ReturnDetail />} />
      <Route path="orders" element={<OrderList key="orders" />} />
      <Route path="orders/:id" element={<OrderDetail />} />
      <Route path="jit-orders" element={<OrderList key="jit" jit />} />
      <Route path="jit-orders/:id" element={<OrderDetail jit />} />
      <Route path="delivery-notes" element={<NoteList />} />
      <Route path="delivery-notes/:id" element={<NoteDetail />} />
      <Route path="addresses" element={<AddressList />} />
      <Route path="preferences" element={<PreferencesPage />} />
      <Route path="webhooks" element={<WebhookList />} />
      <Route path="webhooks/:id" element={<WebhookDeliveries />} />
      <Route path="tickets" element={<TicketList />} />
      <Route path="tickets/:id" element={<TicketDetail />} />
      <Route path="compensations" element={<CompensationList />} />
      <Route path="penalties" element={<PenaltyList />} />
      <Route path="fees" element={<FeeList />} />
      <Route path="disputes" element={<DisputeList />} />
      <Route path="performance" element={<Suspense fallback={<PageLoading />}><PerformancePage /></Suspense>} />
      <Route path="*" element={<NotFoundState />} />
    </Routes>
  );
}
