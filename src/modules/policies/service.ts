/**
 * Auto-decision policies (/api/policies, OPS): ordered rules that decide an exception at
 * registration or at the decision deadline. A plan the rule's subtypes cannot take is refused at
 * save time, naming the field.
 */
import { ORDER_TYPES, SUBTYPES, type OrderType, type Plan, type Subtype } from '../../domain/catalog.js';
import { notFound, ruleViolation } from '../../domain/errors.js';
import { subtypesWithoutPlan, type ApplyAt } from '../../domain/policies.js';
import type { Tx } from '../../db/create-db.js';
import type { DecisionPolicyRow } from '../../db/types.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertUpdated, assertVersion } from '../shared/guards.js';
import { newId } from '../shared/ids.js';
import { loadSettings } from '../settings/service.js';
import type { CoachingLevel } from '../../domain/performance/coaching.js';
import { allPolicies, isUniqueViolation, loadPolicy, toRule } from './repository.js';

export interface PolicyInput {
  name: string;
  enabled: boolean;
  applyAt: ApplyAt;
  subtypes: Subtype[];
  orderTypes?: OrderType[] | null;
  merchantIds?: string[] | null;
  minQty?: number | null;
  maxQty?: number | null;
  /** Percent of the note line, up to two decimals. */
  minPercent?: number | null;
  maxPercent?: number | null;
  plan?: Plan | null;
  honourMerchantPreference: boolean;
  /** Absent or empty: any coaching level. */
  coachingLevels?: CoachingLevel[] | null;
}

const WHAT = 'Policy';
const bp = (percent: number | null | undefined) => (percent === null || percent === undefined ? null : Math.round(percent * 100));
const emptyToNull = <T>(a: T[] | null | undefined) => (a && a.length ? a : null);

export function toPolicyView(r: DecisionPolicyRow) {
  const rule = toRule(r);
  return {
    id: r.id, name: r.name, position: r.position, enabled: rule.enabled, applyAt: rule.applyAt,
    subtypes: rule.subtypes, orderTypes: rule.orderTypes, merchantIds: rule.merchantIds,
    minQty: r.minQty, maxQty: r.maxQty,
    minPercent: r.minPercentBp === null ? null : r.minPercentBp / 100,
    maxPercent: r.maxPercentBp === null ? null : r.maxPercentBp / 100,
    plan: rule.plan, honourMerchantPreference: rule.honourMerchantPreference, coachingLevels: rule.coachingLevels ?? null,
    version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt, createdBy: r.createdBy, updatedBy: r.updatedBy,
  };
}

/** The rules a policy must obey to be saved; each refusal names its field. */
async function assertValid(tx: Tx, input: PolicyInput): Promise<void> {
  if (!input.plan && !input.honourMerchantPreference) {
    throw ruleViolation('PLAN_REQUIRED', 'Choose the plan this policy decides, or let it honour the merchant\'s preference', 'plan');
  }
  if (input.plan) {
    const without = subtypesWithoutPlan(input.subtypes, input.plan);
    if (without.length) {
      const plans = SUBTYPES.find((s) => s.code === without[0])!.plans.join(', ');
      throw ruleViolation('PLAN_NOT_ALLOWED', `Plan ${input.plan} is not a plan of ${without.join(', ')} (allowed: ${plans})`, 'plan');
    }
    const matrix = (await loadSettings(tx)).orderTypeMatrix;
    const types = emptyToNull(input.orderTypes) ?? [...ORDER_TYPES];
    if (!types.some((t) => matrix[input.plan!].includes(t))) {
      throw ruleViolation('PLAN_NOT_ALLOWED', `Plan ${input.plan} is not allowed for ${types.join(', ')} orders (settings: orderTypeMatrix)`, 'plan');
    }
  }
  for (const [i, merchantId] of (input.merchantIds ?? []).entries()) {
    const m = await tx.selectFrom('merchants').select('id').where('id', '=', merchantId).executeTakeFirst();
    if (!m) throw ruleViolation('UNKNOWN_MERCHANT', `Merchant ${merchantId} does not exist`, `merchantIds[${i}]`);
  }
}

function columns(input: PolicyInput) {
  return {
    name: input.name, enabled: input.enabled ? 1 : 0, applyAt: input.applyAt,
    subtypes: JSON.stringify([...new Set(input.subtypes)]),
    orderTypes: emptyToNull(input.orderTypes) ? JSON.stringify(input.orderTypes) : null,
    merchantIds: emptyToNull(input.merchantIds) ? JSON.stringify(input.merchantIds) : null,
    minQty: input.minQty ?? null, maxQty: input.maxQty ?? null,
    minPercentBp: bp(input.minPercent), maxPercentBp: bp(input.maxPercent),
    plan: input.plan ?? null, honourMerchantPreference: input.honourMerchantPreference ? 1 : 0,
    coachingLevels: emptyToNull(input.coachingLevels) ? JSON.stringify(input.coachingLevels) : null,
  };
}

const nameTaken = (name: string) => ruleViolation('POLICY_NAME_TAKEN', `A policy named "${name}" already exists`, 'name');

/** Runs a write that may hit the unique name, answering 422 instead of a database error. */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(name);
    throw e;
  }
}

export async function listPolicies(ctx: Ctx, q: { applyAt?: ApplyAt }) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  const rows = (await allPolicies(ctx.db)).filter((r) => !q.applyAt || r.applyAt === q.applyAt);
  return { items: rows.map(toPolicyView), nextCursor: null };
}

export async function getPolicy(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'OPS', 'ADMIN');
  const row = await loadPolicy(ctx.db, id);
  if (!row) throw notFound(WHAT);
  return { ...toPolicyView(row), events: await eventsOf(ctx.db, id) };
}

/** New policies go last; reorder to move them. */
export async function createPolicy(ctx: Ctx, input: PolicyInput) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    await assertValid(tx, input);
    const last = await tx.selectFrom('decisionPolicies').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
    const at = nowIso(ctx);
    const id = newId('pol');
    const inserted = await tx.insertInto('decisionPolicies').values({
      id, ...columns(input), position: Number(last?.max ?? 0) + 1, createdBy: ctx.actor.username, updatedBy: ctx.actor.username,
      version: 1, createdAt: at, updatedAt: at,
    }).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw nameTaken(input.name);
    await recordEvent(tx, ctx, { documentType: 'policy', documentId: id, action: 'CREATED', data: columns(input) });
    return toPolicyView((await loadPolicy(tx, id))!);
  });
}

export async function updatePolicy(ctx: Ctx, id: string, input: PolicyInput & { version?: number }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const row = await loadPolicy(tx, id);
    if (!row) throw notFound(WHAT);
    assertVersion(WHAT, row.version, input.version);
    await assertValid(tx, input);
    const clash = await tx.selectFrom('decisionPolicies').select('id').where('name', '=', input.name).where('id', '<>', id).executeTakeFirst();
    if (clash) throw nameTaken(input.name);
    const res = await uniqueName(input.name, () => tx.updateTable('decisionPolicies')
      .set({ ...columns(input), updatedBy: ctx.actor.username, updatedAt: nowIso(ctx), version: row.version + 1 })
      .where('id', '=', id).where('version', '=', row.version).executeTakeFirst());
    assertUpdated(res, WHAT);
    await recordEvent(tx, ctx, { documentType: 'policy', documentId: id, action: 'UPDATED', data: columns(input) });
    return toPolicyView((await loadPolicy(tx, id))!);
  });
}

export async function deletePolicy(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'OPS');
  await command(ctx, async (tx) => {
    const row = await loadPolicy(tx, id);
    if (!row) throw notFound(WHAT);
    assertVersion(WHAT, row.version, input.version);
    const res = await tx.deleteFrom('decisionPolicies').where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) assertUpdated(undefined, WHAT);
    await recordEvent(tx, ctx, { documentType: 'policy', documentId: id, action: 'DELETED', data: { name: row.name } });
    return null;
  });
}

/** Sets the order policies are tried in; `ids` must name every policy exactly once. */
export async function reorderPolicies(ctx: Ctx, input: { ids: string[] }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const rows = await allPolicies(tx);
    const known = new Set(rows.map((r) => r.id));
    input.ids.forEach((id, i) => {
      if (!known.has(id)) throw ruleViolation('UNKNOWN_POLICY', `Policy ${id} does not exist`, `ids[${i}]`);
    });
    const missing = rows.filter((r) => !input.ids.includes(r.id));
    if (missing.length || new Set(input.ids).size !== input.ids.length) {
      throw ruleViolation('REORDER_INCOMPLETE', `List every policy exactly once; missing: ${missing.map((r) => r.name).join(', ') || 'none'}`, 'ids');
    }
    const at = nowIso(ctx);
    for (const [i, id] of input.ids.entries()) {
      const row = rows.find((r) => r.id === id)!;
      if (row.position === i + 1) continue;
      await tx.updateTable('decisionPolicies').set({ position: i + 1, updatedAt: at, updatedBy: ctx.actor.username, version: row.version + 1 })
        .where('id', '=', id).execute();
      await recordEvent(tx, ctx, { documentType: 'policy', documentId: id, action: 'MOVED', data: { from: row.position, to: i + 1 } });
    }
    return { items: (await allPolicies(tx)).map(toPolicyView), nextCursor: null };
  });
}
