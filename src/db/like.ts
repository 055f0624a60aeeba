/**
 * Search text inside LIKE, taken literally: `%`, `_` and the escape character itself are escaped,
 * and the ESCAPE clause is written out on both dialects (SQLite's LIKE has no escape character
 * unless told; PostgreSQL's default is the backslash, which this names explicitly).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `column` contains `text` (as LIKE matches case on each dialect: SQLite ignores ASCII case, PostgreSQL does not). */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(text)}%`} escape '\\'`;
}
