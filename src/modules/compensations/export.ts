/** 赔付 export: the columns of the compensation list, amounts in yuan beside the currency. */
import { major, statusOf, timeColumn, type ExportSpec } from '../shared/export.js';
import { listCompensations } from './service.js';

type Row = Awaited<ReturnType<typeof listCompensations>>['items'][number];

export const compensationExport: ExportSpec<Row, Omit<Parameters<typeof listCompensations>[1], 'cursor' | 'limit'>> = {
  file: 'compensations',
  title: { 'zh-CN': '赔付单', 'en-US': 'Compensations' },
  list: listCompensations,
  columns: () => [
    { header: { 'zh-CN': '赔付单号', 'en-US': 'Compensation no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '来源异常单', 'en-US': 'Source exception' }, value: (r) => r.sourceException.no ?? '', width: 20 },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('compensation', r.status, lang) },
    { header: { 'zh-CN': '金额', 'en-US': 'Amount' }, value: (r) => major(r.amount), money: true },
    { header: { 'zh-CN': '币种', 'en-US': 'Currency' }, value: (r) => r.currency, width: 8 },
    { header: { 'zh-CN': '付款凭证', 'en-US': 'Payment reference' }, value: (r) => r.reference ?? '', width: 24 },
    timeColumn({ 'zh-CN': '创建时间', 'en-US': 'Created at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '付款时间', 'en-US': 'Paid at' }, (r) => r.paidAt),
  ],
};
