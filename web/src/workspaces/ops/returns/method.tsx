/** How a return comes back, as the ops return pages show it: the method and one line of where or when. */
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ReturnOrder } from '../../../api/hooks/returnOrders';
import { StatusTag } from '../../../components/StatusTag';
import { fmtShort, fmtTime } from '../../../components/format';

/** Still waiting for the merchant's method after its deadline (the default-method job has not run yet). */
export const methodOverdue = (r: Pick<ReturnOrder, 'status' | 'methodDueAt'>) =>
  r.status === 'PENDING_METHOD' && !!r.methodDueAt && dayjs(r.methodDueAt).isBefore(dayjs());

/** Address, pickup time or tracking number, whichever the method has. */
export function methodDetail(r: ReturnOrder, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (r.method === 'PLATFORM_LOGISTICS') {
    return [r.address ? `${r.address.name} · ${r.address.region}` : '', r.trackingNo ? `${r.carrier ?? ''} ${r.trackingNo}`.trim() : ''].filter(Boolean).join(' · ');
  }
  if (r.method === 'MERCHANT_PICKUP') return r.pickupAt ? t('returns.pickupAtShort', { at: fmtTime(r.pickupAt) }) : '';
  return '';
}

export function MethodCell({ r }: { r: ReturnOrder }) {
  const { t } = useTranslation('ops');
  if (!r.method) return <Typography.Text type="secondary">{t('returns.noMethod')}</Typography.Text>;
  const detail = methodDetail(r, t);
  return (
    <Space orientation="vertical" size={0}>
      <span>{t(`common:returnMethods.${r.method}`)}</span>
      {detail && <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 180 }} ellipsis={{ tooltip: detail }}>{detail}</Typography.Text>}
    </Space>
  );
}

/** The status, and while the merchant still has to enter a method its deadline (red once passed). */
export function StatusCell({ r }: { r: ReturnOrder }) {
  const { t } = useTranslation('ops');
  const late = methodOverdue(r);
  return (
    <div>
      <Space size={4}>
        <StatusTag doc="returnOrder" status={r.status} />
        {late && <Tag color="red">{t('returns.overdue')}</Tag>}
      </Space>
      {r.status === 'PENDING_METHOD' && r.methodDueAt && (
        <div style={{ fontSize: 12, whiteSpace: 'nowrap', color: late ? '#ff4d4f' : 'rgba(0,0,0,.45)' }}>{t('returns.dueAt', { at: fmtShort(r.methodDueAt) })}</div>
      )}
    </div>
  );
}
