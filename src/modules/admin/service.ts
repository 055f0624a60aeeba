/** Master data: merchants, warehouses, SKUs, users (ADMIN), and the SKU lookup every role needs. */
import { AppError, ruleViolation } from '../../domain/errors.js';
import type { Executor } from '../../db/create-db.js';
import { containsText } from '../../db/like.js';
import { requireRole, scopeOf } from '../shared/access.js';
import { nowIso, type Ctx, type Role } from '../shared/context.js';
import { newId } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { command } from '../shared/command.js';
import { hashPassword, toUserView } from '../auth/service.js';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { recordEvent } from '../shared/events.js';

export async function createMerchant(ctx: Ctx, input: { name: string }) {
  requireRole(ctx.actor, 'ADMIN');
  return command(ctx, async (tx) => {
    const row = { id: newId('mer'), name: input.name, createdAt: nowIso(ctx) };
    await tx.insertInto('merchants').values(row).execute();
    await recordEvent(tx, ctx, { documentType: 'merchant', documentId: row.id, action: 'CREATED', data: { name: row.name } });
    return row;
  });
}

export async function listMerchants(ctx: Ctx, q: PageQuery) {
  requireRole(ctx.actor, 'ADMIN', 'OPS');
  return paginate(ctx.db.selectFrom('merchants').selectAll(), 'id', q);
}

export async function createWarehouse(ctx: Ctx, input: { name: string; code: string }) {
  requireRole(ctx.actor, 'ADMIN');
  return command(ctx, async (tx) => {
    await assertUnique(tx, 'warehouses', 'code', input.code, 'WAREHOUSE_CODE_TAKEN', 'code');
    const row = { id: newId('wh'), name: input.name, code: input.code, createdAt: nowIso(ctx) };
    await tx.insertInto('warehouses').values(row).execute();
    await recordEvent(tx, ctx, { documentType: 'warehouse', documentId: row.id, action: 'CREATED', data: { name: row.name, code: row.code } });
    return row;
  });
}

export async function listWarehouses(ctx: Ctx, q: PageQuery) {
  requireRole(ctx.actor, 'ADMIN', 'OPS', 'MERCHANT', 'WAREHOUSE');
  return paginate(ctx.db.selectFrom('warehouses').selectAll(), 'id', q);
}

export async function createSku(ctx: Ctx, input: { merchantId: string; code: string; name: string; barcode: string }) {
  requireRole(ctx.actor, 'ADMIN');
  return command(ctx, async (tx) => {
    await assertMerchantExists(tx, input.merchantId);
    const dup = await tx.selectFrom('skus').select('id')
      .where('merchantId', '=', input.merchantId).where('code', '=', input.code).executeTakeFirst();
    if (dup) throw new AppError(409, 'SKU_CODE_TAKEN', `This merchant already has a SKU with code ${input.code}`, [{ field: 'code', code: 'SKU_CODE_TAKEN', message: 'Already taken' }]);
    const row = { id: newId('sku'), ...input, createdAt: nowIso(ctx) };
    await tx.insertInto('skus').values(row).execute();
    await recordEvent(tx, ctx, { documentType: 'sku', documentId: row.id, action: 'CREATED', data: { ...input } });
    return row;
  });
}

/**
 * SKUs the caller may use: a merchant its own; a warehouse those of merchants that deliver to it
 * (a clerk registering wrong goods picks among them); the platform all. `/api/admin/skus` is the
 * platform's master-data view of the same list.
 */
export async function listSkus(ctx: Ctx, q: PageQuery & { merchantId?: string; q?: string }, view: 'lookup' | 'admin' = 'lookup') {
  if (view === 'admin') requireRole(ctx.actor, 'ADMIN', 'OPS');
  const scope = scopeOf(ctx.actor);
  let query = ctx.db.selectFrom('skus').selectAll();
  for (const merchantId of [scope.merchantId, q.merchantId]) if (merchantId) query = query.where('merchantId', '=', merchantId);
  if (scope.warehouseId) {
    query = query.where('merchantId', 'in', ctx.db.selectFrom('deliveryNotes').select('merchantId').where('warehouseId', '=', scope.warehouseId));
  }
  if (q.q) query = query.where((eb) => eb.or([containsText('code', q.q!), containsText('name', q.q!), eb('barcode', '=', q.q!)]));
  return paginate(query, 'id', q);
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  merchantId?: string;
  warehouseId?: string;
}

export async function createUser(ctx: Ctx, input: NewUser) {
  requireRole(ctx.actor, 'ADMIN');
  return command(ctx, async (tx) => {
    const user = await insertUser(tx, ctx, input);
    const { password: _, ...shown } = input;
    await recordEvent(tx, ctx, { documentType: 'user', documentId: user.id, action: 'CREATED', data: shown });
    return user;
  });
}

/** Also used by the first start (admin) and the demo loader. */
export async function insertUser(db: Executor, ctx: Pick<Ctx, 'clock'>, input: NewUser) {
  if (input.role === 'MERCHANT' && !input.merchantId) throw ruleViolation('MERCHANT_REQUIRED', 'A MERCHANT user needs merchantId', 'merchantId');
  if (input.role === 'WAREHOUSE' && !input.warehouseId) throw ruleViolation('WAREHOUSE_REQUIRED', 'A WAREHOUSE user needs warehouseId', 'warehouseId');
  if (input.role !== 'MERCHANT' && input.merchantId) throw ruleViolation('MERCHANT_NOT_ALLOWED', 'Only MERCHANT users belong to a merchant', 'merchantId');
  if (input.role !== 'WAREHOUSE' && input.warehouseId) throw ruleViolation('WAREHOUSE_NOT_ALLOWED', 'Only WAREHOUSE users belong to a warehouse', 'warehouseId');
  if (input.merchantId) await assertMerchantExists(db, input.merchantId);
  if (input.warehouseId) await assertWarehouseExists(db, input.warehouseId);
  await assertUnique(db, 'users', 'username', input.username, 'USERNAME_TAKEN', 'username');
  assertPasswordPolicy(input.password, input.username);
  const row = {
    id: newId('usr'), username: input.username, passwordHash: await hashPassword(input.password), role: input.role,
    merchantId: input.merchantId ?? null, warehouseId: input.warehouseId ?? null, createdAt: nowIso(ctx),
    disabledAt: null, mustChangePassword: 0, passwordChangedAt: null,
  };
  await db.insertInto('users').values(row).execute();
  return toUserView(row);
}

export async function listUsers(ctx: Ctx, q: PageQuery) {
  requireRole(ctx.actor, 'ADMIN');
  const page = await paginate(ctx.db.selectFrom('users').selectAll(), 'id', q);
  return { ...page, items: page.items.map(toUserView) };
}

export async function assertMerchantExists(db: Executor, id: string, field = 'merchantId') {
  const m = await db.selectFrom('merchants').select('id').where('id', '=', id).executeTakeFirst();
  if (!m) throw ruleViolation('UNKNOWN_MERCHANT', `No merchant ${id}`, field);
}

export async function assertWarehouseExists(db: Executor, id: string, field = 'warehouseId') {
  const w = await db.selectFrom('warehouses').select('id').where('id', '=', id).executeTakeFirst();
  if (!w) throw ruleViolation('UNKNOWN_WAREHOUSE', `No warehouse ${id}`, field);
}

async function assertUnique(db: Executor, table: 'users' | 'warehouses', col: 'username' | 'code', value: string, code: string, field: string) {
  const hit = await db.selectFrom(table as 'users').select('id').where(col as 'username', '=', value).executeTakeFirst();
  if (hit) throw new AppError(409, code, `${field} ${value} is already taken`, [{ field, code, message: 'Already taken' }]);
}
