/** Formatting shared by the merchant pages: times, money in minor units, document paths. */
import dayjs from 'dayjs';

export const fmtTime = (iso?: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export function fmtMoney(amount: number, currency = 'CNY', lang = 'zh-CN') {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount / 100);
  } catch {
    return `${currency} ${(amount / 100).toFixed(2)}`;
  }
}

/** Where a merchant sees each kind of document (a JIT order lives under JIT备货订单跟进). */
export function docPath(kind: string, id: string, orderType?: string | null): string | null {
  switch (kind) {
    case 'exception': return `/merchant/exceptions/${id}`;
    case 'returnOrder': return `/merchant/returns/${id}`;
    case 'stockingOrder': return orderType === 'JIT_REPEAT' ? `/merchant/jit-orders/${id}` : `/merchant/orders/${id}`;
    case 'deliveryNote': return `/merchant/delivery-notes/${id}`;
    case 'ticket': return `/merchant/tickets/${id}`;
    case 'compensation': return `/merchant/compensations?open=${id}`;
    case 'penalty': return `/merchant/penalties?open=${id}`;
    default: return null;
  }
}

/** "蓝牙耳机 黑色 ×3, USB-C ×2" */
export const linesText = (lines: { skuName: string; skuCode: string; qty: number }[]) =>
  lines.map((l) => `${l.skuName || l.skuCode} ×${l.qty}`).join(', ');
