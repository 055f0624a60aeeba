/**
 * Coaching levels (docs/performance.md §Coaching): each merchant × exception type is evaluated once
 * per calendar day (platform time zone), the days after the last one evaluated up to yesterday,
 * from the rollups of the trailing window. A level change is an event on the merchant's history
 * (COACHING_LEVEL_CHANGED) and a `merchant.coaching_level_changed` announcement (inbox, webhook).
 */
import { EXCEPTION_TYPES, type ExceptionType } from '../../domain/catalog.js';
import { addDays, dayOf, daysBetween } from '../../domain/performance/days.js';
import { INITIAL_COACHING, isAbove, nextCoachingState, type CoachingLevel, type CoachingState } from '../../domain/performance/coaching.js';
import type { Dialect, Executor, Tx } from '../../db/create-db.js';
import '../../db/performance-types.js';
import { SYSTEM_ACTOR, type Clock } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { emit } from '../notifications/outbox.js';
import { loadSettings } from '../settings/service.js';
import { sumRollups } from './repository.js';

/** At most this many days per row and run (a long-idle database catches up over a few runs). */
export const MAX_DAYS_PER_RUN = 400;

/** The last day a job running at `now` may evaluate: yesterday in the platform's time zone. */
export const lastClosedDay = (now: Date, timeZone: string) => addDays(dayOf(now, timeZone), -1);

/** Rows for merchants that have none yet: Standard, evaluated through the day before the merchant was created. */
export async function ensureCoachingRows(db: Executor, timeZone: string, at: string): Promise<void> {
  const missing = await db.selectFrom('merchants as m').select(['m.id', 'm.createdAt'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('coachingLevels as c').select('c.merchantId').whereRef('c.merchantId', '=', 'm.id'))))
    .limit(500).execute();
  if (!missing.length) return;
  await db.insertInto('coachingLevels').values(missing.flatMap((m) => EXCEPTION_TYPES.map((t) => ({
    merchantId: m.id, exceptionType: t, level: 'STANDARD' as const, aboveDays: 0, belowDays: 0,
    evaluatedThrough: addDays(dayOf(m.createdAt, timeZone), -1), daysEvaluated: 0, levelSince: null, updatedAt: at,
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

/**
 * Evaluates one row's due days inside `tx`, having claimed it (PostgreSQL: FOR UPDATE SKIP LOCKED,
 * so of several instances one does it). Answers the days evaluated (0: taken or no longer due).
 */
export async function evaluateCoachingRow(tx: Tx, dialect: Dialect, clock: Clock, merchantId: string, type: ExceptionType, through: string): Promise<number> {
  let q = tx.selectFrom('coachingLevels').selectAll().where('merchantId', '=', merchantId).where('exceptionType', '=', type).where('evaluatedThrough', '<', through);
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  const row = await q.executeTakeFirst();
  if (!row) return 0;
  const settings = await loadSettings(tx);
  const rules = settings.coaching;
  const first = addDays(row.evaluatedThrough, 1);
  const last = daysBetween(first, through) >= MAX_DAYS_PER_RUN ? addDays(first, MAX_DAYS_PER_RUN - 1) : through;
  const window = rules.windowDays;
  const sums = await sumRollups(tx, { merchantId, from: addDays(first, -(window - 1)), to: last }, ['day', 'exceptionType'], ['unitsArrived', 'unitsException']);
  const arrived = new Map<string, number>();
  const problems = new Map<string, number>();
  for (const s of sums) {
    arrived.set(s.dims.day, (arrived.get(s.dims.day) ?? 0) + s.m.unitsArrived);
    if (s.dims.exceptionType === type) problems.set(s.dims.day, (problems.get(s.dims.day) ?? 0) + s.m.unitsException);
  }
  // the window's totals, slid one day at a time
  let inArrived = 0;
  let inProblems = 0;
  for (let d = addDays(first, -(window - 1)); d < first; d = addDays(d, 1)) {
    inArrived += arrived.get(d) ?? 0;
    inProblems += problems.get(d) ?? 0;
  }
  let state: CoachingState = { level: row.level, aboveDays: Number(row.aboveDays), belowDays: Number(row.belowDays) };
  let since = row.levelSince;
  const changes: { day: string; from: CoachingLevel; to: CoachingLevel }[] = [];
  let days = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) {
    inArrived += arrived.get(d) ?? 0;
    inProblems += problems.get(d) ?? 0;
    const next = nextCoachingState(state, isAbove(inProblems, inArrived, rules.acceptableRatePct[type]), rules);
    if (next.level !== state.level) {
      changes.push({ day: d, from: state.level, to: next.level });
      since = addDays(d, 1);
    }
    state = next;
    days++;
    const out = addDays(d, -(window - 1));
    inArrived -= arrived.get(out) ?? 0;
    inProblems -= problems.get(out) ?? 0;
  }
  const at = clock.now().toISOString();
  await tx.updateTable('coachingLevels')
    .set((eb) => ({ level: state.level, aboveDays: state.aboveDays, belowDays: state.belowDays, evaluatedThrough: last,
      daysEvaluated: eb('daysEvaluated', '+', days), levelSince: since, updatedAt: at }))
    .where('merchantId', '=', merchantId).where('exceptionType', '=', type).where('evaluatedThrough', '=', row.evaluatedThrough)
    .execute();
  const ctx = { actor: SYSTEM_ACTOR, clock };
  for (const c of changes) {
    const data = { type, level: c.to, previousLevel: c.from, day: c.day };
    await recordEvent(tx, ctx, { documentType: 'merchant', documentId: merchantId, action: 'COACHING_LEVEL_CHANGED', from: c.from, to: c.to, data });
    await emit(tx, ctx, { type: 'merchant.coaching_level_changed', merchantId, documentType: 'merchant', documentId: merchantId, data });
  }
  return days;
}

/** The merchant's level per exception type (Standard where not evaluated yet). */
export async function levelsOf(db: Executor, merchantIds: readonly string[]): Promise<Map<string, Record<ExceptionType, { level: CoachingLevel; since: string | null; evaluatedThrough: string | null }>>> {
  const out = new Map<string, Record<ExceptionType, { level: CoachingLevel; since: string | null; evaluatedThrough: string | null }>>();
  for (const id of merchantIds) {
    out.set(id, Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, { level: INITIAL_COACHING.level, since: null, evaluatedThrough: null }])) as any);
  }
  if (!merchantIds.length) return out;
  const rows = await db.selectFrom('coachingLevels').select(['merchantId', 'exceptionType', 'level', 'levelSince', 'evaluatedThrough'])
    .where('merchantId', 'in', merchantIds).execute();
  for (const r of rows) {
    const m = out.get(r.merchantId);
    if (m && r.exceptionType in m) m[r.exceptionType as ExceptionType] = { level: r.level, since: r.levelSince, evaluatedThrough: r.evaluatedThrough };
  }
  return out;
}
