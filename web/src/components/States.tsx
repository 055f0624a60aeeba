/** Loading, empty, error and not-found states that say what to do next. */
import { Button, Empty, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';

export function PageLoading() {
  return <div style={{ padding: 64, textAlign: 'center' }}><Spin size="large" /></div>;
}

export function NotFoundState() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result status="404" title={t('error.notFound')} subTitle={t('error.notFoundHint')}
      extra={<Button type="primary" onClick={() => navigate(-1)}>{t('error.back')}</Button>} />
  );
}

/** A failed query: not found gets its own page; anything else says what failed and offers a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) return <NotFoundState />;
  const detail = error instanceof ApiError ? error.detail : t('error.network');
  return (
    <Result status="warning" title={t('list.loadError')} subTitle={detail}
      extra={onRetry && <Button type="primary" onClick={onRetry}>{t('list.retry')}</Button>} />
  );
}

export function EmptyState({ filtered }: { filtered?: boolean }) {
  const { t } = useTranslation();
  return <Empty description={filtered ? t('list.emptyFiltered') : t('list.empty')} />;
}
