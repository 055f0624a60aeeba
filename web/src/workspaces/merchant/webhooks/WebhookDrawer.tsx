/** 新增 / 编辑 Webhook: URL, note, subscribed events (human labels), enabled, and an optional secret. */
import { App, Button, Checkbox, Drawer, Form, Input, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useWebhookMutations, type WebhookEndpoint, type WebhookInput, type WithSecret } from '../../../api/hooks/webhooks';
import { applyFieldErrors, problemText } from '../../../components/feedback';
import { eventKey, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events';

interface Values {
  url: string;
  description?: string;
  events: WebhookEventType[];
  enabled: boolean;
  secret?: string;
}

interface Props {
  open: boolean;
  /** Editing this endpoint; a new one when null. */
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  /** A secret the server generated: to be shown once. */
  onSecret: (secret: string) => void;
}

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
};

function EventsField({ value = [], onChange }: { value?: WebhookEventType[]; onChange?: (v: WebhookEventType[]) => void }) {
  const { t } = useTranslation('merchant');
  const all = value.length === WEBHOOK_EVENT_TYPES.length;
  return (
    <div>
      <Checkbox checked={all} indeterminate={!all && value.length > 0} onChange={(e) => onChange?.(e.target.checked ? [...WEBHOOK_EVENT_TYPES] : [])}
        style={{ marginBottom: 8 }} data-testid="webhook-events-all">
        {t('webhooks.allEvents')}
      </Checkbox>
      <Checkbox.Group value={value} onChange={(v) => onChange?.(v as WebhookEventType[])} style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '8px 12px' }}>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <Checkbox key={type} value={type} data-testid={`webhook-event-${type}`}>
            <div style={{ lineHeight: 1.3 }}>
              <div>{t(eventKey(type))}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>{type}</Typography.Text>
            </div>
          </Checkbox>
        ))}
      </Checkbox.Group>
    </div>
  );
}

export function WebhookDrawer({ open, endpoint, onClose, onSecret }: Props) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { create, update } = useWebhookMutations();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(endpoint
      ? { url: endpoint.url, description: endpoint.description ?? undefined, events: endpoint.events, enabled: endpoint.enabled }
      : { events: ['exception.registered', 'exception.decided', 'return_order.created', 'stocking_order.created'], enabled: true });
  }, [open, endpoint, form]);

  const submit = async (v: Values) => {
    const body: WebhookInput = {
      url: v.url.trim(), events: v.events, enabled: v.enabled, description: v.description?.trim() || null, ...(v.secret ? { secret: v.secret } : {}),
    };
    try {
      const saved: WithSecret = endpoint ? await update.mutateAsync({ id: endpoint.id, version: endpoint.version, ...body }) : await create.mutateAsync(body);
      message.success(endpoint ? t('webhooks.updated') : t('webhooks.created'));
      onClose();
      // a secret the merchant typed is known to them; a generated one is shown once
      if (saved.secret && !v.secret) onSecret(saved.secret);
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} size={560} title={endpoint ? t('webhooks.edit') : t('webhooks.add')} forceRender
      footer={<Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button onClick={onClose}>{tc('common.cancel')}</Button>
        <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()} data-testid="webhook-save">{tc('common.save')}</Button>
      </Space>}>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        <Form.Item name="url" label={t('webhooks.url')} rules={[
          { required: true, whitespace: true, message: t('webhooks.urlRequired') },
          { validator: async (_, v?: string) => { if (v && v.trim() && !isHttpUrl(v)) throw new Error(t('webhooks.urlInvalid')); } },
          { max: 2048 },
        ]}>
          <Input placeholder={t('webhooks.urlPlaceholder')} data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')} rules={[{ max: 200 }]}>
          <Input placeholder={t('webhooks.descriptionPlaceholder')} data-testid="webhook-description" />
        </Form.Item>
        <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}>
          <EventsField />
        </Form.Item>
        <Form.Item name="enabled" label={t('webhooks.enabled')} valuePropName="checked">
          <Switch data-testid="webhook-enabled" />
        </Form.Item>
        <Form.Item name="secret" label={t('webhooks.secret')} extra={t('webhooks.secretRule')}
          rules={[{ pattern: /^[\x21-\x7e]{16,200}$/, message: t('webhooks.secretInvalid') }]}>
          <Input.Password autoComplete="new-password" placeholder={endpoint ? t('webhooks.secretEdit') : t('webhooks.secretNew')} data-testid="webhook-secret-input" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
