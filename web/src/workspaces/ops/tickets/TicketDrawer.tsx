/** A ticket's conversation with the answer box (OPS answers, and may close it). */
import { App, Button, Card, Drawer, Flex, Form, Input, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTicket, useTicketActions } from '../../../api/hooks/tickets';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from '../shared/problem';
import { ErrorState } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../../components/format';

export function TicketDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const ticket = useTicket(id);
  const { reply, close } = useTicketActions();
  const [form] = Form.useForm<{ body: string }>();
  const k = ticket.data;
  const send = async (v: { body: string }) => {
    if (!k) return;
    try {
      await reply.mutateAsync({ id: k.id, body: v.body.trim(), version: k.version });
      message.success(t('tickets.replied'));
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('common:error.generic')));
    }
  };
  const doClose = async () => {
    if (!k) return;
    try {
      await close.mutateAsync({ id: k.id, version: k.version });
      message.success(t('tickets.closed'));
    } catch (e) {
      message.error(problemMessage(e, t('common:error.generic')));
    }
  };
  return (
    <Drawer open={!!id} onClose={onClose} size={640} destroyOnHidden
      title={k ? <Space>{k.subject}<StatusTag doc="ticket" status={k.status} /></Space> : t('tickets.title')}
      extra={k && k.status !== 'CLOSED' && (
        <Popconfirm title={t('tickets.closeAsk')} onConfirm={doClose} okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
          <Button>{t('tickets.close')}</Button>
        </Popconfirm>
      )}>
      {ticket.isError ? <ErrorState error={ticket.error} onRetry={() => ticket.refetch()} />
        : !k ? <Skeleton active />
        : (
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              {k.no} · {fmtTime(k.createdAt)}{k.document && <> · {t(`tickets.doc.${k.document.type}`, { defaultValue: k.document.type })} {k.document.no}</>}
            </Typography.Text>
            {k.replies.map((r) => {
              const mine = r.author.role !== 'MERCHANT';
              return (
                <Card key={r.id} size="small" style={{ background: mine ? '#e6f4ff' : '#fafafa', marginLeft: mine ? 48 : 0, marginRight: mine ? 0 : 48 }}>
                  <Flex justify="space-between"><Tag color={mine ? 'blue' : 'default'}>{t(`role.${r.author.role}`, { defaultValue: r.author.role })}</Tag><Typography.Text type="secondary">{fmtTime(r.createdAt)}</Typography.Text></Flex>
                  <Typography.Paragraph style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>{r.body}</Typography.Paragraph>
                </Card>
              );
            })}
            {k.status !== 'CLOSED' && (
              <Form form={form} layout="vertical" onFinish={send}>
                <Form.Item name="body" label={t('tickets.answer')} rules={[{ required: true, whitespace: true, message: t('tickets.answerHint') }]}>
                  <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('tickets.answerHint')} data-testid="ticket-reply" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={reply.isPending} data-testid="ticket-send">{t('tickets.send')}</Button>
              </Form>
            )}
          </Flex>
        )}
    </Drawer>
  );
}
