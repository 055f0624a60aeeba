/** 确认送货 / 取消 / 打印箱唛 on a note the merchant made; a note stays reachable until confirmed. */
import { App, Button, Popconfirm, Space } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openLabelsPdf, useMerchantNoteActions, type DeliveryNote, type DeliveryNoteSummary } from '../../../api/hooks/deliveryNotes';
import { problemText } from '../../../components/feedback';

const CANCELLABLE = ['CREATED', 'IN_TRANSIT'];

export function NoteActions({ note, link, size = 'small', onDone, print = true }: { note: DeliveryNoteSummary & { no: string }; link?: boolean; size?: 'small' | 'middle'; onDone?: (note: DeliveryNote) => void; print?: boolean }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const { confirm, cancel } = useMerchantNoteActions();
  const type = link ? 'link' : 'default';
  const run = async (p: Promise<DeliveryNote>, ok: string) => {
    try {
      const next = await p;
      message.success(ok);
      onDone?.(next);
    } catch (e) {
      message.error(problemText(e, tc('error.generic')));
    }
  };
  return (
    <Space size={link ? 0 : 8} wrap>
      {note.status === 'CREATED' && (
        <Popconfirm title={t('notes.confirmTitle', { no: note.no })} description={t('notes.confirmHint')} okText={t('notes.confirm')} cancelText={tc('common.cancel')}
          okButtonProps={{ 'data-testid': 'confirm-note-ok' }}
          onConfirm={() => run(confirm.mutateAsync({ id: note.id, version: note.version }), t('notes.confirmed', { no: note.no }))}>
          <Button type={link ? 'link' : 'primary'} size={size} loading={confirm.isPending} data-testid="confirm-note">{t('notes.confirm')}</Button>
        </Popconfirm>
      )}
      {print && note.status !== 'CANCELLED' && (
        <PrintLabelsButton noteId={note.id} link={link} size={size} />
      )}
      {CANCELLABLE.includes(note.status) && !note.sourceExceptionId && (
        <Popconfirm title={t('notes.cancelTitle', { no: note.no })} description={t('notes.cancelHint')} okText={t('notes.cancel')} okButtonProps={{ danger: true }} cancelText={tc('common.close')}
          onConfirm={() => run(cancel.mutateAsync({ id: note.id, version: note.version }), t('notes.cancelled', { no: note.no }))}>
          <Button type={type} size={size} danger loading={cancel.isPending} data-testid="cancel-note">{t('notes.cancel')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** 打印箱唛: the labels PDF needs the token, so it is fetched as a blob and opened in a new tab. */
export function PrintLabelsButton({ noteId, link, size = 'small', primary }: { noteId: string; link?: boolean; size?: 'small' | 'middle'; primary?: boolean }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [printing, setPrinting] = useState(false);
  const printLabels = async () => {
    setPrinting(true);
    try {
      await openLabelsPdf(noteId);
    } catch (e) {
      message.error(t('notes.printFailed', { reason: problemText(e, tc('error.generic')) }));
    } finally {
      setPrinting(false);
    }
  };
  return (
    <Button type={link ? 'link' : primary ? 'primary' : 'default'} size={size} icon={link ? undefined : <PrinterOutlined />} loading={printing} onClick={printLabels} data-testid="print-labels">
      {t('notes.printLabels')}
    </Button>
  );
}
