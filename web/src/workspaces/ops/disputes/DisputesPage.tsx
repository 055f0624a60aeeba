/** 申诉处理 (ops): merchants' disputes with their SLA countdown (overdue in red); accept or reject with a reason. */
import { Button, Card, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { disputesPath, useDisputeActions, type Dispute } from '../../../api/hooks/disputes';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { ReasonModal } from '../shared/ReasonModal';
import { fmtTime } from '../../../components/format';
import { span } from '../../merchant/components/Countdown';
import { disputedLink } from '../../merchant/disputes/DisputeList';

type F = Record<string, string | undefined>;

/** Time left to the SLA (blue, orange in the last 12 h), or how long it is overdue (red); ticks every 30 s. */
function SlaTag({ dueAt }: { dueAt: string }) {
  const { t } = useTranslation('ops');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const h = setInterval(() => setNow(Date.now()), 30_000); return () => clearInterval(h); }, []);
  const left = Date.parse(dueAt) - now;
  const p = span(left);
  const text = p.d > 0 ? t('disputes.dh', p) : t('disputes.hm', p);
  const color = left < 0 ? 'red' : left < 12 * 3600_000 ? 'orange' : 'blue';
  return <Tag color={color} title={fmtTime(dueAt)} data-testid={left < 0 ? 'sla-overdue' : 'sla-left'}>{left < 0 ? t('disputes.overdueBy', { time: text }) : t('disputes.left', { time: text })}</Tag>;
}

export default function DisputesPage() {
  const { t } = useTranslation('ops');
  const { statusOptions } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const { decide } = useDisputeActions();
  const [deciding, setDeciding] = useState<{ d: Dispute; to: 'accept' | 'reject' } | null>(null);
  const status = filters.status ?? 'OPEN';
  const query = { status: status === 'ALL' ? undefined : status, merchantId: filters.merchantId, documentType: filters.documentType, overdue: filters.overdue };
  const result = usePagedList<Dispute>(keys.disputes.list(), disputesPath, query, cursor);
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader title={t('disputes.title')} subTitle={t('disputes.subtitle')} />
      <FilterBar filters={{ status, ...filters }} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'status', label: t('common:list.status'), kind: 'select', options: [{ value: 'ALL', label: t('common:list.all') }, ...statusOptions('dispute')] },
        { name: 'documentType', label: t('disputes.document'), kind: 'select', options: ['EXCEPTION', 'PENALTY', 'FEE'].map((v) => ({ value: v, label: t(`disputes.types.${v}`) })) },
        { name: 'overdue', label: t('disputes.sla'), kind: 'select', options: [{ value: 'true', label: t('disputes.overdueOnly') }] },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
      ]} />
      <Card>
        <PagedTable<Dispute> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={filtered} {...emptyHint(result, t('disputes.empty'), filtered)}
          onRow={(d) => ({ style: d.overdue ? { background: '#fff1f0' } : undefined, 'data-testid': `dispute-row-${d.no}` } as never)}
          columns={[
            { title: t('field.no'), dataIndex: 'no' },
            { title: t('field.merchant'), dataIndex: 'merchantId', render: (id: string) => names.merchant(id) },
            {
              title: t('disputes.document'), key: 'doc',
              render: (_, d) => {
                const to = disputedLink(d, '/ops');
                const text = `${t(`disputes.types.${d.document.type}`)} ${d.document.no ?? ''}`;
                return to ? <Link to={to}>{text}</Link> : text;
              },
            },
            { title: t('disputes.text'), dataIndex: 'text', ellipsis: true, width: 240 },
            {
              title: t('disputes.sla'), key: 'sla',
              render: (_, d) => (d.status === 'OPEN' ? <SlaTag dueAt={d.dueAt} />
                : <Tag>{fmtTime(d.decidedAt)}</Tag>),
            },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="dispute" status={s} /> },
            { title: t('disputes.reason'), dataIndex: 'decisionReason', ellipsis: true, width: 200, render: (s: string | null, d) => (s ? `${s}${d.autoDecided ? ` (${t('disputes.auto')})` : ''}` : '-') },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, d) => (d.status === 'OPEN' ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setDeciding({ d, to: 'accept' })} data-testid={`accept-${d.no}`}>{t('disputes.accept')}</Button>
                  <Button type="link" size="small" danger onClick={() => setDeciding({ d, to: 'reject' })} data-testid={`reject-${d.no}`}>{t('disputes.reject')}</Button>
                </Space>
              ) : null),
            },
          ]} />
      </Card>
      <ReasonModal open={!!deciding} title={t(deciding?.to === 'reject' ? 'disputes.rejectTitle' : 'disputes.acceptTitle', { no: deciding?.d.no })}
        field="reason" label={t('disputes.reason')} placeholder={t(deciding?.to === 'reject' ? 'disputes.rejectHint' : 'disputes.acceptHint')}
        testId="dispute-reason" onClose={() => setDeciding(null)}
        onSubmit={(reason) => decide.mutateAsync({ id: deciding!.d.id, to: deciding!.to, reason, version: deciding!.d.version })} />
    </>
  );
}
