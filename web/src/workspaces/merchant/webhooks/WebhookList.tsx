/** Webhook: the merchant's endpoints, with create/edit, secret rotation, delete and the way to each delivery log. */
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useWebhookMutations, useWebhooks, type WebhookEndpoint } from '../../../api/hooks/webhooks';
import { problemText } from '../../../components/feedback';
import { EmptyState, ErrorState } from '../../../components/States';
import { fmtTime } from '../../../components/format';
import { eventKey } from './events';
import { SecretModal } from './SecretModal';
import { WebhookDrawer } from './WebhookDrawer';

const MAX_ENDPOINTS = 10;
const SHOWN_EVENTS = 3;

export function EnabledTag({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation('merchant');
  return enabled ? <Tag color="green">{t('webhooks.on')}</Tag> : <Tag>{t('webhooks.off')}</Tag>;
}

export function EventTags({ events }: { events: string[] }) {
  const { t } = useTranslation('merchant');
  const rest = events.slice(SHOWN_EVENTS);
  return (
    <Space size={[4, 4]} wrap>
      {events.slice(0, SHOWN_EVENTS).map((e) => <Tag key={e}>{t(eventKey(e))}</Tag>)}
      {rest.length > 0 && (
        <Tooltip title={rest.map((e) => t(eventKey(e))).join('、')}>
          <Tag style={{ cursor: 'default' }}>{t('webhooks.moreEvents', { n: rest.length })}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

export default function WebhookList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const q = useWebhooks();
  const { rotate, remove } = useWebhookMutations();
  const [editing, setEditing] = useState<WebhookEndpoint | null | undefined>(undefined);
  const [secret, setSecret] = useState<string | null>(null);
  const items = q.data?.items ?? [];
  const full = items.length >= MAX_ENDPOINTS;

  const doRotate = async (e: WebhookEndpoint) => {
    try {
      const saved = await rotate.mutateAsync(e);
      message.success(t('webhooks.rotated'));
      if (saved.secret) setSecret(saved.secret);
    } catch (err) {
      message.error(problemText(err, tc('error.generic')));
    }
  };
  const doRemove = async (e: WebhookEndpoint) => {
    try {
      await remove.mutateAsync(e);
      message.success(t('webhooks.deleted'));
    } catch (err) {
      message.error(problemText(err, tc('error.generic')));
    }
  };

  const columns: ColumnsType<WebhookEndpoint> = [
    {
      title: t('webhooks.url'), dataIndex: 'url', width: 360, render: (url: string, e) => (
        <div style={{ maxWidth: 360 }}>
          <Link to={`/merchant/webhooks/${e.id}`} data-testid="webhook-link">
            <Typography.Text ellipsis={{ tooltip: url }} style={{ fontFamily: 'monospace', color: 'inherit', maxWidth: 340 }}>{url}</Typography.Text>
          </Link>
          {e.description && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.description}</Typography.Text></div>}
        </div>
      ),
    },
    { title: t('webhooks.events'), dataIndex: 'events', render: (events: string[]) => <EventTags events={events} /> },
    { title: t('webhooks.status'), dataIndex: 'enabled', render: (v: boolean) => <EnabledTag enabled={v} /> },
    { title: t('webhooks.secret'), dataIndex: 'secretHint', render: (h: string) => <Typography.Text code>{h}</Typography.Text> },
    { title: t('webhooks.createdAt'), dataIndex: 'createdAt', render: fmtTime },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, e) => (
        <Space size={0}>
          <Button type="link" onClick={() => navigate(`/merchant/webhooks/${e.id}`)} data-testid="webhook-deliveries">{t('webhooks.deliveries')}</Button>
          <Button type="link" onClick={() => setEditing(e)} data-testid="webhook-edit">{t('actions.edit')}</Button>
          <Popconfirm title={t('webhooks.rotateConfirm')} description={t('webhooks.rotateHint')} okText={tc('common.confirm')} cancelText={tc('common.cancel')}
            onConfirm={() => doRotate(e)}>
            <Button type="link" data-testid="webhook-rotate">{t('webhooks.rotate')}</Button>
          </Popconfirm>
          <Popconfirm title={t('webhooks.deleteConfirm')} description={t('webhooks.deleteHint')} okText={tc('common.confirm')} cancelText={tc('common.cancel')}
            okButtonProps={{ danger: true }} onConfirm={() => doRemove(e)}>
            <Button type="link" danger data-testid="webhook-delete">{t('actions.delete')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('webhooks.title')} extra={
      <Tooltip title={full ? t('webhooks.limit') : undefined}>
        <Button type="primary" icon={<PlusOutlined />} disabled={full} onClick={() => setEditing(null)} data-testid="webhook-add">{t('webhooks.add')}</Button>
      </Tooltip>
    }>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('webhooks.intro')} description={t('webhooks.retryHint')} />
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <Table<WebhookEndpoint> rowKey="id" size="middle" loading={q.isFetching} dataSource={items} pagination={false} columns={columns}
          scroll={{ x: 'max-content' }} locale={{ emptyText: q.isLoading ? ' ' : <EmptyState /> }} />
      )}
      <WebhookDrawer open={editing !== undefined} endpoint={editing ?? null} onClose={() => setEditing(undefined)} onSecret={setSecret} />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
