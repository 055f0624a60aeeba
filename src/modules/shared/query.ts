import { z } from 'zod';

/**
 * A query-string filter taking one value or a comma-separated list of allowed codes.
 * `error` replaces the default message, which would list every allowed code (internal ones too).
 */
export const csvOf = <T extends string>(values: readonly T[], error?: string) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(error ? z.enum(values as [T, ...T[]], { error }) : z.enum(values as [T, ...T[]])));

/** Subtype codes are internal (SPEC §2): a refusal must not enumerate them. */
export const SUBTYPE_ERROR = 'Unknown exception subtype (platform staff: see GET /api/catalog)';
