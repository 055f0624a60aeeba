/**
 * Ant Design Pro-style frame: side menu by role, header with language and user, breadcrumbs. On a
 * handheld (below md): a one-line header (menu button, workspace, icons), the menu in a drawer, one
 * column with narrow margins, and touch-sized controls for every page.
 */
import { Breadcrumb, Button, ConfigProvider, Drawer, Layout, Menu, Typography } from 'antd';
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Suspense, useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { MENUS, WORKSPACE_OF } from './menus';
import { PageLoading } from '../components/States';
import { TOUCH_THEME, useNarrow } from '../components/useNarrow';
import { HeaderActions } from './HeaderActions';

const { Header, Sider, Content } = Layout;
/** The wide frame keeps the theme above it (an object all the same: the provider keeps its shape). */
const NO_THEME = {};

export function AppLayout() {
  const { user } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]); // a menu entry was followed
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
  const menuItems = entries.map((m) => ({ key: m.path, label: <Link to={m.path}>{t(m.labelKey)}</Link> }));
  const page = <Suspense fallback={<PageLoading />}><Outlet /></Suspense>;
  // One tree for both widths: a breakpoint change (a tablet rotated, a window resized, a full-page
  // screenshot measuring the page) restyles the frame but never remounts the page, so an open
  // drawer or a half-filled form survives it. Only what differs is conditional, at fixed positions.
  return (
    <ConfigProvider theme={narrow ? TOUCH_THEME : NO_THEME}>
      <Layout style={{ minHeight: '100vh' }}>
        {!narrow && (
          <Sider width={208} breakpoint="lg" collapsedWidth={0} theme="dark">
            <div style={{ color: '#fff', fontWeight: 600, fontSize: 16, padding: '18px 20px', whiteSpace: 'nowrap' }}>Tally · {t(`workspace.${workspace}`)}</div>
            <Menu theme="dark" mode="inline" selectedKeys={current ? [current.path] : []} items={menuItems} />
          </Sider>
        )}
        <Layout>
          {narrow ? (
            <Header data-testid="app-header" style={{ position: 'sticky', top: 0, zIndex: 101, height: 56, lineHeight: '56px', padding: '0 4px', background: '#fff', display: 'flex', alignItems: 'center', gap: 4, borderBottom: '1px solid #f0f0f0' }}>
              <Button type="text" icon={<MenuOutlined style={{ fontSize: 18 }} />} aria-label={t('header.menu')} onClick={() => setMenuOpen(true)} data-testid="menu-button" style={{ width: 44, flexShrink: 0 }} />
              <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 16 }}>{t(`workspace.${workspace}`)}</Typography.Text>
              <HeaderActions compact />
            </Header>
          ) : (
            <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
              <Breadcrumb items={crumbs} />
              <HeaderActions />
            </Header>
          )}
          <Content style={narrow ? { padding: 12, minWidth: 0 } : { margin: 24 }}>{page}</Content>
        </Layout>
        <Drawer placement="left" open={narrow && menuOpen} onClose={() => setMenuOpen(false)} size={280} title={`Tally · ${t(`workspace.${workspace}`)}`}
          styles={{ body: { padding: 0 } }}>
          <div data-testid="menu-drawer">
            <Typography.Paragraph type="secondary" style={{ padding: '12px 24px 0', margin: 0, overflowWrap: 'anywhere' }}><UserOutlined /> {user.username}</Typography.Paragraph>
            <Menu mode="inline" style={{ borderInlineEnd: 0 }} selectedKeys={current ? [current.path] : []} items={menuItems} onClick={() => setMenuOpen(false)} />
          </div>
        </Drawer>
      </Layout>
    </ConfigProvider>
  );
}
