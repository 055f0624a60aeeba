/** Affected quantities per SKU of the note (Form names lines.qty.<skuId>), plus other SKUs for wrong goods. */
import { Button, Flex, Form, InputNumber, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMerchantSkus } from '../../../api/hooks/admin';
import type { DeliveryNote, LedgerLine } from '../../../api/hooks/deliveryNotes';
import { ResponsiveTable } from '../../../components/ResponsiveTable';

export interface LinesValue {
  qty: Record<string, number | null | undefined>;
  extra?: { skuId: string; qty: number }[];
}

export function LinesInput({ note, allowNewSku }: { note: DeliveryNote; allowNewSku: boolean }) {
  const { t } = useTranslation('warehouse');
  const skus = useMerchantSkus(allowNewSku ? note.merchantId : undefined);
  const onNote = new Set(note.lines.map((l) => l.skuId));
  const otherSkus = (skus.data?.items ?? []).filter((s) => !onNote.has(s.id)).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }));
  return (
    <>
      <ResponsiveTable<LedgerLine> rowKey="skuId" size="small" pagination={false} cards={{}} dataSource={note.lines.filter((l) => l.declared > 0 || l.arrived > 0)}
        columns={[
          { title: t('count.sku'), key: 'sku', render: (_, l) => <div><Typography.Text strong>{l.skuCode}</Typography.Text> <Typography.Text type="secondary">{l.skuName}</Typography.Text></div> },
          { title: t('ledger.declared'), dataIndex: 'declared', align: 'right' },
          { title: t('ledger.received'), dataIndex: 'received', align: 'right' },
          { title: t('ledger.inProcess'), dataIndex: 'inProcess', align: 'right' },
          { title: t('ledger.onHold'), dataIndex: 'onHold', align: 'right' },
          {
            title: t('register.qty'), key: 'qty', width: 140,
            render: (_, l) => (
              <Form.Item name={['lines', 'qty', l.skuId]} style={{ margin: 0 }}>
                <InputNumber<number> min={0} precision={0} style={{ width: 120 }} placeholder="0" data-testid={`register-qty-${l.skuCode}`} />
              </Form.Item>
            ),
          },
        ]} />
      {allowNewSku && (
        <Form.List name={['lines', 'extra']}>
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 12 }}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="start" wrap>
                  <Form.Item name={[f.name, 'skuId']} style={{ flex: '1 1 200px', minWidth: 0 }} rules={[{ required: true, message: t('register.pickSku') }]}>
                    <Select options={otherSkus} showSearch={{ optionFilterProp: 'label' }} placeholder={t('register.pickSku')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'qty']} rules={[{ required: true, message: t('register.qty') }]}>
                    <InputNumber<number> min={1} precision={0} style={{ width: 120 }} placeholder={t('register.qty')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('register.removeSku')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>{t('register.addOtherSku')}</Button>
            </div>
          )}
        </Form.List>
      )}
    </>
  );
}
