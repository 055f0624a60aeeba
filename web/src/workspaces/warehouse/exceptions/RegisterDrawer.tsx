/**
 * 异常登记: pick the note, a subtype the catalog allows for it now, the affected quantities when the
 * subtype needs them, a remark and photos. Server field errors land on the field that caused them.
 */
import { Alert, App, Button, Drawer, Flex, Form, Input, Select, Tag, type UploadFile } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useDeliveryNote, type DeliveryNoteSummary } from '../../../api/hooks/deliveryNotes';
import { useRegisterException, type ExceptionDetail } from '../../../api/hooks/exceptions';
import { useNarrow } from '../../../components/useNarrow';
import { fieldMessage, problemMessage } from '../../ops/shared/problem';
import { LinesInput, type LinesValue } from './LinesInput';
import { PhotoUpload, photoIdsOf } from './PhotoUpload';
import { allowedSubtypes, NEW_SKU_SUBTYPES } from './subtypes';

export interface RegisterPreset {
  noteId?: string;
  subtype?: string;
  qty?: Record<string, number>;
  /** Units of SKUs that are not on the note (错货: the SKU on its own line). */
  extra?: { skuId: string; qty: number }[];
}

const OPEN_STATES = 'CREATED,IN_TRANSIT,ARRIVED,RECEIVING,CANCELLED';

/** `afterClose`: once the drawer has closed and handed focus back (a scan field takes it then). */
export function RegisterDrawer({ preset, onClose, onDone, afterClose }: {
  preset: RegisterPreset | null; onClose: () => void; onDone?: (e: ExceptionDetail) => void; afterClose?: () => void;
}) {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { catalog, label, status } = useLabels();
  const [form] = Form.useForm();
  const [search, setSearch] = useState('');
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const register = useRegisterException();
  const narrow = useNarrow();
  const noteId: string | undefined = Form.useWatch('deliveryNoteId', form);
  const subtype: string | undefined = Form.useWatch('subtype', form);
  const note = useDeliveryNote(noteId);
  const found = useQuery({
    queryKey: [...keys.deliveryNotes.all, 'pick', search],
    queryFn: () => api.get<Page<DeliveryNoteSummary>>('/delivery-notes', { status: OPEN_STATES, q: search || undefined, limit: 20 }),
    enabled: !!preset,
  });
  useEffect(() => {
    if (!preset) return;
    form.resetFields();
    setPhotos([]);
    form.setFieldsValue({ deliveryNoteId: preset.noteId, subtype: preset.subtype, lines: { qty: preset.qty ?? {}, extra: preset.extra ?? [] } });
  }, [preset, form]);
  const choices = allowedSubtypes(catalog, note.data);
  const def = choices.find((s) => s.code === subtype);
  useEffect(() => {
    if (subtype && note.data && !choices.some((s) => s.code === subtype)) form.setFieldValue('subtype', undefined);
  }, [note.data?.id, note.data?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  const noteOptions = [
    ...(note.data && !found.data?.items.some((n) => n.id === note.data!.id) ? [note.data] : []),
    ...(found.data?.items ?? []),
  ].map((n) => ({ value: n.id, label: `${n.no} · ${status('deliveryNote', n.status)}` }));
  const grouped = (catalog?.types ?? []).map((ty) => ({
    label: label('types', ty.code),
    options: choices.filter((s) => s.type === ty.code).map((s) => ({ value: s.code, label: label('subtypes', s.code) })),
  })).filter((g) => g.options.length);
  const uploading = photos.some((f) => f.status === 'uploading');

  const submit = async (v: { deliveryNoteId: string; subtype: string; remark?: string; lines?: LinesValue }) => {
    if (!note.data || !def) return;
    const fromNote = note.data.lines.filter((l) => (v.lines?.qty?.[l.skuId] ?? 0) > 0).map((l) => ({ skuId: l.skuId, qty: v.lines!.qty[l.skuId]! }));
    const extra = (v.lines?.extra ?? []).filter((x) => x?.skuId && x.qty > 0).map((x) => ({ skuId: x.skuId, qty: x.qty }));
    const lines = def.lines === 'REQUIRED' ? [...fromNote, ...extra] : undefined;
    if (def.lines === 'REQUIRED' && !lines?.length) {
      const first = note.data.lines.find((l) => l.declared > 0 || l.arrived > 0);
      if (first) form.setFields([{ name: ['lines', 'qty', first.skuId], errors: [t('register.needQty')] }]);
      message.warning(t('register.needQty'));
      return;
    }
    try {
      const exc = await register.mutateAsync({ deliveryNoteId: v.deliveryNoteId, subtype: v.subtype, lines, remark: v.remark?.trim() || undefined, photoIds: photoIdsOf(photos) });
      message.success(t('register.done', { no: exc.no }));
      onDone?.(exc);
      onClose();
    } catch (e) {
      const fields = e instanceof ApiError ? e.errors.map((err) => {
        const m = /^lines(?:\[(\d+)\]\.?(\w+)?)?/.exec(err.field);
        if (m && m[1] === undefined) return { name: ['lines', 'qty', fromNote[0]?.skuId ?? ''], errors: [fieldMessage(err)] };
        if (m) {
          const i = Number(m[1]);
          return { name: i < fromNote.length ? ['lines', 'qty', fromNote[i].skuId] : ['lines', 'extra', i - fromNote.length, m[2] ?? 'qty'], errors: [fieldMessage(err)] };
        }
        return { name: [err.field], errors: [fieldMessage(err)] };
      }).filter((f) => ['lines', 'deliveryNoteId', 'subtype', 'remark'].includes(String(f.name[0]))) : [];
      if (fields.length) form.setFields(fields);
      message.error(problemMessage(e, t('register.failed')));
    }
  };

  return (
    <Drawer open={!!preset} onClose={onClose} afterOpenChange={(open) => { if (!open) afterClose?.(); }} size={narrow ? '100%' : 720} destroyOnHidden title={t('register.title')}
      footer={<Flex justify="flex-end" gap={8}>
        <Button onClick={onClose}>{t('common:common.cancel')}</Button>
        <Button type="primary" disabled={uploading} loading={register.isPending} onClick={() => form.submit()} data-testid="register-submit">
          {uploading ? t('register.uploading') : t('register.submit')}
        </Button>
      </Flex>}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="deliveryNoteId" label={t('register.note')} rules={[{ required: true, message: t('register.pickNote') }]}>
          <Select showSearch={{ filterOption: false, onSearch: setSearch }} placeholder={t('register.noteSearch')} options={noteOptions}
            loading={found.isFetching} data-testid="register-note" notFoundContent={t('register.noNote')} />
        </Form.Item>
        <Form.Item name="subtype" label={t('register.subtype')} rules={[{ required: true, message: t('register.pickSubtype') }]}
          extra={def && <>{t('register.stage')}: <Tag>{label('stages', def.stage)}</Tag>{t('register.plans')}: {def.plans.map((p) => label('plans', p.plan)).join(' / ')}</>}>
          <Select options={grouped} disabled={!note.data} showSearch={{ optionFilterProp: 'label' }} listHeight={360} placeholder={note.data ? t('register.pickSubtype') : t('register.noteFirst')}
            data-testid="register-subtype" notFoundContent={t('register.noSubtype')} />
        </Form.Item>
        {note.data && def && def.lines !== 'REQUIRED' && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(`register.linesRule.${def.lines}`)}
            description={note.data.lines.filter((l) => (def.lines === 'NOTE' ? l.declared : l.inProcess) > 0)
              .map((l) => `${l.skuCode} ×${def.lines === 'NOTE' ? l.declared : l.inProcess}`).join(', ')} />
        )}
        {note.data && def?.lines === 'REQUIRED' && (
          <Form.Item label={t('register.lines')} required extra={t(`register.linesHint.${def.code}`, { defaultValue: t('register.linesHint.default') })}>
            <LinesInput note={note.data} allowNewSku={NEW_SKU_SUBTYPES.includes(def.code)} />
          </Form.Item>
        )}
        <Form.Item name="remark" label={t('register.remark')}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('register.remarkHint')} data-testid="register-remark" />
        </Form.Item>
        <Form.Item label={t('register.photos')} extra={t('register.photosHint')}>
          <PhotoUpload value={photos} onChange={setPhotos} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
