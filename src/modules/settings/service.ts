/**
 * Settings (SPEC §6): every deadline in seconds, the penalty rule, the return-method default and the
 * plan × order-type matrix. One row per key holding JSON; what is not stored is the default.
 * Every use case reads `loadSettings` in its own transaction, so all instances see a change at once.
 */
import { z } from 'zod';
import { ORDER_TYPES, PLANS, SUBTYPES, type OrderTypeMatrix } from '../../domain/catalog.js';
import { ruleViolation } from '../../domain/errors.js';
import { CoachingSchema, ScorecardSchema, TimeZone } from '../performance/settings-schemas.js';
import { FeesSchema } from '../fees/settings-schemas.js';
import { DEFAULT_SETTINGS, DURATION_KEYS, RETURN_DEFAULT_METHODS, type Settings } from '../../domain/settings.js';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import { perTransaction } from '../../db/per-transaction.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';

/** A deadline: whole seconds, from one minute to one year. */
const Duration = z.number().int().min(60).max(366 * 24 * 3600);
const Currency = z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. CNY');

export const PenaltyRuleSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('FIXED'), amount: z.number().int().min(0).max(100_000_000), currency: Currency }),
  z.strictObject({
    mode: z.literal('PERCENT'),
    percent: z.number().gt(0).max(100).refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'At most two decimals'),
  }),
]);

const OrderTypes = z.array(z.enum(ORDER_TYPES)).max(ORDER_TYPES.length)
  .refine((a) => new Set(a).size === a.length, 'An order type is listed twice');

export const SettingsPatch = z.strictObject({
  ...Object.fromEntries(DURATION_KEYS.map((k) => [k, Duration.optional()])) as Record<(typeof DURATION_KEYS)[number], z.ZodOptional<typeof Duration>>,
  returnDefaultMethod: z.enum(RETURN_DEFAULT_METHODS).optional(),
  penaltyRule: PenaltyRuleSchema.optional(),
  /** Plans left out keep their order types. */
  orderTypeMatrix: z.partialRecord(z.enum(PLANS), OrderTypes).optional(),
  timeZone: TimeZone.optional(),
  scorecard: ScorecardSchema.optional(),
  coaching: CoachingSchema.optional(),
  disputeAutoAccept: z.boolean().optional(),
  fees: FeesSchema.optional(),
  feesRequirePhoto: z.boolean().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** What GET /api/settings adds to the settings: read-only, so the body GET returned can be sent back as it is. */
const ReadOnly = z.unknown().optional().describe('Read-only, as GET /api/settings returns it; ignored');
const VIEW_ONLY = { updatedAt: ReadOnly, updatedBy: ReadOnly, defaults: ReadOnly };

/** The body of PUT /api/settings: a patch, or the whole GET answer (its read-only fields are dropped). */
export const SettingsBody = SettingsPatch.extend(VIEW_ONLY)
  .transform(({ updatedAt: _at, updatedBy: _by, defaults: _defaults, ...patch }): SettingsPatch => patch);

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** The settings in force: stored values over the defaults, read once per transaction. */
export const loadSettings = perTransaction((db) => readSettings(db));

// every command reads them: compiled once (../../db/precompiled.ts)
const settingRows = precompiled((db) => db.selectFrom('settings').select(['key', 'value']));

async function readSettings(db: Executor): Promise<Settings> {
  const rows = await settingRows.all(db);
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const r of rows) {
    if (!(KEYS as string[]).includes(r.key)) continue;
    const key = r.key as keyof Settings;
    const value = JSON.parse(r.value);
    (out as any)[key] = key === 'orderTypeMatrix' ? { ...DEFAULT_SETTINGS.orderTypeMatrix, ...value } : value;
  }
  return Object.freeze(out);
}

/** Every subtype must keep a plan for every order type, or its exceptions could never be decided. */
function assertMatrixUsable(matrix: OrderTypeMatrix): void {
  for (const s of SUBTYPES) {
    for (const t of ORDER_TYPES) {
      if (s.plans.some((p) => matrix[p].includes(t))) continue;
      const plan = s.plans[0];
      throw ruleViolation('MATRIX_LEAVES_NO_PLAN',
        `${s.code} exceptions on ${t} orders would have no allowed plan; allow ${s.plans.join(' or ')} for ${t}`,
        `orderTypeMatrix.${plan}`);
    }
  }
}

async function view(db: Executor) {
  const settings = await loadSettings(db);
  const last = await db.selectFrom('settings').select(['updatedAt', 'updatedBy']).orderBy('updatedAt', 'desc').executeTakeFirst();
  // a field added here must be added to VIEW_ONLY too (the excess-property check says so), or a PUT of this answer fails
  return {
    ...settings, updatedAt: last?.updatedAt ?? null, updatedBy: last?.updatedBy ?? null, defaults: DEFAULT_SETTINGS,
  } satisfies Settings & Record<keyof typeof VIEW_ONLY, unknown>;
}

export async function getSettings(ctx: Ctx) {
  requireRole(ctx.actor, 'ADMIN', 'OPS');
  return view(ctx.db);
}

/** Changes the given keys; deadlines already set on documents keep their time, new ones use the new values. */
export async function updateSettings(ctx: Ctx, patch: SettingsPatch) {
  requireRole(ctx.actor, 'ADMIN', 'OPS');
  return command(ctx, async (tx) => {
    const current = await loadSettings(tx);
    const next: Settings = {
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      orderTypeMatrix: { ...current.orderTypeMatrix, ...(patch.orderTypeMatrix ?? {}) } as OrderTypeMatrix,
    };
    assertMatrixUsable(next.orderTypeMatrix);
    const at = nowIso(ctx);
    const changed: Record<string, unknown> = {};
    for (const key of KEYS) {
      const value = JSON.stringify(next[key]);
      if (patch[key] === undefined || value === JSON.stringify(current[key])) continue;
      changed[key] = next[key];
      await tx.insertInto('settings').values({ key, value, updatedAt: at, updatedBy: ctx.actor.username })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at, updatedBy: ctx.actor.username }))
        .execute();
    }
    loadSettings.forget(tx);
    if (Object.keys(changed).length) {
      await recordEvent(tx, ctx, { documentType: 'settings', documentId: 'settings', action: 'UPDATED', data: changed });
    }
    return view(tx);
  });
}
