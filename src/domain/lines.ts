/** Lines compared by SKU: what a document declares against what a request sends, order aside. */
export interface SkuQty {
  skuId: string;
  qty: number;
}

export interface LineDifference {
  skuId: string;
  declared: number;
  sent: number;
}

const bySku = (lines: readonly SkuQty[]) => {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.skuId, (out.get(l.skuId) ?? 0) + l.qty);
  return out;
};

/** Every SKU whose quantity differs: the sent SKUs first, as sent, then the declared ones left out. Empty when they are equal. */
export function lineDifferences(declared: readonly SkuQty[], sent: readonly SkuQty[]): LineDifference[] {
  const want = bySku(declared);
  const got = bySku(sent);
  const skus = [...new Set([...got.keys(), ...want.keys()])];
  return skus
    .map((skuId) => ({ skuId, declared: want.get(skuId) ?? 0, sent: got.get(skuId) ?? 0 }))
    .filter((d) => d.declared !== d.sent);
}
