/**
 * Photos uploaded but never attached to an exception (or a dispute) are removed a day after the upload: the row
 * and its objects (the image and its thumbnail) in the photo store. Each photo in its own
 * transaction that re-reads it as still unattached and old enough, under `FOR UPDATE SKIP LOCKED`
 * on PostgreSQL (./due.ts): of several instances one removes it, and a registration attaching it
 * at that moment either wins (the row is no longer due) or answers 409 PHOTO_ALREADY_ATTACHED. The
 * objects go before the commit, so a store that fails leaves the row due for the next run.
 */
import type { Executor } from '../db/create-db.js';
import { addSeconds, nowIso } from '../modules/shared/context.js';
import { inTransaction } from '../modules/shared/command.js';
import { photoKey, photoStoreOf, thumbKey } from '../modules/photos/storage.js';
import '../db/dispute-types.js';
import { after, forEachDue, lockOrSkip, type Job, type JobContext } from './due.js';

export const UNATTACHED_PHOTO_TTL_SECONDS = 24 * 3600;

export const duePhotos = (db: Executor, cutoff: string) =>
  db.selectFrom('photos').where('photos.exceptionId', 'is', null).where('photos.disputeId', 'is', null).where('photos.createdAt', '<', cutoff);

export const photoCleanupJob: Job = {
  name: 'photoCleanup',
  async run(jc: JobContext) {
    const cutoff = addSeconds(nowIso(jc), -UNATTACHED_PHOTO_TTL_SECONDS);
    const store = photoStoreOf(jc);
    return forEachDue(jc, this.name,
      (last, limit) => after(duePhotos(jc.db, cutoff).select(['photos.id', 'photos.createdAt as due']), 'photos.createdAt', 'photos.id', last)
        .orderBy('photos.createdAt').orderBy('photos.id').limit(limit).execute(),
      (row) => inTransaction(jc.db, async (tx) => {
        const photo = await lockOrSkip(duePhotos(tx, cutoff).select('photos.id').where('photos.id', '=', row.id), jc.dialect).executeTakeFirst();
        if (!photo) return false;
        const res = await tx.deleteFrom('photos').where('id', '=', photo.id).where('exceptionId', 'is', null).where('disputeId', 'is', null).executeTakeFirst();
        if (Number(res.numDeletedRows) !== 1) return false;
        await store.delete(thumbKey(photo.id));
        await store.delete(photoKey(photo.id));
        return true;
      }));
  },
};
