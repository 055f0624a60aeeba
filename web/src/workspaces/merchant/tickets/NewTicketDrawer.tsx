/** 提交工单: subject, question, and optionally the document it is about (pre-filled from a detail page). */
import { App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../../api/client';
import { TICKET_DOCUMENT_TYPES, useOpenTicket, type TicketDocumentType } from '../../../api/hooks/tickets';
import { applyFieldErrors, problemText } from '../../../components/feedback';

const LIST_PATH: Record<TicketDocumentType, string> = {
  exception: '/exceptions', returnOrder: '/return-orders', stockingOrder: '/stocking-orders',
  deliveryNote: '/delivery-notes', compensation: '/compensations', penalty: '/penalties',
};

interface Values { subject: string; body: string; documentType?: TicketDocumentType; documentId?: string }
export interface Preset { documentType?: string; documentId?: string; documentNo?: string }

export function NewTicketDrawer({ open, preset, onClose, onOpened }: { open: boolean; preset?: Preset; onClose: () => void; onOpened: (id: string) => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const docType = Form.useWatch('documentType', form);
  const openTicket = useOpenTicket();
  // the latest documents of the chosen kind, searchable by number
  const docs = useQuery({
    queryKey: ['ticketDocs', docType],
    queryFn: () => api.get<Page<{ id: string; no: string }>>(LIST_PATH[docType as TicketDocumentType], { limit: 100 }),
    enabled: open && !!docType,
  });
  useEffect(() => {
    if (open) {
      form.resetFields();
      const type = TICKET_DOCUMENT_TYPES.find((x) => x === preset?.documentType);
      form.setFieldsValue({ documentType: type, documentId: type ? preset?.documentId : undefined });
    }
  }, [open, preset?.documentType, preset?.documentId, form]);

  const options = (docs.data?.items ?? []).map((d) => ({ value: d.id, label: d.no }));
  if (preset?.documentId && preset.documentNo && !options.some((o) => o.value === preset.documentId)) options.unshift({ value: preset.documentId, label: preset.documentNo });

  const submit = async (v: Values) => {
    try {
      const ticket = await openTicket.mutateAsync({ subject: v.subject, body: v.body, ...(v.documentType && v.documentId ? { documentType: v.documentType, documentId: v.documentId } : {}) });
      message.success(t('tickets.opened', { no: ticket.no }));
      onOpened(ticket.id);
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} size={520} title={t('tickets.new')} forceRender
      footer={<Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button onClick={onClose}>{tc('common.cancel')}</Button>
        <Button type="primary" loading={openTicket.isPending} onClick={() => form.submit()} data-testid="ticket-submit">{tc('common.submit')}</Button>
      </Space>}>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        <Form.Item name="subject" label={t('tickets.subject')} rules={[{ required: true, whitespace: true, message: t('tickets.subjectRequired') }, { max: 200 }]}>
          <Input placeholder={t('tickets.subjectPlaceholder')} data-testid="ticket-subject" />
        </Form.Item>
        <Form.Item name="body" label={t('tickets.body')} rules={[{ required: true, whitespace: true, message: t('tickets.bodyRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={5} showCount maxLength={5000} placeholder={t('tickets.bodyPlaceholder')} data-testid="ticket-body" />
        </Form.Item>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="documentType" label={t('tickets.documentType')} style={{ width: '40%' }}>
            <Select allowClear placeholder={t('tickets.noDocument')} onChange={() => form.setFieldValue('documentId', undefined)}
              options={TICKET_DOCUMENT_TYPES.map((x) => ({ value: x, label: t(`docKinds.${x}`) }))} />
          </Form.Item>
          <Form.Item name="documentId" label={t('tickets.document')} style={{ width: '60%' }}
            rules={[{ required: !!docType, message: t('tickets.documentRequired') }]}>
            <Select showSearch optionFilterProp="label" disabled={!docType} loading={docs.isFetching} options={options} placeholder={t('tickets.documentPlaceholder')} />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Drawer>
  );
}
