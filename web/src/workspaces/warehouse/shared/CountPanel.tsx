/**
 * Counting per SKU, made for a scanner: Enter on a row's last input submits that row, then focus
 * jumps to the next row; Enter on an earlier input (QC passed) moves to the next input of the row.
 */
import { App, Button, InputNumber, Progress, Typography, type GetRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { BottomBar } from '../../../components/BottomBar';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { useWarehouseSteps, type DeliveryNote, type LedgerLine } from '../../../api/hooks/deliveryNotes';
import { fieldMessage, problemMessage } from '../../ops/shared/problem';

export type CountMode = 'receive' | 'qc' | 'putaway';
type Field = 'qty' | 'passed' | 'failed';
type InputNumberRef = GetRef<typeof InputNumber>;
type Values = Partial<Record<Field, number | null>>;

const FIELDS: Record<CountMode, Field[]> = { receive: ['qty'], qc: ['passed', 'failed'], putaway: ['qty'] };

/** What is still to do on the line in this step. */
export function remainingOf(mode: CountMode, l: LedgerLine): number {
  if (mode === 'receive') return l.declared - l.short - l.received;
  if (mode === 'qc') return l.received - l.passed - l.failed;
  return Math.max(0, Math.min(l.inProcess, l.passed - l.stocked));
}
export const doneOf = (mode: CountMode, l: LedgerLine) => (mode === 'receive' ? l.received : mode === 'qc' ? l.passed + l.failed : l.stocked);
export const totalOf = (mode: CountMode, l: LedgerLine) => (mode === 'receive' ? l.declared - l.short : mode === 'qc' ? l.received : l.passed);
export const relevant = (mode: CountMode, l: LedgerLine) => (mode === 'receive' ? l.declared > 0 : mode === 'qc' ? l.received > 0 : l.passed > 0);

/**
 * `autoFocus`: start at the first input when a note opens. Both are off where the step is scanned
 * (../scan/ScanStep.tsx): the scan field owns the keyboard and the bottom bar, counting by hand is secondary.
 */
export function CountPanel({ note, mode, autoFocus = true, secondary = false }: { note: DeliveryNote; mode: CountMode; autoFocus?: boolean; secondary?: boolean }) {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const steps = useWarehouseSteps();
  const mutation = mode === 'receive' ? steps.receive : mode === 'qc' ? steps.inspect : steps.putAway;
  const [values, setValues] = useState<Record<string, Values>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refs = useRef(new Map<string, InputNumberRef | null>());
  const rows = note.lines.filter((l) => relevant(mode, l));
  const fields = FIELDS[mode];
  const order = rows.flatMap((r) => fields.map((f) => `${r.skuId}:${f}`));
  const focus = (key?: string) => { if (key) setTimeout(() => refs.current.get(key)?.focus(), 0); };
  useEffect(() => { setValues({}); setErrors({}); if (autoFocus) focus(order[0]); /* a new note: start at the top */ }, [note.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const lineOf = (skuId: string) => {
    const v = values[skuId] ?? {};
    return mode === 'qc' ? { skuId, passed: v.passed ?? 0, failed: v.failed ?? 0 } : { skuId, qty: v.qty ?? 0 };
  };
  const filled = (skuId: string) => fields.some((f) => (values[skuId]?.[f] ?? 0) > 0);
  const submit = async (skuIds: string[]) => {
    const todo = skuIds.filter(filled);
    if (!todo.length) { message.warning(t('count.nothing')); return false; }
    try {
      const lines = todo.map(lineOf);
      await mutation.mutateAsync({ id: note.id, lines } as never);
      setValues((v) => { const n = { ...v }; todo.forEach((s) => delete n[s]); return n; });
      setErrors((e) => { const n = { ...e }; todo.forEach((s) => delete n[s]); return n; });
      message.success(t(`count.saved.${mode}`, { count: todo.length }));
      return true;
    } catch (e) {
      const byRow: Record<string, string> = {};
      if (e instanceof ApiError) for (const err of e.errors) {
        const m = /^lines\[(\d+)\]/.exec(err.field);
        if (m && todo[Number(m[1])]) byRow[todo[Number(m[1])]] = fieldMessage(err);
      }
      setErrors((x) => ({ ...x, ...byRow }));
      message.error(problemMessage(e, t('count.failed')));
      return false;
    }
  };
  const onEnter = async (skuId: string, field: Field) => {
    const key = `${skuId}:${field}`;
    const i = order.indexOf(key);
    if (field !== fields[fields.length - 1]) return focus(order[i + 1]);
    if (!filled(skuId)) return focus(order[i + 1]);
    if (await submit([skuId])) focus(order[i + 1] ?? order[0]);
    else focus(key);
  };
  const fillRemaining = () => setValues(Object.fromEntries(rows.map((r) => [r.skuId, mode === 'qc' ? { passed: remainingOf(mode, r), failed: 0 } : { qty: remainingOf(mode, r) }])));

  return (
    <>
      <ResponsiveTable<LedgerLine> rowKey="skuId" size="middle" pagination={false} dataSource={rows} scroll={{ x: 'max-content' }} cards={{ title: 'sku', wide: ['progress'] }}
        locale={{ emptyText: t(`count.empty.${mode}`) }}
        columns={[
          {
            title: t('count.sku'), key: 'sku',
            render: (_, l) => (
              <div style={{ maxWidth: 220 }}>
                <Typography.Text strong>{l.skuCode}</Typography.Text>
                <div style={{ fontSize: 12, color: '#888' }}>{l.skuName} · {l.barcode}</div>
                {errors[l.skuId] && <Typography.Text type="danger" style={{ fontSize: 12 }}>{errors[l.skuId]}</Typography.Text>}
              </div>
            ),
          },
          { title: t(`count.total.${mode}`), key: 'total', align: 'right', render: (_, l) => totalOf(mode, l) },
          {
            title: t('count.progress'), key: 'progress', width: 140,
            render: (_, l) => <Progress size="small" percent={totalOf(mode, l) ? Math.round((doneOf(mode, l) / totalOf(mode, l)) * 100) : 0} format={() => `${doneOf(mode, l)}/${totalOf(mode, l)}`} />,
          },
          { title: t('count.remaining'), key: 'remaining', align: 'right', render: (_, l) => <Typography.Text type={remainingOf(mode, l) ? undefined : 'secondary'}>{remainingOf(mode, l)}</Typography.Text> },
          ...(mode === 'qc' ? [{ title: t('count.failedSoFar'), key: 'failedSoFar', align: 'right' as const, render: (_: unknown, l: LedgerLine) => (l.failed ? <Typography.Text type="danger">{l.failed}</Typography.Text> : 0) }] : []),
          ...fields.map((f) => ({
            title: t(`count.input.${f}${mode === 'putaway' ? 'Putaway' : ''}`), key: f, width: 112,
            render: (_: unknown, l: LedgerLine) => (
              <InputNumber<number> min={0} precision={0} style={{ width: 96 }} value={values[l.skuId]?.[f] ?? null}
                status={errors[l.skuId] ? 'error' : undefined} data-testid={`count-${l.skuCode}-${f}`}
                ref={(el) => { refs.current.set(`${l.skuId}:${f}`, el); }}
                onChange={(v) => setValues((x) => ({ ...x, [l.skuId]: { ...x[l.skuId], [f]: v } }))}
                onPressEnter={() => void onEnter(l.skuId, f)} />
            ),
          })),
        ]} />
      <BottomBar hint={t('count.enterHint')} inline={secondary}>
        <Button onClick={fillRemaining} disabled={!rows.length} data-testid="count-fill">{t('count.fill')}</Button>
        <Button type="primary" loading={mutation.isPending} onClick={() => void submit(rows.map((r) => r.skuId))} data-testid="count-submit-all">{t(`count.submitAll.${mode}`)}</Button>
      </BottomBar>
    </>
  );
}
