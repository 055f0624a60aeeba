/** 新增地址 / 编辑地址: one modal for the address book page and the return-method drawer. */
import { App, Checkbox, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddressMutations, type Address, type AddressInput } from '../../../api/hooks/addresses';
import { applyFieldErrors, problemText } from '../../../components/feedback';

interface Props {
  open: boolean;
  /** Editing this address; a new one when absent. */
  address?: Address | null;
  onClose: () => void;
  onSaved?: (a: Address) => void;
}

export function AddressFormModal({ open, address, onClose, onSaved }: Props) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddressInput>();
  const { create, update } = useAddressMutations();
  const busy = create.isPending || update.isPending;
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(address ? { name: address.name, phone: address.phone, region: address.region, detail: address.detail, isDefault: address.isDefault } : { isDefault: false });
    }
  }, [open, address, form]);

  const submit = async (v: AddressInput) => {
    try {
      const saved = address
        ? await update.mutateAsync({ id: address.id, version: address.version, ...v, isDefault: !!v.isDefault })
        : await create.mutateAsync({ ...v, isDefault: !!v.isDefault });
      message.success(address ? t('addresses.updated') : t('addresses.created'));
      onSaved?.(saved);
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };

  return (
    <Modal open={open} title={address ? t('addresses.edit') : t('addresses.add')} onCancel={onClose} onOk={() => form.submit()}
      okText={tc('common.save')} cancelText={tc('common.cancel')} confirmLoading={busy} forceRender
      okButtonProps={{ 'data-testid': 'address-save' }}>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        <Form.Item name="name" label={t('addresses.name')} rules={[{ required: true, whitespace: true, message: t('addresses.nameRequired') }, { max: 100 }]}>
          <Input placeholder={t('addresses.namePlaceholder')} data-testid="address-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('addresses.phone')}
          rules={[{ required: true, message: t('addresses.phoneRequired') }, { pattern: /^[0-9+\- ]{5,20}$/, message: t('addresses.phoneInvalid') }]}>
          <Input placeholder="13800138000" data-testid="address-phone" />
        </Form.Item>
        <Form.Item name="region" label={t('addresses.region')} rules={[{ required: true, whitespace: true, message: t('addresses.regionRequired') }, { max: 200 }]}>
          <Input placeholder={t('addresses.regionPlaceholder')} data-testid="address-region" />
        </Form.Item>
        <Form.Item name="detail" label={t('addresses.detail')} rules={[{ required: true, whitespace: true, message: t('addresses.detailRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} placeholder={t('addresses.detailPlaceholder')} data-testid="address-detail" />
        </Form.Item>
        <Form.Item name="isDefault" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('addresses.setDefault')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
