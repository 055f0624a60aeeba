/** Validation of the fee settings (settings.fees, settings.feesRequirePhoto) for PUT /api/settings. */
import { z } from 'zod';
import { PLANS, SUBTYPE_CODES } from '../../domain/catalog.js';
import { FEE_SERVICES, feeRuleProblem } from '../../domain/fees.js';
import { COACHING_LEVELS } from '../../domain/performance/coaching.js';

/** Minor units per unit: 0 (free at that level) to 1,000,000. */
const UnitAmount = z.number().int().min(0).max(1_000_000);

const FeeRuleSchema = z.strictObject({
  service: z.enum(FEE_SERVICES),
  subtype: z.enum(SUBTYPE_CODES as [string, ...string[]]),
  plan: z.enum(PLANS),
  unitAmount: z.strictObject(Object.fromEntries(COACHING_LEVELS.map((l) => [l, UnitAmount])) as Record<(typeof COACHING_LEVELS)[number], typeof UnitAmount>),
});

export const FeesSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. CNY'),
  rules: z.array(FeeRuleSchema).max(200).superRefine((rules, c) => {
    rules.forEach((r, i) => {
      const problem = feeRuleProblem(r as never, rules as never);
      if (problem) c.addIssue({ code: 'custom', message: problem, path: [i, 'plan'] });
    });
  }),
});
