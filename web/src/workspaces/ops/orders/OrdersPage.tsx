/** 备货订单 (ops): every stocking order, filters in the URL, and the create drawer. */
import { Button, Card, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { stockingOrdersPath, type StockingOrder } from '../../../api/hooks/stockingOrders';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { fmtTime, linesText, money } from '../../../components/format';
import { CreateOrderDrawer } from './CreateOrderDrawer';
import { ExportButton } from '../../../components/ExportButton';

type F = Record<string, string | undefined>;

export default function OrdersPage() {
  const { t } = useTranslation('ops');
  const { label, options, statusOptions } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const [creating, setCreating] = useState(false);
  const query = { q: filters.q, status: filters.status, type: filters.type, merchantId: filters.merchantId, warehouseId: filters.warehouseId, fromPlan: filters.fromPlan };
  const result = usePagedList<StockingOrder>(keys.stockingOrders.list(), stockingOrdersPath, query, cursor);
  return (
    <>
      <PageHeader title={t('orders.title')} subTitle={t('orders.subtitle')}
        extra={<><ExportButton path={stockingOrdersPath} query={query} /><Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="order-create">{t('orders.create')}</Button></>} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'q', label: t('field.orderNo'), kind: 'input', placeholder: 'SO…' },
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('stockingOrder'), multiple: true },
        { name: 'type', label: t('field.orderType'), kind: 'select', options: options('orderTypes') },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
        { name: 'warehouseId', label: t('field.warehouse'), kind: 'select', options: names.warehouseOptions },
        { name: 'fromPlan', label: t('orders.fromPlanOnly'), kind: 'switch' },
      ]} />
      <Card>
        <PagedTable<StockingOrder> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={Object.keys(filters).length > 0} {...emptyHint(result, t('orders.empty'), Object.keys(filters).length > 0)}
          columns={[
            { title: t('field.orderNo'), dataIndex: 'no', render: (no: string, r) => <Space size={4}>{no}{r.sourceExceptionId && <Tag color="purple">{t('orders.fromException')}</Tag>}</Space> },
            { title: t('field.merchantWarehouse'), key: 'who', render: (_, r) => <div style={{ maxWidth: 200 }}><Typography.Text ellipsis>{names.merchant(r.merchantId)}</Typography.Text><div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>{names.warehouse(r.warehouseId)}</div></div> },
            { title: t('field.orderType'), dataIndex: 'type', render: (s: string) => label('orderTypes', s) },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="stockingOrder" status={s} /> },
            { title: t('orders.lines'), key: 'lines', render: (_, r) => <Typography.Text ellipsis={{ tooltip: linesText(r.lines) }} style={{ maxWidth: 200 }}>{linesText(r.lines)}</Typography.Text> },
            { title: t('orders.total'), dataIndex: 'totalAmount', align: 'right', render: (a: number, r) => money(a, r.currency) },
            { title: t('orders.deadlines'), key: 'jit', render: (_, r) => (r.type === 'JIT_REPEAT' ? <div style={{ fontSize: 12 }}><div>{t('orders.acceptBy')} {fmtTime(r.acceptBy)}</div><div>{t('orders.shipBy')} {fmtTime(r.shipBy)}</div></div> : '-') },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
          ]} />
      </Card>
      <CreateOrderDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
