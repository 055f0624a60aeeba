/**
 * Coaching levels per exception type (Amazon FBA's inbound coaching): the level, what it means and
 * what to do next, with the acceptable rate and day counts from the settings the API answers; and
 * the history of level changes.
 */
import { Card, Col, Empty, Flex, Row, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../api/catalog';
import type { Coaching, CoachingLevel, Scorecard } from '../../api/hooks/performance';
import { fmtDate, fmtTime, percent } from '../format';
import './text';

const LEVEL_COLOR: Record<CoachingLevel, string> = { STANDARD: 'green', ELEVATED: 'orange', CRITICAL: 'red' };

export function LevelTag({ level, testId }: { level: CoachingLevel; testId?: string }) {
  const { t } = useTranslation('performance');
  return <Tag color={LEVEL_COLOR[level]} data-testid={testId}>{t(`coaching.level.${level}`)}</Tag>;
}

/** One card per exception type: its level, the rates, what the level means and what to do next. */
export function CoachingCard({ sc, typeLink }: { sc: Scorecard; typeLink: (type: string) => string }) {
  const { t } = useTranslation('performance');
  const { label } = useLabels();
  const rules = sc.coaching.rules;
  return (
    <Card title={t('coaching.title')} style={{ marginBottom: 16 }} data-testid="coaching">
      <Typography.Paragraph type="secondary">{t('coaching.subtitle', { window: rules.windowDays })}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {sc.byType.map((row) => {
          const level = row.coaching.level;
          const vars = {
            rate: rules.acceptableRatePct[row.type], window: rules.windowDays,
            elevate: rules.elevateAfterDays, critical: rules.criticalAfterDays, recover: rules.recoverAfterDays,
          };
          return (
            <Col key={row.type} xs={24} md={12} xl={8}>
              <Card size="small" style={{ height: '100%', borderColor: level === 'STANDARD' ? undefined : LEVEL_COLOR[level] }} data-testid={`coaching-${row.type}`}>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <Link to={typeLink(row.type)}><Typography.Text strong>{label('types', row.type)}</Typography.Text></Link>
                  <LevelTag level={level} testId={`level-${row.type}`} />
                </Flex>
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                  {t('coaching.acceptable', { rate: vars.rate })} · {t('coaching.current', { rate: percent(row.pct) })}
                  {row.coaching.since && ` · ${t('coaching.since', { day: row.coaching.since })}`}
                </Typography.Text>
                <Typography.Paragraph style={{ margin: '8px 0 4px' }}>
                  <Typography.Text strong>{t('coaching.meaning')}</Typography.Text>{t(`coaching.explain.${level}`, vars)}
                </Typography.Paragraph>
                <Typography.Paragraph style={{ margin: 0 }}>
                  <Typography.Text strong>{t('coaching.next')}</Typography.Text>{t(`coaching.todo.${level}`, vars)}
                </Typography.Paragraph>
                {row.coaching.evaluatedThrough && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('coaching.evaluated', { day: row.coaching.evaluatedThrough })}</Typography.Text>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}

/** The merchant's level changes (COACHING_LEVEL_CHANGED events), newest first. */
export function CoachingHistory({ coaching }: { coaching?: Coaching }) {
  const { t } = useTranslation('performance');
  const { label } = useLabels();
  const events = [...(coaching?.history ?? [])].reverse();
  const level = (l: unknown) => (typeof l === 'string' ? t(`coaching.level.${l}`, { defaultValue: l }) : '');
  return (
    <Card title={t('coaching.history')} style={{ marginBottom: 16 }} data-testid="coaching-history">
      {events.length ? (
        <Timeline items={events.map((e) => ({
          key: e.id,
          color: e.to === 'CRITICAL' ? 'red' : e.to === 'ELEVATED' ? 'orange' : 'green',
          content: (
            <>
              <Typography.Text type="secondary" style={{ marginRight: 8 }}>{fmtTime(e.at)}</Typography.Text>
              <Typography.Text strong>{t('coaching.change', { type: label('types', String(e.data?.type ?? '')), from: level(e.from), to: level(e.to) })}</Typography.Text>
              {typeof e.data?.day === 'string' && <div><Typography.Text type="secondary">{t('coaching.day', { day: fmtDate(e.data.day) })}</Typography.Text></div>}
            </>
          ),
        }))} />
      ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.historyEmpty')} />}
    </Card>
  );
}
