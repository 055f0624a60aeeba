/** 费用 (ops): per-unit fees charged with exceptions' plans; waive one with a reason. */
import { Button, Card } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { feesPath, useFeeActions, type Fee } from '../../../api/hooks/fees';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { ReasonModal } from '../shared/ReasonModal';
import { fmtTime, money } from '../../../components/format';
import { ExportButton } from '../../../components/ExportButton';

type F = Record<string, string | undefined>;

export default function FeesPage() {
  const { t } = useTranslation('ops');
  const { statusOptions, label, lang } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const { waive } = useFeeActions();
  const [waiving, setWaiving] = useState<Fee | null>(null);
  const query = { status: filters.status, merchantId: filters.merchantId, exceptionId: filters.exceptionId };
  const result = usePagedList<Fee>(keys.fees.list(), feesPath, query, cursor);
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader title={t('fees.title')} subTitle={t('fees.subtitle')} extra={<ExportButton path={feesPath} query={query} />} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('fee') },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
      ]} />
      <Card>
        <PagedTable<Fee> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={filtered} {...emptyHint(result, t('fees.empty'), filtered)}
          columns={[
            { title: t('field.no'), dataIndex: 'no' },
            { title: t('field.merchant'), dataIndex: 'merchantId', render: (id: string) => names.merchant(id) },
            { title: t('fees.exception'), key: 'exception', render: (_, r) => <Link to={`/ops/exceptions/${r.exception.id}`}>{r.exception.no}</Link> },
            { title: t('fees.service'), dataIndex: 'label', render: (l: Fee['label']) => l[lang] },
            { title: t('field.plan'), dataIndex: 'plan', render: (p: string) => label('plans', p) },
            { title: t('fees.level'), dataIndex: 'coachingLevel', render: (l: Fee['coachingLevel']) => t(`fees.levels.${l}`) },
            { title: t('fees.units'), dataIndex: 'units', align: 'right', render: (u: number, r) => `${u} × ${money(r.unitAmount, r.currency)}` },
            { title: t('fees.amount'), dataIndex: 'amount', align: 'right', render: (a: number, r) => money(a, r.currency) },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="fee" status={s} /> },
            { title: t('fees.waiveReason'), dataIndex: 'waiveReason', render: (s: string | null) => s ?? '-' },
            { title: t('fees.chargedAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (r.status === 'CHARGED'
                ? <Button type="link" size="small" onClick={() => setWaiving(r)} data-testid={`waive-fee-${r.no}`}>{t('fees.waive')}</Button> : null),
            },
          ]} />
      </Card>
      <ReasonModal open={!!waiving} title={t('fees.waiveTitle', { no: waiving?.no })} field="reason" label={t('fees.waiveReason')}
        placeholder={t('fees.waiveHint')} testId="fee-waive-reason" onClose={() => setWaiving(null)}
        onSubmit={(reason) => waive.mutateAsync({ id: waiving!.id, reason, version: waiving!.version })} />
    </>
  );
}
