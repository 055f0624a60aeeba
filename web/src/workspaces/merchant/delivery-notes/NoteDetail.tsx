/** 送货单详情: boxes with their label codes, lines with what happened to every unit, exceptions, history. */
import { Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useDeliveryNote, type Box, type LedgerLine } from '../../../api/hooks/deliveryNotes';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { EventTimeline } from '../components/EventTimeline';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime } from '../../../components/format';
import { docPath } from '../docPath';
import { NoteActions } from './NoteActions';

const LEDGER: (keyof LedgerLine)[] = ['declared', 'arrived', 'stocked', 'onHold', 'returned', 'transferred', 'short'];

export default function NoteDetail() {
  const { id } = useParams();
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { label } = useLabels();
  const q = useDeliveryNote(id);
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const n = q.data;
  const order = n.stockingOrder;

  return (
    <>
      <PageHeader backTo="/merchant/delivery-notes" title={`${t('notes.detailTitle')} ${n.no}`}
        tags={<span data-testid="note-status"><StatusTag doc="deliveryNote" status={n.status} /></span>}
        extra={<NoteActions note={n} size="middle" />} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('sections.basic')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
              { key: 'no', label: t('fields.deliveryNoteNo'), children: n.no },
              { key: 'order', label: t('orders.no'), children: order ? <Link to={docPath('stockingOrder', order.id, order.type)!}>{order.no}</Link> : '—' },
              { key: 'logistics', label: t('ship.logistics'), children: t(`logistics.${n.logistics}`) },
              { key: 'expected', label: t('ship.expectedArrival'), children: fmtTime(n.expectedArrivalAt) },
              { key: 'created', label: tc('list.createdAt'), children: fmtTime(n.createdAt) },
              { key: 'arrived', label: t('notes.arrivedAt'), children: fmtTime(n.arrivedAt) },
              ...(n.sourceExceptionId ? [{ key: 'source', label: t('fields.sourceException'), children: <Link to={`/merchant/exceptions/${n.sourceExceptionId}`}>{t('notes.fromException')}</Link> }] : []),
            ]} />
          </Card>
          <Card title={t('notes.boxes')} style={{ marginBottom: 16 }}>
            <Table<Box> size="small" rowKey="id" pagination={false} dataSource={n.boxes} columns={[
              { title: t('notes.boxNo'), dataIndex: 'boxNo', width: 80 },
              { title: t('notes.labelCode'), dataIndex: 'labelCode', render: (v) => <code>{v}</code> },
              { title: t('notes.contents'), dataIndex: 'contents', render: (c: Box['contents']) => c.map((x) => `${x.skuName || x.skuCode} ×${x.qty}`).join(', ') },
              { title: tc('list.status'), dataIndex: 'status', render: (s) => <Tag>{t(`boxStatus.${s}`, { defaultValue: s })}</Tag> },
            ]} />
          </Card>
          <Card title={t('notes.lines')} style={{ marginBottom: 16 }}>
            <Table<LedgerLine> size="small" rowKey="skuId" pagination={false} dataSource={n.lines} scroll={{ x: 'max-content' }} columns={[
              { title: t('fields.skuCode'), dataIndex: 'skuCode' },
              { title: t('fields.skuName'), dataIndex: 'skuName' },
              ...LEDGER.map((f) => ({ title: t(`ledger.${f}`), dataIndex: f, align: 'right' as const })),
            ]} />
          </Card>
          {!!n.exceptions?.length && (
            <Card title={t('notes.exceptions')} style={{ marginBottom: 16 }}>
              <Table size="small" rowKey="id" pagination={false} dataSource={n.exceptions} columns={[
                { title: t('exceptions.no'), dataIndex: 'no', render: (no, e) => <Link to={`/merchant/exceptions/${e.id}`}>{no}</Link> },
                { title: t('exceptions.type'), dataIndex: 'type', render: (v) => label('types', v) },
                { title: t('exceptions.plan'), dataIndex: 'plan', render: (v) => (v ? label('plans', v) : t('exceptions.planPending')) },
                { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="exception" status={s} /> },
              ]} />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('sections.timeline')}><EventTimeline events={n.events} doc="deliveryNote" /></Card>
        </Col>
      </Row>
    </>
  );
}
