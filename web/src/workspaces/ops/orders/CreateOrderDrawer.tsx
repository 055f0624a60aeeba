/** 新建备货订单: merchant, warehouse, type and lines; prices typed in yuan, sent in minor units. */
import { App, Button, Col, Drawer, Flex, Form, InputNumber, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useMerchantSkus, useNames } from '../../../api/hooks/admin';
import { useCreateStockingOrder } from '../../../api/hooks/stockingOrders';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from '../shared/problem';
import { money, toMinor } from '../../../components/format';

interface Values {
  merchantId: string;
  warehouseId: string;
  type: string;
  lines: { skuId: string; qty: number; unitPrice: number }[];
}

export function CreateOrderDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('ops');
  const { options } = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const names = useNames();
  const merchantId = Form.useWatch('merchantId', form);
  const lines = Form.useWatch('lines', form) ?? [];
  const skus = useMerchantSkus(merchantId);
  const create = useCreateStockingOrder();
  const total = lines.reduce((s, l) => s + (l?.qty ?? 0) * toMinor(l?.unitPrice ?? 0), 0);
  const submit = async (v: Values) => {
    try {
      const order = await create.mutateAsync({
        merchantId: v.merchantId, warehouseId: v.warehouseId, type: v.type,
        lines: v.lines.map((l) => ({ skuId: l.skuId, qty: l.qty, unitPrice: toMinor(l.unitPrice) })),
      });
      message.success(t('orders.created', { no: order.no }));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('orders.createFailed')));
    }
  };
  return (
    // a half-filled order is not thrown away by a stray tap beside the drawer: 取消, ✕ or Esc close it
    <Drawer open={open} onClose={onClose} size={720} title={t('orders.create')} destroyOnHidden maskClosable={false}
      footer={<Flex justify="space-between" align="center">
        <Typography.Text>{t('orders.total')}: <Typography.Text strong>{money(total)}</Typography.Text></Typography.Text>
        <Flex gap={8}><Button onClick={onClose}>{t('common:common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="order-submit">{t('common:common.submit')}</Button></Flex>
      </Flex>}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ type: 'REPEAT', lines: [{}] }} preserve={false}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="merchantId" label={t('field.merchant')} rules={[{ required: true }]}>
              <Select options={names.merchantOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="order-merchant"
                onChange={() => form.setFieldValue('lines', [{}])} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="warehouseId" label={t('field.warehouse')} rules={[{ required: true }]}>
              <Select options={names.warehouseOptions} data-testid="order-warehouse" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="type" label={t('field.orderType')} rules={[{ required: true }]}>
          <Select options={options('orderTypes')} data-testid="order-type" />
        </Form.Item>
        <Typography.Title level={5}>{t('orders.lines')}</Typography.Title>
        <Form.List name="lines" rules={[{ validator: async (_, v) => { if (!v?.length) throw new Error(t('orders.needLine')); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col flex="auto">
                    <Form.Item name={[f.name, 'skuId']} label={i === 0 ? t('field.sku') : undefined} rules={[{ required: true, message: t('orders.pickSku') }]}>
                      <Select disabled={!merchantId} placeholder={merchantId ? t('orders.pickSku') : t('orders.pickMerchantFirst')} showSearch={{ optionFilterProp: 'label' }}
                        options={(skus.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))} data-testid={`order-sku-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col flex="120px">
                    <Form.Item name={[f.name, 'qty']} label={i === 0 ? t('field.qty') : undefined} rules={[{ required: true, message: t('field.qty') }]}>
                      <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid={`order-qty-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col flex="150px">
                    <Form.Item name={[f.name, 'unitPrice']} label={i === 0 ? t('field.unitPriceYuan') : undefined} rules={[{ required: true, message: t('field.unitPriceYuan') }]}>
                      <InputNumber min={0} precision={2} step={0.01} prefix="¥" style={{ width: '100%' }} data-testid={`order-price-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col flex="32px" style={{ paddingTop: i === 0 ? 30 : 0 }}>
                    <Button type="text" icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(f.name)} aria-label={t('orders.removeLine')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} data-testid="order-add-line">{t('orders.addLine')}</Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
