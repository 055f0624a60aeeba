import { Button, Card, Form, Input, Typography, Alert } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { homeOf, useSession } from '../auth/session';
import { setLanguage } from '../i18n';
import { PageLoading } from '../components/States';

export default function Login() {
  const { t, i18n } = useTranslation();
  const { user, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (user === undefined) return <PageLoading />;
  if (user) return <Navigate to={params.get('next') || homeOf(user.role)} replace />;
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const u = await login(v.username.trim(), v.password);
      navigate(params.get('next') || homeOf(u.role), { replace: true });
    } catch (e) {
      setError(!(e instanceof ApiError) ? t('error.network')
        : e.status === 429 ? t('login.tooMany') : e.status === 401 ? t('login.failed')
          : e.code === 'ACCOUNT_DISABLED' ? t('login.disabled') : t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg, #e6f4ff 0%, #f5f5f5 100%)' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>{t('appName')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => setLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}>
          {t('header.language')}
        </Button>
      </Card>
    </div>
  );
}
