/** 异常处理台: the queue by status with counts, filters in the URL, decide / bulk decide / cancel. */
import { Alert, Badge, Button, Card, Flex, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useCancelException, useExceptionCounts, exceptionsPath, type ExceptionSummary } from '../../../api/hooks/exceptions';
import { useNames } from '../../../api/hooks/admin';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar, type FilterField } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { ReasonModal } from '../shared/ReasonModal';
import { dateBounds, fmtTime } from '../../../components/format';
import { BulkDecideModal } from './BulkDecideModal';
import { DecideDrawer } from './DecideDrawer';
import { ExportButton } from '../../../components/ExportButton';

const STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'CANCELLED'] as const;
type F = Record<string, string | undefined>;
const SUB = { fontSize: 12, color: 'rgba(0,0,0,.45)' };

/** `{from, to}` → `{decidedFrom, decidedTo}` (or completed…). */
const renamed = (b: { from?: string; to?: string }, prefix: 'decided' | 'completed') => ({ [`${prefix}From`]: b.from, [`${prefix}To`]: b.to });

export default function QueuePage() {
  const { t } = useTranslation('ops');
  const { label, options, catalog, status } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const counts = useExceptionCounts();
  const cancel = useCancelException();
  const [deciding, setDeciding] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<ExceptionSummary | null>(null);
  const [selected, setSelected] = useState<ExceptionSummary[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const tab = filters.status ?? 'PENDING';
  const query = useMemo(() => ({
    status: tab === 'ALL' ? undefined : tab,
    type: filters.type, subtype: filters.subtype, plan: filters.plan, merchantId: filters.merchantId, warehouseId: filters.warehouseId,
    deliveryNoteNo: filters.deliveryNoteNo, overdue: filters.overdue, ...dateBounds(filters.from, filters.to),
    // 运营看板's weekly decided / completed counts link here with their days
    ...renamed(dateBounds(filters.decidedFrom, filters.decidedTo), 'decided'), ...renamed(dateBounds(filters.completedFrom, filters.completedTo), 'completed'),
  }), [tab, filters]);
  const result = usePagedList<ExceptionSummary>(keys.exceptions.list(), exceptionsPath, query, cursor);
  const subtypeOptions = (catalog?.subtypes ?? []).filter((s) => !filters.type || s.type === filters.type).map((s) => ({ value: s.code, label: label('subtypes', s.code) }));
  const fields: FilterField[] = [
    { name: 'deliveryNoteNo', label: t('field.deliveryNoteNo'), kind: 'input', placeholder: 'DN…' },
    { name: 'type', label: t('field.type'), kind: 'select', options: options('types') },
    { name: 'subtype', label: t('field.subtype'), kind: 'select', options: subtypeOptions },
    { name: 'plan', label: t('field.plan'), kind: 'select', options: options('plans') },
    { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
    { name: 'warehouseId', label: t('field.warehouse'), kind: 'select', options: names.warehouseOptions },
    { name: 'dates', label: t('field.registeredAt'), kind: 'dateRange' },
    { name: 'overdue', label: t('queue.overdueOnly'), kind: 'switch' },
  ];
  const filtered = Object.keys(filters).some((k) => k !== 'status');
  const subtypes = new Set(selected.map((s) => s.subtype));
  const total = Object.values(counts.data ?? {}).reduce((a, b) => a + b, 0);
  const tabs = [
    ...STATUSES.map((s) => ({ key: s, label: <Space size={6}>{status('exception', s)}<Badge count={counts.data?.[s] ?? 0} showZero overflowCount={999} color={s === 'PENDING' ? '#fa8c16' : '#bfbfbf'} /></Space> })),
    { key: 'ALL', label: <Space size={6}>{t('queue.tab.ALL')}<Badge count={total} showZero overflowCount={9999} color="#bfbfbf" /></Space> },
  ];
  return (
    <>
      <PageHeader title={t('queue.title')} subTitle={t('queue.subtitle')} extra={<ExportButton path={exceptionsPath} query={query} />} />
      <FilterBar fields={fields} filters={filters} onSearch={(v) => { setSelected([]); setFilters({ ...v, status: filters.status }); }}
        onReset={() => { setSelected([]); resetFilters({ status: filters.status }); }} />
      <Card>
        <Tabs activeKey={tab} items={tabs} data-testid="status-tabs" onChange={(k) => { setSelected([]); setFilters({ status: k === 'PENDING' ? undefined : k }); }} />
        {selected.length > 0 && (
          <Alert style={{ marginBottom: 12 }} type={subtypes.size === 1 ? 'info' : 'warning'} showIcon
            title={(
              <Flex justify="space-between" align="center" gap={12}>
                <span>{subtypes.size === 1 ? t('bulk.selected', { count: selected.length, subtype: label('subtypes', selected[0].subtype) }) : t('bulk.mixed', { count: selected.length })}</span>
                <Space>
                  <Button size="small" onClick={() => setSelected([])}>{t('bulk.clear')}</Button>
                  <Button size="small" type="primary" disabled={subtypes.size !== 1} onClick={() => setBulkOpen(true)} data-testid="bulk-decide">{t('bulk.open')}</Button>
                </Space>
              </Flex>
            )} />
        )}
        <PagedTable<ExceptionSummary> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={filtered} {...emptyHint(result, t(`queue.empty.${tab}`), filtered)}
          rowSelection={{
            selectedRowKeys: selected.map((s) => s.id),
            onChange: (_, rows) => setSelected(rows),
            getCheckboxProps: (r) => ({ disabled: r.status !== 'PENDING' }),
          }}
          columns={[
            {
              title: t('field.noAndNote'), dataIndex: 'no', fixed: 'left',
              render: (no: string, r) => <div><Link to={`/ops/exceptions/${r.id}`} data-testid={`exception-link-${no}`}>{no}</Link><div style={SUB}>{r.deliveryNoteNo}</div></div>,
            },
            { title: t('field.merchantWarehouse'), key: 'who', render: (_, r) => <div style={{ maxWidth: 200 }}><Typography.Text ellipsis>{names.merchant(r.merchantId)}</Typography.Text><div style={SUB}>{names.warehouse(r.warehouseId)}</div></div> },
            { title: t('field.typeSubtype'), key: 'type', render: (_, r) => <div><div>{label('types', r.type)}</div><div style={SUB}>{label('subtypes', r.subtype)}</div></div> },
            { title: t('field.stageOrderType'), key: 'stage', render: (_, r) => <div><div>{label('stages', r.stage)}</div><div style={SUB}>{label('orderTypes', r.orderType)}</div></div> },
            { title: t('field.totalQty'), dataIndex: 'totalQty', align: 'right' },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string, r) => <Space size={4}><StatusTag doc="exception" status={s} />{r.overdue && <Tag color="red">{t('queue.overdue')}</Tag>}</Space> },
            { title: t('field.plan'), dataIndex: 'plan', render: (p: string | null) => (p ? label('plans', p) : '-') },
            {
              title: t('field.registeredDue'), dataIndex: 'createdAt',
              render: (d: string, r) => <div><div>{fmtTime(d)}</div>{r.status === 'PENDING' && <div style={{ ...SUB, color: r.overdue ? '#ff4d4f' : undefined }}>{t('queue.dueAt', { at: fmtTime(r.decisionDueAt) })}</div>}</div>,
            },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (
                <Space size={0}>
                  {r.status === 'PENDING' && <Button type="link" size="small" onClick={() => setDeciding(r.id)} data-testid={`decide-${r.no}`}>{t('queue.decide')}</Button>}
                  {r.status === 'PENDING' && <Tooltip title={t('queue.cancelHint')}><Button type="link" size="small" danger onClick={() => setCancelling(r)} data-testid={`cancel-${r.no}`}>{t('queue.cancel')}</Button></Tooltip>}
                  <Link to={`/ops/exceptions/${r.id}`}><Button type="link" size="small">{t('common:list.detail')}</Button></Link>
                </Space>
              ),
            },
          ]} />
      </Card>
      <DecideDrawer id={deciding} onClose={() => { setDeciding(null); setSelected([]); }} />
      <BulkDecideModal rows={selected} open={bulkOpen} onClose={(done) => { setBulkOpen(false); if (done) setSelected([]); }} />
      <ReasonModal open={!!cancelling} title={t('cancel.title', { no: cancelling?.no })} field="reason" label={t('cancel.reason')} placeholder={t('cancel.placeholder')}
        testId="cancel-reason" onClose={() => setCancelling(null)}
        onSubmit={(reason) => cancel.mutateAsync({ id: cancelling!.id, reason, version: cancelling!.version })} />
    </>
  );
}
