/** CSV export of exceptions for spreadsheets (internal: includes the subtype). */
import type { Writable } from 'node:stream';
import type { Db } from './db/create-db.js';

const COLUMNS = ['no', 'deliveryNoteNo', 'merchantId', 'warehouseId', 'orderType', 'type', 'subtype', 'stage', 'status', 'plan', 'taskCategory', 'totalQty', 'registeredBy', 'decidedBy', 'decidedAt', 'createdAt', 'completedAt'] as const;

const cell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export async function exportExceptionsCsv(db: Db, out: Writable): Promise<void> {
  out.write('\uFEFF' + COLUMNS.join(',') + '\n'); // BOM so spreadsheet apps read the Chinese text as UTF-8
  let cursor: string | undefined;
  for (;;) {
    let q = db.selectFrom('exceptions').select(['id', ...COLUMNS]).orderBy('id').limit(1000);
    if (cursor) q = q.where('id', '>', cursor);
    const rows = await q.execute();
    for (const r of rows) out.write(COLUMNS.map((c) => cell(r[c])).join(',') + '\n');
    if (rows.length < 1000) break;
    cursor = rows[rows.length - 1].id;
  }
}
