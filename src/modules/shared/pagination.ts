/** Cursor pagination over time-ordered ids, newest first: `{items, nextCursor}`. */
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
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

const TIME_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)~([a-z]{2,4}_[0-9a-z]{22})$/;

/**
 * Cursor pagination newest first by creation time, then id: for a list filtered by a creation-date range,
 * where walking the time index backwards from the range's end finds a page after reading one page of rows,
 * instead of reading the whole range to sort it by id (1.25 s p99 for a 10-day range at 1M exceptions).
 * `createdAt` is an ISO-8601 UTC text; the cursor is `createdAt~id`, base64url. The keyset is written as
 * `createdAt <= c AND (createdAt < c OR id < i)` so its first half is a range on the time index.
 */
export async function paginateByTime<DB, TB extends keyof DB, O extends { id: string; createdAt: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  q: PageQuery,
): Promise<Page<O>> {
  const limit = Math.min(q.limit ?? DEFAULT_LIMIT, q.maxLimit ?? MAX_LIMIT);
  let query = qb.orderBy('createdAt' as any, 'desc').orderBy('id' as any, 'desc').limit(limit + 1);
  if (q.cursor) {
    const { createdAt, id } = decodeTimeCursor(q.cursor);
    query = query.where('createdAt' as any, '<=', createdAt as any)
      .where((eb: ExpressionBuilder<any, any>) => eb.or([eb('createdAt', '<', createdAt), eb('id', '<', id)]) as any);
  }
  const rows = (await query.execute()) as O[];
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more ? Buffer.from(`${last.createdAt}~${last.id}`, 'utf8').toString('base64url') : null };
}

function decodeTimeCursor(cursor: string): { createdAt: string; id: string } {
  const m = TIME_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw new AppError(400, 'VALIDATION_FAILED', 'The cursor is not one this server gave out for this filter', [
      { field: 'cursor', code: 'INVALID_CURSOR', message: 'Pass back the nextCursor of the previous page with the same from/to filter' },
    ]);
  }
  return { createdAt: m[1], id: m[2] };
}
