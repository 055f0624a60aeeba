/**
 * 补收: delivery notes a plan created at the warehouse (平台仓内补收, 自动建单补收). Reprint their box
 * labels (补打箱唛), then receive them like any note. Scan-first: scanning a new note's no. or one of
 * its new box labels opens it in 收货; a scan of the original note names its new note(s) to label.
 */
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { deliveryNotePath, lookupDeliveryNote, openLabelsPdf, type DeliveryNote, type DeliveryNoteSummary } from '../../../api/hooks/deliveryNotes';
import { problemMessage } from '../../ops/shared/problem';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../../ops/shared/empty';
import { looksLikeNoteCode, parseScan } from '../scan/classify';
import { ScanField } from '../scan/ScanField';
import { ScanState, useScanOutcome, useScanQueue } from '../scan/ScanState';

const STATES = 'ARRIVED,RECEIVING';

export default function NewNotesPage() {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { cursor, hasPrev, goNext, goPrev } = useUrlFilters();
  const [printing, setPrinting] = useState<string | null>(null);
  const { status } = useLabels();
  const navigate = useNavigate();
  const { last, say } = useScanOutcome();
  // notes a plan created (sourceExceptionId set), still at the dock: the server filters and pages them
  const result = usePagedList<DeliveryNoteSummary>(keys.deliveryNotes.list(), deliveryNotePath, { status: STATES, fromPlan: true }, cursor);
  const print = async (n: DeliveryNoteSummary) => {
    setPrinting(n.id);
    try {
      await openLabelsPdf(n.id);
    } catch (e) {
      message.error(problemMessage(e, t('newNotes.printFailed')));
    } finally {
      setPrinting(null);
    }
  };
  const onScan = useScanQueue(async (text) => {
    const parsed = parseScan(text);
    if (parsed.kind === 'empty') return;
    const code = parsed.kind === 'code' ? parsed.code : parsed.text;
    if (parsed.kind !== 'code' || !looksLikeNoteCode(code)) { say('refused', code, 'newNotes.notACode', { code }); return; }
    let n: DeliveryNote;
    try {
      n = await lookupDeliveryNote(code);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) say('refused', code, 'newNotes.scanNotFound', { code });
      else say('refused', code, 'newNotes.scanFailed', { code, reason: problemMessage(e, t('arrival.notFound')) });
      return;
    }
    if (n.sourceExceptionId) {
      if (!STATES.split(',').includes(n.status)) { say('refused', code, 'newNotes.scanWrongStatus', { no: n.no, status: status('deliveryNote', n.status) }); return; }
      say('booked', code, 'newNotes.scanOpened', { no: n.no });
      navigate(`/warehouse/receiving?note=${n.id}`);
      return;
    }
    // the original note (its old label): the new notes its exceptions' plans made here, to label first
    const from = new Set((n.exceptions ?? []).map((e) => e.id));
    const made = from.size ? (await api.get<Page<DeliveryNoteSummary>>(deliveryNotePath, { status: STATES, fromPlan: true, limit: 100 }).catch(() => null))
      ?.items.filter((x) => x.sourceExceptionId && from.has(x.sourceExceptionId)) ?? [] : [];
    if (made.length) say('attention', code, 'newNotes.scanOriginal', { old: n.no, nos: made.map((x) => x.no).join('、') });
    else say('refused', code, 'newNotes.scanNotPlan', { no: n.no });
  });
  return (
    <>
      <PageHeader title={t('newNotes.title')} subTitle={t('newNotes.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <ScanField onScan={onScan} placeholder={t('newNotes.scanField')} hint={t('newNotes.scanHint')} />
        <ScanState last={last} ready="newNotes.ready" />
      </Card>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('newNotes.hint')} />
      <Card>
        <PagedTable<DeliveryNoteSummary> result={result} pager={{ hasPrev, goNext, goPrev }} cards={{}} {...emptyHint(result, t('newNotes.empty'))}
          columns={[
            { title: t('note.no'), dataIndex: 'no', render: (no: string) => <Typography.Text strong copyable>{no}</Typography.Text> },
            { title: t('note.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="deliveryNote" status={s} /> },
            { title: t('note.arrivedAt'), dataIndex: 'arrivedAt', render: fmtTime },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, n) => (
                <Space wrap>
                  <Button icon={<PrinterOutlined />} loading={printing === n.id} onClick={() => void print(n)} data-testid={`reprint-${n.no}`}>{t('newNotes.reprint')}</Button>
                  <Link to={`/warehouse/receiving?note=${n.id}`}><Button type="primary" data-testid={`receive-${n.no}`}>{t('newNotes.receive')}</Button></Link>
                </Space>
              ),
            },
          ]} />
      </Card>
    </>
  );
}
