/**
 * Coaching levels (docs/performance.md §Coaching): each merchant × exception type is evaluated once
 * per calendar day (platform time zone), the days after the last one evaluated up to yesterday,
 * from the rollups of the trailing window. A level change is an event on the merchant's history
 * (COACHING_LEVEL_CHANGED) and a `merchant.coaching_level_changed` announcement (inbox, webhook).
 */
import { EXCEPTION_TYPES, type ExceptionType } from '../../domain/catalog.js';
import { addDays, dayOf, daysBetween } from '../../domain/performance/days.js';
import { evaluateDays, INITIAL_COACHING, type CoachingLevel } from '../../domain/performance/coaching.js';
import type { Dialect, Executor, Tx } from '../../db/create-db.js';
import { SYSTEM_ACTOR, type Clock } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { emit } from '../notifications/outbox.js';
import { loadSettings } from '../settings/service.js';
import { sumRollups } from './repository.js';
import * as repo from './coaching-repository.js';

/** At most this many days per row and run (a long-idle database catches up over a few runs). */
export const MAX_DAYS_PER_RUN = 400;

/** The last day a job running at `now` may evaluate: yesterday in the platform's time zone. */
export const lastClosedDay = (now: Date, timeZone: string) => addDays(dayOf(now, timeZone), -1);

/** Rows for merchants that have none yet: Standard, evaluated through the day before the merchant was created. */
export async function ensureCoachingRows(db: Executor, timeZone: string, at: string): Promise<void> {
  const missing = await repo.merchantsWithoutCoaching(db, 500);
  await repo.insertCoachingRows(db, missing.map((m) => ({ merchantId: m.id, evaluatedThrough: addDays(dayOf(m.createdAt, timeZone), -1) })), at);
}

export const dueCoachingRows = repo.dueCoachingRows;

/**
 * Evaluates one row's due days inside `tx`, having claimed it (PostgreSQL: FOR UPDATE SKIP LOCKED,
 * so of several instances one does it). Answers the days evaluated (0: taken or no longer due).
 */
export async function evaluateCoachingRow(tx: Tx, dialect: Dialect, clock: Clock, merchantId: string, type: ExceptionType, through: string): Promise<number> {
  const row = await repo.claimCoachingRow(tx, dialect, merchantId, type, through);
  if (!row) return 0;
  const rules = (await loadSettings(tx)).coaching;
  const first = addDays(row.evaluatedThrough, 1);
  const last = daysBetween(first, through) >= MAX_DAYS_PER_RUN ? addDays(first, MAX_DAYS_PER_RUN - 1) : through;
  const sums = await sumRollups(tx, { merchantId, from: addDays(first, -(rules.windowDays - 1)), to: last }, ['day', 'exceptionType'], ['unitsArrived', 'unitsException']);
  const arrived = new Map<string, number>();
  const problems = new Map<string, number>();
  for (const s of sums) {
    arrived.set(s.dims.day, (arrived.get(s.dims.day) ?? 0) + s.m.unitsArrived);
    if (s.dims.exceptionType === type) problems.set(s.dims.day, (problems.get(s.dims.day) ?? 0) + s.m.unitsException);
  }
  const start = { level: row.level, aboveDays: Number(row.aboveDays), belowDays: Number(row.belowDays) };
  const { state, changes, days } = evaluateDays(start, first, last, rules, rules.acceptableRatePct[type], { arrived, problems });
  // a level holds from the day after the day that moved it
  const levelSince = changes.length ? addDays(changes[changes.length - 1].day, 1) : row.levelSince;
  await repo.saveCoachingRow(tx, { merchantId, type, from: row.evaluatedThrough }, { ...state, evaluatedThrough: last, days, levelSince, at: clock.now().toISOString() });
  const ctx = { actor: SYSTEM_ACTOR, clock };
  for (const c of changes) {
    const data = { type, level: c.to, previousLevel: c.from, day: c.day };
    await recordEvent(tx, ctx, { documentType: 'merchant', documentId: merchantId, action: 'COACHING_LEVEL_CHANGED', from: c.from, to: c.to, data });
    await emit(tx, ctx, { type: 'merchant.coaching_level_changed', merchantId, documentType: 'merchant', documentId: merchantId, data });
  }
  return days;
}

type Levels = Record<ExceptionType, { level: CoachingLevel; since: string | null; evaluatedThrough: string | null }>;

/** The merchant's level per exception type (Standard where not evaluated yet). */
export async function levelsOf(db: Executor, merchantIds: readonly string[]): Promise<Map<string, Levels>> {
  const out = new Map<string, Levels>();
  for (const id of merchantIds) {
    out.set(id, Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, { level: INITIAL_COACHING.level, since: null, evaluatedThrough: null }])) as Levels);
  }
  if (!merchantIds.length) return out;
  for (const r of await repo.coachingRowsOf(db, merchantIds)) {
    const m = out.get(r.merchantId);
    if (m && r.exceptionType in m) m[r.exceptionType as ExceptionType] = { level: r.level, since: r.levelSince, evaluatedThrough: r.evaluatedThrough };
  }
  return out;
}
