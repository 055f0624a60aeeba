/** Reading exports back: XLSX with exceljs (the library that wrote it), CSV by RFC 4180. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Client, TestEnv } from './app.js';

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

/** GET <path>/export as the client, through inject (the raw bytes). */
export async function download(env: TestEnv, c: Client, path: string, query: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await env.app.inject({ method: 'GET', url: `${path}/export?${new URLSearchParams(query)}`, headers: { authorization: `Bearer ${c.token}`, ...headers } });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, json: () => JSON.parse(res.body) };
}

/** The export in both formats, checked equal to each other; rows as XLSX gives them. */
export async function exported(env: TestEnv, c: Client, path: string, query: Record<string, string>): Promise<Cell[][]> {
  const x = await download(env, c, path, { ...query, format: 'xlsx' });
  expect(x.status, x.raw.toString()).toBe(200);
  expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(x.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''\S+\.xlsx$/);
  const c2 = await download(env, c, path, { ...query, format: 'csv' });
  expect(c2.status).toBe(200);
  expect(c2.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(c2.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.csv"/);
  const text = c2.raw.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const xlsx = await readXlsx(x.raw);
  const csv = readCsv(text);
  expect(csv.length).toBe(xlsx.length);
  csv.forEach((row, r) => expect(row.map((v, i) => (typeof xlsx[r][i] === 'number' ? Number(v) : v)), `row ${r}`).toEqual(xlsx[r]));
  return xlsx;
}
