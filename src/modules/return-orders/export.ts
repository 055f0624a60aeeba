/** 退货单 export: the columns of the return-order list. */
import type { Labels } from '../../domain/catalog.js';
import { RETURN_METHOD_LABELS } from '../../domain/notification-events.js';
import { labelOf, linesCell, statusOf, timeColumn, type ExportSpec } from '../shared/export.js';
import { listReturnOrders, type ReturnOrderQuery } from './service.js';

type Row = Awaited<ReturnType<typeof listReturnOrders>>['items'][number];

const PACKING: Record<'sealed' | 'loose', Labels> = {
  sealed: { 'zh-CN': '原箱退回(未拆箱)', 'en-US': 'Sealed package (unopened)' },
  loose: { 'zh-CN': '散件退回', 'en-US': 'Loose units' },
};

export const returnOrderExport: ExportSpec<Row, ReturnOrderQuery> = {
  file: 'return-orders',
  title: { 'zh-CN': '退货单', 'en-US': 'Return orders' },
  list: listReturnOrders,
  columns: () => [
    { header: { 'zh-CN': '退货单号', 'en-US': 'Return order no.' }, value: (r) => r.no, width: 20 },
    { header: { 'zh-CN': '来源异常单', 'en-US': 'Source exception' }, value: (r) => r.sourceException.no ?? '', width: 20 },
    { header: { 'zh-CN': '送货单号', 'en-US': 'Delivery note no.' }, value: (r) => r.deliveryNote.no ?? '', width: 20 },
    { header: { 'zh-CN': '商家', 'en-US': 'Merchant' }, value: (r, cx) => cx.merchant(r.merchantId), width: 20 },
    { header: { 'zh-CN': '仓库', 'en-US': 'Warehouse' }, value: (r, cx) => cx.warehouse(r.warehouseId), width: 20 },
    { header: { 'zh-CN': '状态', 'en-US': 'Status' }, value: (r, { lang }) => statusOf('returnOrder', r.status, lang) },
    { header: { 'zh-CN': '退货方式', 'en-US': 'Return method' }, value: (r, { lang }) => labelOf(RETURN_METHOD_LABELS, r.method, lang) },
    { header: { 'zh-CN': '包装', 'en-US': 'Packing' }, value: (r, { lang }) => PACKING[r.sealed ? 'sealed' : 'loose'][lang] },
    { header: { 'zh-CN': '退货商品', 'en-US': 'Goods' }, value: (r) => linesCell(r.lines), width: 36 },
    { header: { 'zh-CN': '收货地址', 'en-US': 'Address' }, value: (r) => (r.address ? `${r.address.name} ${r.address.phone} ${r.address.region} ${r.address.detail}` : ''), width: 36 },
    timeColumn({ 'zh-CN': '自提时间', 'en-US': 'Pickup at' }, (r) => r.pickupAt),
    { header: { 'zh-CN': '承运商', 'en-US': 'Carrier' }, value: (r) => r.carrier ?? '' },
    { header: { 'zh-CN': '运单号', 'en-US': 'Tracking no.' }, value: (r) => r.trackingNo ?? '', width: 20 },
    timeColumn({ 'zh-CN': '创建时间', 'en-US': 'Created at' }, (r) => r.createdAt),
    timeColumn({ 'zh-CN': '录入截止', 'en-US': 'Method due' }, (r) => r.methodDueAt),
    timeColumn({ 'zh-CN': '录入时间', 'en-US': 'Method entered at' }, (r) => r.methodEnteredAt),
    timeColumn({ 'zh-CN': '发货时间', 'en-US': 'Shipped at' }, (r) => r.shippedAt),
    timeColumn({ 'zh-CN': '签收时间', 'en-US': 'Signed at' }, (r) => r.signedAt),
    timeColumn({ 'zh-CN': '自提完成时间', 'en-US': 'Picked up at' }, (r) => r.pickedUpAt),
    timeColumn({ 'zh-CN': '处置时间', 'en-US': 'Disposed at' }, (r) => r.disposedAt),
  ],
};
