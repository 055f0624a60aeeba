/** One handling plan as a selectable card: what executing it would do, before anyone confirms. */
import { Card, Flex, Radio, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { PlanPreview } from '../../../api/hooks/exceptions';
import { problemMessage } from '../shared/problem';
import { money } from '../../../components/format';

type Names = (skuId: string) => string;

function Lines({ lines, names }: { lines: { skuId: string; qty: number; unitPrice?: number }[]; names: Names }) {
  return <>{lines.map((l) => <div key={l.skuId}>{names(l.skuId)} × {l.qty}{l.unitPrice !== undefined ? ` @ ${money(l.unitPrice)}` : ''}</div>)}</>;
}

export function PreviewBody({ p, names }: { p: PlanPreview; names: Names }) {
  const { t } = useTranslation('ops');
  const { label, status, lang } = useLabels();
  const rows: { k: string; v: ReactNode }[] = [
    { k: t('preview.note'), v: <>{p.deliveryNote.no} → {p.deliveryNote.becomes === 'UNCHANGED' ? t('preview.noteUnchanged') : status('deliveryNote', p.deliveryNote.becomes)}</> },
  ];
  if (p.returnOrder) rows.push({ k: t('preview.returnOrder'), v: <>{p.returnOrder.sealed && <Tag>{t('preview.sealed')}</Tag>}<Lines lines={p.returnOrder.lines} names={names} /></> });
  if (p.replenishmentOrder) rows.push({ k: t('preview.replenishment', { type: label('orderTypes', p.replenishmentOrder.type) }), v: <Lines lines={p.replenishmentOrder.lines} names={names} /> });
  if (p.compensation) rows.push({ k: t('preview.compensation'), v: money(p.compensation.amount) });
  if (p.newDeliveryNote) rows.push({ k: t('preview.newNote'), v: <Lines lines={p.newDeliveryNote.lines} names={names} /> });
  if (p.newStockingOrderAndNote) rows.push({ k: t('preview.newOrderAndNote'), v: <Lines lines={p.newStockingOrderAndNote.lines} names={names} /> });
  if (p.fees?.length) rows.push({ k: t('preview.fees'), v: p.fees.map((f) => <div key={f.service} data-testid="preview-fee">{f.label[lang]}: {f.units} × {money(f.unitAmount, f.currency)} = {money(f.amount, f.currency)} ({t(`fees.levels.${f.coachingLevel}`)})</div>) });
  else if (p.feesSkipped === 'NO_PHOTO') rows.push({ k: t('preview.fees'), v: <Typography.Text type="secondary">{t('preview.feesNoPhoto')}</Typography.Text> });
  if (p.ledgerMoves.length) rows.push({ k: t('preview.ledger'), v: p.ledgerMoves.map((m) => <div key={m.skuId + m.to}>{names(m.skuId)} × {m.qty} → {t(`preview.to.${m.to}`)}</div>) });
  return (
    <>
      <ul style={{ paddingInlineStart: 18, margin: '0 0 8px' }}>
        {p.effects.map((e) => <li key={e.kind}>{e.label[lang]}</li>)}
      </ul>
      {rows.map((r) => (
        <Flex key={r.k} gap={8} style={{ fontSize: 13, marginBottom: 4 }}>
          <Typography.Text type="secondary" style={{ flex: '0 0 120px' }}>{r.k}</Typography.Text>
          <div style={{ minWidth: 0 }}>{r.v}</div>
        </Flex>
      ))}
    </>
  );
}

export function PlanCard({ plan, selected, onSelect, preview, names }: {
  plan: string;
  selected: boolean;
  onSelect: () => void;
  preview: { data?: PlanPreview; isLoading: boolean; error: unknown };
  names: Names;
}) {
  const { t } = useTranslation('ops');
  const { label } = useLabels();
  const p = preview.data;
  return (
    <Card size="small" hoverable onClick={onSelect} data-testid={`plan-option-${plan}`}
      style={{ borderColor: selected ? '#1677ff' : undefined, boxShadow: selected ? '0 0 0 2px rgba(22,119,255,.2)' : undefined }}
      title={<Radio checked={selected}>{label('plans', plan)}</Radio>}
      extra={p && <Tag color={p.taskCategory === 'NONE' ? 'default' : 'orange'}>{label('taskCategories', p.taskCategory)}</Tag>}>
      {preview.isLoading ? <Skeleton active paragraph={{ rows: 2 }} />
        : preview.error ? <Typography.Text type="danger">{problemMessage(preview.error, t('preview.failed'))}</Typography.Text>
        : p ? <div data-testid={`plan-preview-${plan}`}><PreviewBody p={p} names={names} /></div> : null}
    </Card>
  );
}
