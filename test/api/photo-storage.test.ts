/**
 * Photos in an S3-compatible bucket: s3rver on 127.0.0.1 in a temp folder, a bucket made for the
 * suite, apps configured for it (src/modules/photos/s3-store.ts); and the same suite on the data
 * folder's store. The same access rules as the
 * data folder's photos (test/api/photos.test.ts), re-encoding without EXIF/GPS, refusal of files
 * that only start like a JPEG, thumbnails, two instances sharing one database and one bucket, and
 * the clean-up of unattached uploads (src/jobs/photo-cleanup.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { photoCleanupJob } from '../../src/jobs/photo-cleanup.js';
import { s3PhotoStore, type S3Config } from '../../src/modules/photos/s3-store.js';
import { localPhotoStore, type PhotoStore } from '../../src/modules/photos/storage.js';
import { DIALECTS } from '../helpers/db.js';
import { startTestApp, type Client, type TestEnv } from '../helpers/app.js';
import { at, DAY, fixedClock, HOUR } from '../helpers/deadlines.js';
import { arrive, ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

const BUCKET = 'tally-photos';

function multipart(bytes: Buffer, name = 'photo.jpg') {
  const boundary = '----tally-s3-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(app: FastifyInstance, c: Client, bytes: Buffer) {
  const { payload, headers } = multipart(bytes);
  const res = await app.inject({ method: 'POST', url: '/api/photos', payload, headers: { ...headers, authorization: `Bearer ${c.token}` } });
  return { status: res.statusCode, body: res.json() };
}

const fetchPhoto = (app: FastifyInstance, c: Client, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.token}`, ...headers } });

/** A 640×480 JPEG whose EXIF says "rotate 90° clockwise" (orientation 6) and where it was taken (GPS). */
const jpegWithGps = () => sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 170, g: 110, b: 60 } } })
  .withExif({
    IFD0: { Make: 'TallyCam', Model: 'Handheld 1' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 32/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '114/1 3/1 0/1' },
  })
  .withMetadata({ orientation: 6 })
  .jpeg().toBuffer();

/** The GPS IFD pointer (tag 0x8825) in little- or big-endian TIFF. */
const hasGpsTag = (exif: Buffer) => exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));

// the same suite on the bucket and on the data folder (the embedded default)
for (const kind of ['bucket', 'local folder'] as const) for (const d of DIALECTS) {
  (d.enabled ? describe : describe.skip)(`photos on ${kind === 'bucket' ? 'object storage' : 'the local folder'} [${d.name}]`, () => {
    let s3: S3rver | undefined;
    let dir: string;
    let cfg: S3Config;
    let store: PhotoStore;
    let client: S3Client | undefined;
    let e: TestEnv;
    let w: World;
    let jpeg: Buffer;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tally-s3rver-'));
      if (kind === 'bucket') {
        s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
        const { port } = await s3.run();
        cfg = { endpoint: `http://127.0.0.1:${port}`, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
        const bucket = s3PhotoStore(cfg);
        client = bucket.client;
        await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
        store = bucket;
      } else {
        store = localPhotoStore(dir);
      }
      e = await startTestApp(d.name, { photos: store });
      w = await seedWorld(e);
      jpeg = await jpegWithGps();
    });
    afterAll(async () => {
      await e?.app.close();
      await e?.db.cleanup();
      client?.destroy();
      await s3?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** The stored object read past Tally: with the S3 client from the bucket, else the file. */
    const object = async (key: string) => {
      if (client) {
        const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        return { bytes: Buffer.from(await out.Body!.transformToByteArray()), contentType: out.ContentType };
      }
      return { bytes: await readFile(join(dir, ...key.split('/'))), contentType: undefined };
    };
    const typeOf = (stored: { contentType?: string }, type: string) => { if (client) expect(stored.contentType).toBe(type); };

    it('stores the upload in the bucket, re-encoded upright without EXIF or GPS, and serves it only to who may see it', async () => {
      expect(hasGpsTag((await sharp(jpeg).metadata()).exif!)).toBe(true);
      const res = await upload(e.app, w.whA, jpeg);
      expect(res.status).toBe(201);
      const { id, url, thumbUrl, size } = res.body;
      expect([url, thumbUrl]).toEqual([`/api/photos/${id}`, `/api/photos/${id}/thumb`]);

      const stored = await object(`photos/${id}`);
      typeOf(stored, 'image/jpeg');
      expect(stored.bytes.length).toBe(size);
      const meta = await sharp(stored.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect([meta.width, meta.height]).toEqual([480, 640]); // turned by its orientation before the tag went
      expect(stored.bytes.includes(Buffer.from('TallyCam'))).toBe(false);

      for (const c of [w.whA, w.ops, e.admin]) {
        const got = await fetchPhoto(e.app, c, url);
        expect(got.statusCode).toBe(200);
        expect(got.headers['content-type']).toBe('image/jpeg');
        expect(got.headers['cache-control']).toBe('private, max-age=86400');
        expect(got.headers.etag).toBe(`"${id}"`);
        expect(got.rawPayload.equals(stored.bytes)).toBe(true);
      }
      expect((await fetchPhoto(e.app, w.whA, url, { 'if-none-match': `"${id}"` })).statusCode).toBe(304);
      for (const c of [w.whB, w.merchantA, w.merchantB]) {
        expect((await fetchPhoto(e.app, c, url)).statusCode).toBe(404);
        expect((await fetchPhoto(e.app, c, thumbUrl)).statusCode).toBe(404);
      }

      // attached: the exception's merchant sees it, another merchant and warehouse still do not
      const { note } = await orderAndShip(w);
      await arrive(w, note.id);
      ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BOX_LABEL_MISSING', photoIds: [id] }), 201);
      expect((await fetchPhoto(e.app, w.merchantA, url)).statusCode).toBe(200);
      expect((await fetchPhoto(e.app, w.merchantA, thumbUrl)).statusCode).toBe(200);
      for (const c of [w.merchantB, w.whB]) expect((await fetchPhoto(e.app, c, url)).statusCode).toBe(404);
    });

    it('keeps a WebP thumbnail of at most 320 px beside the image, smaller than it', async () => {
      const { id, size } = (await upload(e.app, w.whA, jpeg)).body;
      const thumb = await object(`photos/${id}.thumb`);
      typeOf(thumb, 'image/webp');
      expect(thumb.bytes.length).toBeLessThan(size);
      const meta = await sharp(thumb.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', 240, 320, undefined]);
      const got = await fetchPhoto(e.app, w.ops, `/api/photos/${id}/thumb`);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/webp');
      expect(got.headers.etag).toBe(`"${id}.thumb"`);
      expect(got.rawPayload.equals(thumb.bytes)).toBe(true);
    });

    it('refuses a file that only starts like a JPEG or PNG (422 IMAGE_UNREADABLE), storing nothing', async () => {
      const before = await e.db.handle.db.selectFrom('photos').select('id').execute();
      for (const head of [[0xff, 0xd8, 0xff, 0xe0], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]) {
        const fake = Buffer.concat([Buffer.from(head), Buffer.from('not really an image, just garbage bytes '.repeat(20))]);
        const res = await upload(e.app, w.whA, fake);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: 'IMAGE_UNREADABLE', errors: [{ field: 'file', code: 'IMAGE_UNREADABLE' }] });
      }
      // a real JPEG cut in half is refused too
      expect((await upload(e.app, w.whA, jpeg.subarray(0, jpeg.length >> 1))).body.code).toBe('IMAGE_UNREADABLE');
      expect(await e.db.handle.db.selectFrom('photos').select('id').execute()).toEqual(before);
    });

    it('a photo uploaded through one instance is served by another on the same database and store', async () => {
      const otherDir = await mkdtemp(join(tmpdir(), 'tally-other-'));
      // its own client, as another process would have; the local folder shared as NFS would share it
      const other = kind === 'bucket' ? s3PhotoStore(cfg) : localPhotoStore(dir);
      const second = await buildApp({ db: e.db.handle.db, dialect: e.dialect, dataDir: otherDir, clock: e.clock, photos: other });
      try {
        await second.ready();
        const { id } = (await upload(e.app, w.whA, jpeg)).body;
        const here = await fetchPhoto(e.app, w.whA, `/api/photos/${id}`);
        const there = await fetchPhoto(second, w.whA, `/api/photos/${id}`);
        expect(there.statusCode).toBe(200);
        expect(there.rawPayload.equals(here.rawPayload)).toBe(true);
        expect((await fetchPhoto(second, w.ops, `/api/photos/${id}/thumb`)).statusCode).toBe(200);
        expect((await fetchPhoto(second, w.whB, `/api/photos/${id}`)).statusCode).toBe(404);
        // and the other way round
        const back = (await upload(second, w.whA, jpeg)).body;
        expect((await fetchPhoto(e.app, w.whA, `/api/photos/${back.id}`)).statusCode).toBe(200);
      } finally {
        await second.close();
        if ('client' in other) (other.client as S3Client).destroy();
        await rm(otherDir, { recursive: true, force: true });
      }
    });

    it('the clean-up removes unattached uploads older than a day, once across instances, and keeps attached and young ones', async () => {
      const start = e.clock.now().toISOString();
      const old = (await upload(e.app, w.whA, jpeg)).body.id;
      const attached = (await upload(e.app, w.whA, jpeg)).body.id;
      const { note } = await orderAndShip(w);
      await arrive(w, note.id);
      ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BOX_LABEL_MISSING', photoIds: [attached] }), 201);
      e.clock.advance(2 * HOUR);
      const young = (await upload(e.app, w.whA, jpeg)).body.id;

      // a day and an hour after the first uploads: `old` is 25 h old, `young` 23 h
      const jc = { db: e.db.handle.db, dialect: e.dialect, clock: fixedClock(at(start, DAY + HOUR)), dataDir: e.db.dataDir, photos: store };
      // the earlier tests' uploads are unattached and as old as `old`: due too
      const due = (await e.db.handle.db.selectFrom('photos').select('id').where('exceptionId', 'is', null).where('createdAt', '<', at(start, HOUR)).execute()).length;
      expect(due).toBeGreaterThanOrEqual(1);
      const reports = await Promise.all([runDueJobs(jc, [photoCleanupJob]), runDueJobs(jc, [photoCleanupJob])]);
      const removed = (await e.db.handle.db.selectFrom('photos').select('id').where('id', 'in', [old, attached, young]).execute()).map((r) => r.id);
      expect(removed.sort()).toEqual([attached, young].sort());
      // each due photo removed by exactly one of the two runs
      expect(reports.reduce((n, r) => n + r.photoCleanup.done, 0)).toBe(due);
      expect(reports.every((r) => r.photoCleanup.failed === 0)).toBe(true);
      expect(await store.exists(`photos/${old}`)).toBe(false);
      expect(await store.exists(`photos/${old}.thumb`)).toBe(false);
      for (const id of [attached, young]) {
        expect(await store.exists(`photos/${id}`)).toBe(true);
        expect(await store.exists(`photos/${id}.thumb`)).toBe(true);
      }
      expect((await fetchPhoto(e.app, w.ops, `/api/photos/${old}`)).statusCode).toBe(404);
      expect((await fetchPhoto(e.app, w.merchantA, `/api/photos/${attached}`)).statusCode).toBe(200);
      // nothing left for a third run at the same moment
      const again = await runDueJobs(jc, [photoCleanupJob]);
      expect(again.photoCleanup).toEqual({ done: 0, skipped: 0, failed: 0 });
    });
  });
}
