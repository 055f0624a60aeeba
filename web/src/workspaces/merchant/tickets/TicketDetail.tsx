/** 工单详情: the conversation with the platform, a reply box, and 关闭工单. */
import { App, Avatar, Button, Card, Col, Descriptions, Empty, Form, Input, Popconfirm, Row, Space, Typography } from 'antd';
import { CustomerServiceOutlined, ShopOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useTicket, useTicketActions } from '../../../api/hooks/tickets';
import { applyFieldErrors, problemText } from '../../../components/feedback';
import { ErrorState, PageLoading } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { EventTimeline } from '../components/EventTimeline';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime } from '../../../components/format';
import { DocumentLink } from './TicketList';

export default function TicketDetail() {
  const { id } = useParams();
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const q = useTicket(id);
  const { reply, close } = useTicketActions();
  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const tk = q.data;
  const closed = tk.status === 'CLOSED';

  const send = async (v: { body: string }) => {
    try {
      await reply.mutateAsync({ id: tk.id, body: v.body, version: tk.version });
      form.resetFields();
      message.success(t('tickets.replied'));
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };

  return (
    <>
      <PageHeader backTo="/merchant/tickets" title={`${t('tickets.detailTitle')} ${tk.no}`}
        tags={<span data-testid="ticket-status"><StatusTag doc="ticket" status={tk.status} /></span>}
        extra={!closed && (
          <Popconfirm title={t('tickets.closeConfirm')} okText={t('tickets.close')} cancelText={tc('common.cancel')}
            onConfirm={async () => {
              try { await close.mutateAsync({ id: tk.id, version: tk.version }); message.success(t('tickets.closed')); } catch (e) { message.error(problemText(e, tc('error.generic'))); }
            }}>
            <Button loading={close.isPending} data-testid="ticket-close">{t('tickets.close')}</Button>
          </Popconfirm>
        )}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'subject', label: t('tickets.subject'), children: tk.subject },
          { key: 'doc', label: t('tickets.document'), children: <DocumentLink doc={tk.document} /> },
          { key: 'created', label: tc('list.createdAt'), children: fmtTime(tk.createdAt) },
        ]} />
      </PageHeader>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('tickets.conversation')}>
            {!tk.replies?.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="ticket-replies">
              {(tk.replies ?? []).map((r) => {
                const mine = r.author.role === 'MERCHANT';
                return (
                  <div key={r.id} style={{ display: 'flex', gap: 12, flexDirection: mine ? 'row-reverse' : 'row' }}>
                    <Avatar icon={mine ? <ShopOutlined /> : <CustomerServiceOutlined />} style={{ background: mine ? '#1677ff' : '#52c41a', flex: 'none' }} />
                    <div style={{ maxWidth: '75%' }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', textAlign: mine ? 'right' : 'left' }}>
                        {mine ? t('tickets.me') : t('tickets.platform')} · {fmtTime(r.createdAt)}
                      </Typography.Text>
                      <div style={{ background: mine ? '#e6f4ff' : '#f5f5f5', borderRadius: 8, padding: '8px 12px', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{r.body}</div>
                    </div>
                  </div>
                );
              })}
            </Space>
            {closed ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 24, marginBottom: 0 }}>{t('tickets.closedHint')}</Typography.Paragraph>
            ) : (
              <Form form={form} onFinish={send} style={{ marginTop: 24 }}>
                <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('tickets.bodyRequired') }, { max: 5000 }]}>
                  <Input.TextArea rows={3} placeholder={t('tickets.replyPlaceholder')} data-testid="ticket-reply" />
                </Form.Item>
                <div style={{ textAlign: 'right' }}>
                  <Button type="primary" htmlType="submit" loading={reply.isPending} data-testid="ticket-send">{t('tickets.send')}</Button>
                </div>
              </Form>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('sections.timeline')}><EventTimeline events={tk.events} doc="ticket" /></Card>
        </Col>
      </Row>
    </>
  );
}
