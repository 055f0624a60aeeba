/** The period of a scorecard page (7/30/90 days, kept in the URL by the page) and the days it covers; without the charts, so the ranking loads none. */
import { Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PERIODS, type Scorecard } from '../../api/hooks/performance';
import './text';

export function PeriodSwitch({ days, onChange }: { days: number; onChange: (days: number) => void }) {
  const { t } = useTranslation('performance');
  return <Segmented<number> value={days} onChange={onChange} options={PERIODS.map((d) => ({ value: d, label: t(`period.${d}`) }))} data-testid="period" />;
}

/** The head's right side: the period's days and the switch. */
export function PeriodExtra({ sc, days, onChange }: { sc?: Scorecard; days: number; onChange: (days: number) => void }) {
  const { t } = useTranslation('performance');
  return (
    <>
      {sc && <Typography.Text type="secondary" style={{ alignSelf: 'center' }} data-testid="period-range">{t('range', { from: sc.period.from, to: sc.period.to })}</Typography.Text>}
      <PeriodSwitch days={days} onChange={onChange} />
    </>
  );
}
