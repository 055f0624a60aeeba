/** Dates, money and quantities the way every workspace shows them. */
import dayjs from 'dayjs';

export const fmtTime = (iso?: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '-');
/** Short form for narrow columns: 11-26 04:16. */
export const fmtShort = (iso?: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '-');
export const fmtDate = (iso?: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '-');

const SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€' };

/**
 * The API sends money as integer minor units (分) with an ISO 4217 currency: → "¥1,234.50", the
 * same in every language (another currency: "GBP 1,234.50").
 */
export function money(minor?: number | null, currency = 'CNY'): string {
  if (minor === undefined || minor === null) return '-';
  const major = (Number(minor) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${SYMBOL[currency] ?? `${currency} `}${major}`;
}

/** A percentage the API rounded already (12.5 → "12.5%"); null (nothing to divide by) → "-". */
export const percent = (v?: number | null) => (v === undefined || v === null ? '-' : `${v}%`);

/** A price typed in yuan (two decimals) → integer minor units for the API. */
export const toMinor = (yuan: number) => Math.round(yuan * 100);

type Line = { skuCode?: string; skuName?: string; skuId?: string; qty: number };
/** "SKU-1 ×3, SKU-2 ×1" for compact line cells; `by: 'name'` for readers who know goods by name ("蓝牙耳机 黑色 ×3"). */
export const linesText = (lines: Line[], by: 'code' | 'name' = 'code') =>
  lines.map((l) => `${(by === 'name' ? l.skuName || l.skuCode : l.skuCode || l.skuName) || l.skuId} ×${l.qty}`).join(', ');

/** Date-only URL filters (YYYY-MM-DD) → the API's ISO bounds; `to` is exclusive, so the day after. */
export function dateBounds(from?: string, to?: string): { from?: string; to?: string } {
  return {
    from: from ? dayjs(from).startOf('day').toISOString() : undefined,
    to: to ? dayjs(to).add(1, 'day').startOf('day').toISOString() : undefined,
  };
}
