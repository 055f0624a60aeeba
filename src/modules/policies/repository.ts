/** Kysely queries for decision policies and standing instructions; callers pass the db or their transaction. */
import type { OrderType, Plan, Subtype } from '../../domain/catalog.js';
import type { ApplyAt, PolicyRule } from '../../domain/policies.js';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { DecisionPolicyRow } from '../../db/types.js';
import type { CoachingLevel } from '../../domain/performance/coaching.js';
import '../../db/performance-types.js';

const list = <T>(json: string | null): T[] | null => (json === null ? null : (JSON.parse(json) as T[]));

export function toRule(r: DecisionPolicyRow): PolicyRule {
  return {
    id: r.id,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    applyAt: r.applyAt as ApplyAt,
    subtypes: list<Subtype>(r.subtypes) ?? [],
    orderTypes: list<OrderType>(r.orderTypes),
    merchantIds: list<string>(r.merchantIds),
    minQty: r.minQty,
    maxQty: r.maxQty,
    minPercentBp: r.minPercentBp,
    maxPercentBp: r.maxPercentBp,
    plan: r.plan,
    honourMerchantPreference: Number(r.honourMerchantPreference) === 1,
    coachingLevels: list<CoachingLevel>(r.coachingLevels ?? null),
  };
}

export const loadPolicy = (db: Executor, id: string) =>
  db.selectFrom('decisionPolicies').selectAll().where('id', '=', id).executeTakeFirst();

/** Every policy, in the order they are tried. */
export const allPolicies = (db: Executor) =>
  db.selectFrom('decisionPolicies').selectAll().orderBy('position').orderBy('id').execute();

// every registration reads the active policies: compiled once (../../db/precompiled.ts)
const activeRows = precompiled((db, applyAt: string) => db.selectFrom('decisionPolicies').selectAll()
  .where('applyAt', '=', applyAt).where('enabled', '=', 1)
  .orderBy('position').orderBy('id'));
const instructionsOf = precompiled((db, merchantId: string) =>
  db.selectFrom('standingInstructions').select(['choice', 'plan']).where('merchantId', '=', merchantId));

/** The enabled policies applying at `applyAt`, in order. */
export async function activeRules(db: Executor, applyAt: ApplyAt): Promise<PolicyRule[]> {
  return (await activeRows.all(db, applyAt)).map(toRule);
}

/** A merchant's standing instructions: choice code → preferred plan. */
export async function preferencesOf(db: Executor, merchantId: string): Promise<Map<string, Plan>> {
  const rows = await instructionsOf.all(db, merchantId);
  return new Map(rows.map((r) => [r.choice, r.plan]));
}

/** The merchant's coaching level for an exception type (STANDARD until the coaching job evaluated it). */
export async function coachingLevelOf(db: Executor, merchantId: string, exceptionType: string): Promise<CoachingLevel> {
  const row = await db.selectFrom('coachingLevels').select('level').where('merchantId', '=', merchantId).where('exceptionType', '=', exceptionType).executeTakeFirst();
  return row?.level ?? 'STANDARD';
}

/** A unique constraint refused the write (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
