/** Header inbox: unread badge (polled), the latest notifications, mark read, jump to the document, and the full inbox page. */
import { Badge, Button, Empty, Flex, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession, type Role } from '../auth/session';
import { documentOf, useLatestNotifications, useNotificationActions, useUnreadCount, type Notification } from '../api/hooks/notifications';
import { documentPath } from './document-links';

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount();
  const latest = useLatestNotifications(8);
  const { read, readAll } = useNotificationActions();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const go = (path: string) => { setOpen(false); navigate(path); };
  const openOne = (n: Notification) => {
    if (!n.read) read.mutate(n.id);
    const path = user && documentPath(user.role as Role, documentOf(n));
    if (path) go(path);
  };
  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 56px))' }}>
      <List<Notification>
        size="small"
        dataSource={latest.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} /> }}
        renderItem={(n) => (
          <List.Item style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }} onClick={() => openOne(n)}>
            <List.Item.Meta
              title={<Space>{!n.read && <Badge status="processing" />}<span>{n.title[lang]}</span></Space>}
              description={<Typography.Text type="secondary">{new Date(n.createdAt).toLocaleString(lang)}</Typography.Text>}
            />
          </List.Item>
        )}
      />
      <Flex justify="space-between" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 4 }}>
        <Button type="link" disabled={!count.data?.count} onClick={() => readAll.mutate()}>{t('inbox.readAll')}</Button>
        <Button type="link" onClick={() => go('/inbox')} data-testid="inbox-view-all">{t('inbox.viewAll')}</Button>
      </Flex>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('inbox.title')} content={content} open={open}
      onOpenChange={(o) => { setOpen(o); if (o) void latest.refetch(); }}>
      <Badge count={count.data?.count ?? 0} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('inbox.title')} data-testid="inbox" />
      </Badge>
    </Popover>
  );
}
