/**
 * Exports of a list (导出): the list's own use case paged through by its cursor in chunks, each
 * chunk written as rows as it comes (CSV, or XLSX through exceljs's streaming WorkbookWriter), so
 * an export of any size runs in flat memory. A list's rows are what the list answers the caller —
 * scoped to its tenant, a merchant's rows without subtypes — so an export can show no more.
 *
 * Cells are for people: headers and codes in the caller's language (zh-CN unless `lang` or
 * Accept-Language asks for en-US), amounts in major units beside their currency, times in the
 * platform's time zone (settings.timeZone, Asia/Shanghai by default: "2026-12-04 18:43:05", the
 * header names the zone).
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { labelOf, type Labels } from '../../domain/catalog.js';
import { dayOf, zonedTime } from '../../domain/performance/days.js';
import { MACHINES } from '../../domain/state-machines.js';
import type { Actor, Ctx } from './context.js';
import { CSV_BOM, csvRow } from './csv.js';
import { loadSettings } from '../settings/service.js';
import { namesOf, numbersOf } from './names.js';
import type { Page, PageQuery } from './pagination.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = keyof Labels;

/** Rows read per round trip: large enough for throughput, small enough to hold. */
export const EXPORT_CHUNK = 500;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

type Cell = string | number | null;

/**
 * What a column's value sees besides the row: the language, the names of the chunk's tenants and the
 * numbers of the documents its rows point at by id (`stockingOrderId`, `sourceExceptionId`).
 */
export interface CellContext {
  lang: Lang;
  /** An ISO instant in the platform's time zone. */
  time(iso: string | null | undefined): string;
  merchant(id: string | null | undefined): string;
  warehouse(id: string | null | undefined): string;
  orderNo(id: string | null | undefined): string;
  exceptionNo(id: string | null | undefined): string;
}

export interface ExportColumn<T> {
  header: Labels;
  value: (row: T, cx: CellContext) => Cell;
  /** Excel column width in characters (default 14). */
  width?: number;
  /** A number shown with two decimals (amounts). */
  money?: boolean;
  /** A time: the header names the zone its cells are in. */
  time?: boolean;
}

export interface ExportSpec<T, F> {
  /** The file's name before the date: `exceptions` → exceptions-2026-12-04.xlsx. */
  file: string;
  /** The sheet's title, and the file's name in its language. */
  title: Labels;
  /** The list use case: the same filters, scope and views as the list page. */
  list: (ctx: Ctx, f: F & PageQuery) => Promise<Page<T>>;
  /** The columns for this caller (a merchant's never include a subtype). */
  columns: (actor: Actor) => ExportColumn<T>[];
}

// ---------------------------------------------------------------- cells

/** Minor units (分) → major units (37.5 for 3750). */
export const major = (minor: number | null | undefined): number | null => (minor == null ? null : Number(minor) / 100);

export { labelOf };

/** A document's status label. */
export const statusOf = (doc: keyof typeof MACHINES, code: string, lang: Lang) =>
  labelOf(MACHINES[doc].labels as Record<string, Labels>, code, lang);

/** "SKU-1 蓝牙耳机 ×3; SKU-2 USB-C ×1". */
export const linesCell = (lines: readonly { skuCode?: string; skuName?: string; skuId: string; qty: number }[]) =>
  lines.map((l) => `${[l.skuCode || l.skuId, l.skuName].filter(Boolean).join(' ')} ×${l.qty}`).join('; ');

/** A time column, in the platform's time zone. */
export function timeColumn<T>(header: Labels, pick: (row: T) => string | null | undefined): ExportColumn<T> {
  return { header, value: (r, cx) => cx.time(pick(r)), width: 20, time: true };
}

/** `?lang=` when given, else the first language Accept-Language prefers that we have; zh-CN by default. */
export function exportLang(lang: string | undefined, acceptLanguage: string | undefined): Lang {
  if (lang === 'en-US' || lang === 'zh-CN') return lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

// ---------------------------------------------------------------- writing

interface RowWriter {
  header(columns: ExportColumn<unknown>[], headers: string[]): void;
  row(cells: Cell[]): void;
  /** Streams inside the writer that are behind (XLSX: the zip's input), waited on like the client. */
  inner(): Writable[];
  end(): Promise<void>;
}

function csvWriter(out: Writable): RowWriter {
  let money: boolean[] = [];
  return {
    header: (columns, headers) => {
      money = columns.map((c) => !!c.money);
      out.write(CSV_BOM + csvRow(headers));
    },
    row: (cells) => { out.write(csvRow(cells.map((c, i) => (money[i] && typeof c === 'number' ? c.toFixed(2) : c)))); },
    inner: () => [],
    end: async () => { out.end(); },
  };
}

function xlsxWriter(out: Writable, title: string): RowWriter {
  // inline strings (no shared-strings table held in memory), no styles beyond a bold header
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  return {
    header: (columns, headers) => {
      sheet.columns = columns.map((c, i) => ({ header: headers[i], width: c.width ?? 14, style: c.money ? { numFmt: '0.00' } : {} }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
    },
    row: (cells) => { sheet.addRow(cells.map((c) => c ?? '')).commit(); },
    // the sheet's XML goes to the zip's entry stream without waiting for it (exceljs StreamBuf): without
    // this, uncompressed XML piles up there whenever deflate is slower than the rows (measured: 112 MB
    // of buffers at 300k rows)
    inner: () => ((sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? []),
    end: async () => { sheet.commit(); await book.commit(); },
  };
}

type StreamState = { writableLength?: number; writableHighWaterMark?: number; _writableState?: { length: number; highWaterMark: number } };
// archiver's streams are readable-stream 2, which has no writableLength: its state says the same
const pending = (s: StreamState) => s.writableLength ?? s._writableState?.length ?? 0;
const highWater = (s: StreamState) => s.writableHighWaterMark ?? s._writableState?.highWaterMark ?? 16_384;

/** Waits while the client (or a stream inside the writer) is behind, so at most about a chunk is buffered; false once the client is gone. */
async function caughtUp(out: Writable, inner: Writable[]): Promise<boolean> {
  for (const s of [...inner, out]) {
    while (!out.destroyed && pending(s as StreamState) > highWater(s as StreamState)) {
      await Promise.race([once(s, 'drain'), once(out, 'close')]);
    }
  }
  return !out.destroyed;
}

export interface ExportAnswer {
  stream: PassThrough;
  contentType: string;
  /** The Content-Disposition value: an ASCII name and the name in the caller's language (RFC 6266). */
  disposition: string;
}

/**
 * Starts an export: the first chunk is read before anything is sent, so a refused filter or role
 * answers as a problem; the rest is read while the client takes what is written. `chunk`: rows per
 * read (tests page through small worlds with 2).
 */
export async function startExport<T, F>(
  ctx: Ctx, spec: ExportSpec<T, F>, filters: F, format: ExportFormat, lang: Lang,
  onError: (err: unknown) => void, chunk = EXPORT_CHUNK,
): Promise<ExportAnswer> {
  const read = (cursor?: string) => spec.list(ctx, { ...filters, cursor, limit: chunk, maxLimit: chunk });
  const [first, { timeZone }] = await Promise.all([read(), loadSettings(ctx.db)]);
  const columns = spec.columns(ctx.actor) as ExportColumn<unknown>[];
  const stream = new PassThrough();
  const title = spec.title[lang];
  const writer = format === 'csv' ? csvWriter(stream) : xlsxWriter(stream, title);
  const run = async () => {
    writer.header(columns, columns.map((c) => (c.time ? `${c.header[lang]} (${timeZone})` : c.header[lang])));
    for (let page: Page<T> | null = first; page;) {
      const cx = await cellContext(ctx, page.items, lang, timeZone);
      for (const item of page.items) writer.row(columns.map((c) => c.value(item, cx)));
      if (!(await caughtUp(stream, writer.inner()))) return; // the client went away
      page = page.nextCursor ? await read(page.nextCursor) : null;
    }
    await writer.end();
  };
  run().catch((err) => { onError(err); stream.destroy(err as Error); });
  const day = dayOf(ctx.clock.now(), timeZone);
  return {
    stream,
    contentType: CONTENT_TYPES[format],
    disposition: `attachment; filename="${spec.file}-${day}.${format}"; filename*=UTF-8''${encodeURIComponent(`${title}-${day}.${format}`)}`,
  };
}

async function cellContext(ctx: Ctx, items: readonly unknown[], lang: Lang, timeZone: string): Promise<CellContext> {
  const ids = (key: string) => items.map((i) => (i as Record<string, unknown>)[key]).filter((v): v is string => typeof v === 'string');
  const [merchants, warehouses, orders, exceptions] = await Promise.all([
    namesOf(ctx.db, 'merchants', ids('merchantId')), namesOf(ctx.db, 'warehouses', ids('warehouseId')),
    numbersOf(ctx.db, 'stockingOrders', ids('stockingOrderId')), numbersOf(ctx.db, 'exceptions', ids('sourceExceptionId')),
  ]);
  const from = (map: Map<string, string>) => (id: string | null | undefined) => (id ? map.get(id) ?? id : '');
  return {
    lang, time: (iso) => zonedTime(iso, timeZone),
    merchant: from(merchants), warehouse: from(warehouses), orderNo: from(orders), exceptionNo: from(exceptions),
  };
}
