/** Reading exports back: XLSX with exceljs (the library that wrote it), CSV by RFC 4180. */
import ExcelJS from 'exceljs';

export type Cell = string | number;

/** The first sheet's rows, header first; empty cells are ''. */
export async function readXlsx(data: Buffer): Promise<Cell[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as any);
  const sheet = book.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    for (let i = 1; i <= width; i++) {
      const v = row.getCell(i).value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'number' ? v : String(v));
    }
    rows.push(cells);
  });
  return rows;
}

/** Rows of a CSV (a BOM first is dropped). */
export function readCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** "2026-12-04 18:43:05" in Asia/Shanghai, worked out here rather than by the code under test. */
export function shanghai(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600e3); // China keeps no daylight saving time
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
