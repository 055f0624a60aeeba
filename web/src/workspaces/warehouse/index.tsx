/** The warehouse workspace: its pages, routed under /warehouse/. */
import { Route, Routes } from 'react-router';
import { NotFoundState } from '../../components/States';
import ArrivalPage from './arrival/ArrivalPage';
import StepPage from './steps/StepPage';
import ExceptionsPage from './exceptions/ExceptionsPage';
import NewNotesPage from './new-notes/NewNotesPage';
import ReturnsPage from './returns/ReturnsPage';
import { addNamespaces } from '../../i18n';
import { opsText } from '../ops/text';
import { warehouseText } from './text';

// the pages borrow components from ops/shared, which speak the ops namespace
addNamespaces({ warehouse: warehouseText, ops: opsText });

export default function Workspace() {
  return (
    <Routes>
      <Route path="arrival" element={<ArrivalPage />} />
      <Route path="receiving" element={<StepPage key="receive" mode="receive" />} />
      <Route path="qc" element={<StepPage key="qc" mode="qc" />} />
      <Route path="putaway" element={<StepPage key="putaway" mode="putaway" />} />
      <Route path="exceptions" element={<ExceptionsPage />} />
      <Route path="new-notes" element={<NewNotesPage />} />
      <Route path="returns" element={<ReturnsPage />} />
      <Route path="*" element={<NotFoundState />} />
    </Routes>
  );
}
