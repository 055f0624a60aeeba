/**
 * A merchant's drill-down from 商家表现: the scorecard the merchant sees (same period and warehouse
 * as the ranking, in the URL), plus what only the platform sees — the causes by subtype as a
 * Pareto chart with a table that opens each cause's exceptions — and the coaching history.
 */
import { Card, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { periodOf, useCoaching, useScorecard, type Scorecard } from '../../../api/hooks/performance';
import { ColumnsWithLine } from '../../../components/charts';
import { percent } from '../../../components/format';
import { ExportButton } from '../../../components/ExportButton';
import { listUrl, useUrlFilters } from '../../../components/list';
import { PageHeader } from '../../../components/PageHeader';
import { CoachingHistory } from '../../../components/performance/Coaching';
import { PeriodExtra } from '../../../components/performance/PeriodSwitch';
import { ScorecardView, type ScorecardLinks } from '../../../components/performance/ScorecardView';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { ErrorState, PageLoading } from '../../../components/States';

type Cause = NonNullable<Scorecard['topCauses']>[number];

function Pareto({ sc, causeLink }: { sc: Scorecard; causeLink: (c: Cause) => string }) {
  const { t } = useTranslation('performance');
  const { label } = useLabels();
  const causes = sc.topCauses ?? [];
  const total = causes.reduce((s, c) => s + c.units, 0);
  let running = 0;
  const line = causes.map((c) => {
    running += c.units;
    return { x: label('subtypes', c.subtype), pct: total ? Math.round((running * 10_000) / total) / 100 : null };
  });
  const columns: ColumnsType<Cause> = [
    { title: t('pareto.cause'), dataIndex: 'subtype', render: (v: string, c) => <Link to={causeLink(c)} data-testid={`cause-${v}`}>{label('subtypes', v)}</Link> },
    { title: t('byType.type'), dataIndex: 'type', render: (v: string) => label('types', v) },
    { title: t('byType.exceptions'), dataIndex: 'exceptions', align: 'right', render: (n: number, c) => <Link to={causeLink(c)}>{n}</Link> },
    { title: t('byType.units'), dataIndex: 'units', align: 'right' },
    { title: t('pareto.share'), dataIndex: 'shareOfExceptionUnitsPct', align: 'right', render: (v: number | null) => percent(v) },
    { title: t('byType.rate'), dataIndex: 'pct', align: 'right', render: (v: number | null) => percent(v) },
  ];
  return (
    <Card title={t('pareto.title')} style={{ marginBottom: 16 }} data-testid="pareto">
      <Typography.Paragraph type="secondary">{t('pareto.subtitle')}</Typography.Paragraph>
      <ColumnsWithLine testId="pareto-chart" columns={causes.map((c) => ({ x: label('subtypes', c.subtype), y: c.units, series: t('pareto.units') }))} line={line}
        columnsTitle={t('pareto.units')} lineTitle={t('pareto.cumulative')} lineName={t('pareto.cumulative')} empty={t('pareto.empty')} />
      {causes.length > 0 && (
        <ResponsiveTable<Cause> rowKey={(c) => `${c.type}:${c.subtype}`} size="small" pagination={false} dataSource={causes} columns={columns}
          scroll={{ x: 'max-content' }} cards={{}} style={{ marginTop: 16 }} data-testid="causes" />
      )}
    </Card>
  );
}

export default function MerchantPerformancePage() {
  const { t } = useTranslation('performance');
  const { id } = useParams();
  const { filters, setFilters } = useUrlFilters<{ days?: string; warehouseId?: string }>();
  const days = periodOf(filters.days);
  const q = useScorecard(id, days, filters.warehouseId);
  const coaching = useCoaching(id);
  const sc = q.data;
  const scope = { merchantId: id, warehouseId: filters.warehouseId };
  const exceptions = (extra: Record<string, string | undefined>) => listUrl('/ops/exceptions')({ status: 'ALL', ...scope, ...extra });
  const links: ScorecardLinks = {
    exceptions,
    // the platform has no delivery-note list: the merchant's orders, whose notes OTIF counts
    notes: listUrl('/ops/orders')(scope),
    jit: listUrl('/ops/orders')({ ...scope, type: 'JIT_REPEAT' }),
    compensations: listUrl('/ops/compensations')({ merchantId: id }),
    penalties: listUrl('/ops/penalties')({ merchantId: id }),
  };
  return (
    <>
      <PageHeader title={t('drillTitle', { name: sc?.merchant.name ?? '' })} backTo={listUrl('/ops/performance')({ days: filters.days, warehouseId: filters.warehouseId })}
        extra={(
          <>
            <PeriodExtra sc={sc} days={days} onChange={(d) => setFilters({ days: String(d) })} />
            {id && <ExportButton path={`/merchants/${id}/scorecard`} query={{ days, warehouseId: filters.warehouseId }} />}
          </>
        )} />
      {q.isLoading ? <PageLoading /> : q.isError || !sc ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <>
          <ScorecardView sc={sc} links={links} />
          <Pareto sc={sc} causeLink={(c) => exceptions({ type: c.type, subtype: c.subtype, from: sc.period.from, to: sc.period.to })} />
          <CoachingHistory coaching={coaching.data} />
        </>
      )}
    </>
  );
}
