import { Tag } from 'antd';
import { useLabels } from '../api/catalog';

const COLORS: Record<string, string> = {
  PENDING: 'orange', PENDING_METHOD: 'orange', PENDING_ACCEPT: 'orange', CREATED: 'default', OPEN: 'orange', ISSUED: 'red',
  PROCESSING: 'blue', ACCEPTED: 'blue', IN_TRANSIT: 'blue', ARRIVED: 'cyan', RECEIVING: 'cyan', AWAITING_SHIPMENT: 'blue',
  AWAITING_PICKUP: 'blue', AWAITING_DISPOSAL: 'blue', SHIPPED: 'geekblue', ANSWERED: 'blue',
  COMPLETED: 'green', SIGNED: 'green', PICKED_UP: 'green', DISPOSED: 'green', PAID: 'green', WAIVED: 'green', CLOSED: 'default', CONFIRMED: 'volcano',
  CANCELLED: 'default', VOIDED: 'default', RETURNED: 'purple',
};

/** A document status in the current language; `doc` names the machine (exception, returnOrder, …). */
export function StatusTag({ doc, status }: { doc: string; status: string }) {
  const { status: label } = useLabels();
  return <Tag color={COLORS[status] ?? 'default'}>{label(doc, status)}</Tag>;
}
