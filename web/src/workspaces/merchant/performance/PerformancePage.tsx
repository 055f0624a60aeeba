/** 入库表现: the merchant's own scorecard for 7/30/90 days (`days` in the URL) and its coaching levels; figures open its lists. */
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session';
import { periodOf, useCoaching, useScorecard } from '../../../api/hooks/performance';
import { ExportButton } from '../../../components/ExportButton';
import { listUrl, useUrlFilters } from '../../../components/list';
import { PageHeader } from '../../../components/PageHeader';
import { CoachingHistory } from '../../../components/performance/Coaching';
import { PeriodExtra } from '../../../components/performance/PeriodSwitch';
import { ScorecardView, type ScorecardLinks } from '../../../components/performance/ScorecardView';
import { ErrorState, PageLoading } from '../../../components/States';

const LINKS: ScorecardLinks = {
  exceptions: listUrl('/merchant/exceptions'),
  notes: '/merchant/delivery-notes',
  jit: '/merchant/jit-orders',
  compensations: '/merchant/compensations',
  penalties: '/merchant/penalties',
};

export default function PerformancePage() {
  const { t } = useTranslation('performance');
  const { user } = useSession();
  const { filters, setFilters } = useUrlFilters<{ days?: string }>();
  const days = periodOf(filters.days);
  const q = useScorecard(user?.merchantId, days);
  const coaching = useCoaching(user?.merchantId);
  const sc = q.data;
  return (
    <>
      <PageHeader title={t('merchantTitle')} subTitle={t('merchantSubtitle')}
        extra={(
          <>
            <PeriodExtra sc={sc} days={days} onChange={(d) => setFilters({ days: String(d) })} />
            {user?.merchantId && <ExportButton path={`/merchants/${user.merchantId}/scorecard`} query={{ days }} />}
          </>
        )} />
      {q.isLoading ? <PageLoading /> : q.isError || !sc ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <>
          <ScorecardView sc={sc} links={LINKS} />
          <CoachingHistory coaching={coaching.data} />
        </>
      )}
    </>
  );
}
