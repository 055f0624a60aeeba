/**
 * 运营看板 trend and Pareto (GET /api/dashboard/trend, from the daily rollups): the last 12 weeks
 * — exceptions registered by type (columns) and the exception rate of arrived units (line) — and
 * the causes (subtypes) largest first with their cumulative share. Every count links to the
 * exception list with the same filters in the URL (registration, decision or completion week, type,
 * subtype, warehouse).
 * DashboardPage loads this module lazily, so the chart library stays out of its first chunk.
 */
import { Card, Col, Row, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useDashboardTrend, type DashboardTrend } from '../../../api/hooks/dashboard';
import { ColumnsWithLine } from '../../../components/charts';
import { percent } from '../../../components/format';
import { listUrl } from '../../../components/list';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { ErrorState, PageLoading } from '../../../components/States';

type Week = DashboardTrend['weekly'][number];
type Cause = DashboardTrend['pareto']['causes'][number];

const exceptionsUrl = listUrl('/ops/exceptions');
const weekLabel = (w: string) => dayjs(w).format('MM-DD');

function TrendCard({ d, link }: { d: DashboardTrend; link: (q: Record<string, string | undefined>) => string }) {
  const { t } = useTranslation('ops');
  const { label } = useLabels();
  const types = [...new Set(d.weekly.flatMap((w) => Object.entries(w.byType).filter(([, n]) => n > 0).map(([type]) => type)))];
  const columns = d.weekly.flatMap((w) => types.map((type) => ({ x: weekLabel(w.week), y: w.byType[type] ?? 0, series: label('types', type) })));
  const inWeek = (w: Week, extra: Record<string, string> = {}) => link({ status: 'ALL', from: w.from, to: w.to, ...extra });
  const table: ColumnsType<Week> = [
    { title: t('dashboard.trend.week'), dataIndex: 'week', render: (v: string, w) => <Link to={inWeek(w)}>{`${weekLabel(w.from)} ~ ${weekLabel(w.to)}`}</Link> },
    { title: t('dashboard.trend.registered'), dataIndex: 'registered', align: 'right', render: (n: number, w) => <Link to={inWeek(w)} data-testid={`trend-week-${w.week}`}>{n}</Link> },
    ...types.map((type) => ({
      title: label('types', type), key: type, align: 'right' as const,
      render: (_: unknown, w: Week) => <Link to={inWeek(w, { type })}>{w.byType[type] ?? 0}</Link>,
    })),
    { title: t('dashboard.trend.rate'), key: 'rate', align: 'right', render: (_, w) => <Link to={inWeek(w)}>{percent(w.exceptionRate.pct)}</Link> },
    { title: t('dashboard.trend.arrived'), dataIndex: 'arrived', align: 'right' },
    // decided / completed that week (the rollups date them by decision and completion day)
    { title: t('dashboard.trend.decided'), dataIndex: 'decided', align: 'right', render: (n: number, w) => <Link to={link({ status: 'ALL', decidedFrom: w.from, decidedTo: w.to })} data-testid={`trend-decided-${w.week}`}>{n}</Link> },
    { title: t('dashboard.trend.completed'), dataIndex: 'completed', align: 'right', render: (n: number, w) => <Link to={link({ status: 'ALL', completedFrom: w.from, completedTo: w.to })}>{n}</Link> },
  ];
  return (
    <Card title={t('dashboard.trend.title', { weeks: d.period.weeks })} style={{ height: '100%' }} data-testid="trend-card"
      extra={<Typography.Text type="secondary">{t('dashboard.trend.totals', { registered: d.totals.registered, rate: percent(d.totals.exceptionRate.pct) })}</Typography.Text>}>
      <ColumnsWithLine testId="trend-chart" columns={columns} line={d.weekly.map((w) => ({ x: weekLabel(w.week), pct: w.exceptionRate.pct }))}
        columnsTitle={t('dashboard.trend.registered')} lineTitle={t('dashboard.trend.rate')} lineName={t('dashboard.trend.rate')} empty={t('dashboard.trend.empty')} />
      <ResponsiveTable<Week> rowKey="week" size="small" pagination={false} dataSource={[...d.weekly].reverse()} columns={table}
        scroll={{ x: 'max-content' }} cards={{}} style={{ marginTop: 16 }} data-testid="trend-weeks" />
    </Card>
  );
}

function ParetoCard({ d, link }: { d: DashboardTrend; link: (q: Record<string, string | undefined>) => string }) {
  const { t } = useTranslation('ops');
  const { label } = useLabels();
  const causes = d.pareto.causes;
  const causeLink = (c: Cause) => link({ status: 'ALL', type: c.type, subtype: c.subtype, from: d.period.from, to: d.period.to });
  const table: ColumnsType<Cause> = [
    { title: t('dashboard.pareto.cause'), dataIndex: 'subtype', render: (v: string, c) => <Link to={causeLink(c)}>{label('subtypes', v)}</Link> },
    { title: t('dashboard.pareto.type'), dataIndex: 'type', render: (v: string) => label('types', v) },
    { title: t('dashboard.pareto.count'), dataIndex: 'count', align: 'right', render: (n: number, c) => <Link to={causeLink(c)} data-testid={`pareto-cause-${c.subtype}`}>{n}</Link> },
    { title: t('dashboard.pareto.share'), dataIndex: 'sharePct', align: 'right', render: (v: number | null) => percent(v) },
    { title: t('dashboard.pareto.cumulative'), dataIndex: 'cumulativePct', align: 'right', render: (v: number | null) => percent(v) },
  ];
  return (
    <Card title={t('dashboard.pareto.title')} style={{ height: '100%' }} data-testid="pareto-card"
      extra={<Link to={link({ status: 'ALL', from: d.period.from, to: d.period.to })}>{t('dashboard.pareto.total', { n: d.pareto.total })}</Link>}>
      <ColumnsWithLine testId="pareto-chart" columns={causes.map((c) => ({ x: label('subtypes', c.subtype), y: c.count, series: t('dashboard.pareto.count') }))}
        line={causes.map((c) => ({ x: label('subtypes', c.subtype), pct: c.cumulativePct }))}
        columnsTitle={t('dashboard.pareto.count')} lineTitle={t('dashboard.pareto.cumulative')} lineName={t('dashboard.pareto.cumulative')} empty={t('dashboard.pareto.empty')} />
      {causes.length > 0 && (
        <ResponsiveTable<Cause> rowKey={(c) => `${c.type}:${c.subtype}`} size="small" pagination={false} dataSource={causes} columns={table}
          scroll={{ x: 'max-content' }} cards={{}} style={{ marginTop: 16 }} data-testid="pareto-causes" />
      )}
    </Card>
  );
}

export default function TrendCards({ warehouseId }: { warehouseId?: string }) {
  const q = useDashboardTrend(warehouseId);
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const link = (extra: Record<string, string | undefined>) => exceptionsUrl({ ...extra, warehouseId });
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24}><TrendCard d={q.data} link={link} /></Col>
      <Col xs={24}><ParetoCard d={q.data} link={link} /></Col>
    </Row>
  );
}
