/** 退货管理: returns by state in tabs (待确认 first), 录入退货方式 and 签收 right from the list. */
import { Card, Space, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { returnOrdersPath, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { Countdown } from '../components/Countdown';
import { FilterBar } from '../../../components/FilterBar';
import { fmtTime, linesText } from '../../../components/format';
import { MethodDrawer } from './MethodDrawer';
import { ReturnActions } from './ReturnActions';
import { ExportButton } from '../../../components/ExportButton';

export const RETURN_TABS: Record<string, string | undefined> = {
  PENDING_METHOD: 'PENDING_METHOD',
  AWAITING: 'AWAITING_SHIPMENT,AWAITING_PICKUP,AWAITING_DISPOSAL',
  SHIPPED: 'SHIPPED',
  DONE: 'SIGNED,PICKED_UP,DISPOSED',
  ALL: undefined,
};

export function MethodSummary({ r }: { r: ReturnOrder }) {
  const { t } = useTranslation('merchant');
  if (!r.method) return <Typography.Text type="secondary">{t('returns.noMethod')}</Typography.Text>;
  const detail = r.method === 'PLATFORM_LOGISTICS'
    ? [r.address ? `${r.address.name} ${r.address.region}` : '', r.trackingNo ? `${r.carrier ?? ''} ${r.trackingNo}` : ''].filter(Boolean).join(' · ')
    : r.method === 'MERCHANT_PICKUP' ? t('returns.pickupAtShort', { time: fmtTime(r.pickupAt) }) : '';
  return (
    <Space orientation="vertical" size={0}>
      <span>{t(`common:returnMethods.${r.method}`)}</span>
      {detail && <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 200 }} ellipsis={{ tooltip: detail }}>{detail}</Typography.Text>}
    </Space>
  );
}

export default function ReturnList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const url = useUrlFilters<{ tab?: string; q?: string }>();
  const tab = url.filters.tab && url.filters.tab in RETURN_TABS ? url.filters.tab : 'PENDING_METHOD';
  const query = { status: RETURN_TABS[tab], q: url.filters.q };
  const result = usePagedList<ReturnOrder>(keys.returnOrders.list(), returnOrdersPath, query, url.cursor);
  const [entering, setEntering] = useState<ReturnOrder | null>(null);

  const columns: ColumnsType<ReturnOrder> = [
    { title: t('returns.no'), dataIndex: 'no', fixed: 'left', render: (no, r) => <Link to={`/merchant/returns/${r.id}`} data-testid="return-link">{no}</Link> },
    { title: t('fields.sourceException'), dataIndex: 'sourceException', render: (e: ReturnOrder['sourceException']) => (e ? <Link to={`/merchant/exceptions/${e.id}`}>{e.no}</Link> : '—') },
    { title: t('fields.goods'), dataIndex: 'lines', width: 170, render: (lines: ReturnOrder['lines'], r) => <Typography.Text ellipsis={{ tooltip: linesText(lines, 'name') }} style={{ maxWidth: 154 }}>{linesText(lines, 'name')}{r.sealed ? ` (${t('returns.sealed')})` : ''}</Typography.Text> },
    { title: t('returns.method'), key: 'method', width: 216, render: (_, r) => <MethodSummary r={r} /> },
    {
      title: t('returns.methodDue'), dataIndex: 'methodDueAt',
      render: (v, r) => (r.status === 'PENDING_METHOD' && v ? <Countdown deadline={v} label={t('returns.methodDueShort')} /> : fmtTime((r as ReturnOrder & { methodEnteredAt?: string | null }).methodEnteredAt)),
    },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="returnOrder" status={s} /> },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, r) => (
        <Space size={0}>
          <ReturnActions order={r} onEnterMethod={setEntering} link />
          <Link to={`/merchant/returns/${r.id}`} style={{ padding: '0 8px' }}>{tc('list.detail')}</Link>
        </Space>
      ),
    },
  ];

  return (
    <>
      <FilterBar filters={url.filters} onSearch={url.setFilters} onReset={() => url.resetFilters({ tab })}
        fields={[{ kind: 'input', name: 'q', label: t('returns.no'), placeholder: t('filters.noPlaceholder') }]} />
      <Card title={t('returns.title')} extra={<ExportButton path={returnOrdersPath} query={query} />}>
        <Tabs activeKey={tab} onChange={(k) => url.setFilters({ tab: k })}
          items={Object.keys(RETURN_TABS).map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`returns.tabs.${k}`)}</span> }))} />
        <PagedTable<ReturnOrder> result={result} pager={url} filtered={!!url.filters.q} columns={columns} />
      </Card>
      <MethodDrawer order={entering} onClose={() => setEntering(null)} />
    </>
  );
}
