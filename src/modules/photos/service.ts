/**
 * Exception photos: the warehouse uploads images first, then registers the exception naming them.
 * The bytes (re-encoded, ./images.ts) and a thumbnail live in the photo store (./storage.ts: the
 * data folder, or a bucket); the row says who may see them.
 */
import path from 'node:path';
import type { Executor, Tx } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import { AppError, conflict, notFound, ruleViolation } from '../../domain/errors.js';
import { canSee, requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Actor, type Ctx } from '../shared/context.js';
import { newId } from '../shared/ids.js';
import { reencode, THUMB_TYPE } from './images.js';
import '../../db/dispute-types.js';
import { photoKey, photoStoreOf, thumbKey } from './storage.js';

const WHAT = 'Photo';
export const UPLOAD_ROLES = ['WAREHOUSE', 'OPS'] as const;

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type the bytes really are (magic numbers), whatever the client declared. */
export function sniffImageType(b: Buffer): PhotoType | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export function assertMayUpload(actor: Actor): void {
  requireRole(actor, ...UPLOAD_ROLES);
}

export interface Upload {
  bytes: Buffer;
  fileName: string;
}

export async function uploadPhoto(ctx: Ctx, upload: Upload) {
  assertMayUpload(ctx.actor);
  return storePhoto(ctx, upload);
}

/** A merchant's photo for its dispute (申诉, ../disputes/service.ts): the same checks and store, attached when the dispute opens. */
export async function uploadDisputePhoto(ctx: Ctx, upload: Upload) {
  requireRole(ctx.actor, 'MERCHANT');
  return storePhoto(ctx, upload);
}

async function storePhoto(ctx: Ctx, upload: Upload) {
  const contentType = sniffImageType(upload.bytes);
  if (!contentType) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Upload a JPEG, PNG or WebP image', [
      { field: 'file', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Not a JPEG, PNG or WebP image' },
    ]);
  }
  const encoded = await reencode(upload.bytes, contentType);
  const store = photoStoreOf(ctx);
  return command(ctx, async (tx) => {
    const id = newId('pho');
    const size = encoded.bytes.length;
    await tx.insertInto('photos').values({
      id, warehouseId: ctx.actor.role === 'WAREHOUSE' ? ctx.actor.warehouseId : null, uploadedBy: ctx.actor.id ?? 'system',
      exceptionId: null, disputeId: null, contentType, size, fileName: cleanName(upload.fileName), createdAt: nowIso(ctx),
    }).execute();
    // written last: a failed write rolls the row back (an object left behind has no row, and no one can reach it)
    await store.put(thumbKey(id), encoded.thumb, THUMB_TYPE);
    await store.put(photoKey(id), encoded.bytes, contentType);
    return { ...photoView(id, contentType), size };
  });
}

/** The client's file name, for reference only (the file is stored under its id). */
function cleanName(name: string): string {
  const base = path.basename(name || 'photo').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200);
  return base || 'photo';
}

/**
 * Who may see a photo: its uploader's warehouse, platform staff, and once attached to an
 * exception, whoever may see that exception. Anyone else gets 404.
 */
export async function photoFile(ctx: Ctx, id: string, variant: 'original' | 'thumb' = 'original') {
  requireRole(ctx.actor, 'MERCHANT', 'WAREHOUSE', 'OPS', 'ADMIN');
  const photo = await ctx.db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
  if (!photo || !(await maySee(ctx.db, ctx.actor, photo))) throw notFound(WHAT);
  const store = photoStoreOf(ctx);
  if (variant === 'thumb') {
    const thumb = await store.get(thumbKey(photo.id));
    // photos stored before thumbnails existed have none: their original stands in
    if (thumb) return { ...thumb, contentType: THUMB_TYPE, etag: `"${photo.id}.thumb"` };
  }
  const file = await store.get(photoKey(photo.id));
  if (!file) throw notFound(WHAT);
  return { ...file, contentType: photo.contentType, etag: `"${photo.id}"` };
}

async function maySee(db: Executor, actor: Actor, photo: { warehouseId: string | null; uploadedBy: string; exceptionId: string | null; disputeId: string | null }) {
  if (actor.role === 'OPS' || actor.role === 'ADMIN' || actor.role === 'SYSTEM') return true;
  if (actor.role === 'WAREHOUSE' && photo.warehouseId != null && photo.warehouseId === actor.warehouseId) return true;
  // a dispute's photo: its uploader until attached, then whoever may see the dispute
  if (photo.disputeId) {
    const d = await db.selectFrom('disputes').select('merchantId').where('id', '=', photo.disputeId).executeTakeFirst();
    return !!d && canSee(actor, d);
  }
  if (!photo.exceptionId && actor.role === 'MERCHANT') return photo.uploadedBy === actor.id;
  if (!photo.exceptionId) return false;
  const exc = await db.selectFrom('exceptions').select(['merchantId', 'warehouseId']).where('id', '=', photo.exceptionId).executeTakeFirst();
  return !!exc && canSee(actor, exc);
}

/**
 * Called by exception registration inside its transaction: every photo must exist, be unattached,
 * and have been uploaded by a user of that warehouse or by OPS (else 422 UNKNOWN_PHOTO on `photoIds[i]`).
 */
export async function attachPhotos(tx: Tx, _ctx: Pick<Ctx, 'actor' | 'clock'>, exceptionId: string, photoIds: string[], warehouseId: string): Promise<void> {
  if (!photoIds.length) return;
  const rows = await tx.selectFrom('photos')
    .leftJoin('users', 'users.id', 'photos.uploadedBy')
    .select(['photos.id', 'photos.warehouseId', 'photos.exceptionId', 'users.role as uploaderRole'])
    .where('photos.id', 'in', [...new Set(photoIds)])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  photoIds.forEach((id, i) => {
    const p = byId.get(id);
    const usable = p && p.exceptionId === null && !seen.has(id)
      && (p.warehouseId === warehouseId || (p.warehouseId === null && p.uploaderRole === 'OPS'));
    if (!usable) throw ruleViolation('UNKNOWN_PHOTO', `Photo ${id} is not an unattached photo uploaded for this warehouse`, `photoIds[${i}]`);
    seen.add(id);
  });
  const result = await tx.updateTable('photos').set({ exceptionId })
    .where('id', 'in', photoIds).where('exceptionId', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== photoIds.length) {
    throw conflict('PHOTO_ALREADY_ATTACHED', 'A photo was attached to another exception at the same time; upload it again');
  }
}

/**
 * Called by opening a dispute inside its transaction: every photo must be an unattached one this
 * user uploaded (else 422 UNKNOWN_PHOTO on `photoIds[i]`).
 */
export async function attachDisputePhotos(tx: Tx, ctx: Pick<Ctx, 'actor'>, disputeId: string, photoIds: string[]): Promise<void> {
  if (!photoIds.length) return;
  const rows = await tx.selectFrom('photos').select(['id', 'uploadedBy', 'exceptionId', 'disputeId'])
    .where('id', 'in', [...new Set(photoIds)]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  photoIds.forEach((id, i) => {
    const p = byId.get(id);
    if (!p || p.exceptionId !== null || p.disputeId !== null || p.uploadedBy !== ctx.actor.id || seen.has(id)) {
      throw ruleViolation('UNKNOWN_PHOTO', `Photo ${id} is not an unattached photo you uploaded`, `photoIds[${i}]`);
    }
    seen.add(id);
  });
  const result = await tx.updateTable('photos').set({ disputeId })
    .where('id', 'in', photoIds).where('disputeId', 'is', null).where('exceptionId', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== photoIds.length) {
    throw conflict('PHOTO_ALREADY_ATTACHED', 'A photo was attached to another dispute at the same time; upload it again');
  }
}

const disputePhotoRows = precompiled((db, disputeId: string) => db.selectFrom('photos').select(['id', 'contentType']).where('disputeId', '=', disputeId).orderBy('id'));

export async function disputePhotosOf(db: Executor, disputeId: string): Promise<PhotoView[]> {
  return (await disputePhotoRows.all(db, disputeId)).map((r) => photoView(r.id, r.contentType));
}

export interface PhotoView { id: string; url: string; thumbUrl: string; contentType: string }

// every exception view reads them: compiled once (../../db/precompiled.ts)
const photoRows = precompiled((db, exceptionId: string) => db.selectFrom('photos').select(['id', 'contentType']).where('exceptionId', '=', exceptionId).orderBy('id'));

export async function photosOf(db: Executor, exceptionId: string): Promise<PhotoView[]> {
  const rows = await photoRows.all(db, exceptionId);
  return rows.map((r) => photoView(r.id, r.contentType));
}

export const photoView = (id: string, contentType: string): PhotoView => ({ id, url: `/api/photos/${id}`, thumbUrl: `/api/photos/${id}/thumb`, contentType });
