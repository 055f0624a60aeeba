/** 异常单 export: the columns of the exception list; the subtype column only for platform staff (SPEC §2). */
import { PLAN_LABELS, STAGE_LABELS, subtypeDef, TASK_CATEGORY_LABELS, TYPE_LABELS } from '../../domain/catalog.js';
import { ORDER_TYPE_LABELS } from '../catalog/service.js';
import { labelOf, linesCell, statusOf, timeColumn, type ExportColumn, type ExportSpec } from '../shared/export.js';
import { isInternal } from './views.js';
import { listExceptions, type ExceptionFilters } from './service.js';

type Row = Awaited<ReturnType<typeof listExceptions>>['items'][number];

const SUBTYPE: ExportColumn<Row> = {
  header: { 'zh-CN': '异常细分', 'en-US': 'Subtype' }, width: 24,
  value: (r, { lang }) => ('subtype' in r && r.subtype ? subtypeDef(r.subtype)?.label[lang] ?? r.subtype : ''),
};

export const exceptionExport: ExportSpec<Row, ExceptionFilters> = {
  file: 'exceptions',
  title: { 'zh-CN': '异常单', 'en-US': 'Exceptions' },
  list: listExceptions,
  columns: (actor) => [
    { header: { 'zh-CN': '异常单号', 'en-US': 'Exception no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '送货单号', 'en-US': 'Delivery note no.' }, value: (r) => r.deliveryNoteNo, width: 20 },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '仓库', 'en-US': 'Warehouse' }, value: (r, cx) => cx.warehouse(r.warehouseId), width: 20 },
    { header: { 'zh-CN': '单据类型', 'en-US': 'Order type' }, value: (r, { lang }) => labelOf(ORDER_TYPE_LABELS, r.orderType, lang) },
    { header: { 'zh-CN': '异常类型', 'en-US': 'Type' }, value: (r, { lang }) => labelOf(TYPE_LABELS, r.type, lang) },
    ...(isInternal(actor) ? [SUBTYPE] : []),
    { header: { 'zh-CN': '环节', 'en-US': 'Stage' }, value: (r, { lang }) => labelOf(STAGE_LABELS, r.stage, lang) },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('exception', r.status, lang) },
    { header: { 'zh-CN': '处理方案', 'en-US': 'Plan' }, value: (r, { lang }) => labelOf(PLAN_LABELS, r.plan, lang), width: 18 },
    { header: { 'zh-CN': '任务类别', 'en-US': 'Task category' }, value: (r, { lang }) => labelOf(TASK_CATEGORY_LABELS, r.taskCategory, lang) },
    { header: { 'zh-CN': '异常商品', 'en-US': 'Goods' }, value: (r) => linesCell(r.lines), width: 36 },
    { header: { 'zh-CN': '数量', 'en-US': 'Qty' }, value: (r) => r.totalQty, width: 8 },
    { header: { 'zh-CN': '备注', 'en-US': 'Remark' }, value: (r) => r.remark ?? '', width: 30 },
    { header: { 'zh-CN': '登记人', 'en-US': 'Registered by' }, value: (r) => r.registeredBy },
    timeColumn({ 'zh-CN': '登记时间', 'en-US': 'Registered at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '决定期限', 'en-US': 'Decision due' }, (r) => r.decisionDueAt),
    { header: { 'zh-CN': '决定人', 'en-US': 'Decided by' }, value: (r) => r.decidedBy ?? '' },
    timeColumn({ 'zh-CN': '决定时间', 'en-US': 'Decided at' }, (r) => r.decidedAt),
    timeColumn({ 'zh-CN': '完结时间', 'en-US': 'Completed at' }, (r) => r.completedAt),
    { header: { 'zh-CN': '取消原因', 'en-US': 'Cancel reason' }, value: (r) => r.cancelReason ?? '', width: 24 },
  ],
};
