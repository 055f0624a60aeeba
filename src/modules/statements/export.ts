/**
 * A month's statement as PDF (pdfkit, Noto Sans SC embedded and subset, so Chinese renders and the
 * text layer is searchable) or XLSX (exceljs): one section per currency — opening, the lines with
 * their document numbers, the totals per kind, the closing. Amounts in major units with two
 * decimals, times in the platform's time zone.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { labelOf, type Labels } from '../../domain/catalog.js';
import { formatMoney, LINE_LABELS } from '../../domain/statements.js';
import { zonedTime } from '../../domain/performance/days.js';
import { withFonts } from '../delivery-notes/labels.js';
import type { Lang } from '../shared/export.js';
import type { MonthStatement } from '../../domain/statements.js';

export const STATEMENT_FORMATS = ['pdf', 'xlsx'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

const T = {
  title: { 'zh-CN': '对账单', 'en-US': 'Statement' },
  merchant: { 'zh-CN': '商家', 'en-US': 'Merchant' },
  month: { 'zh-CN': '月份', 'en-US': 'Month' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  OPEN: { 'zh-CN': '未结(实时)', 'en-US': 'Open (live)' },
  CLOSED: { 'zh-CN': '已结', 'en-US': 'Closed' },
  period: { 'zh-CN': '期间', 'en-US': 'Period' },
  currency: { 'zh-CN': '币种', 'en-US': 'Currency' },
  opening: { 'zh-CN': '期初余额', 'en-US': 'Opening balance' },
  closing: { 'zh-CN': '期末余额', 'en-US': 'Closing balance' },
  time: { 'zh-CN': '时间', 'en-US': 'Time' },
  kind: { 'zh-CN': '类型', 'en-US': 'Kind' },
  document: { 'zh-CN': '单据号', 'en-US': 'Document' },
  amount: { 'zh-CN': '金额', 'en-US': 'Amount' },
  none: { 'zh-CN': '本月无记录', 'en-US': 'Nothing this month' },
  total: { 'zh-CN': '合计', 'en-US': 'Total' },
  sign: { 'zh-CN': '余额为平台应付商家金额:赔付、豁免为正,处罚、扣费为负', 'en-US': 'Balance = what the platform owes the merchant: compensations and waivers +, penalties and fees −' },
} satisfies Record<string, Labels>;

const kindLabel = (kind: string, lang: Lang) => labelOf(LINE_LABELS, kind, lang);
const periodOf = (s: MonthStatement) => `${zonedTime(s.period.start, s.period.timeZone)} – ${zonedTime(s.period.end, s.period.timeZone)} (${s.period.timeZone})`;
export const statementFileName = (s: MonthStatement, format: StatementFormat) => `statement-${s.month}.${format}`;

export async function statementPdf(s: MonthStatement, lang: Lang): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${T.title[lang]} ${s.merchant.name} ${s.month}`, Author: 'Tally' } });
  const done = withFonts(doc);
  const L = (k: keyof typeof T) => T[k][lang];
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const cols = [0, 0.27, 0.5, 0.78].map((f) => left + f * width);
  const row = (cells: string[], font: 'regular' | 'bold' = 'regular') => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    doc.font(font).fontSize(9);
    cells.forEach((c, i) => {
      const w = (i < 3 ? cols[i + 1] : left + width) - cols[i] - 4;
      doc.text(c, cols[i], y, { width: w, lineBreak: false, align: i === 3 ? 'right' : 'left' });
    });
    doc.x = left;
    doc.y = y + 15;
  };
  const rule = () => {
    doc.lineWidth(0.5).strokeColor('#999999').moveTo(left, doc.y + 1).lineTo(left + width, doc.y + 1).stroke().strokeColor('black');
    doc.y += 5;
  };
  doc.font('bold').fontSize(18).text(`${L('title')} · ${s.merchant.name}`);
  doc.moveDown(0.3).font('regular').fontSize(10)
    .text(`${L('month')}: ${s.month}    ${L('status')}: ${L(s.status)}${s.closedAt ? ` (${zonedTime(s.closedAt, s.period.timeZone)})` : ''}`)
    .text(`${L('period')}: ${periodOf(s)}`)
    .fillColor('#555555').text(L('sign')).fillColor('black');
  if (!s.currencies.length) doc.moveDown().text(L('none'));
  for (const c of s.currencies) {
    doc.moveDown();
    doc.font('bold').fontSize(12).text(`${L('currency')}: ${c.currency}${c.no ? `    ${c.no}` : ''}`);
    doc.moveDown(0.3);
    row([L('opening'), '', '', `${formatMoney(c.opening)} ${c.currency}`], 'bold');
    row([L('time'), L('kind'), L('document'), L('amount')], 'bold');
    rule();
    for (const l of c.lines ?? []) row([zonedTime(l.occurredAt, s.period.timeZone), kindLabel(l.kind, lang), l.document.no, formatMoney(l.amount)]);
    rule();
    for (const [kind, total] of Object.entries(c.totals)) row([`${L('total')} · ${kindLabel(kind, lang)}`, '', '', formatMoney(total)]);
    rule();
    row([L('closing'), '', '', `${formatMoney(c.closing)} ${c.currency}`], 'bold');
  }
  doc.end();
  return done;
}

export async function statementXlsx(s: MonthStatement, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tally';
  const L = (k: keyof typeof T) => T[k][lang];
  const ws = wb.addWorksheet(`${L('title')} ${s.month}`);
  ws.columns = [{ width: 22 }, { width: 18 }, { width: 22 }, { width: 16 }, { width: 10 }];
  ws.addRow([`${L('title')} · ${s.merchant.name}`]).font = { bold: true, size: 14 };
  ws.addRow([L('month'), s.month, L('status'), L(s.status)]);
  ws.addRow([L('period'), periodOf(s)]);
  ws.addRow([L('sign')]);
  const money = (v: number) => v / 100;
  for (const c of s.currencies) {
    ws.addRow([]);
    ws.addRow([L('currency'), c.currency, c.no ?? '']).font = { bold: true };
    ws.addRow([L('opening'), '', '', money(c.opening), c.currency]).font = { bold: true };
    ws.addRow([L('time'), L('kind'), L('document'), L('amount'), L('currency')]).font = { bold: true };
    for (const l of c.lines ?? []) ws.addRow([zonedTime(l.occurredAt, s.period.timeZone), kindLabel(l.kind, lang), l.document.no, money(l.amount), c.currency]);
    for (const [kind, total] of Object.entries(c.totals)) ws.addRow([`${L('total')} · ${kindLabel(kind, lang)}`, '', '', money(total), c.currency]);
    ws.addRow([L('closing'), '', '', money(c.closing), c.currency]).font = { bold: true };
  }
  ws.getColumn(4).numFmt = '#,##0.00';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
