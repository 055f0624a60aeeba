/**
 * Box labels (箱唛) of a delivery note: one 100×100 mm page per box with a Code 128 barcode of the
 * box-label code (the 到货 scan accepts it), the note no., merchant, warehouse, box i/n, contents and
 * expected arrival. CJK text is embedded (Noto Sans SC from the npm package, subset by pdfkit).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import { requireRole, visibleOr404 } from '../shared/access.js';
import type { Ctx } from '../shared/context.js';
import { loadNote } from './repository.js';
import { noteView } from './views.js';

export interface LabelBox {
  boxNo: number;
  labelCode: string;
  contents: { skuCode: string; skuName: string; qty: number }[];
}

/** What a label shows: a note view (see views.ts) with the merchant's and warehouse's names. */
export interface LabelsView {
  no: string;
  logistics: string;
  expectedArrivalAt: string;
  stockingOrder?: { no: string } | null;
  merchant: { name: string };
  warehouse: { name: string; code: string };
  boxes: LabelBox[];
}

export interface RenderOptions {
  /** Tests turn compression off to read the content streams; production leaves it on. */
  compress?: boolean;
  /** The time zone the expected arrival is printed in (default Asia/Shanghai). */
  timeZone?: string;
}

/** Loads what the labels of note `id` show, for whoever may see the note (another tenant's → 404). */
export async function deliveryNoteLabels(ctx: Ctx, id: string): Promise<LabelsView> {
  requireRole(ctx.actor, 'MERCHANT', 'WAREHOUSE', 'OPS', 'ADMIN');
  const note = visibleOr404(ctx.actor, await loadNote(ctx.db, id), 'Delivery note');
  const [view, merchant, warehouse] = await Promise.all([
    noteView(ctx.db, note),
    ctx.db.selectFrom('merchants').select(['name']).where('id', '=', note.merchantId).executeTakeFirst(),
    ctx.db.selectFrom('warehouses').select(['name', 'code']).where('id', '=', note.warehouseId).executeTakeFirst(),
  ]);
  return {
    ...view,
    merchant: { name: merchant?.name ?? note.merchantId },
    warehouse: { name: warehouse?.name ?? note.warehouseId, code: warehouse?.code ?? '' },
  };
}

// ---- fonts: Noto Sans SC (OFL-1.1) shipped as TTF by @expo-google-fonts/noto-sans-sc -----------

const resolveFrom = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;
const fontCache = new Map<FontName, Buffer>();

function fontData(name: FontName): Buffer {
  let data = fontCache.get(name);
  if (!data) {
    data = readFileSync(resolveFrom.resolve(FONT_FILES[name]));
    fontCache.set(name, data);
  }
  return data;
}

/** Registers Noto Sans SC as the fonts 'regular' and 'bold' on `doc`; answers its bytes once it ends. */
export function withFonts(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontData('regular'));
  doc.registerFont('bold', fontData('bold'));
  return done;
}

// ---- layout (points; 1 mm = 72 / 25.4 pt) --------------------------------------------------------

const MM = 72 / 25.4;
const PAGE = 100 * MM;
const MARGIN = 4 * MM;
const INNER = PAGE - 2 * MARGIN;
const LOGISTICS: Record<string, string> = { PLATFORM: '平台物流', SELF: '自配' };

type Doc = PDFKit.PDFDocument;

/** Largest size in [min, max] at which `text` fits `width` on one line; below that, cut with "…". */
function fitLine(doc: Doc, font: FontName, text: string, width: number, max: number, min: number): { text: string; size: number } {
  doc.font(font);
  for (let size = max; size >= min; size -= 0.5) {
    if (doc.fontSize(size).widthOfString(text) <= width) return { text, size };
  }
  doc.fontSize(min);
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return { text: `${cut}…`, size: min };
}

/** Writes one line (never wraps, never adds a page), shrunk or cut to fit `width`. */
function line(doc: Doc, font: FontName, text: string, x: number, y: number, width: number, max: number, min = max * 0.7,
  align: 'left' | 'right' | 'center' = 'left'): number {
  const fit = fitLine(doc, font, text, width, max, min);
  doc.font(font).fontSize(fit.size);
  const w = doc.widthOfString(fit.text);
  const dx = align === 'right' ? width - w : align === 'center' ? (width - w) / 2 : 0;
  doc.text(fit.text, x + dx, y, { lineBreak: false });
  return fit.size;
}

/** Splits `text` where its first part just fits `width` (at a space when one is near the end). */
function splitToWidth(doc: Doc, text: string, width: number): [string, string] {
  let i = text.length;
  while (i > 1 && doc.widthOfString(text.slice(0, i)) > width) i--;
  const space = text.lastIndexOf(' ', i);
  if (space > i * 0.6) i = space + 1;
  return [text.slice(0, i).trimEnd(), text.slice(i).trimStart()];
}

function formatTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function barcode(text: string): Promise<Buffer> {
  // 3 px per module, with the 10-module quiet zone Code 128 needs on either side; the label's width
  // decides the printed size. The code is drawn below as real text (searchable), not in the image.
  return bwipjs.toBuffer({ bcid: 'code128', text, scale: 3, height: 18, includetext: false, paddingwidth: 10, paddingheight: 0 });
}

async function drawLabel(doc: Doc, note: LabelsView, box: LabelBox, count: number, timeZone: string): Promise<void> {
  const x = MARGIN;
  let y = MARGIN;

  // header: note no. (left) and box i/n (right, framed)
  const boxText = `箱 ${box.boxNo}/${count}`;
  doc.font('bold').fontSize(16);
  const boxW = Math.min(doc.widthOfString(boxText) + 10, INNER * 0.4);
  doc.lineWidth(1.2).rect(x + INNER - boxW, y, boxW, 24).stroke();
  line(doc, 'bold', boxText, x + INNER - boxW + 3, y + 2, boxW - 6, 16, 9, 'center');
  line(doc, 'regular', '送货单号', x, y, INNER - boxW - 6, 7);
  line(doc, 'bold', note.no, x, y + 8.5, INNER - boxW - 6, 12, 8);
  y += 28;

  // barcode of the box-label code, and the code as text
  const png = await barcode(box.labelCode);
  const barH = 20 * MM;
  doc.image(png, x, y, { width: INNER, height: barH });
  y += barH + 2;
  line(doc, 'bold', box.labelCode, x, y, INNER, 11, 7, 'center');
  y += 15;

  // who, where, when
  doc.lineWidth(0.6).moveTo(x, y).lineTo(x + INNER, y).stroke();
  y += 3;
  const rows: [string, string][] = [
    ['商家', note.merchant.name],
    ['仓库', note.warehouse.code ? `${note.warehouse.name} (${note.warehouse.code})` : note.warehouse.name],
    ['预计到货', `${formatTime(note.expectedArrivalAt, timeZone)}   ${LOGISTICS[note.logistics] ?? note.logistics}`],
  ];
  for (const [k, v] of rows) {
    line(doc, 'regular', k, x, y, 34, 7.5);
    line(doc, 'bold', v, x + 36, y - 0.5, INNER - 36, 9, 6);
    y += 12;
  }
  doc.lineWidth(0.6).moveTo(x, y).lineTo(x + INNER, y).stroke();
  y += 3;

  // contents: SKU code | name | qty. Rows get smaller with more lines; a long name wraps onto a
  // second line while there is room, else shrinks and is cut; what does not fit is summed up.
  const total = box.contents.reduce((s, c) => s + c.qty, 0);
  const footerY = PAGE - MARGIN - 10;
  const rowsTop = y + 10;
  const avail = footerY - 3 - rowsTop;
  const n = Math.max(1, box.contents.length);
  const rowH = Math.max(8, Math.min(11, avail / n));
  const size = rowH * 0.66; // Noto's line box is ~1.45 em: a row never reaches the next
  const qtyW = INNER * 0.14;
  doc.font('regular').fontSize(size);
  const widest = Math.max(0, ...box.contents.map((c) => doc.widthOfString(c.skuCode)));
  const codeW = Math.max(INNER * 0.2, Math.min(INNER * 0.38, widest + 6));
  const nameW = INNER - codeW - qtyW - 4;
  const long = box.contents.map((c) => doc.font('regular').fontSize(size).widthOfString(c.skuName) > nameW);
  const wrap = (box.contents.length + long.filter(Boolean).length) * rowH <= avail;
  const capacity = Math.max(1, Math.floor(avail / rowH));
  const shown = wrap || box.contents.length <= capacity ? box.contents : box.contents.slice(0, capacity - 1);
  doc.fillColor('#555555');
  line(doc, 'regular', 'SKU 编码', x, y, codeW, 6.5);
  line(doc, 'regular', '商品名称', x + codeW, y, nameW, 6.5);
  line(doc, 'regular', '数量', x + INNER - qtyW, y, qtyW, 6.5, 6.5, 'right');
  doc.fillColor('black');
  y = rowsTop;
  shown.forEach((c, i) => {
    line(doc, 'regular', c.skuCode, x, y, codeW - 4, size, 5);
    line(doc, 'bold', String(c.qty), x + INNER - qtyW, y, qtyW, size, 5, 'right');
    if (wrap && long[i]) {
      const [first, rest] = splitToWidth(doc.font('regular').fontSize(size), c.skuName, nameW);
      line(doc, 'regular', first, x + codeW, y, nameW, size, size);
      line(doc, 'regular', rest, x + codeW, y + rowH, nameW, size, 5);
      y += 2 * rowH;
    } else {
      line(doc, 'regular', c.skuName, x + codeW, y, nameW, size, 5);
      y += rowH;
    }
  });
  if (shown.length < box.contents.length) {
    const rest = box.contents.slice(shown.length);
    line(doc, 'regular', `… 另 ${rest.length} 种 SKU`, x, y, INNER - qtyW, size, 5);
    line(doc, 'bold', String(rest.reduce((s, c) => s + c.qty, 0)), x + INNER - qtyW, y, qtyW, size, 5, 'right');
  }

  // footer: totals and the stocking order
  doc.lineWidth(0.6).moveTo(x, footerY - 2).lineTo(x + INNER, footerY - 2).stroke();
  const order = note.stockingOrder?.no ? `备货单 ${note.stockingOrder.no}` : '';
  line(doc, 'regular', order, x, footerY, INNER * 0.6, 7, 5);
  line(doc, 'bold', `${box.contents.length} 种 SKU · 共 ${total} 件`, x + INNER * 0.4, footerY, INNER * 0.6, 8, 5, 'right');
}

/** One 100×100 mm page per box; resolves to the PDF bytes. */
export async function renderLabels(note: LabelsView, opts: RenderOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE, PAGE], margin: 0, autoFirstPage: false, compress: opts.compress ?? true,
    info: { Title: `${note.no} 箱唛`, Author: 'Tally', Subject: `Box labels of delivery note ${note.no}` },
  });
  const done = withFonts(doc);
  const boxes = [...note.boxes].sort((a, b) => a.boxNo - b.boxNo);
  for (const box of boxes) {
    doc.addPage({ size: [PAGE, PAGE], margin: 0 });
    await drawLabel(doc, note, box, boxes.length, opts.timeZone ?? 'Asia/Shanghai');
  }
  doc.end();
  return done;
}
