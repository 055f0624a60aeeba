/** One webhook and its delivery log: event, document, status, attempts, last answer, next attempt, delivered at, 重新投递. */
import { App, Button, Card, Descriptions, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { deliveriesKey, useReplayDelivery, useWebhook, type WebhookDelivery } from '../../../api/hooks/webhooks';
import { problemText } from '../../../components/feedback';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { ErrorState, PageLoading } from '../../../components/States';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime } from '../../../components/format';
import { docPath } from '../docPath';
import { DELIVERY_STATUSES, eventKey, WEBHOOK_EVENT_TYPES } from './events';
import { SecretModal } from './SecretModal';
import { WebhookDrawer } from './WebhookDrawer';
import { EnabledTag, EventTags } from './WebhookList';

const STATUS_COLORS: Record<string, string> = { PENDING: 'blue', RETRYING: 'orange', DELIVERED: 'green', FAILED: 'red', CANCELLED: 'default' };

/** Retries are seconds apart, so the log shows seconds. */
const fmtSec = (iso?: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—');

/** PENDING after a failed attempt is shown as 重试中 (retrying). */
const shownStatus = (d: WebhookDelivery) => (d.status === 'PENDING' && d.attempts > 0 ? 'RETRYING' : d.status);

function LastResult({ d }: { d: WebhookDelivery }) {
  const { t } = useTranslation('merchant');
  if (!d.lastAttemptAt) return <Typography.Text type="secondary">{t('webhooks.log.notYet')}</Typography.Text>;
  const code = d.lastStatusCode;
  const error = d.lastError && d.lastError !== `HTTP ${code}` ? d.lastError : null;
  return (
    <div style={{ maxWidth: 260 }}>
      <Space size={4}>
        {code !== null && <Tag color={code >= 200 && code < 300 ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>HTTP {code}</Tag>}
        {error && <Typography.Text type="danger" ellipsis={{ tooltip: error }} style={{ maxWidth: 200 }}>{error}</Typography.Text>}
      </Space>
      <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('webhooks.log.lastAttemptAt', { time: fmtSec(d.lastAttemptAt) })}</Typography.Text></div>
    </div>
  );
}

export default function WebhookDeliveries() {
  const { id = '' } = useParams();
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const endpoint = useWebhook(id);
  const url = useUrlFilters<{ status?: string; eventType?: string }>();
  const { filters } = url;
  const result = usePagedList<WebhookDelivery>(deliveriesKey(id), `/webhooks/${id}/deliveries`, { status: filters.status, eventType: filters.eventType }, url.cursor, !!endpoint.data);
  const replay = useReplayDelivery(id);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  if (endpoint.isLoading) return <PageLoading />;
  if (endpoint.isError || !endpoint.data) return <ErrorState error={endpoint.error} onRetry={() => endpoint.refetch()} />;
  const e = endpoint.data;

  const doReplay = async (d: WebhookDelivery) => {
    try {
      await replay.mutateAsync(d.id);
      message.success(t('webhooks.log.replayed'));
    } catch (err) {
      message.error(problemText(err, tc('error.generic')));
    }
  };

  const columns: ColumnsType<WebhookDelivery> = [
    {
      title: t('webhooks.log.event'), key: 'event', fixed: 'left', render: (_, d) => (
        <div>
          <div>{t(eventKey(d.event.type))}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>{d.event.type}</Typography.Text>
        </div>
      ),
    },
    {
      title: t('webhooks.log.documentNo'), key: 'doc', render: (_, d) => {
        const doc = d.payload?.document;
        const no = doc?.no ?? d.document.id;
        const to = d.document.type ? docPath(d.document.type, d.document.id, doc?.type) : null;
        return to ? <Link to={to} data-testid="delivery-doc">{no}</Link> : <span data-testid="delivery-doc">{no}</span>;
      },
    },
    {
      title: t('webhooks.log.status'), key: 'status', render: (_, d) => {
        const s = shownStatus(d);
        return (
          <Space size={4}>
            <Tag color={STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }} data-testid="delivery-status">{t(`webhooks.deliveryStatus.${s}`)}</Tag>
            {d.replayOf && <Tag bordered={false} icon={<RedoOutlined />}>{t('webhooks.log.replayOf')}</Tag>}
          </Space>
        );
      },
    },
    { title: t('webhooks.log.attempts'), dataIndex: 'attempts', align: 'right', render: (n: number) => <span data-testid="delivery-attempts">{n}</span> },
    { title: t('webhooks.log.lastResult'), key: 'last', render: (_, d) => <LastResult d={d} /> },
    { title: t('webhooks.log.nextAttempt'), dataIndex: 'nextAttemptAt', render: fmtSec },
    { title: t('webhooks.log.deliveredAt'), dataIndex: 'deliveredAt', render: fmtSec },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, d) => {
        const why = d.status === 'PENDING' ? t('webhooks.log.replayPending') : !e.enabled ? t('webhooks.log.replayDisabled') : undefined;
        return (
          <Tooltip title={why}>
            <Button type="link" disabled={!!why} loading={replay.isPending && replay.variables === d.id} onClick={() => doReplay(d)} data-testid="delivery-replay">
              {t('webhooks.log.replay')}
            </Button>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader backTo="/merchant/webhooks" tags={<EnabledTag enabled={e.enabled} />}
        title={<Typography.Text ellipsis={{ tooltip: e.url }} style={{ fontSize: 'inherit', fontWeight: 'inherit', maxWidth: 720, fontFamily: 'monospace' }}>{e.url}</Typography.Text>}
        extra={<Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="webhook-edit">{t('actions.edit')}</Button>}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={[
          { key: 'events', label: t('webhooks.events'), span: 'filled', children: <EventTags events={e.events} /> },
          { key: 'note', label: t('webhooks.description'), children: e.description || '—' },
          { key: 'secret', label: t('webhooks.secret'), children: <Typography.Text code>{e.secretHint}</Typography.Text> },
          { key: 'created', label: t('webhooks.createdAt'), children: fmtTime(e.createdAt) },
        ]} />
      </PageHeader>
      <Card title={t('webhooks.deliveries')} extra={
        <Space wrap>
          <Select allowClear style={{ width: 140 }} placeholder={t('webhooks.log.allStatuses')} value={filters.status} data-testid="delivery-filter-status"
            options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.deliveryStatus.${s}`) }))}
            onChange={(v?: string) => url.setFilters({ status: v })} />
          <Select allowClear style={{ width: 200 }} placeholder={t('webhooks.log.allEvents')} value={filters.eventType}
            options={WEBHOOK_EVENT_TYPES.map((x) => ({ value: x, label: t(eventKey(x)) }))}
            onChange={(v?: string) => url.setFilters({ eventType: v })} />
          <Button icon={<ReloadOutlined />} onClick={() => result.refetch()} data-testid="delivery-refresh">{t('webhooks.log.refresh')}</Button>
        </Space>
      }>
        <PagedTable<WebhookDelivery> result={result} pager={url} columns={columns} filtered={!!(filters.status || filters.eventType)}
          expandable={{
            expandedRowRender: (d) => (
              <div>
                <Typography.Text type="secondary">{t('webhooks.log.payload')}</Typography.Text>
                <pre style={{ margin: '6px 0 0', maxHeight: 320, overflow: 'auto', fontSize: 12, background: '#f6f8fa', padding: 12, borderRadius: 6 }}>
                  {JSON.stringify(d.payload, null, 2)}
                </pre>
              </div>
            ),
          }} />
      </Card>
      <WebhookDrawer open={editing} endpoint={e} onClose={() => setEditing(false)} onSecret={setSecret} />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
