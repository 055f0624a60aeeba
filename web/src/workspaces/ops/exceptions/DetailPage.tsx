/** 异常详情 (ops): everything about one exception, with decide and cancel. */
import { Button, Skeleton } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCancelException, useException } from '../../../api/hooks/exceptions';
import { useNames } from '../../../api/hooks/admin';
import { ErrorState } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { ExceptionBody } from '../shared/ExceptionBody';
import { PageHeader } from '../../../components/PageHeader';
import { ReasonModal } from '../shared/ReasonModal';
import { DecideDrawer } from './DecideDrawer';

export default function DetailPage() {
  const { id } = useParams();
  const { t } = useTranslation('ops');
  const navigate = useNavigate();
  const exc = useException(id);
  const names = useNames();
  const cancel = useCancelException();
  const [deciding, setDeciding] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  if (exc.isError) return <ErrorState error={exc.error} onRetry={() => exc.refetch()} />;
  const e = exc.data;
  if (!e) return <Skeleton active paragraph={{ rows: 10 }} />;
  const pending = e.status === 'PENDING';
  return (
    <>
      <PageHeader title={t('detail.title', { no: e.no })} tags={<StatusTag doc="exception" status={e.status} />}
        subTitle={pending ? t('detail.pendingHint') : undefined}
        extra={<>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>{t('common:error.back')}</Button>
          {pending && <Button danger onClick={() => setCancelling(true)} data-testid="detail-cancel">{t('queue.cancel')}</Button>}
          {pending && <Button type="primary" onClick={() => setDeciding(true)} data-testid="detail-decide">{t('queue.decide')}</Button>}
        </>} />
      <ExceptionBody exc={e} names={names} />
      <DecideDrawer id={deciding ? e.id : null} onClose={() => setDeciding(false)} />
      <ReasonModal open={cancelling} title={t('cancel.title', { no: e.no })} field="reason" label={t('cancel.reason')} placeholder={t('cancel.placeholder')}
        testId="cancel-reason" onClose={() => setCancelling(false)}
        onSubmit={(reason) => cancel.mutateAsync({ id: e.id, reason, version: e.version })} />
    </>
  );
}
