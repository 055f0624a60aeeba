/** Names and numbers of documents other rows point at, for views and exports: one query per list of ids. */
import type { Executor } from '../../db/create-db.js';

/** id → name of merchants or warehouses. */
export async function namesOf(db: Executor, table: 'merchants' | 'warehouses', ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom(table as 'merchants').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** id → number (`no`) of documents of one kind. */
export async function numbersOf(db: Executor, table: 'exceptions' | 'deliveryNotes' | 'stockingOrders', ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom(table as 'exceptions').select(['id', 'no']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.no]));
}
