/** 新建 (master data): a small form per resource; server field errors land on the fields. */
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateMasterData, useNames, type AdminResource } from '../../../api/hooks/admin';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from '../shared/problem';

const ROLES = ['ADMIN', 'OPS', 'MERCHANT', 'WAREHOUSE'];

export function CreateModal({ resource, open, onClose }: { resource: AdminResource; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const names = useNames();
  const create = useCreateMasterData(resource);
  const role = Form.useWatch('role', form);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    try {
      await create.mutateAsync(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')));
      message.success(t('admin.created'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('common:error.generic')));
    }
  };
  const req = (label: string) => [{ required: true, whitespace: true, message: label }];
  const code = [{ pattern: /^[A-Za-z0-9_.-]+$/, message: t('admin.codeRule') }];
  return (
    <Modal open={open} title={t(`admin.${resource}.create`)} onOk={submit} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden
      okText={t('common:common.save')} cancelText={t('common:common.cancel')} okButtonProps={{ 'data-testid': 'admin-save' }}>
      <Form form={form} layout="vertical" preserve={false}>
        {resource === 'skus' && (
          <Form.Item name="merchantId" label={t('field.merchant')} rules={[{ required: true, message: t('field.merchant') }]}>
            <Select options={names.merchantOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
        {resource === 'users' ? (
          <>
            <Form.Item name="username" label={t('admin.users.username')} rules={req(t('admin.users.username'))}><Input autoComplete="off" /></Form.Item>
            <Form.Item name="password" label={t('admin.users.password')} rules={[{ required: true, min: 10, message: t('admin.users.passwordRule') }]}><Input.Password autoComplete="new-password" /></Form.Item>
            <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true, message: t('admin.users.role') }]}>
              <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} onChange={() => form.setFieldsValue({ merchantId: undefined, warehouseId: undefined })} />
            </Form.Item>
            {role === 'MERCHANT' && <Form.Item name="merchantId" label={t('field.merchant')} rules={[{ required: true, message: t('field.merchant') }]}><Select options={names.merchantOptions} showSearch={{ optionFilterProp: 'label' }} /></Form.Item>}
            {role === 'WAREHOUSE' && <Form.Item name="warehouseId" label={t('field.warehouse')} rules={[{ required: true, message: t('field.warehouse') }]}><Select options={names.warehouseOptions} /></Form.Item>}
          </>
        ) : (
          <>
            {resource !== 'merchants' && (
              <Form.Item name="code" label={t('admin.code')} rules={[...req(t('admin.code')), ...code]}><Input /></Form.Item>
            )}
            <Form.Item name="name" label={t('admin.name')} rules={req(t('admin.name'))}><Input maxLength={200} data-testid="admin-name" /></Form.Item>
            {resource === 'skus' && (
              <Form.Item name="barcode" label={t('admin.skus.barcode')} rules={[...req(t('admin.skus.barcode')), ...code]}><Input /></Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
