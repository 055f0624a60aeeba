/**
 * A merchant's scorecard (GET /api/merchants/:id/scorecard) as the merchant's 入库表现 and the ops
 * drill-down show it: the score and its band, the figures, the weekly trend, the rates by exception
 * type and by plan, the coaching levels. Every figure opens the list it counts, through `links`
 * (each page knows its own lists and the filters they take).
 */
import { Card, Col, Flex, Progress, Row, Statistic, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../api/catalog';
import type { Money, Scorecard } from '../../api/hooks/performance';
import { ColumnsWithLine } from '../charts';
import { money, percent } from '../format';
import { ResponsiveTable } from '../ResponsiveTable';
import { StatCard } from '../StatCard';
import { CoachingCard, LevelTag } from './Coaching';
import './text';

/** Where each figure leads; `exceptions` gets the figure's own filters (type, plan, status) and adds the page's. */
export interface ScorecardLinks {
  exceptions: (q: Record<string, string>) => string;
  notes: string;
  jit: string;
  compensations: string;
  penalties: string;
}

const moneyText = (rows: Money[], key: 'amount' | 'paid') => (rows.length ? rows.map((r) => money(r[key] ?? 0, r.currency)).join(' / ') : money(0));
const count = (rows: Money[]) => rows.reduce((s, r) => s + r.count, 0);

function ScoreCard({ sc }: { sc: Scorecard }) {
  const { t } = useTranslation('performance');
  const { lang } = useLabels();
  const color = sc.band?.warn ? '#cf1322' : '#389e0d';
  return (
    <Card style={{ height: '100%' }} styles={{ body: { padding: '20px 24px' } }} data-testid="score">
      <Flex align="baseline" gap={8} wrap>
        <Statistic title={t('score.title')} value={sc.score ?? t('none')} suffix={sc.score !== null ? '/ 100' : undefined} styles={{ content: { color, fontSize: 32 } }} />
        {sc.band && <Tag color={sc.band.warn ? 'red' : 'green'} data-testid="score-band">{sc.band.label[lang]}</Tag>}
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', margin: '4px 0 12px' }}>{sc.score === null ? t('score.noData') : sc.band?.warn ? t('score.warn') : ' '}</Typography.Text>
      {(Object.keys(sc.components) as (keyof Scorecard['components'])[]).map((c) => (
        <Flex key={c} align="center" gap={12}>
          <Typography.Text style={{ width: 96, flex: 'none' }} ellipsis>{t(`component.${c}`)}</Typography.Text>
          <Progress style={{ flex: 1, margin: 0 }} percent={sc.components[c] ?? 0} showInfo={false} size="small" strokeColor={sc.components[c] === null ? undefined : (sc.components[c] ?? 0) < 50 ? '#cf1322' : '#52c41a'} />
          <Typography.Text strong style={{ width: 32, flex: 'none', textAlign: 'right' }}>{sc.components[c] === null ? t('none') : Math.round(sc.components[c]!)}</Typography.Text>
        </Flex>
      ))}
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>{t('score.weights', sc.weights)}</Typography.Text>
    </Card>
  );
}

function Figures({ sc, links }: { sc: Scorecard; links: ScorecardLinks }) {
  const { t } = useTranslation('performance');
  const { compensations, penalties } = sc.cost;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} xl={8}><ScoreCard sc={sc} /></Col>
      <Col xs={24} xl={16}>
        <Flex gap={16} wrap>
      <StatCard testId="fig-exception-rate" title={t('fig.exceptionRate')} value={percent(sc.exceptionRate.pct)} color={sc.exceptionRate.units ? '#fa8c16' : undefined}
        to={links.exceptions({})} hint={t('fig.exceptionHint', { units: sc.exceptionRate.units, arrived: sc.units.arrived, ppm: sc.exceptionRate.ppm ?? t('none') })} />
      <StatCard testId="fig-otif" title={t('fig.otif')} value={percent(sc.otif.otifPct)} to={links.notes}
        hint={t('fig.otifHint', { due: sc.otif.due, onTime: percent(sc.otif.onTimePct), inFull: percent(sc.otif.inFullPct) })} />
      <StatCard testId="fig-jit" title={t('fig.jit')} value={percent(sc.jit.onTimePct)} to={links.jit}
        hint={t('fig.jitHint', { accept: percent(sc.jit.acceptOnTimePct), ship: percent(sc.jit.shipOnTimePct) })} />
      <StatCard testId="fig-compensations" title={t('fig.compensations')} value={moneyText(compensations, 'amount')} to={links.compensations}
        hint={t('fig.compensationsHint', { count: count(compensations), paid: moneyText(compensations, 'paid') })} />
      <StatCard testId="fig-penalties" title={t('fig.penalties')} value={moneyText(penalties, 'amount')} color={penalties.length ? '#cf1322' : undefined} to={links.penalties}
        hint={t('fig.penaltiesHint', { count: count(penalties) })} />
        </Flex>
      </Col>
    </Row>
  );
}

function Trend({ sc }: { sc: Scorecard }) {
  const { t } = useTranslation('performance');
  const { label } = useLabels();
  const x = (week: string) => dayjs(week).format('MM-DD');
  const types = sc.byType.filter((b) => b.units > 0).map((b) => b.type);
  const columns = sc.weekly.flatMap((w) => types.map((type) => ({ x: x(w.week), y: w.byType[type] ?? 0, series: label('types', type) })));
  return (
    <Card title={t('trend.title')} style={{ marginBottom: 16 }}>
      <ColumnsWithLine testId="trend-chart" columns={columns} line={sc.weekly.map((w) => ({ x: x(w.week), pct: w.pct }))}
        columnsTitle={t('trend.units')} lineTitle={t('trend.rate')} lineName={t('trend.rate')} empty={t('trend.empty')} />
    </Card>
  );
}

type TypeRow = Scorecard['byType'][number];
type PlanRow = Scorecard['byPlan'][number];

function Breakdowns({ sc, links }: { sc: Scorecard; links: ScorecardLinks }) {
  const { t } = useTranslation('performance');
  const { label } = useLabels();
  const typeLink = (type: string) => links.exceptions({ type });
  // exceptions without a plan yet are the pending ones (the list has no "no plan" filter)
  const planLink = (plan: string) => links.exceptions(plan === 'UNDECIDED' ? { status: 'PENDING' } : { plan });
  const rate = { title: t('byType.rate'), dataIndex: 'pct', render: (v: number | null) => percent(v) };
  const ppm = { title: t('byType.ppm'), dataIndex: 'ppm', render: (v: number | null) => v ?? t('none') };
  const typeColumns: ColumnsType<TypeRow> = [
    { title: t('byType.type'), dataIndex: 'type', render: (v: string) => <Link to={typeLink(v)} data-testid={`type-${v}`}>{label('types', v)}</Link> },
    { title: t('byType.exceptions'), dataIndex: 'exceptions', align: 'right', render: (n: number, r) => <Link to={typeLink(r.type)}>{n}</Link> },
    { title: t('byType.units'), dataIndex: 'units', align: 'right' },
    { ...rate, align: 'right' }, { ...ppm, align: 'right' },
    { title: t('byType.level'), key: 'status', render: (_, r) => <LevelTag level={r.coaching.level} /> },
  ];
  const planColumns: ColumnsType<PlanRow> = [
    { title: t('byPlan.plan'), dataIndex: 'plan', render: (v: string) => <Link to={planLink(v)} data-testid={`plan-${v}`}>{v === 'UNDECIDED' ? t('byPlan.undecided') : label('plans', v)}</Link> },
    { title: t('byType.exceptions'), dataIndex: 'exceptions', align: 'right', render: (n: number, r) => <Link to={planLink(r.plan)}>{n}</Link> },
    { title: t('byType.units'), dataIndex: 'units', align: 'right' },
    { ...rate, align: 'right' }, { ...ppm, align: 'right' },
  ];
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} xl={14}>
        <Card title={t('byType.title')} style={{ height: '100%' }}>
          <ResponsiveTable<TypeRow> rowKey="type" size="small" pagination={false} dataSource={sc.byType} columns={typeColumns} scroll={{ x: 'max-content' }} cards={{}} data-testid="by-type" />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('byPlan.title')} style={{ height: '100%' }}>
          <ResponsiveTable<PlanRow> rowKey="plan" size="small" pagination={false} dataSource={sc.byPlan} columns={planColumns} scroll={{ x: 'max-content' }} cards={{}}
            locale={{ emptyText: t('byPlan.empty') }} data-testid="by-plan" />
        </Card>
      </Col>
    </Row>
  );
}

export function ScorecardView({ sc, links: pageLinks }: { sc: Scorecard; links: ScorecardLinks }) {
  // the period's days on every exception link: the rollups date an exception by its registration day
  const links = { ...pageLinks, exceptions: (q: Record<string, string>) => pageLinks.exceptions({ ...q, from: sc.period.from, to: sc.period.to }) };
  return (
    <>
      <Figures sc={sc} links={links} />
      <Trend sc={sc} />
      <Breakdowns sc={sc} links={links} />
      <CoachingCard sc={sc} typeLink={(type) => links.exceptions({ type })} />
    </>
  );
}
