/** 异常登记: this warehouse's exceptions (filters in the URL), the register drawer, detail and cancel. */
import { Button, Card, Drawer, Skeleton, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { exceptionsPath, useCancelException, useException, type ExceptionSummary } from '../../../api/hooks/exceptions';
import { BottomBar } from '../../../components/BottomBar';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { useNarrow } from '../../../components/useNarrow';
import { ErrorState } from '../../../components/States';
import { StatusTag } from '../../../components/StatusTag';
import { ExceptionBody } from '../../ops/shared/ExceptionBody';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../../ops/shared/empty';
import { ReasonModal } from '../../ops/shared/ReasonModal';
import { dateBounds, fmtTime } from '../../../components/format';
import { RegisterDrawer, type RegisterPreset } from './RegisterDrawer';

type F = Record<string, string | undefined>;

function DetailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('warehouse');
  const exc = useException(id);
  const narrow = useNarrow();
  return (
    <Drawer open={!!id} onClose={onClose} size={narrow ? '100%' : 820} title={exc.data ? t('exceptions.detailTitle', { no: exc.data.no }) : ''}
      extra={exc.data && <StatusTag doc="exception" status={exc.data.status} />}>
      {exc.isError ? <ErrorState error={exc.error} onRetry={() => exc.refetch()} /> : exc.data ? <ExceptionBody exc={exc.data} /> : <Skeleton active />}
    </Drawer>
  );
}

export default function ExceptionsPage() {
  const { t } = useTranslation('warehouse');
  const { label, options, statusOptions, catalog } = useLabels();
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const [params, setParams] = useSearchParams();
  const [preset, setPreset] = useState<RegisterPreset | null>(null);
  const [cancelling, setCancelling] = useState<ExceptionSummary | null>(null);
  const cancel = useCancelException();
  const narrow = useNarrow();
  const { detail: detailId, ...rest } = filters;
  const query = {
    status: rest.status, type: rest.type, subtype: rest.subtype, deliveryNoteNo: rest.deliveryNoteNo, ...dateBounds(rest.from, rest.to),
  };
  const result = usePagedList<ExceptionSummary>(keys.exceptions.list(), exceptionsPath, query, cursor);
  const openDetail = (id: string | null) => { const p = new URLSearchParams(params); if (id) p.set('detail', id); else p.delete('detail'); setParams(p); };
  const registerButton = <Button type="primary" icon={<PlusOutlined />} onClick={() => setPreset({})} data-testid="register-open">{t('exceptions.register')}</Button>;
  return (
    <>
      <PageHeader title={t('exceptions.title')} subTitle={t('exceptions.subtitle')} extra={!narrow && registerButton} />
      <FilterBar filters={rest} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'deliveryNoteNo', label: t('note.no'), kind: 'input', placeholder: 'DN…' },
        { name: 'status', label: t('common:list.status'), kind: 'select', options: statusOptions('exception'), multiple: true },
        { name: 'type', label: t('exceptions.type'), kind: 'select', options: options('types') },
        { name: 'subtype', label: t('exceptions.subtype'), kind: 'select', options: (catalog?.subtypes ?? []).filter((s) => !rest.type || s.type === rest.type).map((s) => ({ value: s.code, label: label('subtypes', s.code) })) },
        { name: 'dates', label: t('exceptions.registeredAt'), kind: 'dateRange' },
      ]} />
      <Card>
        <PagedTable<ExceptionSummary> result={result} pager={{ hasPrev, goNext, goPrev }} cards={{}} filtered={Object.keys(rest).length > 0} {...emptyHint(result, t('exceptions.empty'), Object.keys(rest).length > 0)}
          columns={[
            { title: t('exceptions.no'), dataIndex: 'no', render: (no: string, r) => <Typography.Link onClick={() => openDetail(r.id)} data-testid={`wh-exception-${no}`}>{no}</Typography.Link> },
            { title: t('note.no'), dataIndex: 'deliveryNoteNo' },
            { title: t('exceptions.typeSubtype'), key: 'type', render: (_, r) => <div><div>{label('types', r.type)}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{label('subtypes', r.subtype)}</Typography.Text></div> },
            { title: t('exceptions.stage'), dataIndex: 'stage', render: (s: string) => label('stages', s) },
            { title: t('exceptions.lines'), key: 'lines', render: (_, r) => <Typography.Text ellipsis={!narrow} style={{ maxWidth: narrow ? undefined : 220 }}>{r.lines.map((l) => `${l.skuCode} ×${l.qty}`).join(', ') || '-'}</Typography.Text> },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="exception" status={s} /> },
            { title: t('exceptions.plan'), dataIndex: 'plan', render: (p: string | null) => (p ? label('plans', p) : '-') },
            { title: t('exceptions.registeredAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => openDetail(r.id)}>{t('common:list.detail')}</Button>
                  {r.status === 'PENDING' && <Button type="link" size="small" danger onClick={() => setCancelling(r)} data-testid={`wh-cancel-${r.no}`}>{t('exceptions.cancel')}</Button>}
                </Space>
              ),
            },
          ]} />
      </Card>
      {narrow && <BottomBar>{registerButton}</BottomBar>}
      <RegisterDrawer preset={preset} onClose={() => setPreset(null)} onDone={(e) => openDetail(e.id)} />
      <DetailDrawer id={detailId ?? null} onClose={() => openDetail(null)} />
      <ReasonModal open={!!cancelling} title={t('exceptions.cancelTitle', { no: cancelling?.no })} field="reason" label={t('exceptions.cancelReason')}
        placeholder={t('exceptions.cancelHint')} testId="wh-cancel-reason" onClose={() => setCancelling(null)}
        onSubmit={(reason) => cancel.mutateAsync({ id: cancelling!.id, reason, version: cancelling!.version })} />
    </>
  );
}
