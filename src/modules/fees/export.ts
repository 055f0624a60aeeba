/** 费用 export: the columns of the fee list, amounts in yuan beside the currency; no subtype (merchants export it too). */
import { PLAN_LABELS, TYPE_LABELS } from '../../domain/catalog.js';
import { FEE_SERVICE_LABELS } from '../../domain/fees.js';
import { COACHING_LABELS } from '../../domain/performance/coaching.js';
import { labelOf, major, statusOf, timeColumn, type ExportSpec } from '../shared/export.js';
import { listFees, type FeeQuery } from './service.js';

type Row = Awaited<ReturnType<typeof listFees>>['items'][number];
const LEVELS = Object.fromEntries(Object.entries(COACHING_LABELS).map(([k, v]) => [k, v.label]));

export const feeExport: ExportSpec<Row, FeeQuery> = {
  file: 'fees',
  title: { 'zh-CN': '费用', 'en-US': 'Fees' },
  list: listFees,
  columns: () => [
    { header: { 'zh-CN': '费用单号', 'en-US': 'Fee no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '异常单号', 'en-US': 'Exception no.' }, value: (r) => r.exception.no ?? '', width: 20 },
    { header: { 'zh-CN': '异常类型', 'en-US': 'Exception type' }, value: (r, { lang }) => labelOf(TYPE_LABELS, r.exception.type, lang) },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '费用项目', 'en-US': 'Service' }, value: (r, { lang }) => labelOf(FEE_SERVICE_LABELS, r.service, lang), width: 14 },
    { header: { 'zh-CN': '处理方案', 'en-US': 'Plan' }, value: (r, { lang }) => labelOf(PLAN_LABELS, r.plan, lang), width: 18 },
    { header: { 'zh-CN': '辅导等级', 'en-US': 'Coaching level' }, value: (r, { lang }) => labelOf(LEVELS, r.coachingLevel, lang) },
    { header: { 'zh-CN': '件数', 'en-US': 'Units' }, value: (r) => r.units },
    { header: { 'zh-CN': '单价', 'en-US': 'Unit amount' }, value: (r) => major(r.unitAmount), money: true },
    { header: { 'zh-CN': '金额', 'en-US': 'Amount' }, value: (r) => major(r.amount), money: true },
    { header: { 'zh-CN': '币种', 'en-US': 'Currency' }, value: (r) => r.currency, width: 8 },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('fee', r.status, lang) },
    timeColumn({ 'zh-CN': '扣费时间', 'en-US': 'Charged at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '豁免时间', 'en-US': 'Waived at' }, (r) => r.waivedAt),
    { header: { 'zh-CN': '豁免原因', 'en-US': 'Waive reason' }, value: (r) => r.waiveReason ?? '', width: 24 },
  ],
};
