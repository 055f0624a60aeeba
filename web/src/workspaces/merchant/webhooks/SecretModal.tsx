/** The signing secret, shown once (after create or rotate), with a copy button and how to verify a signature. */
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation('merchant');
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      message.success(t('webhooks.copied'));
    } catch {
      message.warning(t('webhooks.copyFailed'));
    }
  };
  return (
    <Modal open={!!secret} title={t('webhooks.secretTitle')} onCancel={onClose} maskClosable={false} width={600} data-testid="webhook-secret-modal"
      footer={<Button type="primary" onClick={onClose} data-testid="webhook-secret-done">{t('webhooks.secretSaved')}</Button>}>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('webhooks.secretOnce')} />
      <Space.Compact style={{ width: '100%', marginBottom: 20 }}>
        <Input readOnly value={secret ?? ''} onFocus={(e) => e.target.select()} style={{ fontFamily: 'monospace' }} data-testid="webhook-secret" />
        <Button icon={<CopyOutlined />} onClick={copy} data-testid="webhook-secret-copy">{t('webhooks.copy')}</Button>
      </Space.Compact>
      <Typography.Title level={5}>{t('webhooks.verifyTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('webhooks.verify')}</Typography.Paragraph>
      <pre style={{ margin: 0, padding: '10px 12px', background: '#f6f8fa', borderRadius: 6, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {'X-Tally-Signature: t=1735689600,v1=<hex>\nv1 = HMAC-SHA256(secret, t + "." + body)\n'
          + '# for 24 h after a rotation: t=…,v1=<new secret>,v1=<previous secret> (accept when any v1 matches)'}
      </pre>
    </Modal>
  );
}
