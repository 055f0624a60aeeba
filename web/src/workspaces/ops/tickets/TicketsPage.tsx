/** 工单 (ops): merchants' questions; open one to answer it. */
import { Badge, Button, Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useNames } from '../../../api/hooks/admin';
import { ticketsPath, type Ticket } from '../../../api/hooks/tickets';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { fmtTime } from '../../../components/format';
import { TicketDrawer } from './TicketDrawer';

type F = Record<string, string | undefined>;

export default function TicketsPage() {
  const { t } = useTranslation('ops');
  const { statusOptions } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const result = usePagedList<Ticket>(keys.tickets.list(), ticketsPath, { status: filters.status, merchantId: filters.merchantId }, cursor);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('tickets.title')} subTitle={t('tickets.subtitle')} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('ticket') },
        { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
      ]} />
      <Card>
        <PagedTable<Ticket> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={Object.keys(filters).length > 0} {...emptyHint(result, t('tickets.empty'), Object.keys(filters).length > 0)}
          columns={[
            { title: t('field.no'), dataIndex: 'no' },
            { title: t('tickets.subject'), dataIndex: 'subject', render: (s: string, r) => <>{r.status === 'OPEN' && <Badge status="processing" />} {s}</> },
            { title: t('field.merchant'), dataIndex: 'merchantId', render: (id: string) => names.merchant(id) },
            { title: t('tickets.document'), key: 'doc', render: (_, r) => (r.document ? `${t(`tickets.doc.${r.document.type}`, { defaultValue: r.document.type })} ${r.document.no ?? ''}` : '-') },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="ticket" status={s} /> },
            { title: t('tickets.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => <Button type="link" size="small" onClick={() => setOpen(r.id)} data-testid={`answer-${r.no}`}>{r.status === 'OPEN' ? t('tickets.answerAction') : t('common:list.detail')}</Button>,
            },
          ]} />
      </Card>
      <TicketDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
