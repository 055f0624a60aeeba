/** Reusable request pieces: ids, quantities, pages. Every body is strict: unknown fields are refused. */
import { z } from 'zod';

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a valid id');
export const IdParams = z.strictObject({ id: Id });
/** Quantities are whole units, at least one, at most a million per line. */
export const Qty = z.number().int().positive().max(1_000_000);
export const QtyOrZero = z.number().int().min(0).max(1_000_000);
/** Minor units (分): up to 1 billion yuan per unit. */
export const Money = z.number().int().min(0).max(100_000_000_000);
/** An order's value must stay an exact integer in a double (and in bigint columns). */
export const MAX_ORDER_VALUE = Number.MAX_SAFE_INTEGER;
export const Version = z.number().int().positive().max(2_147_483_647);
export const Text = (max: number) => z.string().trim().min(1).max(max);
export const IsoDateTime = z.iso.datetime({ offset: true });

export const PageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
};

export const VersionBody = z.strictObject({ version: Version.optional() });

/** Lines keyed by SKU must not name a SKU twice. */
export const uniqueSkus = <T extends { skuId: string }>(lines: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.skuId)) ctx.addIssue({ code: 'custom', path: [i, 'skuId'], message: 'This SKU is already on another line' });
    seen.add(l.skuId);
  });
};
