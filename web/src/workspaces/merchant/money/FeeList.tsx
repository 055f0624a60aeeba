/** 费用: per-unit fees charged with an exception's plan (relabelling, repacking, return freight…), with the exception and 申诉. */
import { Card, Descriptions, Drawer, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import type { DocEvent } from '../../../api/hooks/events';
import { feesPath, type Fee } from '../../../api/hooks/fees';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { EventTimeline } from '../components/EventTimeline';
import { fmtTime, money } from '../../../components/format';
import { docPath } from '../docPath';
import { useUrlParam } from '../components/useUrlParam';
import { ExportButton } from '../../../components/ExportButton';
import { DisputeButton } from '../disputes/DisputeButton';

const STATUSES = ['CHARGED', 'WAIVED'];

function FeeDrawer({ id, onClose }: { id?: string; onClose: () => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { label, lang } = useLabels();
  const q = useQuery({ queryKey: keys.fees.detail(id ?? ''), queryFn: () => api.get<Fee & { events?: DocEvent[] }>(`/fees/${id}`), enabled: !!id });
  const f = q.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={480} title={f ? `${t('fees.fee')} ${f.no}` : t('fees.fee')}>
      {q.isLoading ? <PageLoading /> : q.isError || !f ? <ErrorState error={q.error} /> : (
        <div data-testid="fee-drawer">
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 24 }} items={[
            { key: 'no', label: t('money.no'), children: f.no },
            { key: 'status', label: tc('list.status'), children: <StatusTag doc="fee" status={f.status} /> },
            { key: 'service', label: t('fees.service'), children: f.label[lang] },
            { key: 'exception', label: t('fees.exception'), children: <Link to={docPath('exception', f.exception.id)!} data-testid="fee-exception-link">{f.exception.no}</Link> },
            { key: 'type', label: t('fees.type'), children: label('types', f.exception.type) },
            { key: 'plan', label: t('fees.plan'), children: label('plans', f.plan) },
            { key: 'level', label: t('fees.level'), children: t(`fees.levels.${f.coachingLevel}`) },
            { key: 'units', label: t('fees.units'), children: `${f.units} × ${money(f.unitAmount, f.currency)}` },
            { key: 'amount', label: t('money.amount'), children: money(f.amount, f.currency) },
            { key: 'waive', label: t('money.waiveReason'), children: f.waiveReason ?? '—' },
            { key: 'created', label: t('fees.chargedAt'), children: fmtTime(f.createdAt) },
          ]} />
          <div style={{ marginBottom: 24 }}><DisputeButton documentType="FEE" documentId={f.id} documentNo={f.no} disputable={f.status === 'CHARGED'} /></div>
          <EventTimeline events={f.events} doc="fee" />
        </div>
      )}
    </Drawer>
  );
}

export default function FeeList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { status, label, lang } = useLabels();
  const url = useUrlFilters<{ status?: string; open?: string }>();
  const { filters } = url;
  const [openId, setOpen] = useUrlParam('open');
  const query = { status: filters.status };
  const result = usePagedList<Fee>(keys.fees.list(), feesPath, query, url.cursor);

  const columns: ColumnsType<Fee> = [
    { title: t('money.no'), dataIndex: 'no', fixed: 'left', render: (no, f) => <Typography.Link onClick={() => setOpen(f.id)} data-testid={`fee-${no}`}>{no}</Typography.Link> },
    { title: t('fees.exception'), dataIndex: 'exception', render: (e: Fee['exception']) => <Link to={docPath('exception', e.id)!}>{e.no}</Link> },
    { title: t('fees.service'), dataIndex: 'label', render: (l: Fee['label']) => <Tag color="orange">{l[lang]}</Tag> },
    { title: t('fees.plan'), dataIndex: 'plan', render: (p: string) => label('plans', p) },
    { title: t('fees.units'), dataIndex: 'units', align: 'right', render: (u: number, f) => `${u} × ${money(f.unitAmount, f.currency)}` },
    { title: t('money.amount'), dataIndex: 'amount', align: 'right', render: (v, f) => money(v, f.currency) },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="fee" status={s} /> },
    { title: t('fees.chargedAt'), dataIndex: 'createdAt', render: fmtTime },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right',
      render: (_, f) => (f.status === 'CHARGED' ? <Typography.Link onClick={() => setOpen(f.id)} data-testid={`open-dispute-${f.no}`}>{t('disputes.action')}</Typography.Link> : null),
    },
  ];

  return (
    <Card title={t('fees.title')} extra={<Space size={16}><Typography.Text type="secondary">{t('fees.hint')}</Typography.Text><ExportButton path={feesPath} query={query} /></Space>}>
      <Tabs activeKey={filters.status ?? 'ALL'} onChange={(k) => url.setFilters({ status: k === 'ALL' ? undefined : k })}
        items={[{ key: 'ALL', label: t('tabs.all') }, ...STATUSES.map((s) => ({ key: s, label: status('fee', s) }))]} />
      <PagedTable<Fee> result={result} pager={url} filtered={!!filters.status} columns={columns} />
      <FeeDrawer id={openId} onClose={() => setOpen(undefined)} />
    </Card>
  );
}
