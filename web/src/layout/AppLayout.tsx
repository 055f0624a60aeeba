/** Ant Design Pro-style frame: side menu by role, header with language and user, breadcrumbs. */
import { Breadcrumb, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { GlobalOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { setLanguage } from '../i18n';
import { MENUS, WORKSPACE_OF } from './menus';
import { PageLoading } from '../components/States';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { user, logout } = useSession();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  if (user === undefined) return <PageLoading />;
  // logged out (or the session ended elsewhere): back to the login page, coming back here after
  const here = encodeURIComponent(location.pathname + location.search);
  if (!user) return <Navigate to={`/login?next=${here}`} replace />;
  // a reset password: nothing of the workspace (not even the notification bell) until a new one is chosen
  if (user.mustChangePassword) return <Navigate to={`/password?next=${here}`} replace />;
  const workspace = WORKSPACE_OF[user.role];
  const entries = MENUS[workspace].filter((m) => !m.roles || m.roles.includes(user.role));
  const current = entries.find((m) => location.pathname.startsWith(m.path));
  const crumbs = [{ title: t(`workspace.${workspace}`) }, ...(current ? [{ title: <Link to={current.path}>{t(current.labelKey)}</Link> }] : [])];
  // a detail page: its own header names the document, the crumb just says where we are
  if (current && location.pathname !== current.path) crumbs.push({ title: <>{t('list.detail')}</> });
  if (location.pathname === '/inbox') crumbs.push({ title: <>{t('inbox.title')}</> });
  if (location.pathname === '/account') crumbs.push({ title: <>{t('account.title')}</> });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={208} breakpoint="lg" collapsedWidth={0} theme="dark">
        <div style={{ color: '#fff', fontWeight: 600, fontSize: 16, padding: '18px 20px', whiteSpace: 'nowrap' }}>Tally · {t(`workspace.${workspace}`)}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={entries.map((m) => ({ key: m.path, label: <Link to={m.path}>{t(m.labelKey)}</Link> }))}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Breadcrumb items={crumbs} />
          <Space size="middle">
            <NotificationBell />
            <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch"
              onClick={() => setLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}>
              {t('header.language')}
            </Button>
            <Dropdown menu={{ items: [
              { key: 'account', icon: <SafetyOutlined />, label: <span data-testid="menu-account">{t('header.account')}</span>, onClick: () => navigate('/account') },
              { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('header.logout')}</span>, onClick: logout },
            ] }}>
              <Typography.Text style={{ cursor: 'pointer' }} data-testid="current-user"><UserOutlined /> {user.username}</Typography.Text>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
