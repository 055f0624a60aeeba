/** Dates, money and quantities the way the pages show them. */
import dayjs from 'dayjs';

export const fmtTime = (iso?: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '-');
/** Short form for narrow columns: 11-26 04:16. */
export const fmtShort = (iso?: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '-');
export const fmtDate = (iso?: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '-');

const SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€' };

/** Minor units → "¥1,234.50". */
export function money(minor?: number | null, currency = 'CNY'): string {
  if (minor === undefined || minor === null) return '-';
  const yuan = (Number(minor) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${SYMBOL[currency] ?? `${currency} `}${yuan}`;
}

/** A price typed in yuan (two decimals) → integer minor units for the API. */
export const toMinor = (yuan: number) => Math.round(yuan * 100);

/** "SKU-1 ×3, SKU-2 ×1" for compact line cells. */
export const linesText = (lines: { skuCode?: string; skuName?: string; skuId: string; qty: number }[]) =>
  lines.map((l) => `${l.skuCode || l.skuId} ×${l.qty}`).join(', ');

/** Date-only URL filters (YYYY-MM-DD) → the API's ISO bounds; `to` is exclusive, so the day after. */
export function dateBounds(from?: string, to?: string): { from?: string; to?: string } {
  return {
    from: from ? dayjs(from).startOf('day').toISOString() : undefined,
    to: to ? dayjs(to).add(1, 'day').startOf('day').toISOString() : undefined,
  };
}
