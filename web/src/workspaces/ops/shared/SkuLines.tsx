/** SKU code, name and quantity of a document's lines (an exception's, a return order's). */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';

interface SkuLine { skuId: string; skuCode: string; skuName: string; qty: number }

export function SkuLines({ lines, emptyText, testId }: { lines: SkuLine[]; emptyText?: string; testId?: string }) {
  const { t } = useTranslation('ops');
  return (
    <Table rowKey="skuId" size="small" pagination={false} dataSource={lines} data-testid={testId}
      {...(emptyText ? { locale: { emptyText } } : {})}
      columns={[
        { title: t('field.skuCode'), dataIndex: 'skuCode' },
        { title: t('field.skuName'), dataIndex: 'skuName' },
        { title: t('field.qty'), dataIndex: 'qty', align: 'right' },
      ]} />
  );
}
