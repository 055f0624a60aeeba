/** 异常详情: type and plan (never the subtype), photos, what to do next, the plan's documents, the timeline. */
import { Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useException, type ExceptionDetail as Exc } from '../../../api/hooks/exceptions';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { EventTimeline } from '../components/EventTimeline';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime, money } from '../../../components/format';
import { docPath } from '../docPath';
import { NextStep } from './NextStep';
import { DisputeButton } from '../disputes/DisputeButton';
import { Photos } from '../../../components/Photos';

interface DocRow {
  key: string;
  kind: 'deliveryNote' | 'stockingOrder' | 'returnOrder' | 'compensation';
  doc: string; // status machine name
  id: string;
  no: string;
  status: string;
  note?: string;
  orderType?: string;
  original?: boolean;
}

function useDocumentRows(exc?: Exc): DocRow[] {
  const { t } = useTranslation('merchant');
  const { label } = useLabels();
  const d = exc?.documents;
  if (!d) return [];
  return [
    ...(d.deliveryNote ? [{ key: `o${d.deliveryNote.id}`, kind: 'deliveryNote' as const, doc: 'deliveryNote', ...d.deliveryNote, original: true }] : []),
    ...d.stockingOrders.map((o) => ({ key: o.id, kind: 'stockingOrder' as const, doc: 'stockingOrder', ...o, orderType: o.type, note: label('orderTypes', o.type) })),
    ...d.deliveryNotes.map((n) => ({ key: n.id, kind: 'deliveryNote' as const, doc: 'deliveryNote', ...n })),
    ...d.returnOrders.map((r) => ({ key: r.id, kind: 'returnOrder' as const, doc: 'returnOrder', ...r, note: [r.method ? t(`common:returnMethods.${r.method}`) : '', r.sealed ? t('returns.sealed') : ''].filter(Boolean).join(' · ') })),
    ...d.compensations.map((c) => ({ key: c.id, kind: 'compensation' as const, doc: 'compensation', ...c, note: money(c.amount ?? 0, c.currency) })),
  ];
}

export default function ExceptionDetail() {
  const { id } = useParams();
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { label } = useLabels();
  const q = useException(id);
  const rows = useDocumentRows(q.data);
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const exc = q.data;
  const ticketLink = `/merchant/tickets?new=1&documentType=exception&documentId=${exc.id}&documentNo=${exc.no}`;

  return (
    <>
      <PageHeader
        backTo="/merchant/exceptions"
        title={`${t('exceptions.detailTitle')} ${exc.no}`}
        tags={<span data-testid="exception-status"><StatusTag doc="exception" status={exc.status} /></span>}
        extra={<Space wrap>
          <DisputeButton documentType="EXCEPTION" documentId={exc.id} documentNo={exc.no} disputable={!!exc.decidedAt && exc.status !== 'CANCELLED'} />
          <Link to={ticketLink}><Button icon={<MessageOutlined />}>{t('tickets.ask')}</Button></Link>
        </Space>}
      />
      <NextStep exc={exc} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('sections.basic')} style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small"
              items={[
                { key: 'no', label: t('exceptions.no'), children: exc.no },
                { key: 'type', label: t('exceptions.type'), children: <Tag data-testid="exception-type">{label('types', exc.type)}</Tag> },
                { key: 'plan', label: t('exceptions.plan'), children: <span data-testid="exception-plan">{exc.plan ? label('plans', exc.plan) : t('exceptions.planPending')}</span> },
                { key: 'task', label: t('exceptions.taskCategory'), children: exc.taskCategory ? label('taskCategories', exc.taskCategory) : '—' },
                { key: 'note', label: t('fields.deliveryNoteNo'), children: <Link to={`/merchant/delivery-notes/${exc.deliveryNoteId}`}>{exc.deliveryNoteNo}</Link> },
                { key: 'orderType', label: t('fields.orderType'), children: label('orderTypes', exc.orderType) },
                { key: 'stage', label: t('exceptions.stage'), children: label('stages', exc.stage) },
                { key: 'qty', label: tc('common.qty'), children: exc.totalQty },
                { key: 'registered', label: t('exceptions.registeredAt'), children: fmtTime(exc.createdAt) },
                { key: 'decided', label: t('exceptions.decidedAt'), children: fmtTime(exc.decidedAt) },
                { key: 'completed', label: t('exceptions.completedAt'), children: fmtTime(exc.completedAt) },
                { key: 'remark', label: tc('common.remark'), children: exc.remark || '—' },
              ]}
            />
          </Card>
          <Card title={t('sections.goods')} style={{ marginBottom: 16 }}>
            <Table size="small" rowKey="skuId" pagination={false} dataSource={exc.lines}
              columns={[
                { title: t('fields.skuCode'), dataIndex: 'skuCode' },
                { title: t('fields.skuName'), dataIndex: 'skuName' },
                { title: tc('common.qty'), dataIndex: 'qty', align: 'right' },
              ]} />
          </Card>
          <Card title={t('sections.photos')} style={{ marginBottom: 16 }}>
            <Photos photos={exc.photos} />
          </Card>
          <Card title={t('sections.documents')} style={{ marginBottom: 16 }}>
            <Table<DocRow> size="small" rowKey="key" pagination={false} dataSource={rows} data-testid="exception-documents"
              locale={{ emptyText: t('exceptions.noDocuments') }}
              columns={[
                { title: t('fields.docKind'), dataIndex: 'kind', render: (k, r) => <>{t(`docKinds.${k}`)}{r.original && <Tag style={{ marginLeft: 8 }}>{t('exceptions.originalNote')}</Tag>}</> },
                { title: t('fields.docNo'), dataIndex: 'no', render: (no, r) => <Link to={docPath(r.kind, r.id, r.orderType) ?? '#'} data-testid={`doc-${r.kind}`}>{no}</Link> },
                { title: tc('list.status'), dataIndex: 'status', render: (s, r) => <StatusTag doc={r.doc} status={s} /> },
                { title: t('fields.docNote'), dataIndex: 'note', render: (v) => v || '—' },
              ]} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('sections.timeline')}>
            <EventTimeline events={exc.events} doc="exception" />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('exceptions.timelineHint')}</Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}
