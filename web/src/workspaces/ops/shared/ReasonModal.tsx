/** One required text (a reason, a payment reference) confirming an action; server errors land on the field. */
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from './problem';

export function ReasonModal({ open, title, field, label, placeholder, okText, onSubmit, onClose, testId, multiline = true }: {
  open: boolean;
  title: string;
  field: string;
  label: string;
  placeholder?: string;
  okText?: string;
  onSubmit: (value: string) => Promise<unknown>;
  onClose: () => void;
  testId?: string;
  multiline?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    try {
      await onSubmit(String(v[field]).trim());
      message.success(t('common.success'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('error.generic')));
    }
  };
  return (
    <Modal open={open} title={title} okText={okText ?? t('common.confirm')} cancelText={t('common.cancel')} onOk={submit} onCancel={onClose}
      destroyOnHidden okButtonProps={testId ? { 'data-testid': `${testId}-ok` } : undefined}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name={field} label={label} rules={[{ required: true, whitespace: true, message: placeholder ?? label }]}>
          {multiline ? <Input.TextArea rows={3} maxLength={500} showCount placeholder={placeholder} data-testid={testId} />
            : <Input maxLength={200} placeholder={placeholder} data-testid={testId} />}
        </Form.Item>
      </Form>
    </Modal>
  );
}
