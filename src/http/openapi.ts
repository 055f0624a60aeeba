/**
 * The OpenAPI document is public, and subtype codes are internal (SPEC §2): wherever a field or
 * parameter is a subtype, its list of values is replaced by a pointer to the staff catalog.
 */
const NOTE = 'Internal exception subtype code; platform staff find the list in GET /api/catalog';

function scrub(node: unknown, key?: string): void {
  if (Array.isArray(node)) return node.forEach((n) => scrub(n));
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const isSubtype = key === 'subtype' || key === 'subtypes' || obj.name === 'subtype';
  if (isSubtype) {
    const target = (obj.schema as Record<string, unknown> | undefined) ?? obj;
    stripEnums(target);
    target.description = NOTE;
  }
  for (const [k, v] of Object.entries(obj)) scrub(v, k);
}

function stripEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(stripEnums);
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  delete obj.enum;
  for (const v of Object.values(obj)) stripEnums(v);
}

export function publicOpenApi<T>(doc: T): T {
  const copy = structuredClone(doc);
  scrub(copy);
  return copy;
}
