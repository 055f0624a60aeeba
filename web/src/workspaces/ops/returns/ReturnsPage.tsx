/**
 * 退货单 (ops): every return order, read-only — filters in the URL (status, merchant, warehouse,
 * no., and `sourceExceptionId` set from a return's detail), cursor pager; a row's number opens its detail (ops has no action on a return, so no actions column).
 */
import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { useException } from '../../../api/hooks/exceptions';
import { returnOrdersPath, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { fmtTime, linesText } from '../../../components/format';
import { MethodCell, StatusCell } from './method';
import { ExportButton } from '../../../components/ExportButton';

type F = Record<string, string | undefined>;
const SUB = { fontSize: 12, color: 'rgba(0,0,0,.45)' };

export default function ReturnsPage() {
  const { t } = useTranslation('ops');
  const { statusOptions } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const query = { q: filters.q, status: filters.status, merchantId: filters.merchantId, warehouseId: filters.warehouseId, sourceExceptionId: filters.sourceExceptionId };
  const result = usePagedList<ReturnOrder>(keys.returnOrders.list(), returnOrdersPath, query, cursor);
  // the filter carries an id; its tag names the exception by number
  const source = useException(filters.sourceExceptionId);
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader title={t('returns.title')} subTitle={t('returns.subtitle')} extra={<ExportButton path={returnOrdersPath} query={query} />} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'q', label: t('returns.no'), kind: 'input', placeholder: 'RO…' },
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('returnOrder'), multiple: true },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
        { name: 'warehouseId', label: t('field.warehouse'), kind: 'select', options: names.warehouseOptions },
      ]} />
      <Card>
        {filters.sourceExceptionId && (
          <Space style={{ marginBottom: 12 }}>
            <Tag closable color="purple" onClose={() => setFilters({ sourceExceptionId: undefined })} data-testid="filter-source-exception">
              {t('returns.byException', { no: source.data?.no ?? '…' })}
            </Tag>
          </Space>
        )}
        <PagedTable<ReturnOrder> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={filtered} {...emptyHint(result, t('returns.empty'), filtered)}
          columns={[
            { title: t('returns.no'), dataIndex: 'no', fixed: 'left', render: (no: string, r) => <Link to={`/ops/returns/${r.id}`} data-testid={`return-${no}`}>{no}</Link> },
            {
              title: t('field.merchantWarehouse'), key: 'who',
              render: (_, r) => <div style={{ maxWidth: 200 }}><Typography.Text ellipsis>{names.merchant(r.merchantId)}</Typography.Text><div style={SUB}>{names.warehouse(r.warehouseId)}</div></div>,
            },
            {
              title: t('returns.source'), key: 'source',
              render: (_, r) => <div>{r.sourceException ? <Link to={`/ops/exceptions/${r.sourceException.id}`}>{r.sourceException.no}</Link> : '-'}<div style={SUB}>{r.deliveryNote?.no ?? '-'}</div></div>,
            },
            {
              title: t('returns.goods'), key: 'goods',
              render: (_, r) => (
                <Space size={4}>
                  <Typography.Text ellipsis={{ tooltip: linesText(r.lines) }} style={{ maxWidth: 180 }}>{linesText(r.lines) || '-'}</Typography.Text>
                  {r.sealed && <Tag>{t('returns.sealed')}</Tag>}
                </Space>
              ),
            },
            { title: t('returns.method'), key: 'method', render: (_, r) => <MethodCell r={r} /> },
            { title: t('returns.statusDue'), dataIndex: 'status', render: (_: string, r) => <StatusCell r={r} /> },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
          ]} />
      </Card>
    </>
  );
}
