/** The queries of coaching levels: the rows per merchant × exception type, their claims and updates, a merchant's history. */
import { EXCEPTION_TYPES } from '../../domain/catalog.js';
import type { CoachingLevel, CoachingState } from '../../domain/performance/coaching.js';
import type { Dialect, Executor } from '../../db/create-db.js';
import '../../db/performance-types.js';

export const merchantById = (db: Executor, id: string) => db.selectFrom('merchants').select(['id', 'name']).where('id', '=', id).executeTakeFirst();

export const merchantNames = (db: Executor, ids: readonly string[]) => (ids.length
  ? db.selectFrom('merchants').select(['id', 'name']).where('id', 'in', ids).execute()
  : Promise.resolve([]));

/** Merchants that have no coaching rows yet (a page of them). */
export const merchantsWithoutCoaching = (db: Executor, limit: number) => db.selectFrom('merchants as m').select(['m.id', 'm.createdAt'])
  .where(({ not, exists, selectFrom }) => not(exists(selectFrom('coachingLevels as c').select('c.merchantId').whereRef('c.merchantId', '=', 'm.id'))))
  .limit(limit).execute();

/** Standard rows for every exception type of each merchant, evaluated through the day given. */
export async function insertCoachingRows(db: Executor, merchants: { merchantId: string; evaluatedThrough: string }[], at: string): Promise<void> {
  if (!merchants.length) return;
  await db.insertInto('coachingLevels').values(merchants.flatMap((m) => EXCEPTION_TYPES.map((t) => ({
    merchantId: m.merchantId, exceptionType: t, level: 'STANDARD' as const, aboveDays: 0, belowDays: 0,
    evaluatedThrough: m.evaluatedThrough, daysEvaluated: 0, levelSince: null, updatedAt: at,
  })))).onConflict((oc) => oc.columns(['merchantId', 'exceptionType']).doNothing()).execute();
}

/** Rows with days to evaluate by `through`, in keyset pages. */
export const dueCoachingRows = (db: Executor, through: string, after: { merchantId: string; exceptionType: string } | null, limit: number) => {
  let q = db.selectFrom('coachingLevels').select(['merchantId', 'exceptionType']).where('evaluatedThrough', '<', through);
  if (after) {
    q = q.where((eb) => eb.or([eb('merchantId', '>', after.merchantId), eb.and([eb('merchantId', '=', after.merchantId), eb('exceptionType', '>', after.exceptionType)])]));
  }
  return q.orderBy('merchantId').orderBy('exceptionType').limit(limit).execute();
};

/** The row, if still due, locked for this transaction (PostgreSQL: FOR UPDATE SKIP LOCKED — taken by another: none). */
export function claimCoachingRow(db: Executor, dialect: Dialect, merchantId: string, type: string, through: string) {
  let q = db.selectFrom('coachingLevels').selectAll().where('merchantId', '=', merchantId).where('exceptionType', '=', type).where('evaluatedThrough', '<', through);
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  return q.executeTakeFirst();
}

/** The row evaluated through `evaluatedThrough`, if it still was where it was read (`from`). */
export async function saveCoachingRow(db: Executor, key: { merchantId: string; type: string; from: string }, v: CoachingState & {
  evaluatedThrough: string; days: number; levelSince: string | null; at: string;
}): Promise<void> {
  await db.updateTable('coachingLevels')
    .set((eb) => ({ level: v.level, aboveDays: v.aboveDays, belowDays: v.belowDays, evaluatedThrough: v.evaluatedThrough,
      daysEvaluated: eb('daysEvaluated', '+', v.days), levelSince: v.levelSince, updatedAt: v.at }))
    .where('merchantId', '=', key.merchantId).where('exceptionType', '=', key.type).where('evaluatedThrough', '=', key.from)
    .execute();
}

export const coachingRowsOf = (db: Executor, merchantIds: readonly string[]) => db.selectFrom('coachingLevels')
  .select(['merchantId', 'exceptionType', 'level', 'levelSince', 'evaluatedThrough']).where('merchantId', 'in', merchantIds).execute();

/** The merchant's level changes, oldest first. */
export const coachingHistoryOf = (db: Executor, merchantId: string) => db.selectFrom('events').selectAll()
  .where('documentId', '=', merchantId).where('action', '=', 'COACHING_LEVEL_CHANGED').orderBy('id').execute();

/** The merchant's coaching level for an exception type now (no row yet: Standard); a fee is priced at it (../fees/service.ts). */
export async function coachingLevelOf(db: Executor, merchantId: string, exceptionType: string): Promise<CoachingLevel> {
  const row = await db.selectFrom('coachingLevels').select('level').where('merchantId', '=', merchantId).where('exceptionType', '=', exceptionType).executeTakeFirst();
  return (row?.level as CoachingLevel | undefined) ?? 'STANDARD';
}
