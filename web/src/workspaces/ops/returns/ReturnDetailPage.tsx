/**
 * 退货单详情 (ops, read-only: the merchant enters the method, the warehouse ships, hands over or
 * disposes): where the return stands, how the goods come back, the goods, the source exception and
 * the history.
 */
import { Button, Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useNames } from '../../../api/hooks/admin';
import { useReturnOrder, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { ErrorState } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { History } from '../shared/History';
import { PageHeader } from '../../../components/PageHeader';
import { SkuLines } from '../shared/SkuLines';
import { fmtTime } from '../../../components/format';
import { methodOverdue } from './method';

/** One line under the title: what the return waits for. */
function statusHint(r: ReturnOrder, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (r.finished) return t('returns.hint.finished');
  if (r.status === 'PENDING_METHOD') return t(methodOverdue(r) ? 'returns.hint.overdue' : 'returns.hint.PENDING_METHOD', { at: fmtTime(r.methodDueAt) });
  return t(`returns.hint.${r.status}`, { defaultValue: '' });
}

/** The rows of the method card that this method has. */
function methodItems(r: ReturnOrder, t: (key: string) => string) {
  const a = r.address;
  const item = (key: string, children: ReactNode, span?: 'filled') => ({ key, label: t(`returns.${key}`), children, span });
  switch (r.method) {
    case 'PLATFORM_LOGISTICS':
      return [
        item('address', a ? `${a.name} ${a.phone} · ${a.region} ${a.detail}` : '-', 'filled'),
        item('carrier', r.carrier ?? '-'),
        item('trackingNo', r.trackingNo ? <Typography.Text copyable>{r.trackingNo}</Typography.Text> : '-'),
        item('shippedAt', fmtTime(r.shippedAt)),
        item('signedAt', fmtTime(r.signedAt)),
      ];
    case 'MERCHANT_PICKUP':
      return [item('pickupAt', fmtTime(r.pickupAt)), item('pickedUpAt', fmtTime(r.pickedUpAt))];
    case 'ABANDON':
      return [item('disposedAt', fmtTime(r.disposedAt))];
    default:
      return [];
  }
}

export default function ReturnDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation('ops');
  const navigate = useNavigate();
  const names = useNames();
  const q = useReturnOrder(id);
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  if (!r) return <Skeleton active paragraph={{ rows: 10 }} />;
  const late = methodOverdue(r);
  const exc = r.sourceException;
  return (
    <>
      <PageHeader title={t('returns.detailTitle', { no: r.no })}
        tags={<span data-testid="return-status"><Space size={4}><StatusTag doc="returnOrder" status={r.status} />{late && <Tag color="red">{t('returns.overdue')}</Tag>}</Space></span>}
        subTitle={<span style={{ color: late ? '#ff4d4f' : undefined }}>{statusHint(r, t)}</span>}
        extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>{t('common:error.back')}</Button>} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('returns.facts')} size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
                { key: 'no', label: t('returns.no'), children: <Typography.Text copyable>{r.no}</Typography.Text> },
                { key: 'status', label: t('common:list.status'), children: <StatusTag doc="returnOrder" status={r.status} /> },
                { key: 'merchant', label: t('field.merchant'), children: names.merchant(r.merchantId) },
                { key: 'warehouse', label: t('field.warehouse'), children: names.warehouse(r.warehouseId) },
                {
                  key: 'exception', label: t('field.sourceException'),
                  children: exc ? (
                    <Space size={12} wrap>
                      <Link to={`/ops/exceptions/${exc.id}`} data-testid="source-exception">{exc.no}</Link>
                      <Link to={`/ops/returns?sourceExceptionId=${encodeURIComponent(exc.id)}`} style={{ fontSize: 12 }}>{t('returns.sameException')}</Link>
                    </Space>
                  ) : '-',
                },
                { key: 'note', label: t('field.deliveryNoteNo'), children: r.deliveryNote?.no ? <Typography.Text copyable>{r.deliveryNote.no}</Typography.Text> : '-' },
                { key: 'packing', label: t('returns.packing'), children: r.sealed ? t('returns.sealedLong') : t('returns.loose') },
                { key: 'qty', label: t('returns.totalQty'), children: r.totalQty },
                { key: 'created', label: t('common:list.createdAt'), children: fmtTime(r.createdAt) },
                {
                  key: 'due', label: t('returns.methodDue'),
                  children: <Space size={4}><span style={{ color: late ? '#ff4d4f' : undefined }}>{fmtTime(r.methodDueAt)}</span>{late && <Tag color="red">{t('returns.overdue')}</Tag>}</Space>,
                },
              ]} />
            </Card>
            <Card title={t('returns.methodSection')} size="small" data-testid="return-method">
              <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
                { key: 'method', label: t('returns.method'), children: r.method ? t(`common:returnMethods.${r.method}`) : <Typography.Text type="secondary">{t('returns.noMethod')}</Typography.Text> },
                { key: 'entered', label: t('returns.methodEnteredAt'), children: fmtTime(r.methodEnteredAt) },
                ...methodItems(r, t),
              ]} />
            </Card>
            <Card title={t('returns.goods')} size="small">
              <SkuLines lines={r.lines} testId="return-lines" />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('returns.timeline')} size="small"><History events={r.events ?? []} doc="returnOrder" /></Card>
        </Col>
      </Row>
    </>
  );
}
