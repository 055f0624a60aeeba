/** 备货订单 export: the columns of the stocking-order list, amounts in yuan beside the currency. */
import { ORDER_TYPE_LABELS } from '../catalog/service.js';
import { labelOf, linesCell, major, statusOf, timeColumn, type ExportSpec } from '../shared/export.js';
import { listStockingOrders, type OrderFilters } from './service.js';

type Row = Awaited<ReturnType<typeof listStockingOrders>>['items'][number];

export const stockingOrderExport: ExportSpec<Row, OrderFilters> = {
  file: 'stocking-orders',
  title: { 'zh-CN': '备货订单', 'en-US': 'Stocking orders' },
  list: listStockingOrders,
  columns: () => [
    { header: { 'zh-CN': '订单号', 'en-US': 'Order no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '单据类型', 'en-US': 'Order type' }, value: (r, { lang }) => labelOf(ORDER_TYPE_LABELS, r.type, lang) },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '仓库', 'en-US': 'Warehouse' }, value: (r, cx) => cx.warehouse(r.warehouseId), width: 20 },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('stockingOrder', r.status, lang) },
    { header: { 'zh-CN': '商品', 'en-US': 'Goods' }, value: (r) => linesCell(r.lines), width: 36 },
    { header: { 'zh-CN': '数量', 'en-US': 'Qty' }, value: (r) => r.lines.reduce((s, l) => s + l.qty, 0), width: 8 },
    { header: { 'zh-CN': '金额', 'en-US': 'Amount' }, value: (r) => major(r.totalAmount), money: true },
    { header: { 'zh-CN': '币种', 'en-US': 'Currency' }, value: (r) => r.currency, width: 8 },
    { header: { 'zh-CN': '来源异常单', 'en-US': 'Source exception' }, value: (r, cx) => cx.exceptionNo(r.sourceExceptionId), width: 20 },
    timeColumn({ 'zh-CN': '创建时间', 'en-US': 'Created at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '接单截止', 'en-US': 'Accept by' }, (r) => r.acceptBy),
    timeColumn({ 'zh-CN': '接单时间', 'en-US': 'Accepted at' }, (r) => r.acceptedAt),
    timeColumn({ 'zh-CN': '发货截止', 'en-US': 'Ship by' }, (r) => r.shipBy),
    timeColumn({ 'zh-CN': '发货时间', 'en-US': 'Shipped at' }, (r) => r.shippedAt),
    timeColumn({ 'zh-CN': '完成时间', 'en-US': 'Completed at' }, (r) => r.completedAt),
    timeColumn({ 'zh-CN': '取消时间', 'en-US': 'Cancelled at' }, (r) => r.cancelledAt),
  ],
};
