/** The header's right side: inbox, language, the user's menu (account, log out); `compact` on a handheld: icons only. */
import { Button, Dropdown, Space, Typography } from 'antd';
import { GlobalOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { setLanguage } from '../i18n';
import { NotificationBell } from './NotificationBell';

export function HeaderActions({ compact = false }: { compact?: boolean }) {
  const { user, logout } = useSession();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  if (!user) return null;
  const items = [
    // on a handheld the header has no room for the name: the menu says who is logged in
    ...(compact ? [{ key: 'who', icon: <UserOutlined />, label: user.username, disabled: true }, { type: 'divider' as const }] : []),
    { key: 'account', icon: <SafetyOutlined />, label: <span data-testid="menu-account">{t('header.account')}</span>, onClick: () => navigate('/account') },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('header.logout')}</span>, onClick: logout },
  ];
  return (
    <Space size={compact ? 0 : 'middle'} style={{ flexShrink: 0 }}>
      <NotificationBell />
      <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch" aria-label={t('header.language')}
        onClick={() => setLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')} style={compact ? { paddingInline: 8 } : undefined}>
        {compact ? t('header.languageShort') : t('header.language')}
      </Button>
      <Dropdown menu={{ items }} trigger={compact ? ['click'] : ['hover']}>
        {compact
          ? <Button type="text" icon={<UserOutlined />} aria-label={user.username} data-testid="current-user" style={{ width: 44 }} />
          : <Typography.Text style={{ cursor: 'pointer' }} data-testid="current-user"><UserOutlined /> {user.username}</Typography.Text>}
      </Dropdown>
    </Space>
  );
}
