/**
 * 到货, scan-first: the one scan field (../scan/ScanField.tsx) takes a note no. or a box-label code,
 * finds the note and arrives it at once. A note the merchant never confirmed (or cancelled) is tried
 * anyway, and the 409 names the exception to register, one tap away. Each scan sounds and colours
 * its outcome: arrived (booked), already here or to register (attention), unknown (refused).
 */
import { Alert, Button, Card, Empty, Result, Space, Typography } from 'antd';
import { CheckCircleOutlined, ScanOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { lookupDeliveryNote, useDeliveryNote, useWarehouseSteps, type DeliveryNote } from '../../../api/hooks/deliveryNotes';
import { BottomBar } from '../../../components/BottomBar';
import { useNarrow } from '../../../components/useNarrow';
import { problemMessage } from '../../ops/shared/problem';
import { PageHeader } from '../../../components/PageHeader';
import { RegisterDrawer, type RegisterPreset } from '../exceptions/RegisterDrawer';
import { BoxesTable, NoteFacts } from '../shared/NoteSummary';
import { looksLikeNoteCode, parseScan } from '../scan/classify';
import { ScanField } from '../scan/ScanField';
import { ScanState, useScanOutcome, useScanQueue } from '../scan/ScanState';

const REFUSALS = ['NOTE_NOT_CONFIRMED', 'NOTE_CANCELLED'];
/** The merchant never confirmed or cancelled: 到货 is tried anyway and the refusal names the exception. */
const ARRIVABLE = ['IN_TRANSIT', 'CREATED', 'CANCELLED'];
/** Already at the dock: a scan of another of its boxes, nothing to do here but go and receive. */
const HERE = ['ARRIVED', 'RECEIVING'];

export default function ArrivalPage() {
  const { t } = useTranslation('warehouse');
  const { label, status } = useLabels();
  const [scanned, setScanned] = useState<{ id: string; code: string } | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<{ subtype: string; detail: string } | null>(null);
  const [preset, setPreset] = useState<RegisterPreset | null>(null);
  const [registered, setRegistered] = useState<string | null>(null);
  const qc = useQueryClient();
  const note = useDeliveryNote(scanned?.id);
  const { arrive } = useWarehouseSteps();
  const narrow = useNarrow();
  const { last, say } = useScanOutcome();
  const field = useRef<HTMLInputElement>(null);

  const doArrive = async (target: DeliveryNote, code: string) => {
    setRefusal(null);
    try {
      const n = await arrive.mutateAsync(target.id);
      say('booked', code, 'arrival.arrived', { no: n.no });
    } catch (e) {
      if (e instanceof ApiError && REFUSALS.includes(e.code)) {
        setRefusal({ subtype: e.code, detail: e.detail });
        say('attention', code, 'arrival.refusedScan', { no: target.no, subtype: label('subtypes', e.code) });
      } else say('refused', code, 'arrival.failedScan', { no: target.no, reason: problemMessage(e, t('arrival.failed')) });
    }
  };
  const onScan = useScanQueue(async (text) => {
    const parsed = parseScan(text);
    if (parsed.kind === 'empty') return;
    const code = parsed.kind === 'code' ? parsed.code : parsed.text;
    setRegistered(null);
    if (parsed.kind !== 'code' || !looksLikeNoteCode(code)) {
      setLookupError(t('arrival.notACode', { code }));
      say('refused', code, 'arrival.notACode', { code });
      return;
    }
    let n: DeliveryNote;
    try {
      n = await lookupDeliveryNote(code);
    } catch (e) {
      setScanned(null);
      setRefusal(null);
      const notFound = e instanceof ApiError && e.status === 404;
      setLookupError(notFound ? t('arrival.notFoundCode', { code }) : problemMessage(e, t('arrival.notFound')));
      if (notFound) say('refused', code, 'arrival.notFoundCode', { code });
      else say('refused', code, 'arrival.failedScan', { no: code, reason: problemMessage(e, t('arrival.notFound')) });
      return;
    }
    qc.setQueryData(keys.deliveryNotes.detail(n.id), n);
    setLookupError(null);
    setRefusal(null);
    setScanned({ id: n.id, code });
    if (ARRIVABLE.includes(n.status)) await doArrive(n, code);
    else say(HERE.includes(n.status) ? 'attention' : 'refused', code, 'arrival.alreadyScan', { no: n.no, status: status('deliveryNote', n.status) });
  });

  const n = note.data;
  const canArrive = n && ARRIVABLE.includes(n.status);
  const toReceiving = n && HERE.includes(n.status) && (
    <Link key="receive" to={`/warehouse/receiving?note=${n.id}`}>
      <Button type="primary" size="large" block={narrow} data-testid="arrival-to-receiving">{t('arrival.toReceiving')}</Button>
    </Link>
  );
  // the exception the refusal names, one tap: in the warning on a desktop, the bottom bar's main button on a handheld
  const registerRefusal = n && refusal && (
    <Button key="refusal" type="primary" danger size={narrow ? 'large' : undefined} onClick={() => setPreset({ noteId: n.id, subtype: refusal.subtype })} data-testid="register-refusal">
      {t('arrival.registerThis', { subtype: label('subtypes', refusal.subtype) })}
    </Button>
  );
  // the step's next action: at the card's head on a desktop, in the bottom bar on a handheld
  const actions = n && [
    <Button key="register" size={narrow ? 'large' : undefined} onClick={() => setPreset({ noteId: n.id })} data-testid="arrival-register">{t('arrival.registerOther')}</Button>,
    narrow && registerRefusal,
    // a scan arrives the note itself; the button is there to try again (the network failed, a refused note's exception was registered)
    canArrive && !refusal && <Button key="arrive" type="primary" size="large" icon={<CheckCircleOutlined />} loading={arrive.isPending}
      onClick={() => void doArrive(n, scanned?.code ?? n.no)} data-testid="arrive-button">{t('arrival.arrive')}</Button>,
    toReceiving,
  ];
  return (
    <>
      <PageHeader title={t('arrival.title')} subTitle={t('arrival.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <ScanField onScan={onScan} placeholder={t('arrival.scanPlaceholder')} hint={t('arrival.scanHint')} testId="arrival-scan" inputRef={field} />
        <ScanState last={last} ready="arrival.ready" />
        {lookupError && <Alert type="error" showIcon style={{ marginTop: 12 }} title={lookupError} description={t('arrival.notFoundHint')} data-testid="arrival-not-found" />}
      </Card>
      {!n && !lookupError && (
        <Card><Empty image={<ScanOutlined style={{ fontSize: 64, color: '#bfbfbf' }} />} description={t('arrival.empty')} /></Card>
      )}
      {n && !lookupError && (
        <Card title={t('arrival.noteTitle', { no: n.no })} data-testid="arrival-note" data-status={n.status}
          extra={!narrow && <Space>{actions}</Space>}>
          {refusal && (
            <Alert type="warning" showIcon icon={<WarningOutlined />} style={{ marginBottom: 16 }} data-testid="arrival-refusal"
              title={t('arrival.refused', { status: status('deliveryNote', n.status) })}
              description={t('arrival.refusedHint', { subtype: label('subtypes', refusal.subtype) })}
              action={!narrow && registerRefusal} />
          )}
          {registered && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('arrival.registered', { no: registered })} data-testid="arrival-registered" />}
          {!canArrive && (
            <Result status={HERE.includes(n.status) ? 'success' : 'warning'} style={{ padding: '8px 0 16px' }}
              title={t('arrival.already', { status: status('deliveryNote', n.status) })} />
          )}
          <NoteFacts note={n} />
          <Typography.Title level={5} style={{ marginTop: 8 }}>{t('note.boxList')}</Typography.Title>
          <BoxesTable note={n} highlight={scanned?.code} />
        </Card>
      )}
      {narrow && actions && !lookupError && <BottomBar>{actions}</BottomBar>}
      <RegisterDrawer preset={preset} onClose={() => setPreset(null)} afterClose={() => field.current?.focus()}
        onDone={(e) => { setRegistered(e.no); setRefusal(null); }} />
    </>
  );
}
