/**
 * A step by scanning a selected note (收货, 质检: scan then tap 合格 / 不合格, 上架: a scan books one
 * unit). For 收货: the scan field, a large colour state for the last scan, what is
 * waiting to be sent (and whether the network is down), refused scans on their line, the proposals
 * the scans found (多货, 错货 / 条码贴错, unknown barcodes, 少货 when receiving closes) each one tap
 * from a prefilled 异常登记, the lines' progress, and the last scans with undo.
 */
import { App, Button, Card, Flex, List, Progress, Space, Tag, Typography } from 'antd';
import { CloudOutlined, DisconnectOutlined, UndoOutlined } from '@ant-design/icons';
import { startTransition, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { lookupDeliveryNote, type DeliveryNote, type LedgerLine } from '../../../api/hooks/deliveryNotes';
import { doneOf, relevant, totalOf, type CountMode } from '../shared/CountPanel';
import { RegisterDrawer, type RegisterPreset } from '../exceptions/RegisterDrawer';
import { looksLikeNoteCode, parseScan } from './classify';
import { OUTCOME_COLOURS, signal, type Outcome } from './feedback';
import { ScanField } from './ScanField';
import { BottomBar } from '../../../components/BottomBar';
import { useStepScans } from './useStepScans';

const DOT: Record<Outcome, string> = { booked: '#52c41a', attention: '#faad14', refused: '#ff4d4f' };

const IN_STEP: Record<CountMode, string[]> = { receive: ['ARRIVED', 'RECEIVING'], qc: ['RECEIVING'], putaway: ['RECEIVING'] };

export function ScanStep({ note, mode, onSelectNote }: { note: DeliveryNote; mode: CountMode; onSelectNote: (id: string) => void }) {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { status } = useLabels();
  const s = useStepScans(note, mode);
  const [preset, setPreset] = useState<(RegisterPreset & { clear?: () => void }) | null>(null);
  /** 质检: the line the last scan found, waiting for 合格 / 不合格 (and the scan, to book it). */
  const [armed, setArmed] = useState<{ raw: string; line: LedgerLine } | null>(null);
  const say = (code: string, outcome: Outcome, key: string, values?: Record<string, unknown>) => {
    if (outcome !== 'booked') signal(outcome);
    s.log({ code, qty: 0, outcome, message: [key, values] });
  };

  // the colour and sound come at once (feedback.ts); the message, the line and the list follow as a
  // transition, so a slow handheld paints the colour before it renders the rest
  const onScan = (text: string) => startTransition(() => scanned(text));
  const scanned = (text: string) => {
    const parsed = parseScan(text);
    if (parsed.kind === 'code' && looksLikeNoteCode(parsed.code)) {
      const code = parsed.code;
      lookupDeliveryNote(code).then((n) => {
        if (!IN_STEP[mode].includes(n.status)) say(code, 'refused', 'scan.noteWrongStatus', { no: n.no, status: status('deliveryNote', n.status) });
        else if (n.id !== note.id) { signal('booked'); onSelectNote(n.id); }
        else { signal('booked'); say(code, 'booked', 'scan.noteSwitched', { no: n.no }); }
      }).catch(() => say(code, 'refused', 'scan.noteNotFound', { code }));
      return;
    }
    if (mode !== 'qc') { s.scanBarcode(text); return; }
    const line = s.scanBarcode(text);
    if (line) { signal('booked'); setArmed({ raw: text, line }); }
  };
  const judge = (step: 'qcPassed' | 'qcFailed') => {
    if (!armed) return;
    s.scanBarcode(armed.raw, step);
    setArmed(null);
  };
  const last = s.history[0];
  useLayoutEffect(() => { if (last) performance.mark('scan-shown'); }, [last]);
  const current = last ? { outcome: last.outcome, text: t(last.message[0], last.message[1]) } : { outcome: 'idle' as const, text: t('scan.ready') };
  const sku = (skuId: string) => note.lines.find((l) => l.skuId === skuId);

  const close = () => {
    if (s.waiting.length) { message.warning(t('scan.closeWaiting', { count: s.waiting.length })); return; }
    if (Object.keys(s.missing).length) {
      message.info(t('scan.closeShort'));
      setPreset({ noteId: note.id, subtype: 'SHORTAGE', qty: s.missing });
      return;
    }
    message.success(t('scan.closeDone'));
  };
  const undo = async () => {
    const [key, values] = await s.undoLast();
    message.info(t(key, values));
  };

  return (
    <Flex vertical gap={12} data-testid="scan-receive">
      <ScanField onScan={onScan} placeholder={t('scan.field')} hint={t(`scan.fieldHint${mode === 'qc' ? 'Qc' : ''}`)} />
      <div data-testid="scan-state" data-outcome={current.outcome} role="status" aria-live="assertive"
        style={{ background: OUTCOME_COLOURS[current.outcome], borderRadius: 8, padding: '14px 16px', fontSize: 20, fontWeight: 600, minHeight: 60 }}>
        {current.text}
      </div>
      {armed && (
        <Card size="small" data-testid="scan-qc-armed" title={`${armed.line.skuCode} · ${armed.line.skuName}`}>
          <Flex gap={12}>
            <Button type="primary" size="large" block style={{ minHeight: 56, background: '#52c41a' }} onClick={() => judge('qcPassed')} data-testid="scan-qc-pass">{t('scan.pass')}</Button>
            <Button danger size="large" block style={{ minHeight: 56 }} onClick={() => judge('qcFailed')} data-testid="scan-qc-fail">{t('scan.fail')}</Button>
          </Flex>
        </Card>
      )}
      <Flex gap={8} wrap align="center">
        {s.offline ? <Tag icon={<DisconnectOutlined />} color="warning" data-testid="scan-offline">{t('scan.offline')}</Tag> : null}
        <Tag icon={<CloudOutlined />} color={s.waiting.length ? 'processing' : 'success'} data-testid="scan-waiting" data-count={s.waiting.length}>
          {s.waiting.length ? t('scan.waiting', { count: s.waiting.length }) : t('scan.allSent')}
        </Tag>
      </Flex>
      {s.refused.map((r) => (
        <Card key={r.seq} size="small" style={{ borderColor: '#ff4d4f' }} data-testid="scan-refused">
          <Flex justify="space-between" align="center" gap={8}>
            <span><Tag color="error">{t(r.reverse ? 'scan.reversal' : 'scan.refused')}</Tag>{sku(r.skuId)?.skuCode} ×{r.qty}: {r.error}</span>
            <Button onClick={() => void s.dismissRefused(r)} style={{ minHeight: 44 }}>{t('scan.dismiss')}</Button>
          </Flex>
        </Card>
      ))}
      {(Object.keys(s.surplus).some((k) => s.surplus[k] > 0) || s.foreign.length > 0) && (
        <Card size="small" title={t('scan.proposals')} data-testid="scan-proposals">
          <Flex vertical gap={8}>
            {Object.entries(s.surplus).filter(([, n]) => n > 0).map(([skuId, qty]) => (
              <Flex key={skuId} justify="space-between" align="center" gap={8} wrap>
                <span>{t('scan.surplus', { sku: sku(skuId)?.skuCode, qty })}</span>
                <Button type="primary" style={{ minHeight: 44 }} data-testid={`propose-surplus-${sku(skuId)?.skuCode}`}
                  onClick={() => setPreset({ noteId: note.id, subtype: 'SURPLUS', qty: { [skuId]: qty }, clear: () => s.clearSurplus(skuId) })}>{t('scan.registerSurplus')}</Button>
              </Flex>
            ))}
            {s.foreign.map((f) => (
              <Flex key={f.code} vertical gap={4} data-testid={`propose-foreign-${f.code}`}>
                <span>{t('scan.foreign', { code: f.code, qty: f.qty })} · {f.checking ? t('scan.checking')
                  : f.sku ? (f.onOrder ? t('scan.foreignOnOrder', { sku: f.sku.code }) : t('scan.foreignSku', { sku: f.sku.code, name: f.sku.name })) : t('scan.foreignUnknown')}</span>
                <Space wrap>
                  {f.sku && <Button type="primary" style={{ minHeight: 44 }} data-testid="propose-wrong-goods"
                    onClick={() => setPreset({ noteId: note.id, subtype: 'WRONG_GOODS', extra: [{ skuId: f.sku!.id, qty: f.qty }], clear: () => s.clearForeign(f.code) })}>{t('scan.wrongGoods')}</Button>}
                  {(!f.sku || f.onOrder) && <Button style={{ minHeight: 44 }} data-testid="propose-barcode-wrong"
                    onClick={() => setPreset({ noteId: note.id, subtype: 'BARCODE_WRONG', clear: () => s.clearForeign(f.code) })}>{t('scan.barcodeWrong')}</Button>}
                  {!f.sku && <Button style={{ minHeight: 44 }} data-testid="propose-barcode-damaged"
                    onClick={() => setPreset({ noteId: note.id, subtype: 'BARCODE_DAMAGED', clear: () => s.clearForeign(f.code) })}>{t('scan.barcodeDamaged')}</Button>}
                  <Button type="link" onClick={() => setPreset({ noteId: note.id, clear: () => s.clearForeign(f.code) })}>{t('scan.manual')}</Button>
                </Space>
              </Flex>
            ))}
          </Flex>
        </Card>
      )}
      <Card size="small" title={t('scan.lines')}>
        <List size="small" dataSource={note.lines.filter((l) => relevant(mode, l))} renderItem={(l) => {
          const expected = totalOf(mode, l);
          const done = doneOf(mode, l) + s.pendingOf(l.skuId);
          return (
            <List.Item data-testid={`scan-line-${l.skuCode}`} data-done={doneOf(mode, l)} data-pending={s.pendingOf(l.skuId)}>
              <Flex vertical style={{ width: '100%' }}>
                <Flex justify="space-between"><Typography.Text strong>{l.skuCode}</Typography.Text><span>{done} / {expected}</span></Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.skuName} · {l.barcode}</Typography.Text>
                <Progress percent={expected ? Math.min(100, Math.round((done / expected) * 100)) : 0} showInfo={false} size="small" />
              </Flex>
            </List.Item>
          );
        }} />
      </Card>
      <Card size="small" title={t('scan.last')} extra={<Button icon={<UndoOutlined />} onClick={() => void undo()} disabled={!s.history.length} data-testid="scan-undo" style={{ minHeight: 44 }}>{t('scan.undo')}</Button>}>
        <List size="small" dataSource={s.history.slice(0, 8)} locale={{ emptyText: t('scan.ready') }} renderItem={(h) => (
          <List.Item data-testid="scan-history-item">
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, marginRight: 8, background: DOT[h.outcome] }} />
            <Typography.Text style={{ flex: 1 }}>{t(h.message[0], h.message[1])}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.code}</Typography.Text>
          </List.Item>
        )} />
      </Card>
      {mode === 'receive' && <BottomBar><Button type="primary" size="large" onClick={close} data-testid="scan-close">{t('scan.close')}</Button></BottomBar>}
      <RegisterDrawer preset={preset} onClose={() => setPreset(null)} onDone={() => preset?.clear?.()} />
    </Flex>
  );
}
