/** 异常管理: the merchant's exceptions, query-only, filters and status tab in the URL. */
import { Badge, Card, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { exceptionsPath, useExceptionCounts, type ExceptionSummary } from '../../../api/hooks/exceptions';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { dateBounds, fmtTime, linesText } from '../../../components/format';
import { ExportButton } from '../../../components/ExportButton';

type Filters = Record<'type' | 'plan' | 'taskCategory' | 'status' | 'deliveryNoteNo' | 'from' | 'to', string | undefined>;
const STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'CANCELLED'];

export default function ExceptionList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { label, status, options } = useLabels();
  const url = useUrlFilters<Filters>();
  const { filters } = url;
  const query = { type: filters.type, plan: filters.plan, taskCategory: filters.taskCategory, status: filters.status, deliveryNoteNo: filters.deliveryNoteNo, ...dateBounds(filters.from, filters.to) };
  const result = usePagedList<ExceptionSummary>(keys.exceptions.list(), exceptionsPath, query, url.cursor);
  // counts are per status over everything the merchant may see, so they show only when nothing else filters
  const narrowed = Object.entries(query).some(([k, v]) => k !== 'status' && !!v);
  const counts = useExceptionCounts().data;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;

  const columns: ColumnsType<ExceptionSummary> = [
    { title: t('exceptions.no'), dataIndex: 'no', fixed: 'left', render: (no, r) => <Link to={`/merchant/exceptions/${r.id}`} data-testid="exception-link">{no}</Link> },
    { title: t('fields.deliveryNoteNo'), dataIndex: 'deliveryNoteNo', render: (no, r) => <Link to={`/merchant/delivery-notes/${r.deliveryNoteId}`}>{no}</Link> },
    { title: t('exceptions.type'), dataIndex: 'type', render: (v) => <Tag>{label('types', v)}</Tag> },
    { title: t('exceptions.plan'), dataIndex: 'plan', render: (v) => (v ? label('plans', v) : <Typography.Text type="secondary">{t('exceptions.planPending')}</Typography.Text>) },
    { title: t('exceptions.taskCategory'), dataIndex: 'taskCategory', render: (v) => (v ? <Tag color={v === 'NONE' ? 'default' : 'gold'}>{label('taskCategories', v)}</Tag> : '—') },
    { title: t('fields.goods'), dataIndex: 'lines', width: 200, render: (lines: ExceptionSummary['lines']) => <Typography.Text ellipsis={{ tooltip: linesText(lines, 'name') }} style={{ maxWidth: 184 }}>{linesText(lines, 'name') || '—'}</Typography.Text> },
    { title: tc('list.status'), dataIndex: 'status', render: (v) => <StatusTag doc="exception" status={v} /> },
    { title: t('exceptions.registeredAt'), dataIndex: 'createdAt', render: fmtTime },
    { title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, r) => <Link to={`/merchant/exceptions/${r.id}`}>{tc('list.detail')}</Link> },
  ];

  const filtered = Object.values(query).some(Boolean);
  return (
    <>
      <FilterBar
        filters={filters}
        onSearch={url.setFilters}
        onReset={() => url.resetFilters({ status: filters.status })}
        fields={[
          { kind: 'input', name: 'deliveryNoteNo', label: t('fields.deliveryNoteNo'), placeholder: t('filters.noPlaceholder') },
          { kind: 'select', name: 'type', label: t('exceptions.type'), options: options('types') },
          { kind: 'select', name: 'plan', label: t('exceptions.plan'), options: options('plans') },
          { kind: 'select', name: 'taskCategory', label: t('exceptions.taskCategory'), options: options('taskCategories') },
          { kind: 'dateRange', name: 'dates', label: t('exceptions.registeredAt') },
        ]}
      />
      <Card title={t('exceptions.title')} extra={<ExportButton path={exceptionsPath} query={query} />}>
        <Tabs
          activeKey={filters.status ?? 'ALL'}
          onChange={(k) => url.setFilters({ status: k === 'ALL' ? undefined : k })}
          items={[{ key: 'ALL', label: <>{t('tabs.all')} {!narrowed && <Badge count={total} showZero color="#bfbfbf" overflowCount={9999} />}</> },
            ...STATUSES.map((s) => ({
              key: s,
              label: <span data-testid={`tab-${s}`}>{status('exception', s)} {!narrowed && <Badge count={counts?.[s] ?? 0} showZero color={s === 'PENDING' ? '#fa8c16' : s === 'PROCESSING' ? '#1677ff' : '#bfbfbf'} overflowCount={9999} />}</span>,
            }))]}
        />
        <PagedTable<ExceptionSummary> result={result} pager={url} filtered={filtered} columns={columns} />
      </Card>
    </>
  );
}
