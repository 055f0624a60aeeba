/**
 * 运营看板: statistic cards and bar lists over GET /api/dashboard; every number that has a list
 * behind it links to that list with the same filter (e.g. /ops/exceptions?overdue=true). Below,
 * the 12-week trend and the Pareto of causes for the warehouse chosen in the URL (`warehouseId`),
 * loaded lazily with the chart library (./TrendCards.tsx).
 */
import { Button, Card, Col, Flex, Row, Select, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useDashboard, type MoneyTotal } from '../../../api/hooks/dashboard';
import { ErrorState, PageLoading } from '../../../components/States';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime, money } from '../../../components/format';
import { StatCard } from '../../../components/StatCard';
import { listUrl, useUrlFilters } from '../../../components/list';
import { useNames } from '../../../api/hooks/admin';
import { BarList, type Bar } from './BarList';

const TrendCards = lazy(() => import('./TrendCards'));

const EXCEPTION_COLORS: Record<string, string> = { PENDING: '#fa8c16', PROCESSING: '#1677ff', COMPLETED: '#52c41a', CANCELLED: '#bfbfbf' };
const RETURN_DONE = new Set(['SIGNED', 'PICKED_UP', 'DISPOSED']);

const exceptionsUrl = listUrl('/ops/exceptions');
const returnsUrl = listUrl('/ops/returns');
const amountText = (m: MoneyTotal) => (m.amounts.length ? m.amounts.map((a) => money(a.amount, a.currency)).join(' / ') : money(0));

export default function DashboardPage() {
  const { t } = useTranslation('ops');
  const { label, status } = useLabels();
  const q = useDashboard();
  const names = useNames();
  const { filters, setFilters } = useUrlFilters<{ warehouseId?: string }>();
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const e = d.exceptions;
  const byStatus: Bar[] = Object.entries(e.byStatus).map(([s, n]) => ({
    key: s, label: status('exception', s), value: n, color: EXCEPTION_COLORS[s], to: exceptionsUrl(s === 'PENDING' ? {} : { status: s }),
  }));
  const byType: Bar[] = Object.entries(e.pendingByType).map(([type, n]) => ({ key: type, label: label('types', type), value: n, color: '#fa8c16', to: exceptionsUrl({ type }) }));
  const byPlan: Bar[] = Object.entries(e.decided.byPlan).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
    .map(([plan, n]) => ({ key: plan, label: label('plans', plan), value: n, color: '#722ed1', to: exceptionsUrl({ status: 'ALL', plan }) }));
  const returns: Bar[] = Object.entries(d.returnOrders.byStatus)
    .map(([s, n]) => ({ key: s, label: status('returnOrder', s), value: n, color: RETURN_DONE.has(s) ? '#52c41a' : '#13c2c2', to: returnsUrl({ status: s }) }));
  const comp = d.compensations.pending;
  const pen = d.penalties.issued;
  const card = (title: ReactNode, extra: ReactNode, body: ReactNode) => (
    <Card title={title} extra={extra} style={{ height: '100%' }}>{body}</Card>
  );
  return (
    <>
      <PageHeader title={t('dashboard.title')} subTitle={t('dashboard.subtitle')}
        extra={(
          <Flex align="center" gap={12}>
            <Select allowClear placeholder={t('dashboard.allWarehouses')} style={{ width: 200 }} value={filters.warehouseId} options={names.warehouseOptions}
              onChange={(v?: string) => setFilters({ warehouseId: v })} data-testid="dashboard-warehouse" aria-label={t('dashboard.warehouse')} />
            <Typography.Text type="secondary" data-testid="dashboard-as-of">{t('dashboard.asOf', { at: fmtTime(d.asOf) })}</Typography.Text>
            <Button icon={<ReloadOutlined />} loading={q.isFetching} onClick={() => q.refetch()}>{t('dashboard.refresh')}</Button>
          </Flex>
        )} />
      <Flex gap={16} wrap style={{ marginBottom: 16 }}>
        <StatCard testId="stat-pending" title={t('dashboard.pending')} value={e.byStatus.PENDING ?? 0} color="#fa8c16" to={exceptionsUrl({})}
          hint={t('dashboard.pendingHint', { n: e.byStatus.PROCESSING ?? 0 })} />
        <StatCard testId="stat-overdue" title={t('dashboard.overdue')} value={e.overduePending} color={e.overduePending ? '#ff4d4f' : undefined}
          to={exceptionsUrl({ overdue: 'true' })} hint={t('dashboard.overdueHint')} />
        <StatCard testId="stat-replenishment" title={t('dashboard.awaiting')} value={d.replenishment.awaitingMerchant}
          to="/ops/orders?fromPlan=true&status=PENDING_ACCEPT%2CACCEPTED"
          hint={t('dashboard.awaitingHint', { accept: d.replenishment.byStatus.PENDING_ACCEPT, ship: d.replenishment.byStatus.ACCEPTED })} />
        <StatCard testId="stat-compensations" title={t('dashboard.compensations')} value={amountText(comp)} to="/ops/compensations?status=PENDING"
          hint={t('dashboard.compensationsHint', { count: comp.count })} />
        <StatCard testId="stat-penalties" title={t('dashboard.penalties')} value={pen.count} color={pen.count ? '#cf1322' : undefined} to="/ops/penalties?status=ISSUED"
          hint={t('dashboard.penaltiesHint', { amount: pen.count ? amountText(pen) : t('dashboard.noAmount') })} />
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          {card(t('dashboard.byStatus'), <Link to={exceptionsUrl({ status: 'ALL' })}>{t('dashboard.view')}</Link>,
            <BarList testId="bars-status" bars={byStatus} empty={t('dashboard.none')} />)}
        </Col>
        <Col xs={24} lg={12}>
          {card(t('dashboard.pendingByType'), <Link to={exceptionsUrl({})}>{t('dashboard.view')}</Link>,
            <BarList testId="bars-type" bars={byType} empty={t('dashboard.none')} />)}
        </Col>
        <Col xs={24} lg={12}>
          {card(t('dashboard.decided', { days: e.decided.days }), <Typography.Text type="secondary">{t('dashboard.decidedTotal', { n: e.decided.total })}</Typography.Text>,
            <BarList testId="bars-plan" bars={byPlan} empty={t('dashboard.noDecisions', { days: e.decided.days })} />)}
        </Col>
        <Col xs={24} lg={12}>
          {card(t('dashboard.returns'), (
            <Flex align="center" gap={12}>
              <Tooltip title={t('dashboard.returnsHint')}><InfoCircleOutlined style={{ color: 'rgba(0,0,0,.45)' }} /></Tooltip>
              <Link to={returnsUrl({})} data-testid="returns-view">{t('dashboard.view')}</Link>
            </Flex>
          ),
            <BarList testId="bars-returns" bars={returns} empty={t('dashboard.none')} />)}
        </Col>
      </Row>
      <Suspense fallback={<PageLoading />}><TrendCards warehouseId={filters.warehouseId} /></Suspense>
    </>
  );
}
