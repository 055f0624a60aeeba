/**
 * 消息通知 (/inbox, every role): the whole inbox, unread or all, a page at a time; mark one or all
 * read; a message opens its document in the reader's workspace (layout/document-links.ts).
 */
import { App, Badge, Button, Card, Empty, Flex, Space, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keys } from '../api/keys';
import { documentOf, notificationsPath, useNotificationActions, useUnreadCount, type Notification } from '../api/hooks/notifications';
import { useSession } from '../auth/session';
import { PagedTable, usePagedList, useUrlFilters } from '../components/list';
import { problemText } from '../components/feedback';
import { documentPath } from '../layout/document-links';

type Tab = 'unread' | 'all';

export default function Inbox() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const { filters, setFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<{ tab?: string }>();
  const tab: Tab = filters.tab === 'all' ? 'all' : 'unread';
  const count = useUnreadCount();
  const { read, readAll } = useNotificationActions();
  const result = usePagedList<Notification>(keys.notifications.list(), notificationsPath, { unread: tab === 'unread' ? 'true' : undefined }, cursor);
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const unread = count.data?.count ?? 0;
  const pathOf = (n: Notification) => (user ? documentPath(user.role, documentOf(n)) : undefined);

  const open = (n: Notification) => {
    if (!n.read) read.mutate(n.id);
    const path = pathOf(n);
    if (path) navigate(path);
  };
  const markRead = async (n: Notification) => {
    try {
      await read.mutateAsync(n.id);
      message.success(t('inbox.readDone'));
    } catch (e) {
      message.error(problemText(e, t('error.generic')));
    }
  };
  const markAll = async () => {
    try {
      await readAll.mutateAsync();
      message.success(t('inbox.allRead'));
    } catch (e) {
      message.error(problemText(e, t('error.generic')));
    }
  };

  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('inbox.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('inbox.subtitle')}</Typography.Text>
        </div>
        <Button icon={<CheckOutlined />} disabled={!unread} loading={readAll.isPending} onClick={() => void markAll()} data-testid="inbox-read-all">
          {t('inbox.readAll')}
        </Button>
      </Flex>
      <Card>
        <Tabs activeKey={tab} data-testid="inbox-tabs" onChange={(k) => setFilters({ tab: k === 'all' ? 'all' : undefined })} items={[
          { key: 'unread', label: <Space size={6}>{t('inbox.unread')}<Badge count={unread} showZero overflowCount={999} color={unread ? '#fa8c16' : '#bfbfbf'} /></Space> },
          { key: 'all', label: t('inbox.all') },
        ]} />
        <PagedTable<Notification> result={result} pager={{ hasPrev, goNext, goPrev }}
          locale={{ emptyText: result.isLoading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tab === 'unread' ? t('inbox.emptyUnread') : t('inbox.empty')} /> }}
          columns={[
            {
              title: t('inbox.message'), key: 'title',
              render: (_, n) => (
                // wraps rather than widening the table past the page on narrow screens
                <Flex gap={8} align="baseline" style={{ maxWidth: 440, whiteSpace: 'normal' }}>
                  <Badge status={n.read ? 'default' : 'processing'} />
                  <div>
                    {pathOf(n)
                      ? <Typography.Link strong={!n.read} onClick={() => open(n)} data-testid={`inbox-open-${n.id}`}>{n.title[lang]}</Typography.Link>
                      : <Typography.Text strong={!n.read}>{n.title[lang]}</Typography.Text>}
                    <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text></div>
                  </div>
                </Flex>
              ),
            },
            {
              title: t('inbox.document'), key: 'document',
              render: (_, n) => <Space size={4}><Tag>{t(`inbox.doc.${n.document.type}`, { defaultValue: n.document.type })}</Tag><span>{n.document.no ?? '-'}</span></Space>,
            },
            {
              title: t('list.actions'), key: 'actions',
              render: (_, n) => (
                !n.read && <Button type="link" size="small" onClick={() => void markRead(n)} data-testid={`inbox-read-${n.id}`}>{t('inbox.markRead')}</Button>
              ),
            },
          ]} />
      </Card>
    </>
  );
}
