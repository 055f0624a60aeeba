/** Access first: roles may act (403 otherwise), and tenants see only their own documents (404 otherwise). */
import { forbidden, notFound } from '../../domain/errors.js';
import type { Actor, Role } from './context.js';

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (actor.role === 'SYSTEM') return;
  if (!roles.includes(actor.role)) throw forbidden(`This action is for ${roles.join(' or ')} users`);
}

export interface Scoped {
  merchantId: string;
  warehouseId?: string | null;
}

/** A merchant sees its own documents; a warehouse user its warehouse's; platform staff everything. */
export function canSee(actor: Actor, doc: Scoped): boolean {
  if (actor.role === 'MERCHANT') return doc.merchantId === actor.merchantId;
  if (actor.role === 'WAREHOUSE') return doc.warehouseId != null && doc.warehouseId === actor.warehouseId;
  return true;
}

export function visibleOr404<T extends Scoped>(actor: Actor, doc: T | undefined, what: string): T {
  if (!doc || !canSee(actor, doc)) throw notFound(what);
  return doc;
}

/** Filters a list query by the actor's tenant; `cols` names the scoping columns of the table. */
export function scopeOf(actor: Actor): { merchantId?: string; warehouseId?: string } {
  if (actor.role === 'MERCHANT') return { merchantId: actor.merchantId ?? '-' };
  if (actor.role === 'WAREHOUSE') return { warehouseId: actor.warehouseId ?? '-' };
  return {};
}

/**
 * Narrows a list query to the caller's tenant and adds `column = value` for each filter that is
 * set, `column in (…)` for a list. A tenant asking for another tenant's id gets nothing.
 */
export function whereScoped<QB extends { where(...args: any[]): any }>(
  qb: QB,
  actor: Actor,
  filters: Record<string, string | readonly string[] | undefined | null>,
): QB {
  for (const [column, value] of [...Object.entries(filters), ...Object.entries(scopeOf(actor))]) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) continue;
    qb = qb.where(column, Array.isArray(value) ? 'in' : '=', value);
  }
  return qb;
}
