/** Kysely queries for exceptions, their lines and the documents their plans made (writes: ../shared/transition.ts). */
import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { ExceptionLineRow } from '../../db/types.js';

// The reads of every list page and detail are compiled once (../../db/precompiled.ts).
const exceptionById = precompiled((db, id: string) => db.selectFrom('exceptions').selectAll().where('id', '=', id));
const linesOf = precompiled((db, ids: string[]) => db.selectFrom('exceptionLines').selectAll().where('exceptionId', 'in', ids).orderBy('id'));
/** Lines with their SKU's code and name, in one statement. */
export const namedLinesOf = precompiled((db, ids: string[]) => db
  .selectFrom('exceptionLines')
  .leftJoin('skus', 'skus.id', 'exceptionLines.skuId')
  .select(['exceptionLines.exceptionId', 'exceptionLines.skuId', 'exceptionLines.qty', 'skus.code as skuCode', 'skus.name as skuName'])
  .where('exceptionLines.exceptionId', 'in', ids)
  .orderBy('exceptionLines.id'));

export const loadException = (db: Executor, id: string) => exceptionById.first(db, id);

export const exceptionLines = (db: Executor, ids: string[]): Promise<ExceptionLineRow[]> =>
  ids.length ? linesOf.all(db, ids) : Promise.resolve([]);

// One statement for the six look-ups (one round trip on PostgreSQL instead of six). The empty
// columns are typed: PostgreSQL types a UNION pairwise and would take a bare null for text.
const none = (type: 'text' | 'integer' | 'bigint') => sql<any>`cast(null as ${sql.raw(type)})`;
const kind = (k: number) => sql<number>`${sql.lit(k)}`.as('kind');
// statuses of five machines in one column: typed as text
const status = sql<string>`status`.as('status');
export const SO = 1, DN = 2, RO = 3, CP = 4, NOTE = 5, PHOTO = 6;
export const documentRows = precompiled((db, id: string, noteId: string) => db
  .selectFrom('stockingOrders')
  .select([kind(SO), 'id', 'no', status, sql<string>`type`.as('type'), none('text').as('method'), none('integer').as('sealed'), none('bigint').as('amount'), none('text').as('currency')])
  .where('sourceExceptionId', '=', id)
  .unionAll(db.selectFrom('deliveryNotes')
    .select([kind(DN), 'id', 'no', status, none('text').as('type'), none('text').as('method'), none('integer').as('sealed'), none('bigint').as('amount'), none('text').as('currency')])
    .where('sourceExceptionId', '=', id))
  .unionAll(db.selectFrom('returnOrders')
    .select([kind(RO), 'id', 'no', status, none('text').as('type'), 'method', 'sealed', none('bigint').as('amount'), none('text').as('currency')])
    .where('sourceExceptionId', '=', id))
  .unionAll(db.selectFrom('compensations')
    .select([kind(CP), 'id', 'no', status, none('text').as('type'), none('text').as('method'), none('integer').as('sealed'), 'amount', 'currency'])
    .where('sourceExceptionId', '=', id))
  .unionAll(db.selectFrom('deliveryNotes')
    .select([kind(NOTE), 'id', 'no', status, none('text').as('type'), none('text').as('method'), none('integer').as('sealed'), none('bigint').as('amount'), none('text').as('currency')])
    .where('id', '=', noteId))
  // the exception's photos ride along (type: the content type): the detail needs both
  .unionAll(db.selectFrom('photos')
    .select([kind(PHOTO), 'id', none('text').as('no'), none('text').as('status'), 'contentType as type', none('text').as('method'), none('integer').as('sealed'), none('bigint').as('amount'), none('text').as('currency')])
    .where('exceptionId', '=', id))
  .orderBy('kind')
  .orderBy('id'));
