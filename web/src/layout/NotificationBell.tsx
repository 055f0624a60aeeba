/** Header inbox: unread badge (polled), the latest notifications, mark read, jump to the document. */
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client';
import { useSession, type Role } from '../auth/session';
import { documentPath } from './document-links';

interface Notification {
  id: string;
  code: string;
  title: { 'zh-CN': string; 'en-US': string };
  document: { type: string; id: string; no: string | null };
  read: boolean;
  createdAt: string;
}

const KEY = ['notifications'] as const;

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const count = useQuery({ queryKey: [...KEY, 'count'], queryFn: () => api.get<{ count: number }>('/notifications/unread-count'), refetchInterval: 30_000 });
  const latest = useQuery({ queryKey: [...KEY, 'latest'], queryFn: () => api.get<Page<Notification>>('/notifications', { limit: 8 }) });
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const read = useMutation({ mutationFn: (id: string) => api.post(`/notifications/${id}/read`), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => api.post('/notifications/read-all'), onSuccess: refresh });
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const open = (n: Notification) => {
    if (!n.read) read.mutate(n.id);
    const path = user && documentPath(user.role as Role, n.document.type, n.document.id);
    if (path) navigate(path);
  };
  const content = (
    <div style={{ width: 360 }}>
      <List<Notification>
        size="small"
        dataSource={latest.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} /> }}
        renderItem={(n) => (
          <List.Item style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }} onClick={() => open(n)}>
            <List.Item.Meta
              title={<Space>{!n.read && <Badge status="processing" />}<span>{n.title[lang]}</span></Space>}
              description={<Typography.Text type="secondary">{new Date(n.createdAt).toLocaleString(lang)}</Typography.Text>}
            />
          </List.Item>
        )}
      />
      <Button type="link" block disabled={!count.data?.count} onClick={() => readAll.mutate()}>{t('inbox.readAll')}</Button>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('inbox.title')} content={content} onOpenChange={(o) => o && latest.refetch()}>
      <Badge count={count.data?.count ?? 0} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('inbox.title')} data-testid="inbox" />
      </Badge>
    </Popover>
  );
}
