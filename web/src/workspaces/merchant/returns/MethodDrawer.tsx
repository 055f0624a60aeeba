/**
 * 录入退货方式: platform logistics to an address from the book (新增地址 inline), pickup at a time the
 * merchant proposes (the warehouse schedule decides), or abandon (confirmed first).
 */
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Radio, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllAddresses } from '../../../api/hooks/addresses';
import { RETURN_METHODS, useMerchantReturnActions, type ReturnMethodInput, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { applyFieldErrors, problemText } from '../../../components/feedback';
import { AddressFormModal } from '../addresses/AddressFormModal';
import { fmtTime, linesText } from '../../../components/format';

type Method = ReturnMethodInput['method'];
interface Values { method: Method; addressId?: string; pickupAt?: Dayjs }

export function MethodDrawer({ order, onClose }: { order: ReturnOrder | null; onClose: () => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const method = Form.useWatch('method', form);
  const addresses = useAllAddresses();
  const { enterMethod } = useMerchantReturnActions();
  const [adding, setAdding] = useState(false);
  const list = addresses.data?.items ?? [];
  const defaultId = list.find((a) => a.isDefault)?.id;

  useEffect(() => {
    if (order) {
      form.resetFields();
      form.setFieldsValue({ method: 'PLATFORM_LOGISTICS', addressId: defaultId });
    }
  }, [order, form]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (order && defaultId && !form.getFieldValue('addressId')) form.setFieldValue('addressId', defaultId);
  }, [defaultId, order, form]);

  const send = async (input: ReturnMethodInput) => {
    if (!order) return;
    try {
      await enterMethod.mutateAsync({ id: order.id, version: order.version, input });
      message.success(t('returns.methodSaved', { no: order.no }));
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };

  const submit = (v: Values) => {
    if (v.method === 'PLATFORM_LOGISTICS') return send({ method: v.method, addressId: v.addressId! });
    if (v.method === 'MERCHANT_PICKUP') return send({ method: v.method, pickupAt: v.pickupAt!.toISOString() });
    modal.confirm({
      title: t('returns.abandonConfirmTitle'),
      content: t('returns.abandonConfirm', { no: order?.no }),
      okText: t('returns.abandonOk'),
      okButtonProps: { danger: true, 'data-testid': 'abandon-ok' },
      cancelText: tc('common.cancel'),
      onOk: () => send({ method: 'ABANDON' }),
    });
  };

  return (
    <Drawer open={!!order} onClose={onClose} size={560} title={t('returns.enterMethod')} forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" danger={method === 'ABANDON'} loading={enterMethod.isPending} onClick={() => form.submit()} data-testid="method-submit">{tc('common.submit')}</Button>
        </Space>
      }>
      {order && (
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }} items={[
          { key: 'no', label: t('returns.no'), children: order.no },
          { key: 'goods', label: t('fields.goods'), children: `${linesText(order.lines, 'name')}${order.sealed ? ` (${t('returns.sealed')})` : ''}` },
          { key: 'due', label: t('returns.methodDue'), children: fmtTime(order.methodDueAt) },
        ]} />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        <Form.Item name="method" label={t('returns.method')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="method-radio"
            options={RETURN_METHODS.map((m) => ({ value: m, label: <span data-testid={`method-${m}`}>{t(`common:returnMethods.${m}`)}</span> }))} />
        </Form.Item>
        {method === 'PLATFORM_LOGISTICS' && (
          <Form.Item label={t('returns.address')} required>
            <div style={{ display: 'flex', gap: 8 }}>
              <Form.Item name="addressId" noStyle rules={[{ required: true, message: t('returns.addressRequired') }]}>
                <Select loading={addresses.isLoading} placeholder={t('returns.addressPlaceholder')} data-testid="address-select" style={{ flex: 1, minWidth: 0 }}
                  notFoundContent={t('returns.noAddress')}
                  options={list.map((a) => ({ value: a.id, label: `${a.name} ${a.phone} · ${a.region} ${a.detail}${a.isDefault ? ` (${t('addresses.default')})` : ''}` }))} />
              </Form.Item>
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="address-add-inline">{t('addresses.add')}</Button>
            </div>
          </Form.Item>
        )}
        {method === 'MERCHANT_PICKUP' && (
          <>
            <Form.Item name="pickupAt" label={t('returns.pickupAt')} rules={[{ required: true, message: t('returns.pickupRequired') }]}>
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid="pickup-at" />
            </Form.Item>
            <Alert type="info" showIcon title={t('returns.pickupNote')} />
          </>
        )}
        {method === 'ABANDON' && <Alert type="warning" showIcon title={t('returns.abandonWarning')} />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>{t('returns.methodHint')}</Typography.Paragraph>
      </Form>
      <AddressFormModal open={adding} onClose={() => setAdding(false)}
        onSaved={(a) => form.setFieldsValue({ addressId: a.id })} />
    </Drawer>
  );
}
