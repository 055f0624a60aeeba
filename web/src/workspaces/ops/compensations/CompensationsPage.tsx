/** 赔付 (ops): compensations for transport damage; record the payment reference to mark one paid. */
import { Button, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { compensationsPath, usePayCompensation, type Compensation } from '../../../api/hooks/compensations';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { ReasonModal } from '../shared/ReasonModal';
import { fmtTime, money } from '../../../components/format';
import { Link } from 'react-router';
import { ExportButton } from '../../../components/ExportButton';

type F = Record<string, string | undefined>;

export default function CompensationsPage() {
  const { t } = useTranslation('ops');
  const { statusOptions } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const pay = usePayCompensation();
  const [paying, setPaying] = useState<Compensation | null>(null);
  const query = { status: filters.status, merchantId: filters.merchantId };
  const result = usePagedList<Compensation>(keys.compensations.list(), compensationsPath, query, cursor);
  return (
    <>
      <PageHeader title={t('compensations.title')} subTitle={t('compensations.subtitle')} extra={<ExportButton path={compensationsPath} query={query} />} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('compensation') },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
      ]} />
      <Card>
        <PagedTable<Compensation> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={Object.keys(filters).length > 0} {...emptyHint(result, t('compensations.empty'), Object.keys(filters).length > 0)}
          columns={[
            { title: t('field.no'), dataIndex: 'no' },
            { title: t('field.merchant'), dataIndex: 'merchantId', render: (id: string) => names.merchant(id) },
            { title: t('field.sourceException'), key: 'src', render: (_, r) => (r.sourceException ? <Link to={`/ops/exceptions/${r.sourceException.id}`}>{r.sourceException.no}</Link> : '-') },
            { title: t('compensations.amount'), dataIndex: 'amount', align: 'right', render: (a: number, r) => money(a, r.currency) },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="compensation" status={s} /> },
            { title: t('compensations.reference'), dataIndex: 'reference', render: (s: string | null) => s ?? '-' },
            { title: t('compensations.paidAt'), dataIndex: 'paidAt', render: fmtTime },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (r.status === 'PENDING'
                ? <Button type="link" size="small" onClick={() => setPaying(r)} data-testid={`pay-${r.no}`}>{t('compensations.pay')}</Button> : null),
            },
          ]} />
      </Card>
      <ReasonModal open={!!paying} multiline={false} title={t('compensations.payTitle', { no: paying?.no, amount: money(paying?.amount, paying?.currency) })}
        field="reference" label={t('compensations.reference')} placeholder={t('compensations.referenceHint')} testId="pay-reference"
        onClose={() => setPaying(null)} onSubmit={(reference) => pay.mutateAsync({ id: paying!.id, reference, version: paying!.version })} />
    </>
  );
}
