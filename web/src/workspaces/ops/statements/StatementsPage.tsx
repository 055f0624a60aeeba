/** 对账单 (ops): statements by merchant and month; a month opens in a drawer, where an open month can be closed by hand. */
import { App, Button, Drawer, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session';
import { useNames } from '../../../api/hooks/admin';
import { useCloseStatement, useStatement, useStatements } from '../../../api/hooks/statements';
import { FilterBar } from '../../../components/FilterBar';
import { useUrlFilters } from '../../../components/list';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatementMonths, StatementView } from '../../../components/statements/StatementView';
import { documentPath } from '../../../layout/document-links';
import { problemMessage } from '../shared/problem';

type F = Record<string, string | undefined>;

function MonthDrawer({ merchantId, month, onClose }: { merchantId?: string; month?: string; onClose: () => void }) {
  const { t } = useTranslation('statements');
  const { message } = App.useApp();
  const { user } = useSession();
  const q = useStatement(merchantId, month);
  const close = useCloseStatement();
  const doClose = async () => {
    try {
      await close.mutateAsync({ merchantId: merchantId!, month: month! });
      message.success(t('closed', { month }));
      await q.refetch();
    } catch (e) {
      message.error(problemMessage(e, t('notEnded')));
    }
  };
  const s = q.data;
  return (
    <Drawer open={!!merchantId && !!month} onClose={onClose} size={980} title={`${t('title')} ${month ?? ''}`}>
      {q.isLoading ? <PageLoading /> : q.isError || !s ? <ErrorState error={q.error} /> : (
        <StatementView statement={s} linkOf={(d) => documentPath(user!.role, { ...d, no: d.no })}
          extra={s.status === 'OPEN' && (
            <Popconfirm title={t('closeConfirm', { month })} onConfirm={doClose}>
              <Button type="primary" danger loading={close.isPending} disabled={Date.now() < Date.parse(s.period.end)} title={Date.now() < Date.parse(s.period.end) ? t('notEnded') : undefined} data-testid="close-month">{t('close')}</Button>
            </Popconfirm>
          )} />
      )}
    </Drawer>
  );
}

export default function StatementsPage() {
  const { t } = useTranslation('statements');
  const names = useNames();
  const { filters, setFilters, resetFilters } = useUrlFilters<F>();
  const month = filters.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(filters.month) ? filters.month : undefined;
  const list = useStatements({ merchantId: filters.merchantId, month });
  return (
    <>
      <PageHeader title={t('title')} subTitle={t('opsSubtitle')} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'merchantId', label: t('merchant'), kind: 'select', options: names.merchantOptions },
        { name: 'month', label: t('month'), kind: 'input', placeholder: 'YYYY-MM' },
      ]} />
      {list.isError ? <ErrorState error={list.error} /> : (
        <StatementMonths showMerchant items={list.data?.items ?? []} loading={list.isLoading}
          onOpen={(s) => setFilters({ ...filters, open: `${s.merchant.id}/${s.month}` })} />
      )}
      <MonthDrawer merchantId={filters.open?.split('/')[0]} month={filters.open?.split('/')[1]}
        onClose={() => setFilters({ ...filters, open: undefined })} />
    </>
  );
}
