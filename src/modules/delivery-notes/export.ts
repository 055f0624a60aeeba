/** 送货单 export: the columns of the delivery-note list. */
import type { Labels } from '../../domain/catalog.js';
import { labelOf, statusOf, timeColumn, type ExportSpec } from '../shared/export.js';
import { listDeliveryNotes, type NoteFilters } from './service.js';

type Row = Awaited<ReturnType<typeof listDeliveryNotes>>['items'][number];

const LOGISTICS: Record<string, Labels> = {
  PLATFORM: { 'zh-CN': '平台物流', 'en-US': 'Platform logistics' },
  SELF: { 'zh-CN': '自配', 'en-US': 'Self-delivery' },
};

export const deliveryNoteExport: ExportSpec<Row, NoteFilters> = {
  file: 'delivery-notes',
  title: { 'zh-CN': '送货单', 'en-US': 'Delivery notes' },
  list: listDeliveryNotes,
  columns: () => [
    { header: { 'zh-CN': '送货单号', 'en-US': 'Delivery note no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '备货订单号', 'en-US': 'Stocking order no.' }, value: (r, cx) => cx.orderNo(r.stockingOrderId), width: 20 },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '仓库', 'en-US': 'Warehouse' }, value: (r, cx) => cx.warehouse(r.warehouseId), width: 20 },
    { header: { 'zh-CN': '物流方式', 'en-US': 'Logistics' }, value: (r, { lang }) => labelOf(LOGISTICS, r.logistics, lang) },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('deliveryNote', r.status, lang) },
    { header: { 'zh-CN': '来源异常单', 'en-US': 'Source exception' }, value: (r, cx) => cx.exceptionNo(r.sourceExceptionId), width: 20 },
    timeColumn({ 'zh-CN': '预计到货', 'en-US': 'Expected arrival' }, (r) => r.expectedArrivalAt),
    timeColumn({ 'zh-CN': '创建时间', 'en-US': 'Created at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '确认送货时间', 'en-US': 'Confirmed at' }, (r) => r.confirmedAt),
    timeColumn({ 'zh-CN': '到货时间', 'en-US': 'Arrived at' }, (r) => r.arrivedAt),
    timeColumn({ 'zh-CN': '入库完成时间', 'en-US': 'Completed at' }, (r) => r.completedAt),
    timeColumn({ 'zh-CN': '取消时间', 'en-US': 'Cancelled at' }, (r) => r.cancelledAt),
  ],
};
