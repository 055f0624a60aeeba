/** 备货订单详情: lines, deadlines, the notes that carry it, its source exception, and history. */
import { Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { DocEvent } from '../../../api/hooks/events';
import { useStockingOrder, type StockingOrder } from '../../../api/hooks/stockingOrders';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { EventTimeline } from '../components/EventTimeline';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime, money } from '../../../components/format';
import { JitDeadline, OrderActions } from './OrderActions';
import { ShipDrawer } from './ShipDrawer';
import type { OrderDetail as Detail } from './shippable';

export default function OrderDetail({ jit }: { jit?: boolean }) {
  const { id } = useParams();
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { label } = useLabels();
  const q = useStockingOrder(id);
  const [shipping, setShipping] = useState<StockingOrder | null>(null);
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data as Detail & { events?: DocEvent[] };

  return (
    <>
      <PageHeader backTo={jit ? '/merchant/jit-orders' : '/merchant/orders'} title={`${t('orders.detailTitle')} ${o.no}`}
        tags={<><span data-testid="order-status"><StatusTag doc="stockingOrder" status={o.status} /></span><Tag>{label('orderTypes', o.type)}</Tag><JitDeadline order={o} /></>}
        extra={<OrderActions order={o} onShip={setShipping} size="middle" />} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('sections.basic')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
              { key: 'no', label: t('orders.no'), children: o.no },
              { key: 'type', label: t('fields.orderType'), children: label('orderTypes', o.type) },
              { key: 'amount', label: t('orders.amount'), children: money(o.totalAmount, o.currency) },
              { key: 'source', label: t('fields.sourceException'), children: o.sourceException ? <Link to={`/merchant/exceptions/${o.sourceException.id}`}>{o.sourceException.no}</Link> : '—' },
              { key: 'created', label: tc('list.createdAt'), children: fmtTime(o.createdAt) },
              { key: 'acceptBy', label: t('orders.acceptBy'), children: fmtTime(o.acceptBy) },
              { key: 'accepted', label: t('orders.acceptedAt'), children: fmtTime(o.acceptedAt) },
              { key: 'shipBy', label: t('orders.shipBy'), children: fmtTime(o.shipBy) },
              { key: 'shipped', label: t('orders.shippedAt'), children: fmtTime(o.shippedAt) },
            ]} />
          </Card>
          <Card title={t('sections.goods')} style={{ marginBottom: 16 }}>
            <Table size="small" rowKey="skuId" pagination={false} dataSource={o.lines} columns={[
              { title: t('fields.skuCode'), dataIndex: 'skuCode' },
              { title: t('fields.skuName'), dataIndex: 'skuName' },
              { title: tc('common.qty'), dataIndex: 'qty', align: 'right' },
              { title: t('orders.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: (v) => money(v, o.currency) },
              { title: t('orders.subtotal'), key: 'subtotal', align: 'right', render: (_, l) => money(l.qty * l.unitPrice, o.currency) },
            ]} />
          </Card>
          <Card title={t('orders.notes')} style={{ marginBottom: 16 }}>
            <Table size="small" rowKey="id" pagination={false} dataSource={o.deliveryNotes ?? []} locale={{ emptyText: t('orders.noNotes') }} columns={[
              { title: t('fields.deliveryNoteNo'), dataIndex: 'no', render: (no, n) => <Link to={`/merchant/delivery-notes/${n.id}`}>{no}</Link> },
              { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="deliveryNote" status={s} /> },
              { title: tc('list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            ]} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('sections.timeline')}><EventTimeline events={o.events} doc="stockingOrder" /></Card>
        </Col>
      </Row>
      <ShipDrawer order={shipping} onClose={() => setShipping(null)} />
    </>
  );
}
