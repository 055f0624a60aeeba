/**
 * 到货: one big input for the scanner (note no. or box-label code, Enter looks it up), the note with
 * its boxes, and 到货. A refused note names the exception to register, one click away.
 */
import { Alert, App, Button, Card, Empty, Input, Result, Space, Typography, type InputRef } from 'antd';
import { CheckCircleOutlined, ScanOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { lookupDeliveryNote, useDeliveryNote, useWarehouseSteps } from '../../../api/hooks/deliveryNotes';
import { BottomBar } from '../../../components/BottomBar';
import { useNarrow } from '../../../components/useNarrow';
import { problemMessage } from '../../ops/shared/problem';
import { PageHeader } from '../../ops/shared/PageHeader';
import { RegisterDrawer, type RegisterPreset } from '../exceptions/RegisterDrawer';
import { BoxesTable, NoteFacts } from '../shared/NoteSummary';

const REFUSALS = ['NOTE_NOT_CONFIRMED', 'NOTE_CANCELLED'];
/** The merchant never confirmed or cancelled: 到货 is tried anyway and the refusal names the exception. */
const ARRIVABLE = ['IN_TRANSIT', 'CREATED', 'CANCELLED'];

export default function ArrivalPage() {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { label, status } = useLabels();
  const [code, setCode] = useState('');
  const [scanned, setScanned] = useState<{ id: string; code: string } | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const [refusal, setRefusal] = useState<{ subtype: string; detail: string } | null>(null);
  const [preset, setPreset] = useState<RegisterPreset | null>(null);
  const [registered, setRegistered] = useState<string | null>(null);
  const qc = useQueryClient();
  const scanRef = useRef<InputRef>(null);
  const arriveRef = useRef<HTMLButtonElement>(null);
  const note = useDeliveryNote(scanned?.id);
  const { arrive } = useWarehouseSteps();
  const narrow = useNarrow();
  useEffect(() => { scanRef.current?.focus(); }, []);

  const lookup = async () => {
    const c = code.trim();
    if (!c) return;
    setLooking(true);
    setLookupError(null);
    setRefusal(null);
    setRegistered(null);
    try {
      const n = await lookupDeliveryNote(c);
      qc.setQueryData(keys.deliveryNotes.detail(n.id), n);
      setScanned({ id: n.id, code: c });
      setCode('');
      // the arrive button takes the next Enter from the scanner's keyboard wedge
      setTimeout(() => (ARRIVABLE.includes(n.status) ? arriveRef.current?.focus() : scanRef.current?.focus()), 50);
    } catch (e) {
      setScanned(null);
      setLookupError(e instanceof ApiError && e.status === 404 ? t('arrival.notFoundCode', { code: c }) : problemMessage(e, t('arrival.notFound')));
      scanRef.current?.select();
    } finally {
      setLooking(false);
    }
  };
  const doArrive = async () => {
    if (!note.data) return;
    try {
      const n = await arrive.mutateAsync(note.data.id);
      message.success(t('arrival.arrived', { no: n.no }));
      scanRef.current?.focus();
    } catch (e) {
      if (e instanceof ApiError && REFUSALS.includes(e.code)) setRefusal({ subtype: e.code, detail: e.detail });
      else message.error(problemMessage(e, t('arrival.failed')));
    }
  };
  const n = note.data;
  const canArrive = n && ARRIVABLE.includes(n.status);
  // 到货 is the step's action: at the card's head on a desktop, in the bottom bar on a handheld
  const actions = n && [
    <Button key="register" onClick={() => setPreset({ noteId: n.id })} data-testid="arrival-register">{t('arrival.registerOther')}</Button>,
    canArrive && <Button key="arrive" ref={arriveRef} type="primary" size="large" icon={<CheckCircleOutlined />} loading={arrive.isPending} onClick={doArrive} data-testid="arrive-button">{t('arrival.arrive')}</Button>,
  ];
  return (
    <>
      <PageHeader title={t('arrival.title')} subTitle={t('arrival.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <Input ref={scanRef} size="large" prefix={<ScanOutlined style={{ fontSize: 22, color: '#1677ff' }} />} value={code}
          onChange={(e) => setCode(e.target.value)} onPressEnter={lookup} disabled={looking} allowClear autoComplete="off"
          placeholder={t('arrival.scanPlaceholder')} style={{ fontSize: narrow ? 18 : 22, height: narrow ? 56 : 64 }} data-testid="arrival-scan"
          suffix={<Button type="primary" size="large" loading={looking} onClick={lookup} data-testid="arrival-lookup">{t('arrival.lookup')}</Button>} />
        {lookupError && <Alert type="error" showIcon style={{ marginTop: 12 }} title={lookupError} description={t('arrival.notFoundHint')} data-testid="arrival-not-found" />}
      </Card>
      {!n && !lookupError && (
        <Card><Empty image={<ScanOutlined style={{ fontSize: 64, color: '#bfbfbf' }} />} description={t('arrival.empty')} /></Card>
      )}
      {n && (
        <Card title={t('arrival.noteTitle', { no: n.no })} data-testid="arrival-note"
          extra={!narrow && <Space>{actions}</Space>}>
          {refusal && (
            <Alert type="warning" showIcon icon={<WarningOutlined />} style={{ marginBottom: 16 }} data-testid="arrival-refusal"
              title={t('arrival.refused', { status: status('deliveryNote', n.status) })}
              description={t('arrival.refusedHint', { subtype: label('subtypes', refusal.subtype) })}
              action={<Button type="primary" danger onClick={() => setPreset({ noteId: n.id, subtype: refusal.subtype })} data-testid="register-refusal">
                {t('arrival.registerThis', { subtype: label('subtypes', refusal.subtype) })}
              </Button>} />
          )}
          {registered && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('arrival.registered', { no: registered })} />}
          {!canArrive && (
            <Result status="success" style={{ padding: '8px 0 16px' }} title={t('arrival.already', { status: status('deliveryNote', n.status) })}
              extra={['ARRIVED', 'RECEIVING'].includes(n.status) && <Link to={`/warehouse/receiving?note=${n.id}`}><Button type="primary">{t('arrival.toReceiving')}</Button></Link>} />
          )}
          <NoteFacts note={n} />
          <Typography.Title level={5} style={{ marginTop: 8 }}>{t('note.boxList')}</Typography.Title>
          <BoxesTable note={n} highlight={scanned?.code} />
        </Card>
      )}
      {narrow && actions && <BottomBar>{actions}</BottomBar>}
      <RegisterDrawer preset={preset} onClose={() => { setPreset(null); scanRef.current?.focus(); }}
        onDone={(e) => { setRegistered(e.no); setRefusal(null); }} />
    </>
  );
}
