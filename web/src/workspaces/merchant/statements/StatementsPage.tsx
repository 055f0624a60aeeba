/** 对账单 (merchant): its months, newest first; a month opens with its lines (each linking its document) and downloads. */
import { Button } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session';
import { useStatement, useStatements } from '../../../api/hooks/statements';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatementMonths, StatementView } from '../../../components/statements/StatementView';
import { docPath } from '../docPath';
import { useUrlParam } from '../components/useUrlParam';

export default function StatementsPage() {
  const { t } = useTranslation('statements');
  const { user } = useSession();
  const merchantId = user?.merchantId ?? undefined;
  const [month, setMonth] = useUrlParam('month');
  const list = useStatements({});
  const one = useStatement(merchantId, month);
  if (month) {
    return (
      <>
        <PageHeader title={`${t('title')} ${month}`} subTitle={t('merchantSubtitle')}
          extra={<Button icon={<ArrowLeftOutlined />} onClick={() => setMonth(undefined)}>{t('back')}</Button>} />
        {one.isLoading ? <PageLoading /> : one.isError || !one.data ? <ErrorState error={one.error} />
          : <StatementView statement={one.data} linkOf={(d) => docPath(d.type, d.id)} />}
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('title')} subTitle={t('merchantSubtitle')} />
      {list.isError ? <ErrorState error={list.error} /> : (
        <StatementMonths items={list.data?.items ?? []} loading={list.isLoading} onOpen={(s) => setMonth(s.month)} />
      )}
    </>
  );
}
