/** 收货 / 质检 / 上架: pick (or scan) a note on the left, count it per SKU on the right; on a handheld the list, then the note. */
import { App, Button, Card, Col, Empty, Flex, Input, Row, Skeleton, Space, Typography } from 'antd';
import { ExclamationCircleOutlined, LeftOutlined, ScanOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { deliveryNotePath, lookupDeliveryNote, useDeliveryNote, type DeliveryNote, type DeliveryNoteSummary } from '../../../api/hooks/deliveryNotes';
import { problemMessage } from '../../ops/shared/problem';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { ErrorState } from '../../../components/States';
import { useNarrow } from '../../../components/useNarrow';
import { StatusTag } from '../../../components/StatusTag';
import { fmtShort } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../../ops/shared/empty';
import { RegisterDrawer, type RegisterPreset } from '../exceptions/RegisterDrawer';
import { CountPanel, type CountMode } from '../shared/CountPanel';
import { NoteFacts } from '../shared/NoteSummary';
import { ScanStep } from '../scan/ScanStep';
import { keepNote, keptNote } from '../scan/queue';

/**
 * The note being worked: as the server sends it, kept on the device each time; with no network (a
 * reload on bad Wi-Fi) the kept copy, so scanning goes on and the queue shows what waits.
 */
function useWorkedNote(noteId: string | null) {
  const note = useDeliveryNote(noteId);
  const [kept, setKept] = useState<DeliveryNote>();
  useEffect(() => {
    if (note.data) void keepNote(note.data);
    else if (noteId) void keptNote<DeliveryNote>(noteId).then((k) => setKept(k?.id === noteId ? k : undefined));
  }, [note.data, noteId]);
  return { note, n: note.data ?? (kept?.id === noteId ? kept : undefined) };
}

const STATUSES: Record<CountMode, string[]> = { receive: ['ARRIVED', 'RECEIVING'], qc: ['RECEIVING'], putaway: ['RECEIVING'] };

export default function StepPage({ mode }: { mode: CountMode }) {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { status } = useLabels();
  const { filters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<Record<string, string | undefined>>();
  const [params, setParams] = useSearchParams();
  const noteId = params.get('note');
  const [scan, setScan] = useState('');
  const [scanning, setScanning] = useState(false);
  const [preset, setPreset] = useState<RegisterPreset | null>(null);
  const list = usePagedList<DeliveryNoteSummary>(keys.deliveryNotes.list(), deliveryNotePath, { status: STATUSES[mode].join(','), q: filters.q }, cursor);
  const { note, n } = useWorkedNote(noteId);
  const select = (id: string) => { const p = new URLSearchParams(params); p.set('note', id); setParams(p); };
  const unselect = () => { const p = new URLSearchParams(params); p.delete('note'); setParams(p); };
  const narrow = useNarrow();
  const onScan = async () => {
    if (!scan.trim()) return;
    setScanning(true);
    try {
      const n = await lookupDeliveryNote(scan);
      if (!STATUSES[mode].includes(n.status)) message.warning(t('step.wrongStatus', { no: n.no, status: status('deliveryNote', n.status) }));
      else { select(n.id); setScan(''); }
    } catch (e) {
      message.error(problemMessage(e, t('arrival.notFound')));
    } finally {
      setScanning(false);
    }
  };
  // a note in the step is worked by scanning (../scan/ScanStep.tsx); counting per SKU stays below it
  const scanFirst = !!n && STATUSES[mode].includes(n.status);
  const failed = n?.lines.filter((l) => l.failed > 0) ?? [];
  const registerButtons = n && [
    mode === 'qc' && failed.length > 0 && (
      <Button key="quality" icon={<ExclamationCircleOutlined />} danger data-testid="register-quality"
        onClick={() => setPreset({ noteId: n.id, subtype: 'QUALITY_PARTIAL', qty: Object.fromEntries(failed.map((l) => [l.skuId, l.failed])) })}>
        {t('step.registerQuality')}
      </Button>
    ),
    <Button key="register" onClick={() => setPreset({ noteId: n.id })} data-testid="step-register">{t('step.register')}</Button>,
  ];
  const picker = (
    <Card title={t('step.notes')} styles={{ body: { padding: 12 } }}>
      <Input size="large" prefix={<ScanOutlined />} placeholder={t('step.scanPlaceholder')} value={scan} allowClear
        onChange={(e) => setScan(e.target.value)} onPressEnter={onScan} disabled={scanning} data-testid="step-scan" style={{ marginBottom: 12 }} />
      <PagedTable<DeliveryNoteSummary> result={list} pager={{ hasPrev, goNext, goPrev }} size="small" cards={{}} {...emptyHint(list, t(`step.${mode}.empty`), !!filters.q)}
        rowClassName={(r) => (r.id === noteId ? 'ant-table-row-selected' : '')}
        onRow={(r) => ({ onClick: () => select(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('note.no'), dataIndex: 'no', render: (no: string, r) => <span data-testid={`pick-${no}`}>{no}{r.sourceExceptionId && <Typography.Text type="secondary"> · {t('note.fromExceptionShort')}</Typography.Text>}</span> },
          { title: t('note.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="deliveryNote" status={s} /> },
          { title: t('note.arrivedAt'), dataIndex: 'arrivedAt', render: fmtShort },
        ]} />
    </Card>
  );
  const work = (
    <Card title={n ? t('step.working', { no: n.no }) : t(`step.${mode}.title`)} extra={!narrow && n && <Space>{registerButtons}</Space>}>
      {!noteId ? <Empty description={t('step.pickNote')} />
        : note.isError && !n ? <ErrorState error={note.error} onRetry={() => note.refetch()} />
        : !n ? <Skeleton active />
        : (
          <>
            {narrow ? <Flex vertical gap={8} style={{ marginBottom: 12 }}>{registerButtons}</Flex> : <NoteFacts note={n} />}
            {!STATUSES[mode].includes(n.status) && (
              <Typography.Paragraph type="warning">{t('step.notInStep', { status: status('deliveryNote', n.status) })}</Typography.Paragraph>
            )}
            {scanFirst && <ScanStep note={n} mode={mode} onSelectNote={select} />}
            {narrow && <NoteFacts note={n} />}
            <CountPanel note={n} mode={mode} autoFocus={!scanFirst} secondary={scanFirst && mode === 'receive'} />
          </>
        )}
    </Card>
  );
  return (
    <>
      <PageHeader title={t(`step.${mode}.title`)} subTitle={t(`step.${mode}.subtitle`)} />
      {!narrow ? (
        <Row gutter={16} wrap={false}>
          <Col flex="380px">{picker}</Col>
          <Col flex="auto" style={{ minWidth: 0 }}>{work}</Col>
        </Row>
      ) : noteId ? (
        // a handheld: one thing at a time, the note being worked, one tap back to the list
        <Flex vertical gap={12} align="stretch">
          <Button icon={<LeftOutlined />} onClick={unselect} data-testid="step-back" style={{ alignSelf: 'flex-start' }}>{t('step.notes')}</Button>
          {work}
        </Flex>
      ) : picker}
      <RegisterDrawer preset={preset} onClose={() => setPreset(null)} />
    </>
  );
}
