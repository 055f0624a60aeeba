/** An exception in full: facts, affected lines, photos, the documents its plan made, and its history. */
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { DocRef, ExceptionDetail } from '../../../api/hooks/exceptions';
import { useSession } from '../../../auth/session';
import { StatusTag } from '../../../components/StatusTag';
import { documentPath } from '../../../layout/document-links';
import { fmtTime, money } from '../../../components/format';
import { History } from './History';
import { Photos } from '../../../components/Photos';
import { SkuLines } from './SkuLines';

const DOC_KINDS: { key: 'stockingOrders' | 'deliveryNotes' | 'returnOrders' | 'compensations'; doc: string }[] = [
  { key: 'stockingOrders', doc: 'stockingOrder' },
  { key: 'deliveryNotes', doc: 'deliveryNote' },
  { key: 'returnOrders', doc: 'returnOrder' },
  { key: 'compensations', doc: 'compensation' },
];

/** Each document opens where the viewer's workspace shows it (document-links); one it has no page for is plain text. */
function DocList({ refs, doc }: { refs: DocRef[]; doc: string }) {
  const { t } = useTranslation('ops');
  const { user } = useSession();
  return (
    <Space orientation="vertical" size={4}>
      {refs.map((r) => {
        const to = user && documentPath(user.role, { type: doc, id: r.id, no: r.no, kind: r.type });
        return (
          <Space key={r.id} size={8} wrap>
            <Typography.Text copyable={{ text: r.no }}>{to ? <Link to={to} data-testid={`doc-${r.no}`}>{r.no}</Link> : r.no}</Typography.Text>
            <StatusTag doc={doc} status={r.status} />
            {r.amount !== undefined && <span>{money(r.amount, r.currency)}</span>}
            {r.method && <span>{t(`common:returnMethods.${r.method}`)}</span>}
            {r.sealed && <Tag>{t('preview.sealed')}</Tag>}
          </Space>
        );
      })}
    </Space>
  );
}

export function ExceptionBody({ exc, names }: { exc: ExceptionDetail; names?: { merchant: (id: string) => string; warehouse: (id: string) => string } }) {
  const { t } = useTranslation('ops');
  const { label, todo } = useLabels();
  const docs = exc.documents;
  const made = docs ? DOC_KINDS.filter((k) => docs[k.key].length) : [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('detail.facts')} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={[
          { key: 'note', label: t('field.deliveryNoteNo'), children: <Typography.Text copyable>{exc.deliveryNoteNo}</Typography.Text> },
          ...(names ? [
            { key: 'merchant', label: t('field.merchant'), children: names.merchant(exc.merchantId) },
            { key: 'warehouse', label: t('field.warehouse'), children: names.warehouse(exc.warehouseId) },
          ] : []),
          { key: 'type', label: t('field.type'), children: label('types', exc.type) },
          { key: 'subtype', label: t('field.subtype'), children: label('subtypes', exc.subtype) },
          { key: 'stage', label: t('field.stage'), children: label('stages', exc.stage) },
          { key: 'orderType', label: t('field.orderType'), children: label('orderTypes', exc.orderType) },
          { key: 'qty', label: t('field.totalQty'), children: exc.totalQty },
          { key: 'registered', label: t('field.registered'), children: `${exc.registeredBy} · ${fmtTime(exc.createdAt)}` },
          { key: 'due', label: t('field.decisionDue'), children: <>{fmtTime(exc.decisionDueAt)} {exc.overdue && <Tag color="red">{t('queue.overdue')}</Tag>}</> },
          { key: 'plan', label: t('field.plan'), children: exc.plan ? label('plans', exc.plan) : '-' },
          { key: 'task', label: t('field.taskCategory'), children: exc.taskCategory ? `${label('taskCategories', exc.taskCategory)} — ${todo(exc.taskCategory)}` : '-' },
          { key: 'decided', label: t('field.decided'), children: exc.decidedBy ? `${exc.decidedBy} · ${fmtTime(exc.decidedAt)}` : '-' },
          { key: 'remark', label: t('field.remark'), children: exc.remark || '-', span: 'filled' as const },
          ...(exc.cancelReason ? [{ key: 'cancel', label: t('field.cancelReason'), children: exc.cancelReason, span: 'filled' as const }] : []),
        ]} />
      </Card>
      <Card title={t('detail.lines')} size="small">
        <SkuLines lines={exc.lines} emptyText={t('detail.noLines')} />
      </Card>
      <Card title={t('detail.photos')} size="small"><Photos photos={exc.photos} /></Card>
      {docs && (
        <Card title={t('detail.documents')} size="small">
          <Descriptions size="small" column={1} items={[
            ...(docs.deliveryNote ? [{ key: 'orig', label: t('detail.originalNote'), children: <DocList refs={[docs.deliveryNote]} doc="deliveryNote" /> }] : []),
            ...made.map((k) => ({ key: k.key, label: t(`detail.doc.${k.key}`), children: <DocList refs={docs[k.key]} doc={k.doc} /> })),
          ]} />
          {!made.length && <Typography.Text type="secondary">{t('detail.noDocuments')}</Typography.Text>}
        </Card>
      )}
      {exc.events && <Card title={t('detail.timeline')} size="small"><History events={exc.events} doc="exception" /></Card>}
    </Space>
  );
}
