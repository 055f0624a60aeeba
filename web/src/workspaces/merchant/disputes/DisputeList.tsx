/** 我的申诉: the merchant's disputes, their documents, status and the platform's answer. */
import { Card, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { disputesPath, type Dispute } from '../../../api/hooks/disputes';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../../components/format';

const STATUSES = ['OPEN', 'ACCEPTED', 'REJECTED'];

export function disputedLink(d: Pick<Dispute, 'document'>, base: '/merchant' | '/ops') {
  if (d.document.type === 'EXCEPTION') return `${base}/exceptions/${d.document.id}`;
  if (d.document.type === 'PENALTY') return base === '/merchant' ? `/merchant/penalties?open=${d.document.id}` : '/ops/penalties';
  if (d.document.type === 'FEE') return base === '/merchant' ? `/merchant/fees?open=${d.document.id}` : '/ops/fees';
  return undefined;
}

export default function DisputeList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { status } = useLabels();
  const url = useUrlFilters<{ status?: string }>();
  const query = { status: url.filters.status };
  const result = usePagedList<Dispute>(keys.disputes.list(), disputesPath, query, url.cursor);
  const columns: ColumnsType<Dispute> = [
    { title: t('disputes.no'), dataIndex: 'no', fixed: 'left' },
    {
      title: t('disputes.document'), key: 'doc',
      render: (_, d) => {
        const to = disputedLink(d, '/merchant');
        const text = `${t(`disputes.types.${d.document.type}`)} ${d.document.no ?? ''}`;
        return to ? <Link to={to}>{text}</Link> : text;
      },
    },
    { title: t('disputes.text'), dataIndex: 'text', ellipsis: true, width: 260 },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <span data-testid="dispute-status"><StatusTag doc="dispute" status={s} /></span> },
    { title: t('disputes.answer'), dataIndex: 'decisionReason', render: (v: string | null, d) => (v ? <>{v}{d.autoDecided && <Typography.Text type="secondary"> ({t('disputes.auto')})</Typography.Text>}</> : '—') },
    { title: t('disputes.openedAt'), dataIndex: 'createdAt', render: fmtTime },
    { title: t('disputes.decidedAt'), dataIndex: 'decidedAt', render: fmtTime },
  ];
  return (
    <Card title={t('disputes.title')} extra={<Typography.Text type="secondary">{t('disputes.hint')}</Typography.Text>}>
      <Tabs activeKey={url.filters.status ?? 'ALL'} onChange={(k) => url.setFilters({ status: k === 'ALL' ? undefined : k })}
        items={[{ key: 'ALL', label: t('tabs.all') }, ...STATUSES.map((s) => ({ key: s, label: status('dispute', s) }))]} />
      <PagedTable<Dispute> result={result} pager={url} filtered={!!url.filters.status} columns={columns} />
    </Card>
  );
}
