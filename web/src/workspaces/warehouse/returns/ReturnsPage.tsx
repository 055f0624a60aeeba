/**
 * 退货作业: returns by state — ship (carrier + tracking no.), hand over (已自提), dispose (已弃货).
 * Scan-first: the scan field takes a return-order no., or the note no. / box label of the goods it
 * returns, and opens that return for its next step (./ScannedReturn.tsx); each scan sounds and
 * colours its outcome like the steps.
 */
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Tabs, Tag, Typography, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { returnOrdersPath, useReturnWork, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from '../../ops/shared/problem';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { useNarrow } from '../../../components/useNarrow';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../../ops/shared/empty';
import { parseScan } from '../scan/classify';
import { ScanField } from '../scan/ScanField';
import { ScanState, useScanOutcome, useScanQueue } from '../scan/ScanState';
import { findReturns, tabOf } from './findReturns';
import { ReturnChoices, ReturnLines, ReturnWhere, ScannedReturn, type ReturnWork } from './ScannedReturn';

const TABS: Record<string, string> = {
  AWAITING_SHIPMENT: 'AWAITING_SHIPMENT',
  AWAITING_PICKUP: 'AWAITING_PICKUP',
  AWAITING_DISPOSAL: 'AWAITING_DISPOSAL',
  PENDING_METHOD: 'PENDING_METHOD',
  DONE: 'SHIPPED,SIGNED,PICKED_UP,DISPOSED',
};

export default function ReturnsPage() {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { status } = useLabels();
  const { filters, setFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<Record<string, string | undefined>>();
  const tab = filters.tab && TABS[filters.tab] ? filters.tab : 'AWAITING_SHIPMENT';
  const result = usePagedList<ReturnOrder>(keys.returnOrders.list(), returnOrdersPath, { status: TABS[tab], q: filters.q }, cursor);
  const work = useReturnWork();
  const narrow = useNarrow();
  const [shipping, setShipping] = useState<ReturnOrder | null>(null);
  /** The carrier of the last shipment: the next one is most often the same, so only the waybill is scanned. */
  const [lastCarrier, setLastCarrier] = useState<string>();
  const [form] = Form.useForm<{ carrier: string; trackingNo: string }>();
  const { last, say } = useScanOutcome();
  const field = useRef<HTMLInputElement>(null);
  const carrierRef = useRef<InputRef>(null);
  const trackingRef = useRef<InputRef>(null);
  const [scanned, setScanned] = useState<{ order?: ReturnOrder; choices?: { noteNo: string; orders: ReturnOrder[] } } | null>(null);
  /** The scanned return's step is done: its card (and the button tapped on it) goes, the field takes the keyboard. */
  const done = (r: ReturnOrder) => { if (scanned?.order?.id === r.id) { setScanned(null); field.current?.focus(); } };

  /** The list follows the scan: the tab its return(s) are on. */
  const showTab = (statuses: string[]) => {
    const tabs = [...new Set(statuses.map(tabOf))];
    if (tabs.length === 1 && tabs[0] !== tab) setFilters({ tab: tabs[0] === 'AWAITING_SHIPMENT' ? undefined : tabs[0], q: undefined });
  };
  /** A return the scan points at, opened for its next step. */
  const open = (r: ReturnOrder, code: string) => {
    setScanned({ order: r });
    showTab([r.status]);
    if (r.status === 'AWAITING_SHIPMENT') setShipping(r);
    if (['AWAITING_SHIPMENT', 'AWAITING_PICKUP', 'AWAITING_DISPOSAL'].includes(r.status)) say('booked', code, 'returns.scanOpened', { no: r.no, status: status('returnOrder', r.status) });
    else if (r.status === 'PENDING_METHOD') say('attention', code, 'returns.scanWaiting', { no: r.no });
    else say('attention', code, 'returns.scanFinished', { no: r.no, status: status('returnOrder', r.status) });
  };
  const onScan = useScanQueue(async (text) => {
    const parsed = parseScan(text);
    if (parsed.kind === 'empty') return;
    const code = parsed.kind === 'code' ? parsed.code : parsed.text;
    try {
      const found = parsed.kind === 'code' ? await findReturns(code) : { kind: 'notACode' as const };
      if (found.kind === 'notACode') { setScanned(null); say('refused', code, 'returns.notACode', { code }); return; }
      if (found.kind === 'notFound') { setScanned(null); say('refused', code, 'returns.scanNotFound', { code }); return; }
      if (found.kind === 'return') { open(found.order, code); return; }
      const waiting = found.orders.filter((r) => !r.finished);
      if (waiting.length === 1) open(waiting[0], code);
      else if (waiting.length > 1) {
        setScanned({ choices: { noteNo: found.note.no, orders: waiting } });
        showTab(waiting.map((r) => r.status));
        say('attention', code, 'returns.scanMany', { no: found.note.no, count: waiting.length });
      } else if (found.orders.length) open(found.orders[0], code);
      else { setScanned(null); say('refused', code, 'returns.scanNone', { no: found.note.no }); }
    } catch (e) {
      say('refused', code, 'returns.scanFailed', { code, reason: problemMessage(e, t('returns.failed')) });
    }
  });
  const act = async (kind: ReturnWork, r: ReturnOrder) => {
    try {
      await work[kind].mutateAsync({ id: r.id, version: r.version });
      message.success(t(`returns.${kind}Done`, { no: r.no }));
      done(r);
    } catch (e) {
      message.error(problemMessage(e, t('returns.failed')));
    }
  };
  const ship = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    try {
      await work.ship.mutateAsync({ id: shipping!.id, version: shipping!.version, carrier: v.carrier.trim(), trackingNo: v.trackingNo.trim() });
      message.success(t('returns.shipped', { no: shipping!.no }));
      setLastCarrier(v.carrier.trim());
      done(shipping!);
      setShipping(null);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('returns.failed')));
    }
  };
  const search = <Input.Search allowClear placeholder={t('returns.search')} defaultValue={filters.q} onSearch={(q) => setFilters({ q: q.trim() || undefined })} style={{ width: narrow ? '100%' : 260 }} />;
  return (
    <>
      <PageHeader title={t('returns.title')} subTitle={t('returns.subtitle')} extra={!narrow && search} />
      <Card style={{ marginBottom: 16 }}>
        <ScanField onScan={onScan} placeholder={t('returns.scanField')} hint={t('returns.scanHint')} inputRef={field} />
        <ScanState last={last} ready="returns.ready" />
      </Card>
      {scanned?.order && <ScannedReturn order={scanned.order} busy={work.pickedUp.isPending || work.dispose.isPending}
        onShip={() => setShipping(scanned.order!)} onWork={(kind) => void act(kind, scanned.order!)} />}
      {scanned?.choices && <ReturnChoices noteNo={scanned.choices.noteNo} orders={scanned.choices.orders} onPick={(r) => open(r, r.no)} />}
      <Card>
        {narrow && search}
        <Tabs activeKey={tab} onChange={(k) => setFilters({ tab: k === 'AWAITING_SHIPMENT' ? undefined : k })}
          items={Object.keys(TABS).map((k) => ({ key: k, label: k === 'DONE' ? t('returns.done') : status('returnOrder', k) }))} />
        <PagedTable<ReturnOrder> result={result} pager={{ hasPrev, goNext, goPrev }} cards={{}} filtered={!!filters.q} {...emptyHint(result, t(`returns.empty.${tab}`), !!filters.q)}
          columns={[
            { title: t('returns.no'), dataIndex: 'no', render: (no: string, r) => <Space size={4}>{no}{r.sealed && <Tag>{t('returns.sealed')}</Tag>}</Space> },
            { title: t('returns.source'), key: 'src', render: (_, r) => <div><div>{r.sourceException?.no ?? '-'}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.deliveryNote?.no}</Typography.Text></div> },
            { title: t('returns.lines'), key: 'lines', render: (_, r) => <ReturnLines r={r} /> },
            { title: t('returns.method'), dataIndex: 'method', render: (m: string | null) => (m ? t(`common:returnMethods.${m}`) : '-') },
            { title: t('returns.where'), key: 'where', render: (_, r) => <ReturnWhere r={r} /> },
            { title: t('returns.tracking'), key: 'tracking', render: (_, r) => (r.trackingNo ? `${r.carrier} ${r.trackingNo}` : '-') },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="returnOrder" status={s} /> },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (
                r.status === 'AWAITING_SHIPMENT' ? <Button type="primary" size="small" onClick={() => setShipping(r)} data-testid={`ship-${r.no}`}>{t('returns.ship')}</Button>
                : r.status === 'AWAITING_PICKUP' ? (
                  <Popconfirm title={t('returns.pickedUpAsk')} onConfirm={() => act('pickedUp', r)} okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
                    <Button type="primary" size="small" data-testid={`picked-up-${r.no}`}>{t('returns.pickedUp')}</Button>
                  </Popconfirm>
                ) : r.status === 'AWAITING_DISPOSAL' ? (
                  <Popconfirm title={t('returns.disposeAsk')} onConfirm={() => act('dispose', r)} okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
                    <Button danger size="small" data-testid={`dispose-${r.no}`}>{t('returns.dispose')}</Button>
                  </Popconfirm>
                ) : r.status === 'PENDING_METHOD' ? <Typography.Text type="secondary">{t('returns.waitMerchant', { at: fmtTime(r.methodDueAt) })}</Typography.Text> : null
              ),
            },
          ]} />
      </Card>
      <Modal open={!!shipping} title={t('returns.shipTitle', { no: shipping?.no })} onOk={ship} onCancel={() => setShipping(null)} confirmLoading={work.ship.isPending}
        okText={t('returns.ship')} cancelText={t('common:common.cancel')} destroyOnHidden okButtonProps={{ 'data-testid': 'ship-ok' }}
        afterOpenChange={(opened) => { if (opened) (lastCarrier ? trackingRef : carrierRef).current?.focus(); }}>
        {shipping?.address && <Typography.Paragraph type="secondary">{t('returns.shipTo')}: {shipping.address.name} {shipping.address.phone} · {shipping.address.region} {shipping.address.detail}</Typography.Paragraph>}
        <Form form={form} layout="vertical" preserve={false} initialValues={{ carrier: lastCarrier }}>
          <Form.Item name="carrier" label={t('returns.carrier')} rules={[{ required: true, whitespace: true, message: t('returns.carrierHint') }]}>
            <Input maxLength={100} placeholder={t('returns.carrierHint')} ref={carrierRef} data-testid="ship-carrier" />
          </Form.Item>
          {/* the waybill's barcode scanned here, with the scanner's Enter, ships it */}
          <Form.Item name="trackingNo" label={t('returns.trackingNo')} rules={[{ required: true, whitespace: true, message: t('returns.trackingHint') }]}>
            <Input maxLength={100} placeholder={t('returns.trackingHint')} ref={trackingRef} onPressEnter={() => void ship()} autoComplete="off" data-testid="ship-tracking" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
