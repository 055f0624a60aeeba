/**
 * The merchant's address book (used for returns by platform logistics). Exactly one live address
 * per merchant is the default: the first one becomes it, choosing another clears the old one, and
 * deleting the default promotes the newest remaining address.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { AddressRow } from '../../db/types.js';
import { notFound, ruleViolation } from '../../domain/errors.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { assertUpdated, assertVersion } from '../shared/guards.js';
import { newId } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';

const WHAT = 'Address';
export const MAX_ADDRESSES = 50;

export interface AddressInput {
  name: string;
  phone: string;
  region: string;
  detail: string;
  isDefault?: boolean;
}

export function toAddressView(a: Selectable<AddressRow>) {
  return {
    id: a.id,
    name: a.name,
    phone: a.phone,
    region: a.region,
    detail: a.detail,
    isDefault: Number(a.isDefault) === 1,
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

const live = (db: Executor, merchantId: string) =>
  db.selectFrom('addresses').selectAll().where('merchantId', '=', merchantId).where('deletedAt', 'is', null);

/** A merchant's own live address, or 404 (another merchant's id included). */
async function ownAddress(db: Executor, ctx: Ctx, id: string) {
  const a = await live(db, ctx.actor.merchantId ?? '-').where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound(WHAT);
  return a;
}

/**
 * Serialises address-book writes of one merchant: a no-op update takes the merchant row's lock on
 * PostgreSQL (SQLite already runs one writer at a time), so two requests cannot both make a default.
 */
async function lockBook(tx: Tx, merchantId: string) {
  await tx.updateTable('merchants').set({ name: sql<string>`name` }).where('id', '=', merchantId).execute();
}

async function clearDefault(tx: Tx, ctx: Ctx, merchantId: string, exceptId: string) {
  await tx.updateTable('addresses')
    .set((eb) => ({ isDefault: 0, version: eb('version', '+', 1), updatedAt: nowIso(ctx) }))
    .where('merchantId', '=', merchantId).where('isDefault', '=', 1).where('id', '<>', exceptId)
    .execute();
}

export async function listAddresses(ctx: Ctx, q: PageQuery) {
  requireRole(ctx.actor, 'MERCHANT');
  const page = await paginate(live(ctx.db, ctx.actor.merchantId ?? '-'), 'id', q);
  return { items: page.items.map(toAddressView), nextCursor: page.nextCursor };
}

export async function getAddress(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT');
  return toAddressView(await ownAddress(ctx.db, ctx, id));
}

export async function createAddress(ctx: Ctx, input: AddressInput) {
  requireRole(ctx.actor, 'MERCHANT');
  const merchantId = ctx.actor.merchantId!;
  return command(ctx, async (tx) => {
    await lockBook(tx, merchantId);
    const count = await tx.selectFrom('addresses').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('merchantId', '=', merchantId).where('deletedAt', 'is', null).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ADDRESSES) {
      throw ruleViolation('ADDRESS_BOOK_FULL', `An address book holds at most ${MAX_ADDRESSES} addresses; delete one first`);
    }
    const at = nowIso(ctx);
    const isDefault = input.isDefault === true || Number(count.n) === 0;
    const id = newId('adr');
    if (isDefault) await clearDefault(tx, ctx, merchantId, id);
    await tx.insertInto('addresses').values({
      id, merchantId, name: input.name, phone: input.phone, region: input.region, detail: input.detail,
      isDefault: isDefault ? 1 : 0, deletedAt: null, version: 1, createdAt: at, updatedAt: at,
    }).execute();
    await recordEvent(tx, ctx, { documentType: 'address', documentId: id, action: 'CREATED', data: { isDefault } });
    return toAddressView((await live(tx, merchantId).where('id', '=', id).executeTakeFirst())!);
  });
}

export async function updateAddress(ctx: Ctx, id: string, input: AddressInput & { version?: number }) {
  requireRole(ctx.actor, 'MERCHANT');
  const merchantId = ctx.actor.merchantId!;
  return command(ctx, async (tx) => {
    await lockBook(tx, merchantId);
    const a = await ownAddress(tx, ctx, id);
    assertVersion(WHAT, a.version, input.version);
    const wasDefault = Number(a.isDefault) === 1;
    // omitted: unchanged; false on the default: the newest other address takes over (there must be one)
    const isDefault = input.isDefault ?? wasDefault;
    let promoted: string | undefined;
    if (wasDefault && !isDefault) {
      promoted = await newestOther(tx, merchantId, id);
      if (!promoted) throw ruleViolation('DEFAULT_REQUIRED', 'Your only address must stay the default one; add another address first', 'isDefault');
    }
    const at = nowIso(ctx);
    if (isDefault && !wasDefault) await clearDefault(tx, ctx, merchantId, id);
    const result = await tx.updateTable('addresses')
      .set({
        name: input.name, phone: input.phone, region: input.region, detail: input.detail,
        isDefault: isDefault ? 1 : 0, version: a.version + 1, updatedAt: at,
      })
      .where('id', '=', id).where('version', '=', a.version)
      .executeTakeFirst();
    assertUpdated(result, WHAT);
    if (promoted) await makeDefault(tx, ctx, promoted);
    await recordEvent(tx, ctx, { documentType: 'address', documentId: id, action: 'UPDATED', data: { isDefault } });
    return toAddressView((await live(tx, merchantId).where('id', '=', id).executeTakeFirst())!);
  });
}

export async function deleteAddress(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'MERCHANT');
  const merchantId = ctx.actor.merchantId!;
  await command(ctx, async (tx) => {
    await lockBook(tx, merchantId);
    const a = await ownAddress(tx, ctx, id);
    assertVersion(WHAT, a.version, input.version);
    const at = nowIso(ctx);
    const result = await tx.updateTable('addresses')
      .set({ deletedAt: at, isDefault: 0, version: a.version + 1, updatedAt: at })
      .where('id', '=', id).where('version', '=', a.version)
      .executeTakeFirst();
    assertUpdated(result, WHAT);
    let promoted: string | undefined;
    if (Number(a.isDefault) === 1) {
      promoted = await newestOther(tx, merchantId, id);
      if (promoted) await makeDefault(tx, ctx, promoted);
    }
    await recordEvent(tx, ctx, { documentType: 'address', documentId: id, action: 'DELETED', data: { newDefaultId: promoted ?? null } });
    return null;
  });
}

async function newestOther(tx: Tx, merchantId: string, id: string): Promise<string | undefined> {
  const row = await tx.selectFrom('addresses').select('id')
    .where('merchantId', '=', merchantId).where('deletedAt', 'is', null).where('id', '<>', id)
    .orderBy('id', 'desc').executeTakeFirst();
  return row?.id;
}

async function makeDefault(tx: Tx, ctx: Ctx, id: string) {
  await tx.updateTable('addresses')
    .set((eb) => ({ isDefault: 1, version: eb('version', '+', 1), updatedAt: nowIso(ctx) }))
    .where('id', '=', id)
    .execute();
}
