/** 退货单详情: goods, how they come back, the source exception, actions and history. */
import { Card, Col, Descriptions, Row, Table } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DocEvent } from '../../../api/hooks/events';
import { useReturnOrder, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { Countdown } from '../components/Countdown';
import { EventTimeline } from '../components/EventTimeline';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime } from '../../../components/format';
import { MethodDrawer } from './MethodDrawer';
import { ReturnActions } from './ReturnActions';
import { MethodSummary } from './ReturnList';

export default function ReturnDetail() {
  const { id } = useParams();
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const q = useReturnOrder(id);
  const [entering, setEntering] = useState<ReturnOrder | null>(null);
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data as ReturnOrder & { events?: DocEvent[]; methodEnteredAt?: string | null };
  const a = r.address;

  return (
    <>
      <PageHeader backTo="/merchant/returns" title={`${t('returns.detailTitle')} ${r.no}`}
        tags={<><span data-testid="return-status"><StatusTag doc="returnOrder" status={r.status} /></span>
          {r.status === 'PENDING_METHOD' && r.methodDueAt && <Countdown deadline={r.methodDueAt} label={t('returns.methodDueShort')} />}</>}
        extra={<ReturnActions order={r} onEnterMethod={setEntering} size="middle" />} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('sections.basic')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
              { key: 'no', label: t('returns.no'), children: r.no },
              { key: 'exc', label: t('fields.sourceException'), children: r.sourceException ? <Link to={`/merchant/exceptions/${r.sourceException.id}`}>{r.sourceException.no}</Link> : '—' },
              { key: 'note', label: t('fields.deliveryNoteNo'), children: r.deliveryNote ? <Link to={`/merchant/delivery-notes/${r.deliveryNote.id}`}>{r.deliveryNote.no}</Link> : '—' },
              { key: 'sealed', label: t('returns.packing'), children: r.sealed ? t('returns.sealed') : t('returns.loose') },
              { key: 'created', label: tc('list.createdAt'), children: fmtTime(r.createdAt) },
              { key: 'due', label: t('returns.methodDue'), children: fmtTime(r.methodDueAt) },
            ]} />
          </Card>
          <Card title={t('returns.methodSection')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
              { key: 'method', label: t('returns.method'), children: <MethodSummary r={r} /> },
              { key: 'entered', label: t('returns.methodEnteredAt'), children: fmtTime(r.methodEnteredAt) },
              ...(r.method === 'PLATFORM_LOGISTICS' ? [
                { key: 'addr', label: t('returns.address'), span: 2, children: a ? `${a.name} ${a.phone} · ${a.region} ${a.detail}` : '—' },
                { key: 'carrier', label: t('returns.carrier'), children: r.carrier ?? '—' },
                { key: 'tracking', label: t('returns.trackingNo'), children: r.trackingNo ?? '—' },
                { key: 'shipped', label: t('returns.shippedAt'), children: fmtTime(r.shippedAt) },
                { key: 'signed', label: t('returns.signedAt'), children: fmtTime(r.signedAt) },
              ] : []),
              ...(r.method === 'MERCHANT_PICKUP' ? [
                { key: 'pickup', label: t('returns.pickupAt'), children: fmtTime(r.pickupAt) },
                { key: 'picked', label: t('returns.pickedUpAt'), children: fmtTime(r.pickedUpAt) },
              ] : []),
              ...(r.method === 'ABANDON' ? [{ key: 'disposed', label: t('returns.disposedAt'), children: fmtTime(r.disposedAt) }] : []),
            ]} />
          </Card>
          <Card title={t('sections.goods')} style={{ marginBottom: 16 }}>
            <Table size="small" rowKey="skuId" pagination={false} dataSource={r.lines} columns={[
              { title: t('fields.skuCode'), dataIndex: 'skuCode' },
              { title: t('fields.skuName'), dataIndex: 'skuName' },
              { title: tc('common.qty'), dataIndex: 'qty', align: 'right' },
            ]} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('sections.timeline')}><EventTimeline events={r.events} doc="returnOrder" /></Card>
        </Col>
      </Row>
      <MethodDrawer order={entering} onClose={() => setEntering(null)} />
    </>
  );
}
