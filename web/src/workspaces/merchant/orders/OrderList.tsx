/**
 * 备货订单跟进 (FIRST / REPEAT) and JIT备货订单跟进 (JIT_REPEAT): tabs 待确认 / 待发货 / 已发货,
 * 接单 and 发货 from the row; JIT rows count down to their deadline.
 */
import { Card, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { stockingOrdersPath, type StockingOrder } from '../../../api/hooks/stockingOrders';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar, type FilterField } from '../../../components/FilterBar';
import { fmtTime, linesText, money } from '../../../components/format';
import { JitDeadline, OrderActions } from './OrderActions';
import { ShipDrawer } from './ShipDrawer';
import { ExportButton } from '../../../components/ExportButton';

const TABS: Record<string, string | undefined> = { PENDING_ACCEPT: 'PENDING_ACCEPT', ACCEPTED: 'ACCEPTED', SHIPPED: 'SHIPPED', COMPLETED: 'COMPLETED', ALL: undefined };

export default function OrderList({ jit }: { jit?: boolean }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { label, status } = useLabels();
  const url = useUrlFilters<{ tab?: string; q?: string; type?: string }>();
  const tab = url.filters.tab && url.filters.tab in TABS ? url.filters.tab : 'PENDING_ACCEPT';
  const type = jit ? 'JIT_REPEAT' : url.filters.type === 'FIRST' || url.filters.type === 'REPEAT' ? url.filters.type : 'FIRST,REPEAT';
  const query = { status: TABS[tab], type, q: url.filters.q };
  const result = usePagedList<StockingOrder>(keys.stockingOrders.list({ jit: !!jit }), stockingOrdersPath, query, url.cursor);
  const [shipping, setShipping] = useState<StockingOrder | null>(null);
  const base = jit ? '/merchant/jit-orders' : '/merchant/orders';

  const columns: ColumnsType<StockingOrder> = [
    {
      title: t('orders.no'), dataIndex: 'no', fixed: 'left', render: (no, o) => (
        <Space orientation="vertical" size={0}>
          <Link to={`${base}/${o.id}`} data-testid="order-link">{no}</Link>
          {o.sourceExceptionId && <Link to={`/merchant/exceptions/${o.sourceExceptionId}`}><Tag color="purple" style={{ marginTop: 4 }}>{t('orders.fromException')}</Tag></Link>}
        </Space>
      ),
    },
    { title: t('fields.orderType'), dataIndex: 'type', render: (v) => <Tag color={v === 'JIT_REPEAT' ? 'magenta' : 'default'}>{label('orderTypes', v)}</Tag> },
    { title: t('fields.goods'), dataIndex: 'lines', width: 220, render: (lines: StockingOrder['lines']) => <Typography.Text ellipsis={{ tooltip: linesText(lines, 'name') }} style={{ maxWidth: 204 }}>{linesText(lines, 'name')}</Typography.Text> },
    { title: t('orders.amount'), dataIndex: 'totalAmount', align: 'right', render: (v, o) => money(v, o.currency) },
    ...(jit ? [{ title: t('orders.deadline'), key: 'deadline', render: (_: unknown, o: StockingOrder) => <JitDeadline order={o} /> }] : []),
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="stockingOrder" status={s} /> },
    { title: tc('list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, o) => (
        <Space size={0}>
          <OrderActions order={o} onShip={setShipping} link />
          <Link to={`${base}/${o.id}`} style={{ padding: '0 8px' }}>{tc('list.detail')}</Link>
        </Space>
      ),
    },
  ];

  const fields: FilterField[] = [{ kind: 'input', name: 'q', label: t('orders.no'), placeholder: t('filters.noPlaceholder') }];
  if (!jit) fields.push({ kind: 'select', name: 'type', label: t('fields.orderType'), options: ['FIRST', 'REPEAT'].map((v) => ({ value: v, label: label('orderTypes', v) })) });

  return (
    <>
      <FilterBar filters={url.filters} onSearch={url.setFilters} onReset={() => url.resetFilters({ tab })} fields={fields} />
      <Card title={jit ? t('orders.jitTitle') : t('orders.title')} extra={<Space size={16}>{jit && <Typography.Text type="secondary">{t('orders.jitHint')}</Typography.Text>}<ExportButton path={stockingOrdersPath} query={query} /></Space>}>
        <Tabs activeKey={tab} onChange={(k) => url.setFilters({ tab: k })}
          items={Object.keys(TABS).map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{k === 'ALL' ? t('tabs.all') : status('stockingOrder', k)}</span> }))} />
        <PagedTable<StockingOrder> result={result} pager={url} filtered={!!url.filters.q || !!url.filters.type} columns={columns} />
      </Card>
      <ShipDrawer order={shipping} onClose={() => setShipping(null)} />
    </>
  );
}
