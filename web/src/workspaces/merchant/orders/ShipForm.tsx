/** 发货 form: logistics, expected arrival, boxes and their lines; SKUs limited to the order, qty ≤ what is left. */
import { Button, Card, Col, DatePicker, Empty, Form, InputNumber, Radio, Row, Select, Space, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ShippableLine } from './shippable';

export interface ShipValues {
  logistics: 'PLATFORM' | 'SELF';
  expectedArrivalAt: Dayjs;
  boxes: { lines: { skuId?: string; qty?: number }[] }[];
}

export function initialShipValues(lines: ShippableLine[]): ShipValues {
  return {
    logistics: 'PLATFORM',
    expectedArrivalAt: dayjs().add(2, 'day').hour(10).minute(0).second(0).millisecond(0),
    boxes: [{ lines: lines.filter((l) => l.left > 0).map((l) => ({ skuId: l.skuId, qty: l.left })) }],
  };
}

export function ShipForm({ form, lines, onFinish }: { form: FormInstance<ShipValues>; lines: ShippableLine[]; onFinish: (v: ShipValues) => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const watched = Form.useWatch('boxes', form) as ShipValues['boxes'] | undefined;
  const bySku = new Map(lines.map((l) => [l.skuId, l]));
  const options = lines.map((l) => ({ value: l.skuId, label: `${l.skuCode} ${l.skuName}`, disabled: l.left === 0 }));
  // the units of one SKU across every box must stay within what is left
  const qtyRule = (box: number, line: number) => ({ getFieldValue }: { getFieldValue: (n: unknown) => unknown }) => ({
    validator(_: unknown, qty?: number) {
      const skuId = getFieldValue(['boxes', box, 'lines', line, 'skuId']) as string | undefined;
      const sku = skuId ? bySku.get(skuId) : undefined;
      if (!sku || !qty) return Promise.resolve();
      const boxes = (getFieldValue('boxes') as ShipValues['boxes']) ?? [];
      const total = boxes.flatMap((b) => b?.lines ?? []).filter((l) => l?.skuId === skuId).reduce((n, l) => n + (l?.qty ?? 0), 0);
      return total > sku.left ? Promise.reject(new Error(t('ship.qtyTooMany', { left: sku.left }))) : Promise.resolve();
    },
  });
  // a quantity judged against the other boxes is judged again when they change (or go)
  const revalidate = () => setTimeout(() => {
    const stale = form.getFieldsError().filter((f) => f.errors.length && (f.name.at(-1) === 'qty' || f.name.at(-1) === 'skuId')).map((f) => f.name);
    if (stale.length) form.validateFields(stale).catch(() => undefined);
  });
  const uniqueRule = (box: number, line: number) => ({ getFieldValue }: { getFieldValue: (n: unknown) => unknown }) => ({
    validator(_: unknown, skuId?: string) {
      const inBox = ((getFieldValue(['boxes', box, 'lines']) as { skuId?: string }[]) ?? []).filter((l, i) => i !== line && l?.skuId === skuId);
      return skuId && inBox.length ? Promise.reject(new Error(t('ship.skuTwice'))) : Promise.resolve();
    },
  });

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} onValuesChange={revalidate} requiredMark data-testid="ship-form">
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="logistics" label={t('ship.logistics')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={[
              { value: 'PLATFORM', label: t('logistics.PLATFORM') },
              { value: 'SELF', label: t('logistics.SELF') },
            ]} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="expectedArrivalAt" label={t('ship.expectedArrival')} rules={[{ required: true, message: t('ship.expectedRequired') }]}>
            <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid="expected-arrival" />
          </Form.Item>
        </Col>
      </Row>
      <Form.List name="boxes" rules={[{ validator: async (_, boxes) => { if (!boxes?.length) throw new Error(t('ship.needBox')); } }]}>
        {(boxes, { add, remove }, { errors }) => (
          <>
            {boxes.map((box, b) => (
              <Card key={box.key} size="small" style={{ marginBottom: 12 }} data-testid="ship-box"
                title={t('ship.boxN', { n: b + 1 })}
                extra={boxes.length > 1 && <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => { remove(box.name); revalidate(); }} data-testid="remove-box">{t('ship.removeBox')}</Button>}>
                <Form.List name={[box.name, 'lines']} rules={[{ validator: async (_, ls) => { if (!ls?.length) throw new Error(t('ship.needLine')); } }]}>
                  {(ls, lineOps, { errors: lineErrors }) => (
                    <>
                      {ls.map((l) => {
                        const skuId = watched?.[box.name]?.lines?.[l.name]?.skuId;
                        const left = skuId ? bySku.get(skuId)?.left : undefined;
                        return (
                          <Row key={l.key} gutter={8} align="top" wrap={false}>
                            <Col flex="auto">
                              <Form.Item name={[l.name, 'skuId']} rules={[{ required: true, message: t('ship.skuRequired') }, uniqueRule(box.name, l.name)]} style={{ marginBottom: 8 }}>
                                <Select options={options} placeholder={t('ship.skuPlaceholder')} data-testid="ship-sku" showSearch optionFilterProp="label" />
                              </Form.Item>
                            </Col>
                            <Col flex="180px">
                              <Form.Item name={[l.name, 'qty']} dependencies={[['boxes', box.name, 'lines', l.name, 'skuId']]}
                                rules={[{ required: true, message: t('ship.qtyRequired') }, qtyRule(box.name, l.name)]} style={{ marginBottom: 8 }}>
                                <InputNumber min={1} max={left || undefined} precision={0} style={{ width: '100%' }} placeholder={tc('common.qty')}
                                  suffix={left !== undefined ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>/ {left}</Typography.Text> : undefined} data-testid="ship-qty" />
                              </Form.Item>
                            </Col>
                            <Col flex="32px">
                              <Button type="text" icon={<MinusCircleOutlined />} disabled={ls.length === 1} onClick={() => { lineOps.remove(l.name); revalidate(); }} aria-label={t('ship.removeLine')} />
                            </Col>
                          </Row>
                        );
                      })}
                      <Form.ErrorList errors={lineErrors} />
                      <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => lineOps.add({})} disabled={ls.length >= lines.length} data-testid="add-line">{t('ship.addLine')}</Button>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            {boxes.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ship.needBox')} />}
            <Space>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ lines: [{}] })} data-testid="add-box">{t('ship.addBox')}</Button>
            </Space>
          </>
        )}
      </Form.List>
    </Form>
  );
}
