/** Validation of the performance settings (time zone, score weights and bands, coaching rules) for PUT /api/settings. */
import { z } from 'zod';
import { EXCEPTION_TYPES } from '../../domain/catalog.js';
import { isTimeZone } from '../../domain/performance/days.js';
import { bandsProblem, SCORE_COMPONENTS } from '../../domain/performance/score.js';

export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'An IANA time zone, e.g. Asia/Shanghai');

const Label = z.string().min(1).max(40);
const Band = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,29}$/, 'Upper-case letters, digits and _'),
  min: z.number().min(0).max(100),
  warn: z.boolean(),
  label: z.strictObject({ 'zh-CN': Label, 'en-US': Label }),
});

export const ScorecardSchema = z.strictObject({
  weights: z.strictObject(Object.fromEntries(SCORE_COMPONENTS.map((c) => [c, z.number().min(0).max(1000)])) as Record<(typeof SCORE_COMPONENTS)[number], z.ZodNumber>)
    .refine((w) => Object.values(w).some((v) => v > 0), 'At least one weight above 0'),
  worstExceptionRatePct: z.number().gt(0).max(100),
  worstResponseHours: z.number().gt(0).max(24 * 366),
  bands: z.array(Band).min(1).max(10).superRefine((bands, c) => {
    const problem = bandsProblem(bands);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }),
});

const Days = z.number().int().min(1).max(3660);
export const CoachingSchema = z.strictObject({
  windowDays: Days,
  acceptableRatePct: z.strictObject(Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, z.number().min(0).max(100)])) as Record<(typeof EXCEPTION_TYPES)[number], z.ZodNumber>),
  elevateAfterDays: Days,
  criticalAfterDays: Days,
  recoverAfterDays: Days,
});
