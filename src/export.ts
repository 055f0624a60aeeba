/** CSV export of exceptions for spreadsheets (internal: includes the subtype). */
import type { Writable } from 'node:stream';
import type { Db } from './db/create-db.js';
import { CSV_BOM, csvRow } from './modules/shared/csv.js';

const COLUMNS = ['no', 'deliveryNoteNo', 'merchantId', 'warehouseId', 'orderType', 'type', 'subtype', 'stage', 'status', 'plan', 'taskCategory', 'totalQty', 'registeredBy', 'decidedBy', 'decidedAt', 'createdAt', 'completedAt'] as const;

export async function exportExceptionsCsv(db: Db, out: Writable): Promise<void> {
  out.write(CSV_BOM + csvRow(COLUMNS));
  let cursor: string | undefined;
  for (;;) {
    let q = db.selectFrom('exceptions').select(['id', ...COLUMNS]).orderBy('id').limit(1000);
    if (cursor) q = q.where('id', '>', cursor);
    const rows = await q.execute();
    for (const r of rows) out.write(csvRow(COLUMNS.map((c) => r[c])));
    if (rows.length < 1000) break;
    cursor = rows[rows.length - 1].id;
  }
}
