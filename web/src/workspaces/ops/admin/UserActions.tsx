/** 用户 (ADMIN): a user's state, and disable / enable, reset the password, end its sessions. */
import { App, Button, Form, Input, Modal, Popconfirm, Space, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserAdmin } from '../../../api/hooks/account';
import { applyFieldErrors, problemText } from '../../../components/feedback';
import { useSession } from '../../../auth/session';

interface UserState { id: string; username: string; disabled?: boolean; mustChangePassword?: boolean }

export function UserStatus({ user }: { user: UserState }) {
  const { t } = useTranslation('ops');
  if (user.disabled) return <Tag color="red">{t('admin.users.disabled')}</Tag>;
  if (user.mustChangePassword) return <Tag color="orange">{t('admin.users.mustChange')}</Tag>;
  return <Tag color="green">{t('admin.users.enabled')}</Tag>;
}

export function UserActions({ user }: { user: UserState }) {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const { user: me } = useSession();
  const actions = useUserAdmin();
  const [resetting, setResetting] = useState(false);
  const [form] = Form.useForm<{ temporaryPassword: string }>();
  const name = user.username;
  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
    } catch (e) {
      void message.error(problemText(e, t('common:error.network')));
    }
  };
  const reset = async ({ temporaryPassword }: { temporaryPassword: string }) => {
    try {
      await actions.reset.mutateAsync({ id: user.id, temporaryPassword });
      void message.success(t('admin.users.resetDone', { name }));
      setResetting(false);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e)) void message.error(problemText(e, t('common:error.network')));
    }
  };
  const self = me?.id === user.id;
  return (
    <Space size={4} wrap>
      {user.disabled
        ? <Button size="small" data-testid={`user-enable-${name}`} onClick={() => run(() => actions.enable.mutateAsync(user.id), t('admin.users.enabledDone', { name }))}>{t('admin.users.enable')}</Button>
        : !self && (
          <Popconfirm title={t('admin.users.disableAsk', { name })} onConfirm={() => run(() => actions.disable.mutateAsync(user.id), t('admin.users.disabledDone', { name }))}
            okButtonProps={{ danger: true, 'data-testid': 'user-disable-ok' } as ButtonProps}>
            <Button size="small" danger data-testid={`user-disable-${name}`}>{t('admin.users.disable')}</Button>
          </Popconfirm>
        )}
      {!self && <Button size="small" data-testid={`user-reset-${name}`} onClick={() => setResetting(true)}>{t('admin.users.reset')}</Button>}
      <Popconfirm title={t('admin.users.endSessionsAsk', { name })}
        onConfirm={() => run(async () => { const r = await actions.endSessions.mutateAsync(user.id); void message.info(t('admin.users.endSessionsDone', { count: r.sessionsEnded })); }, '')}>
        <Button size="small" data-testid={`user-end-sessions-${name}`}>{t('admin.users.endSessions')}</Button>
      </Popconfirm>
      <Modal open={resetting} title={t('admin.users.resetTitle', { name })} onCancel={() => setResetting(false)} onOk={() => form.submit()}
        confirmLoading={actions.reset.isPending} okButtonProps={{ 'data-testid': 'user-reset-ok' } as ButtonProps} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('admin.users.temporaryHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={reset} requiredMark={false}>
          <Form.Item name="temporaryPassword" label={t('admin.users.temporary')} rules={[{ required: true, min: 10, message: t('admin.users.passwordRule') }]}>
            <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
