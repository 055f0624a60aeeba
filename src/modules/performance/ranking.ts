/**
 * 商家表现: merchants ranked by their scorecards over a period, optionally in one warehouse.
 * Sorting, filtering and paging happen in the query (./ranking-repository.ts): a page reads only
 * its merchants' summed rollups, whatever the number of merchants; the figures of each row are
 * the scorecard's own (figuresOf, scoreOfTotals) from those sums.
 */
import { EXCEPTION_TYPES, type ExceptionType } from '../../domain/catalog.js';
import { AppError } from '../../domain/errors.js';
import type { CoachingLevel } from '../../domain/performance/coaching.js';
import { figuresOf } from '../../domain/performance/figures.js';
import { requireRole } from '../shared/access.js';
import type { Ctx } from '../shared/context.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../shared/pagination.js';
import { loadSettings } from '../settings/service.js';
import { levelsOf } from './coaching.js';
import { countRanked, moneyOf, RANK_KEYS, rankedPage, type RankKey } from './ranking-repository.js';
import { costOf, periodOf, scored, worstLevel } from './scorecard.js';

export const SORTS = RANK_KEYS.flatMap((k) => [k, `-${k}`]) as [Sort, ...Sort[]];
export type Sort = RankKey | `-${RankKey}`;

export interface RankFilters { days?: number; warehouseId?: string; sort?: Sort; cursor?: string; limit?: number; maxLimit?: number }

/** The ops ranking: every merchant with figures in the period, sorted (worst score first by default), paged by offset cursor. */
export async function rankScorecards(ctx: Ctx, q: RankFilters) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  const settings = await loadSettings(ctx.db);
  const period = periodOf(ctx.clock.now(), settings.timeZone, q.days ?? 30);
  const sort: Sort = q.sort ?? 'score';
  const scope = { from: period.from, to: period.to, warehouseId: q.warehouseId };
  const offset = q.cursor ? decodeOffset(q.cursor) : 0;
  const limit = Math.min(q.limit ?? DEFAULT_LIMIT, q.maxLimit ?? MAX_LIMIT);
  const [total, rows] = await Promise.all([
    countRanked(ctx.db, scope),
    rankedPage(ctx.db, { ...scope, key: sort.replace('-', '') as RankKey, desc: sort.startsWith('-'), offset, limit }, settings.scorecard),
  ]);
  const ids = rows.map((r) => r.merchantId);
  const [levels, money] = await Promise.all([levelsOf(ctx.db, ids), moneyOf(ctx.db, scope, ids)]);
  const items = rows.map((r) => {
    const f = figuresOf(r.m);
    const level = levels.get(r.merchantId)!;
    return {
      merchant: { id: r.merchantId, name: r.name },
      units: f.units, exceptionRate: f.exceptionRate, otif: f.otif, jit: f.jit, response: f.response,
      cost: costOf(money.filter((x) => x.dims.merchantId === r.merchantId)),
      ...scored(r.m, settings.scorecard),
      coaching: Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, level[t].level])) as Record<ExceptionType, CoachingLevel>,
      worstCoachingLevel: worstLevel(EXCEPTION_TYPES.map((t) => level[t].level)),
    };
  });
  const next = offset + items.length;
  return { period, sort, total, items, nextCursor: items.length === limit && next < total ? Buffer.from(`o:${next}`).toString('base64url') : null };
}

function decodeOffset(cursor: string): number {
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(s);
  if (!m) {
    throw new AppError(400, 'VALIDATION_FAILED', 'The cursor is not one this server gave out', [
      { field: 'cursor', code: 'INVALID_CURSOR', message: 'Pass back the nextCursor of the previous page' },
    ]);
  }
  return Number(m[1]);
}
