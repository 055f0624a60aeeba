/** CSV for spreadsheets: quoted where needed, and no cell a spreadsheet would run as a formula. */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : String(v);
  // =, +, -, @, tab, CR at the start make Excel/LibreOffice evaluate the cell (CSV injection)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvRow = (values: readonly unknown[]) => values.map(csvCell).join(',') + '\n';

/** A byte-order mark first, so spreadsheet apps read the Chinese text as UTF-8. */
export const CSV_BOM = '\uFEFF';
