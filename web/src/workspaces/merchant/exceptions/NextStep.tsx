/** The task category spelled out as what to do next, with a button to each open follow-up document. */
import { Alert, Button, Space } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { ExceptionDetail } from '../../../api/hooks/exceptions';
import { docPath } from '../docPath';

const RETURN_DONE = ['SIGNED', 'PICKED_UP', 'DISPOSED'];
const ORDER_DONE = ['SHIPPED', 'COMPLETED', 'CANCELLED'];

export function NextStep({ exc }: { exc: ExceptionDetail }) {
  const { t } = useTranslation('merchant');
  const { label, todo, status } = useLabels();
  if (exc.status === 'PENDING') {
    return <Alert type="info" showIcon title={t('exceptions.pendingTitle')} description={t('exceptions.pendingHint')} style={{ marginBottom: 16 }} />;
  }
  if (exc.status === 'CANCELLED') {
    return <Alert type="warning" showIcon title={t('exceptions.cancelledTitle')} description={exc.cancelReason ?? ''} style={{ marginBottom: 16 }} />;
  }
  const docs = exc.documents;
  const returns = (docs?.returnOrders ?? []).filter((r) => !RETURN_DONE.includes(r.status));
  const orders = (docs?.stockingOrders ?? []).filter((o) => !ORDER_DONE.includes(o.status) && (exc.taskCategory === 'RESEND_ONLY' || exc.taskCategory === 'RETURN_AND_RESEND'));
  const done = exc.status === 'COMPLETED';
  const actions = [
    ...returns.map((r) => (
      <Link key={r.id} to={docPath('returnOrder', r.id)!}>
        <Button type="primary" data-testid="next-return">{r.status === 'PENDING_METHOD' ? t('exceptions.goEnterMethod', { no: r.no }) : r.status === 'SHIPPED' ? t('exceptions.goSign', { no: r.no }) : t('exceptions.goReturn', { no: r.no, status: status('returnOrder', r.status) })} <RightOutlined /></Button>
      </Link>
    )),
    ...orders.map((o) => (
      <Link key={o.id} to={docPath('stockingOrder', o.id, o.type)!}>
        <Button type="primary" data-testid="next-order">{o.status === 'PENDING_ACCEPT' ? t('exceptions.goAccept', { no: o.no }) : t('exceptions.goShip', { no: o.no })} <RightOutlined /></Button>
      </Link>
    )),
  ];
  return (
    <Alert
      type={done ? 'success' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="next-step"
      title={done ? t('exceptions.doneTitle', { category: label('taskCategories', exc.taskCategory) }) : `${t('exceptions.todoTitle')}${label('taskCategories', exc.taskCategory)}`}
      description={
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <span>{done ? t('exceptions.doneHint') : todo(exc.taskCategory)}</span>
          {!done && actions.length > 0 && <Space wrap>{actions}</Space>}
        </Space>
      }
    />
  );
}
