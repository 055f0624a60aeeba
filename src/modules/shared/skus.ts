/** SKU lookups shared by every document with lines. */
import { ruleViolation } from '../../domain/errors.js';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { SkuRow } from '../../db/types.js';

// every registration with lines reads them: compiled once per number of SKUs (../../db/precompiled.ts)
const skusById = precompiled((db, ids: string[]) => db.selectFrom('skus').selectAll().where('id', 'in', ids));

/** The merchant's SKUs named by `lines`; an unknown or another merchant's SKU is refused, naming its line. */
export async function merchantSkus(
  db: Executor,
  merchantId: string,
  lines: readonly { skuId: string }[],
  path = 'lines',
): Promise<Map<string, SkuRow>> {
  const ids = [...new Set(lines.map((l) => l.skuId))];
  const rows = ids.length ? await skusById.all(db, ids) : [];
  const found = new Map(rows.filter((r) => r.merchantId === merchantId).map((r) => [r.id, r]));
  lines.forEach((l, i) => {
    if (!found.has(l.skuId)) {
      throw ruleViolation('UNKNOWN_SKU', `SKU ${l.skuId} is not one of this merchant's SKUs`, `${path}[${i}].skuId`);
    }
  });
  return found;
}

/** Code and name of SKUs, for views. */
export async function skuNames(db: Executor, skuIds: readonly string[]): Promise<Map<string, { code: string; name: string; barcode: string }>> {
  const ids = [...new Set(skuIds)];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('skus').select(['id', 'code', 'name', 'barcode']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
