/** 赔付: what the platform pays for transport damage; a row opens its details. */
import { Card, Descriptions, Drawer, Space, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { compensationsPath, type Compensation } from '../../../api/hooks/compensations';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime, money } from '../../../components/format';
import { useUrlParam } from '../components/useUrlParam';
import { ExportButton } from '../../../components/ExportButton';

const STATUSES = ['PENDING', 'PAID'];

function CompensationDrawer({ id, onClose }: { id?: string; onClose: () => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const q = useQuery({ queryKey: keys.compensations.detail(id ?? ''), queryFn: () => api.get<Compensation>(`/compensations/${id}`), enabled: !!id });
  const c = q.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={480} title={c ? `${t('money.compensation')} ${c.no}` : t('money.compensation')}>
      {q.isLoading ? <PageLoading /> : q.isError || !c ? <ErrorState error={q.error} /> : (
        <Descriptions column={1} size="small" bordered items={[
          { key: 'no', label: t('money.no'), children: c.no },
          { key: 'status', label: tc('list.status'), children: <StatusTag doc="compensation" status={c.status} /> },
          { key: 'amount', label: t('money.amount'), children: <Typography.Text strong>{money(c.amount, c.currency)}</Typography.Text> },
          { key: 'exc', label: t('fields.sourceException'), children: c.sourceException ? <Link to={`/merchant/exceptions/${c.sourceException.id}`}>{c.sourceException.no}</Link> : '—' },
          { key: 'ref', label: t('money.reference'), children: c.reference ?? '—' },
          { key: 'paid', label: t('money.paidAt'), children: fmtTime(c.paidAt) },
          { key: 'created', label: tc('list.createdAt'), children: fmtTime(c.createdAt) },
        ]} />
      )}
    </Drawer>
  );
}

export default function CompensationList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { status } = useLabels();
  const url = useUrlFilters<{ status?: string; sourceExceptionId?: string; open?: string }>();
  const { filters } = url;
  const [openId, setOpen] = useUrlParam('open');
  const query = { status: filters.status, sourceExceptionId: filters.sourceExceptionId };
  const result = usePagedList<Compensation>(keys.compensations.list(), compensationsPath, query, url.cursor);

  const columns: ColumnsType<Compensation> = [
    { title: t('money.no'), dataIndex: 'no', fixed: 'left', render: (no, c) => <Typography.Link onClick={() => setOpen(c.id)}>{no}</Typography.Link> },
    { title: t('fields.sourceException'), dataIndex: 'sourceException', render: (e: Compensation['sourceException']) => (e ? <Link to={`/merchant/exceptions/${e.id}`}>{e.no}</Link> : '—') },
    { title: t('money.amount'), dataIndex: 'amount', align: 'right', render: (v, c) => <Typography.Text strong>{money(v, c.currency)}</Typography.Text> },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="compensation" status={s} /> },
    { title: t('money.reference'), dataIndex: 'reference', render: (v) => v ?? '—' },
    { title: t('money.paidAt'), dataIndex: 'paidAt', render: fmtTime },
    { title: tc('list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
  ];

  return (
    <Card title={t('money.compensationsTitle')} extra={<Space size={16}><Typography.Text type="secondary">{t('money.compensationsHint')}</Typography.Text><ExportButton path={compensationsPath} query={query} /></Space>}>
      <Tabs activeKey={filters.status ?? 'ALL'} onChange={(k) => url.setFilters({ status: k === 'ALL' ? undefined : k })}
        items={[{ key: 'ALL', label: t('tabs.all') }, ...STATUSES.map((s) => ({ key: s, label: status('compensation', s) }))]} />
      <PagedTable<Compensation> result={result} pager={url} filtered={!!filters.status || !!filters.sourceExceptionId} columns={columns} />
      <CompensationDrawer id={openId} onClose={() => setOpen(undefined)} />
    </Card>
  );
}
