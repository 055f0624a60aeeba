/** 处罚: penalties for late JIT acceptance or shipment, with their order and status. */
import { Card, Descriptions, Drawer, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import type { DocEvent } from '../../../api/hooks/events';
import { penaltiesPath, type Penalty } from '../../../api/hooks/penalties';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { EventTimeline } from '../components/EventTimeline';
import { fmtTime, money } from '../../../components/format';
import { docPath } from '../docPath';
import { useUrlParam } from '../components/useUrlParam';
import { ExportButton } from '../../../components/ExportButton';
import { DisputeButton } from '../disputes/DisputeButton';

const STATUSES = ['ISSUED', 'CONFIRMED', 'WAIVED'];

function PenaltyDrawer({ id, onClose }: { id?: string; onClose: () => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const q = useQuery({ queryKey: keys.penalties.detail(id ?? ''), queryFn: () => api.get<Penalty & { events?: DocEvent[] }>(`/penalties/${id}`), enabled: !!id });
  const p = q.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={480} title={p ? `${t('money.penalty')} ${p.no}` : t('money.penalty')}>
      {q.isLoading ? <PageLoading /> : q.isError || !p ? <ErrorState error={q.error} /> : (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 24 }} items={[
            { key: 'no', label: t('money.no'), children: p.no },
            { key: 'status', label: tc('list.status'), children: <StatusTag doc="penalty" status={p.status} /> },
            { key: 'reason', label: t('money.reason'), children: t(`money.reasons.${p.reason}`) },
            { key: 'amount', label: t('money.amount'), children: money(p.amount, p.currency) },
            { key: 'order', label: t('orders.no'), children: <Link to={docPath('stockingOrder', p.stockingOrder.id, p.stockingOrder.type)!}>{p.stockingOrder.no}</Link> },
            { key: 'waive', label: t('money.waiveReason'), children: p.waiveReason ?? '—' },
            { key: 'created', label: t('money.issuedAt'), children: fmtTime(p.createdAt) },
          ]} />
          <div style={{ marginBottom: 24 }}><DisputeButton documentType="PENALTY" documentId={p.id} documentNo={p.no} disputable={p.status === 'ISSUED'} /></div>
          <EventTimeline events={p.events} doc="penalty" />
        </>
      )}
    </Drawer>
  );
}

export default function PenaltyList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { status } = useLabels();
  const url = useUrlFilters<{ status?: string; open?: string }>();
  const { filters } = url;
  const [openId, setOpen] = useUrlParam('open');
  const query = { status: filters.status };
  const result = usePagedList<Penalty>(keys.penalties.list(), penaltiesPath, query, url.cursor);

  const columns: ColumnsType<Penalty> = [
    { title: t('money.no'), dataIndex: 'no', fixed: 'left', render: (no, p) => <Typography.Link onClick={() => setOpen(p.id)}>{no}</Typography.Link> },
    { title: t('orders.no'), dataIndex: 'stockingOrder', render: (o: Penalty['stockingOrder']) => <Link to={docPath('stockingOrder', o.id, o.type)!}>{o.no}</Link> },
    { title: t('money.reason'), dataIndex: 'reason', render: (r) => <Tag color="red">{t(`money.reasons.${r}`)}</Tag> },
    { title: t('money.amount'), dataIndex: 'amount', align: 'right', render: (v, p) => money(v, p.currency) },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="penalty" status={s} /> },
    { title: t('money.waiveReason'), dataIndex: 'waiveReason', render: (v) => v ?? '—' },
    { title: t('money.issuedAt'), dataIndex: 'createdAt', render: fmtTime },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right',
      render: (_, p) => (p.status === 'ISSUED' ? <Typography.Link onClick={() => setOpen(p.id)} data-testid={`open-dispute-${p.no}`}>{t('disputes.action')}</Typography.Link> : null),
    },
  ];

  return (
    <Card title={t('money.penaltiesTitle')} extra={<Space size={16}><Typography.Text type="secondary">{t('money.penaltiesHint')}</Typography.Text><ExportButton path={penaltiesPath} query={query} /></Space>}>
      <Tabs activeKey={filters.status ?? 'ALL'} onChange={(k) => url.setFilters({ status: k === 'ALL' ? undefined : k })}
        items={[{ key: 'ALL', label: t('tabs.all') }, ...STATUSES.map((s) => ({ key: s, label: status('penalty', s) }))]} />
      <PagedTable<Penalty> result={result} pager={url} filtered={!!filters.status} columns={columns} />
      <PenaltyDrawer id={openId} onClose={() => setOpen(undefined)} />
    </Card>
  );
}
