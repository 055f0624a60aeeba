import { z } from 'zod';

/** A query-string filter taking one value or a comma-separated list of allowed codes. */
export const csvOf = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values as [T, ...T[]])));
