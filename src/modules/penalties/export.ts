/** 处罚 export: the columns of the penalty list, amounts in yuan beside the currency. */
import { PENALTY_REASON_LABELS } from '../../domain/notification-events.js';
import { ORDER_TYPE_LABELS } from '../catalog/service.js';
import { labelOf, major, statusOf, timeColumn, type ExportSpec } from '../shared/export.js';
import { listPenalties, type PenaltyQuery } from './service.js';

type Row = Awaited<ReturnType<typeof listPenalties>>['items'][number];

export const penaltyExport: ExportSpec<Row, PenaltyQuery> = {
  file: 'penalties',
  title: { 'zh-CN': '处罚单', 'en-US': 'Penalties' },
  list: listPenalties,
  columns: () => [
    { header: { 'zh-CN': '处罚单号', 'en-US': 'Penalty no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '备货订单号', 'en-US': 'Stocking order no.' }, value: (r) => r.stockingOrder.no ?? '', width: 20 },
    { header: { 'zh-CN': '单据类型', 'en-US': 'Order type' }, value: (r, { lang }) => labelOf(ORDER_TYPE_LABELS, r.stockingOrder.type, lang) },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '处罚原因', 'en-US': 'Reason' }, value: (r, { lang }) => labelOf(PENALTY_REASON_LABELS, r.reason, lang), width: 18 },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('penalty', r.status, lang) },
    { header: { 'zh-CN': '金额', 'en-US': 'Amount' }, value: (r) => major(r.amount), money: true },
    { header: { 'zh-CN': '币种', 'en-US': 'Currency' }, value: (r) => r.currency, width: 8 },
    timeColumn({ 'zh-CN': '创建时间', 'en-US': 'Created at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '豁免时间', 'en-US': 'Waived at' }, (r) => r.waivedAt),
    { header: { 'zh-CN': '豁免原因', 'en-US': 'Waive reason' }, value: (r) => r.waiveReason ?? '', width: 24 },
  ],
};
