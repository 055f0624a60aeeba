/** 申诉 on a document (an exception, a penalty): the latest dispute's status, or a button opening the form (text and photos). */
import { App, Button, Form, Input, Modal, Space, Upload, type UploadFile } from 'antd';
import { AuditOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { uploadDisputePhoto, useDisputeActions, useDisputeOf } from '../../../api/hooks/disputes';
import type { DisputeDocumentType } from '../../../../../src/domain/disputes';
import { applyFieldErrors, problemText } from '../../../components/feedback';
import { StatusTag } from '../../../components/StatusTag';

export function DisputeButton({ documentType, documentId, documentNo, disputable }: {
  documentType: DisputeDocumentType; documentId: string; documentNo: string; disputable: boolean;
}) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const latest = useDisputeOf(documentId).data?.items[0];
  const { open } = useDisputeActions();
  const [showing, setShowing] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [form] = Form.useForm<{ text: string }>();
  const blocked = latest && latest.status !== 'REJECTED';
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const photoIds = files.map((f) => (f.response as { id: string } | undefined)?.id).filter((x): x is string => !!x);
      await open.mutateAsync({ documentType, documentId, text: v.text.trim(), photoIds });
      message.success(t('disputes.opened'));
      setShowing(false);
      setFiles([]);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };
  return (
    <Space size={8}>
      {latest && <Link to="/merchant/disputes"><Space size={4}>{t('disputes.short')} {latest.no}<StatusTag doc="dispute" status={latest.status} /></Space></Link>}
      {disputable && !blocked && (
        <Button icon={<AuditOutlined />} onClick={() => setShowing(true)} data-testid={`dispute-${documentNo}`}>{t('disputes.action')}</Button>
      )}
      <Modal open={showing} title={t('disputes.formTitle', { no: documentNo })} okText={t('disputes.submit')} cancelText={tc('common.cancel')}
        onOk={submit} onCancel={() => setShowing(false)} confirmLoading={open.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'dispute-submit' }}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="text" label={t('disputes.text')} extra={t('disputes.windowHint')} rules={[{ required: true, whitespace: true, message: t('disputes.textRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('disputes.textHint')} data-testid="dispute-text" />
          </Form.Item>
          <Form.Item label={t('disputes.photos')}>
            <Upload listType="picture-card" accept="image/jpeg,image/png,image/webp" fileList={files} maxCount={9}
              onChange={({ fileList }) => setFiles(fileList)}
              customRequest={({ file, onSuccess, onError }) => { uploadDisputePhoto(file as File).then((r) => onSuccess?.(r), (e) => onError?.(e)); }}>
              {files.length < 9 && <div><PlusOutlined /><div style={{ marginTop: 4 }}>{t('disputes.addPhoto')}</div></div>}
            </Upload>
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
