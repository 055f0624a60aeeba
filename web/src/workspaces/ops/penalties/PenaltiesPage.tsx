/** 处罚 (ops): penalties for late JIT acceptance or shipment; waive with a reason, or confirm. */
import { App, Button, Card, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { penaltiesPath, usePenaltyActions, type Penalty } from '../../../api/hooks/penalties';
import { problemMessage } from '../shared/problem';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { ReasonModal } from '../shared/ReasonModal';
import { fmtTime, money } from '../../../components/format';
import { ExportButton } from '../../../components/ExportButton';

type F = Record<string, string | undefined>;
const REASONS = ['JIT_ACCEPT_LATE', 'JIT_SHIP_LATE'];

export default function PenaltiesPage() {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const { statusOptions } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const { waive, confirm } = usePenaltyActions();
  const [waiving, setWaiving] = useState<Penalty | null>(null);
  const query = { status: filters.status, merchantId: filters.merchantId, reason: filters.reason };
  const result = usePagedList<Penalty>(keys.penalties.list(), penaltiesPath, query, cursor);
  const doConfirm = async (p: Penalty) => {
    try {
      await confirm.mutateAsync({ id: p.id, version: p.version });
      message.success(t('penalties.confirmed', { no: p.no }));
    } catch (e) {
      message.error(problemMessage(e, t('common:error.generic')));
    }
  };
  return (
    <>
      <PageHeader title={t('penalties.title')} subTitle={t('penalties.subtitle')} extra={<ExportButton path={penaltiesPath} query={query} />} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('penalty') },
        { name: 'reason', label: t('penalties.reason'), kind: 'select', options: REASONS.map((r) => ({ value: r, label: t(`penalties.reasons.${r}`) })) },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
      ]} />
      <Card>
        <PagedTable<Penalty> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={Object.keys(filters).length > 0} {...emptyHint(result, t('penalties.empty'), Object.keys(filters).length > 0)}
          columns={[
            { title: t('field.no'), dataIndex: 'no' },
            { title: t('field.merchant'), dataIndex: 'merchantId', render: (id: string) => names.merchant(id) },
            { title: t('field.orderNo'), key: 'order', render: (_, r) => r.stockingOrder.no ?? '-' },
            { title: t('penalties.reason'), dataIndex: 'reason', render: (r: string) => t(`penalties.reasons.${r}`) },
            { title: t('penalties.amount'), dataIndex: 'amount', align: 'right', render: (a: number, r) => money(a, r.currency) },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="penalty" status={s} /> },
            { title: t('penalties.waiveReason'), dataIndex: 'waiveReason', render: (s: string | null) => s ?? '-' },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (r.status === 'ISSUED' ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setWaiving(r)} data-testid={`waive-${r.no}`}>{t('penalties.waive')}</Button>
                  <Popconfirm title={t('penalties.confirmAsk')} onConfirm={() => doConfirm(r)} okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
                    <Button type="link" size="small" data-testid={`confirm-${r.no}`}>{t('penalties.confirm')}</Button>
                  </Popconfirm>
                </Space>
              ) : null),
            },
          ]} />
      </Card>
      <ReasonModal open={!!waiving} title={t('penalties.waiveTitle', { no: waiving?.no })} field="reason" label={t('penalties.waiveReason')}
        placeholder={t('penalties.waiveHint')} testId="waive-reason" onClose={() => setWaiving(null)}
        onSubmit={(reason) => waive.mutateAsync({ id: waiving!.id, reason, version: waiving!.version })} />
    </>
  );
}
