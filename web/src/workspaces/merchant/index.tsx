/** The merchant workspace: its pages, routed under /merchant/. */
import { Route, Routes } from 'react-router';
import { NotFoundState } from '../../components/States';

export default function Workspace() {
  return (
    <Routes>
      <Route path="*" element={<NotFoundState />} />
    </Routes>
  );
}
