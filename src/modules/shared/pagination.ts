/** Cursor pagination over time-ordered ids, newest first: `{items, nextCursor}`. */
import type { SelectQueryBuilder } from 'kysely';
import { AppError } from '../../domain/errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  cursor?: string;
  limit?: number;
  /** Internal callers only (exports read in larger chunks); no request schema has it. */
  maxLimit?: number;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{2,4}_[0-9a-z]{22}$/.test(id)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'The cursor is not one this server gave out', [
      { field: 'cursor', code: 'INVALID_CURSOR', message: 'Pass back the nextCursor of the previous page' },
    ]);
  }
  return id;
}

/** Applies cursor and limit to a query whose rows have an `id` column named by `idCol`. */
export async function paginate<DB, TB extends keyof DB, O extends { id: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  idCol: any,
  q: PageQuery,
): Promise<Page<O>> {
  const limit = Math.min(q.limit ?? DEFAULT_LIMIT, q.maxLimit ?? MAX_LIMIT);
  let query = qb.orderBy(idCol, 'desc').limit(limit + 1);
  if (q.cursor) query = query.where(idCol, '<', decodeCursor(q.cursor) as any);
  const rows = (await query.execute()) as O[];
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(items[items.length - 1].id) : null };
}
