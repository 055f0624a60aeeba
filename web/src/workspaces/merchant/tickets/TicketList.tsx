/** 工单: the merchant's questions to the platform; 提交工单 opens a drawer (pre-linked from a detail page). */
import { Button, Card, Space, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { ticketsPath, type Ticket } from '../../../api/hooks/tickets';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { useLabels } from '../../../api/catalog';
import { fmtTime } from '../../../components/format';
import { docPath } from '../docPath';
import { NewTicketDrawer } from './NewTicketDrawer';

const STATUSES = ['OPEN', 'ANSWERED', 'CLOSED'];

export function DocumentLink({ doc }: { doc: Ticket['document'] }) {
  const { t } = useTranslation('merchant');
  if (!doc) return <>—</>;
  const path = docPath(doc.type, doc.id);
  return <Space size={4}>{t(`docKinds.${doc.type}`)}{path ? <Link to={path}>{doc.no ?? doc.id}</Link> : doc.no}</Space>;
}

export default function TicketList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { status } = useLabels();
  const navigate = useNavigate();
  const url = useUrlFilters<{ status?: string; new?: string; documentType?: string; documentId?: string; documentNo?: string }>();
  const { filters } = url;
  const result = usePagedList<Ticket>(keys.tickets.list(), ticketsPath, { status: filters.status }, url.cursor);
  const closeNew = () => url.setFilters({ new: undefined, documentType: undefined, documentId: undefined, documentNo: undefined });

  const columns: ColumnsType<Ticket> = [
    { title: t('tickets.no'), dataIndex: 'no', fixed: 'left', render: (no, r) => <Link to={`/merchant/tickets/${r.id}`} data-testid="ticket-link">{no}</Link> },
    { title: t('tickets.subject'), dataIndex: 'subject', ellipsis: true, width: 320 },
    { title: t('tickets.document'), dataIndex: 'document', render: (d: Ticket['document']) => <DocumentLink doc={d} /> },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="ticket" status={s} /> },
    { title: tc('list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
    { title: t('fields.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
    { title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, r) => <Link to={`/merchant/tickets/${r.id}`}>{t('tickets.view')}</Link> },
  ];

  return (
    <Card title={t('tickets.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => url.setFilters({ new: '1' })} data-testid="ticket-new">{t('tickets.new')}</Button>}>
      <Tabs activeKey={filters.status ?? 'ALL'} onChange={(k) => url.setFilters({ status: k === 'ALL' ? undefined : k })}
        items={[{ key: 'ALL', label: t('tabs.all') }, ...STATUSES.map((s) => ({ key: s, label: status('ticket', s) }))]} />
      <PagedTable<Ticket> result={result} pager={url} filtered={!!filters.status} columns={columns} />
      <NewTicketDrawer open={filters.new === '1'} preset={filters} onClose={closeNew} onOpened={(id) => navigate(`/merchant/tickets/${id}`)} />
    </Card>
  );
}
