/**
 * The queries of 商家表现 (the ops ranking): the rollups of the period summed per merchant, the
 * sort key computed in SQL — the 0–100 score too, with the weights and clamps of
 * ../../domain/performance/score.ts in the same order of double-precision operations, so it equals
 * the score the page shows — then ordered (merchants without the figure last, ties by id), counted
 * and paged in the query: a page reads its own rows, never the whole ranking. Only Kysely.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/create-db.js';
import '../../db/performance-types.js';
import { MEASURES, type Measure } from '../../domain/performance/facts.js';
import type { ScorecardRules } from '../../domain/performance/score.js';

export const RANK_KEYS = ['score', 'exceptionRate', 'otif', 'jit', 'response', 'arrived', 'penalties', 'name'] as const;
export type RankKey = (typeof RANK_KEYS)[number];

export interface RankQuery { from: string; to: string; warehouseId?: string; key: RankKey; desc: boolean; offset: number; limit: number }

type Sql = RawBuilder<unknown>;
const num = (v: unknown) => Number(v ?? 0);
const dbl = (x: Sql | number) => (typeof x === 'number' ? sql`cast(${sql.lit(x)} as double precision)` : sql`cast(${x} as double precision)`);
/** A measure of the grouped row `r`, as a double (SQLite would divide integers as integers). */
const m = (x: Measure) => dbl(sql.ref(`r.${x}`));
const clamp = (x: Sql) => sql`case when ${x} < 0 then 0 when ${x} > 100 then 100 else ${x} end`;

/** Each component's score, or NULL without data (componentScores). */
function components(rules: ScorecardRules): Record<keyof ScorecardRules['weights'], Sql> {
  const jitDue = sql`(${m('jitAcceptDue')} + ${m('jitShipDue')})`;
  const responses = sql`(${m('returnMethodsEntered')} + ${m('replenishmentsAccepted')})`;
  const worstRate = dbl(rules.worstExceptionRatePct);
  return {
    exceptionRate: sql`case when ${m('unitsArrived')} > 0 then ${clamp(sql`100 * (1 - ((${m('unitsException')} * 100) / ${m('unitsArrived')}) / ${worstRate})`)}
      when ${m('unitsException')} > 0 then ${clamp(sql`100 * (1 - ${dbl(100)} / ${worstRate})`)} end`,
    otif: sql`case when ${m('notesDue')} > 0 then ${clamp(sql`(${m('notesOtif')} * 100) / ${m('notesDue')}`)} end`,
    jitOnTime: sql`case when ${jitDue} > 0 then ${clamp(sql`((${m('jitAcceptedOnTime')} + ${m('jitShippedOnTime')}) * 100) / ${jitDue}`)} end`,
    response: sql`case when ${responses} > 0 then ${clamp(sql`100 * (1 - ((${m('returnMethodSeconds')} + ${m('replenishmentAcceptSeconds')}) / 3600 / ${responses}) / ${dbl(rules.worstResponseHours)})`)} end`,
  };
}

/** The weighted mean over the components with data, rounded to one decimal as Math.round does; NULL when none. */
function scoreSql(rules: ScorecardRules): Sql {
  const parts = (Object.entries(components(rules)) as [keyof ScorecardRules['weights'], Sql][]).filter(([c]) => rules.weights[c] > 0);
  if (!parts.length) return sql`cast(null as double precision)`;
  const sum = sql.join(parts.map(([c, v]) => sql`coalesce(${v} * ${dbl(rules.weights[c])}, 0)`), sql` + `);
  const weight = sql.join(parts.map(([c, v]) => sql`case when ${v} is null then 0 else ${dbl(rules.weights[c])} end`), sql` + `);
  return sql`case when (${weight}) > 0 then floor(((${sum}) / (${weight})) * 10 + 0.5) / 10 end`;
}

/** The value a sort orders by, NULL where the merchant has no such figure. */
function keyOf(key: RankKey, rules: ScorecardRules): Sql {
  switch (key) {
    case 'score': return scoreSql(rules);
    case 'exceptionRate': return sql`case when ${m('unitsArrived')} > 0 then ${m('unitsException')} / ${m('unitsArrived')} end`;
    case 'otif': return sql`case when ${m('notesDue')} > 0 then ${m('notesOtif')} / ${m('notesDue')} end`;
    case 'jit': return sql`case when (${m('jitAcceptDue')} + ${m('jitShipDue')}) > 0 then (${m('jitAcceptedOnTime')} + ${m('jitShippedOnTime')}) / (${m('jitAcceptDue')} + ${m('jitShipDue')}) end`;
    case 'response': return sql`case when (${m('returnMethodsEntered')} + ${m('replenishmentsAccepted')}) > 0
      then (${m('returnMethodSeconds')} + ${m('replenishmentAcceptSeconds')}) / (${m('returnMethodsEntered')} + ${m('replenishmentsAccepted')}) end`;
    case 'arrived': return m('unitsArrived');
    case 'penalties': return m('penaltyCount');
    case 'name': return sql`mm.name`;
  }
}

/** The period's rollups summed per merchant (every measure), as the derived table `r`. */
function perMerchant(db: Executor, q: Pick<RankQuery, 'from' | 'to' | 'warehouseId'>) {
  let base = db.selectFrom('performanceDaily').where('day', '>=', q.from).where('day', '<=', q.to);
  if (q.warehouseId) base = base.where('warehouseId', '=', q.warehouseId);
  return base.select(['merchantId', ...MEASURES.map((x) => sql<string>`sum(${sql.ref(x)})`.as(x))] as any).groupBy('merchantId');
}

/** How many merchants have figures in the period (the ranking's total). */
export async function countRanked(db: Executor, q: Pick<RankQuery, 'from' | 'to' | 'warehouseId'>): Promise<number> {
  let base = db.selectFrom('performanceDaily').where('day', '>=', q.from).where('day', '<=', q.to);
  if (q.warehouseId) base = base.where('warehouseId', '=', q.warehouseId);
  const row = await base.select((eb) => eb.fn.count<string>('merchantId').distinct().as('n')).executeTakeFirstOrThrow();
  return num(row.n);
}

/** One page of the ranking: each merchant's summed measures and name, in the sort's order. */
export async function rankedPage(db: Executor, q: RankQuery, rules: ScorecardRules) {
  const key = keyOf(q.key, rules);
  const dir = q.desc ? sql`desc` : sql`asc`;
  const rows = await db.selectFrom(perMerchant(db, q).as('r'))
    .innerJoin('merchants as mm', 'mm.id', 'r.merchantId' as any)
    .selectAll('r' as any).select('mm.name as merchantName' as any)
    .orderBy(sql`case when ${key} is null then 1 else 0 end`)
    .orderBy(sql`${key} ${dir}`)
    .orderBy(sql.ref('r.merchantId'))
    .limit(q.limit).offset(q.offset)
    .execute() as Record<string, unknown>[];
  return rows.map((r) => ({
    merchantId: String(r.merchantId), name: String(r.merchantName),
    m: Object.fromEntries(MEASURES.map((x) => [x, num(r[x])])) as Record<Measure, number>,
  }));
}

/** Money per merchant × currency for the page's merchants (their cost column). */
export async function moneyOf(db: Executor, q: Pick<RankQuery, 'from' | 'to' | 'warehouseId'>, merchantIds: readonly string[]) {
  if (!merchantIds.length) return [];
  const money = ['compensationCount', 'compensationAmount', 'compensationPaidAmount', 'penaltyCount', 'penaltyAmount'] as const;
  let base = db.selectFrom('performanceDaily').where('day', '>=', q.from).where('day', '<=', q.to)
    .where('merchantId', 'in', merchantIds).where('currency', '<>', '');
  if (q.warehouseId) base = base.where('warehouseId', '=', q.warehouseId);
  const rows = await base.select(['merchantId', 'currency', ...money.map((x) => sql<string>`sum(${sql.ref(x)})`.as(x))] as any)
    .groupBy(['merchantId', 'currency']).execute() as Record<string, unknown>[];
  return rows.map((r) => ({
    dims: { merchantId: String(r.merchantId), currency: String(r.currency) },
    m: Object.fromEntries(money.map((x) => [x, num(r[x])])) as Record<(typeof money)[number], number>,
  }));
}
