/** Change my password: current, new, confirm; the server's policy errors land on the field. */
import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAccountActions } from '../api/hooks/account';
import { applyFieldErrors, problemText } from '../components/feedback';

interface Values { currentPassword: string; newPassword: string; confirm: string }

export function PasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { changePassword } = useAccountActions();
  const submit = async (v: Values) => {
    try {
      await changePassword.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      void message.success(t('account.saved'));
      onDone?.();
    } catch (e) {
      if (!applyFieldErrors(form, e)) void message.error(problemText(e, t('error.network')));
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }} data-testid="password-form">
      <Form.Item name="currentPassword" label={t('account.current')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('account.next')} extra={t('account.policy')} rules={[{ required: true }, { min: 10, message: t('account.policy') }]}>
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item name="confirm" label={t('account.confirm')} dependencies={['newPassword']} rules={[
        { required: true },
        ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch')))) }),
      ]}>
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={changePassword.isPending} data-testid="password-submit">{t('account.save')}</Button>
    </Form>
  );
}
