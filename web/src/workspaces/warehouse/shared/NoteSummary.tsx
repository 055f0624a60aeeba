/** A delivery note at a glance: facts, and its boxes with their labels and contents. */
import { Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { DeliveryNote } from '../../../api/hooks/deliveryNotes';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../../components/format';

export function NoteFacts({ note }: { note: DeliveryNote }) {
  const { t } = useTranslation('warehouse');
  const { label } = useLabels();
  const declared = note.lines.reduce((s, l) => s + l.declared, 0);
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 12 }} items={[
      { key: 'no', label: t('note.no'), children: <Typography.Text strong copyable>{note.no}</Typography.Text> },
      { key: 'status', label: t('note.status'), children: <StatusTag doc="deliveryNote" status={note.status} /> },
      { key: 'order', label: t('note.order'), children: note.stockingOrder ? `${note.stockingOrder.no} · ${label('orderTypes', note.stockingOrder.type)}` : '-' },
      { key: 'logistics', label: t('note.logistics'), children: t(`note.logisticsMode.${note.logistics}`) },
      { key: 'eta', label: t('note.expected'), children: fmtTime(note.expectedArrivalAt) },
      { key: 'arrived', label: t('note.arrivedAt'), children: fmtTime(note.arrivedAt) },
      { key: 'boxes', label: t('note.boxes'), children: t('note.boxesValue', { boxes: note.boxes.length, units: declared }) },
      ...(note.sourceExceptionId ? [{ key: 'src', label: t('note.source'), children: <Tag color="purple">{t('note.fromException')}</Tag> }] : []),
    ]} />
  );
}

export function BoxesTable({ note, highlight }: { note: DeliveryNote; highlight?: string }) {
  const { t } = useTranslation('warehouse');
  return (
    <ResponsiveTable rowKey="id" size="small" pagination={false} dataSource={note.boxes} scroll={{ x: 'max-content' }} cards={{}}
      rowClassName={(b) => (highlight && b.labelCode === highlight.trim().toUpperCase() ? 'ant-table-row-selected' : '')}
      columns={[
        { title: t('note.boxNo'), dataIndex: 'boxNo', width: 80, render: (n: number) => `${n}/${note.boxes.length}` },
        { title: t('note.labelCode'), dataIndex: 'labelCode', render: (c: string) => <Typography.Text code copyable>{c}</Typography.Text> },
        { title: t('note.boxStatus'), dataIndex: 'status', render: (s: string) => <Tag>{t(`boxStatus.${s}`, { defaultValue: s })}</Tag> },
        { title: t('note.contents'), key: 'contents', render: (_, b) => b.contents.map((c) => `${c.skuCode} ${c.skuName} ×${c.qty}`).join(';') },
      ]} />
  );
}
