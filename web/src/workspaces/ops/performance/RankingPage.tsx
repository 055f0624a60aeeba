/**
 * 商家表现: merchants ranked by their scorecards (GET /api/scorecards) — period, warehouse and sort
 * in the URL, sorted by the server (the sorts it offers), paged by its cursor; a row opens the
 * merchant's drill-down with the same period and warehouse.
 */
import { Flex, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useNames } from '../../../api/hooks/admin';
import { periodOf, RANK_SORTS, rankingPath, type RankedMerchant, type Ranking, type RankSort } from '../../../api/hooks/performance';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar } from '../../../components/FilterBar';
import { money, percent } from '../../../components/format';
import { listUrl, PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { PageHeader } from '../../../components/PageHeader';
import { LevelTag } from '../../../components/performance/Coaching';
import { PeriodSwitch } from '../../../components/performance/PeriodSwitch';

type F = Record<'days' | 'warehouseId' | 'sort', string | undefined>;

export default function RankingPage() {
  const { t } = useTranslation('performance');
  const { t: to } = useTranslation('ops');
  const { lang } = useLabels();
  const navigate = useNavigate();
  const names = useNames();
  const url = useUrlFilters<F>();
  const { filters } = url;
  const days = periodOf(filters.days);
  const sort = filters.sort ?? 'score';
  const query = { days, warehouseId: filters.warehouseId, sort };
  const result = usePagedList<RankedMerchant>(['performance', 'ranking'], rankingPath, query, url.cursor);
  const drill = (id: string) => listUrl(`/ops/performance/${id}`)({ days: filters.days, warehouseId: filters.warehouseId });

  const sorted = (key: RankSort) => ({
    key,
    sorter: true,
    sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[],
    sortOrder: sort === key ? 'ascend' as const : sort === `-${key}` ? 'descend' as const : null,
  });
  const columns: ColumnsType<RankedMerchant> = [
    { title: t('rank.merchant'), dataIndex: ['merchant', 'name'], ...sorted('name'), render: (name: string, r) => <Link to={drill(r.merchant.id)} data-testid="rank-link">{name}</Link> },
    {
      title: t('rank.score'), dataIndex: 'score', ...sorted('score'),
      render: (v: number | null, r) => <>{v ?? t('none')} {r.band && <Tag color={r.band.warn ? 'red' : 'green'}>{r.band.label[lang]}</Tag>}</>,
    },
    {
      title: t('rank.exceptionRate'), dataIndex: ['exceptionRate', 'pct'], ...sorted('exceptionRate'), align: 'right',
      render: (v: number | null, r) => <>{percent(v)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.exceptionRate.ppm ?? ''}{r.exceptionRate.ppm !== null && ' PPM'}</Typography.Text></>,
    },
    { title: t('rank.otif'), dataIndex: ['otif', 'otifPct'], ...sorted('otif'), align: 'right', render: (v: number | null) => percent(v) },
    { title: t('rank.jit'), dataIndex: ['jit', 'onTimePct'], ...sorted('jit'), align: 'right', render: (v: number | null) => percent(v) },
    { title: t('rank.arrived'), dataIndex: ['units', 'arrived'], ...sorted('arrived'), align: 'right' },
    { title: t('rank.response'), dataIndex: ['response', 'avgHours'], ...sorted('response'), align: 'right', render: (v: number | null) => v ?? t('none') },
    {
      title: t('rank.penalties'), ...sorted('penalties'), align: 'right',
      render: (_, r) => (r.cost.penalties.length ? r.cost.penalties.map((p) => money(p.amount, p.currency)).join(' / ') : t('none')),
    },
    { title: t('rank.level'), key: 'status', dataIndex: 'worstCoachingLevel', render: (v: RankedMerchant['worstCoachingLevel']) => <LevelTag level={v} /> },
  ];
  const onSort = (s: SorterResult<RankedMerchant> | SorterResult<RankedMerchant>[]) => {
    const one = Array.isArray(s) ? s[0] : s;
    const key = one?.columnKey as RankSort | undefined;
    if (!key || !RANK_SORTS.includes(key) || !one.order) url.setFilters({ sort: undefined });
    else url.setFilters({ sort: one.order === 'descend' ? `-${key}` : key });
  };
  const total = (result.data as Ranking | undefined)?.total;
  return (
    <>
      <PageHeader title={t('rankingTitle')} subTitle={t('rankingSubtitle')}
        extra={(
          <Flex gap={12} align="center" wrap>
            <PeriodSwitch days={days} onChange={(d) => url.setFilters({ days: String(d) })} />
            <ExportButton path={rankingPath} query={query} />
          </Flex>
        )} />
      <FilterBar filters={filters} onSearch={url.setFilters} onReset={() => url.resetFilters({ days: filters.days, sort: filters.sort })}
        fields={[{ name: 'warehouseId', label: to('field.warehouse'), kind: 'select', options: names.warehouseOptions }]} />
      {total !== undefined && <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} data-testid="rank-total">{t('rank.total', { n: total })}</Typography.Text>}
      <PagedTable<RankedMerchant> result={result} pager={url} filtered={!!filters.warehouseId} columns={columns} rowKey={(r) => r.merchant.id}
        showSorterTooltip={false} onChange={(_p, _f, s) => onSort(s)} onRow={(r) => ({ onClick: (e) => { if (!(e.target as HTMLElement).closest('a')) navigate(drill(r.merchant.id)); }, style: { cursor: 'pointer' } })}
        cards={{ extra: 'score' }} data-testid="ranking" />
    </>
  );
}
