/** 送货单: the merchant's delivery notes; 未确认送货 first so a created note is never lost. */
import { Card, Space, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { deliveryNotePath, type DeliveryNoteSummary } from '../../../api/hooks/deliveryNotes';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { fmtTime } from '../../../components/format';
import { NoteActions } from './NoteActions';
import { ExportButton } from '../../../components/ExportButton';

const TABS: Record<string, string | undefined> = {
  CREATED: 'CREATED',
  IN_TRANSIT: 'IN_TRANSIT',
  AT_WAREHOUSE: 'ARRIVED,RECEIVING',
  DONE: 'COMPLETED,CANCELLED,VOIDED,RETURNED',
  ALL: undefined,
};

export default function NoteList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const url = useUrlFilters<{ tab?: string; q?: string; stockingOrderId?: string }>();
  const tab = url.filters.tab && url.filters.tab in TABS ? url.filters.tab : 'CREATED';
  const query = { status: TABS[tab], q: url.filters.q, stockingOrderId: url.filters.stockingOrderId };
  const result = usePagedList<DeliveryNoteSummary>(keys.deliveryNotes.list(), deliveryNotePath, query, url.cursor);

  const columns: ColumnsType<DeliveryNoteSummary> = [
    { title: t('fields.deliveryNoteNo'), dataIndex: 'no', fixed: 'left', render: (no, n) => <Link to={`/merchant/delivery-notes/${n.id}`} data-testid="note-link">{no}</Link> },
    { title: t('ship.logistics'), dataIndex: 'logistics', render: (v) => <Tag>{t(`logistics.${v}`)}</Tag> },
    { title: t('ship.expectedArrival'), dataIndex: 'expectedArrivalAt', render: fmtTime },
    { title: t('notes.origin'), dataIndex: 'sourceExceptionId', render: (v) => (v ? <Link to={`/merchant/exceptions/${v}`}><Tag color="purple">{t('notes.fromException')}</Tag></Link> : t('notes.byMerchant')) },
    { title: tc('list.status'), dataIndex: 'status', render: (s) => <StatusTag doc="deliveryNote" status={s} /> },
    { title: tc('list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, n) => (
        <Space size={0}>
          <NoteActions note={n} link />
          <Link to={`/merchant/delivery-notes/${n.id}`} style={{ padding: '0 8px' }}>{tc('list.detail')}</Link>
        </Space>
      ),
    },
  ];

  return (
    <>
      <FilterBar filters={url.filters} onSearch={url.setFilters} onReset={() => url.resetFilters({ tab })}
        fields={[{ kind: 'input', name: 'q', label: t('fields.deliveryNoteNo'), placeholder: t('filters.noPlaceholder') }]} />
      <Card title={t('notes.title')} extra={<ExportButton path={deliveryNotePath} query={query} />}>
        <Tabs activeKey={tab} onChange={(k) => url.setFilters({ tab: k })}
          items={Object.keys(TABS).map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`notes.tabs.${k}`)}</span> }))} />
        <PagedTable<DeliveryNoteSummary> result={result} pager={url} filtered={!!url.filters.q} columns={columns} />
      </Card>
    </>
  );
}
