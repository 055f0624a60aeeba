/** After an ADMIN reset the password: choose a new one before anything else. */
import { Alert, Button, Card, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeOf, useSession } from '../auth/session';
import { PageLoading } from '../components/States';
import { PasswordForm } from './PasswordForm';

export default function ForcedPasswordChange() {
  const { t } = useTranslation();
  const { user, passwordChanged, logout } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  if (user === undefined) return <PageLoading />;
  if (!user) return <Navigate to="/login" replace />;
  const next = params.get('next') || homeOf(user.role);
  if (!user.mustChangePassword) return <Navigate to={next} replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: 440, maxWidth: '100%' }}>
        <Typography.Title level={4}>{t('account.forcedTitle')}</Typography.Title>
        <Alert type="info" showIcon title={t('account.forcedHint')} style={{ marginBottom: 16 }} />
        <PasswordForm onDone={() => { passwordChanged(); navigate(next, { replace: true }); }} />
        <Button type="link" style={{ marginTop: 8, paddingLeft: 0 }} onClick={logout}>{t('header.logout')}</Button>
      </Card>
    </div>
  );
}
