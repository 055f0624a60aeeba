import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { eachDialect, type Client, type TestEnv } from '../helpers/app.js';
import { arrive, ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

// real images: every upload is decoded and encoded again (src/modules/photos/images.ts)
const canvas = () => sharp({ create: { width: 48, height: 32, channels: 3, background: { r: 180, g: 120, b: 60 } } });
let PNG: Buffer, JPEG: Buffer, WEBP: Buffer;
beforeAll(async () => {
  [PNG, JPEG, WEBP] = await Promise.all([canvas().png().toBuffer(), canvas().jpeg().toBuffer(), canvas().webp().toBuffer()]);
});

function multipart(bytes: Buffer, o: { field?: string; type?: string; name?: string } = {}) {
  const boundary = '----tally-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${o.field ?? 'file'}"; filename="${o.name ?? 'photo.png'}"\r\nContent-Type: ${o.type ?? 'image/png'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(e: TestEnv, c: Client, bytes: Buffer, o: Parameters<typeof multipart>[1] & { key?: string } = {}) {
  const { payload, headers } = multipart(bytes, o);
  const res = await e.app.inject({
    method: 'POST', url: '/api/photos', payload,
    headers: { ...headers, authorization: `Bearer ${c.token}`, ...(o.key ? { 'idempotency-key': o.key } : {}) },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const fetchPhoto = (e: TestEnv, c: Client, id: string) =>
  e.app.inject({ method: 'GET', url: `/api/photos/${id}`, headers: { authorization: `Bearer ${c.token}` } });

const photoCount = async (e: TestEnv) => Number((await e.db.handle.db.selectFrom('photos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const filesOnDisk = (e: TestEnv) => (existsSync(join(e.db.dataDir, 'photos')) ? readdirSync(join(e.db.dataDir, 'photos')).length : 0);

async function arrivedNote(w: World) {
  const { note } = await orderAndShip(w);
  await arrive(w, note.id);
  return note;
}

eachDialect('photos', (env) => {
  it('accepts JPEG, PNG and WebP by their bytes, whatever the declared type', async () => {
    const e = env();
    const w = await seedWorld(e);
    for (const [bytes, type] of [[PNG, 'image/png'], [JPEG, 'image/jpeg'], [WEBP, 'image/webp']] as const) {
      const res = await upload(e, w.whA, bytes, { type: 'application/octet-stream' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.stringMatching(/^pho_/), contentType: type, size: expect.any(Number) });
      const got = await fetchPhoto(e, w.whA, res.body.id);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe(type);
      // the stored image is the re-encoded one, in the format it came in
      expect(got.rawPayload.length).toBe(res.body.size);
      const meta = await sharp(got.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([type.slice(6), 48, 32]);
    }
    expect((await upload(e, w.ops, JPEG)).status).toBe(201);
  });

  it('refuses what is not an image (415), too large (413), the wrong roles (403) and bad forms (400), writing nothing', async () => {
    const e = env();
    const w = await seedWorld(e);
    const [rows, files] = [await photoCount(e), filesOnDisk(e)];
    const fake = await upload(e, w.whA, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { type: 'image/png' });
    expect(fake.status).toBe(415);
    expect(fake.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(e, w.whA, Buffer.alloc(0))).status).toBe(415);
    const big = await upload(e, w.whA, Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await upload(e, w.merchantA, PNG)).status).toBe(403);
    expect((await upload(e, e.admin, PNG)).status).toBe(403);
    const wrongField = await upload(e, w.whA, PNG, { field: 'image' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.errors[0].field).toBe('file');
    const json = await w.whA.post('/api/photos', { file: 'x' });
    expect(json.status).toBe(415);
    expect(await photoCount(e)).toBe(rows);
    expect(filesOnDisk(e)).toBe(files);
  });

  it('an Idempotency-Key stores one photo for a retried upload', async () => {
    const e = env();
    const w = await seedWorld(e);
    const rows = await photoCount(e);
    const first = await upload(e, w.whA, PNG, { key: 'photo-1' });
    const again = await upload(e, w.whA, PNG, { key: 'photo-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await photoCount(e)).toBe(rows + 1);
    const other = await upload(e, w.whA, JPEG, { key: 'photo-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('is seen by its warehouse and platform staff, and once attached by the exception\'s merchant', async () => {
    const e = env();
    const w = await seedWorld(e);
    const photo = (await upload(e, w.whA, PNG)).body;
    const byOps = (await upload(e, w.ops, JPEG)).body;
    for (const c of [w.whA, w.ops, e.admin]) expect((await fetchPhoto(e, c, photo.id)).statusCode).toBe(200);
    for (const c of [w.whB, w.merchantA, w.merchantB]) expect((await fetchPhoto(e, c, photo.id)).statusCode).toBe(404);
    expect((await fetchPhoto(e, w.ops, 'pho_nope')).statusCode).toBe(404);

    const note = await arrivedNote(w);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BOX_LABEL_MISSING', photoIds: [photo.id, byOps.id] }), 201);
    const seen = ok(await w.merchantA.get(`/api/exceptions/${exc.id}`));
    expect(seen.photos).toEqual([
      { id: photo.id, url: `/api/photos/${photo.id}`, thumbUrl: `/api/photos/${photo.id}/thumb`, contentType: 'image/png' },
      { id: byOps.id, url: `/api/photos/${byOps.id}`, thumbUrl: `/api/photos/${byOps.id}/thumb`, contentType: 'image/jpeg' },
    ]);
    for (const c of [w.merchantA, w.whA, w.ops]) expect((await fetchPhoto(e, c, byOps.id)).statusCode).toBe(200);
    for (const c of [w.merchantB, w.whB]) expect((await fetchPhoto(e, c, photo.id)).statusCode).toBe(404);
  });

  it('attaching refuses unknown, foreign or already attached photos (422 on photoIds[i]), writing nothing', async () => {
    const e = env();
    const w = await seedWorld(e);
    const mine = (await upload(e, w.whA, PNG)).body;
    const foreign = (await upload(e, w.whB, PNG)).body;
    const note = await arrivedNote(w);
    const register = (photoIds: string[]) => w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BOX_LABEL_MISSING', photoIds });
    for (const [ids, field] of [[[mine.id, foreign.id], 'photoIds[1]'], [['pho_nope'], 'photoIds[0]'], [[mine.id, mine.id], 'photoIds[1]']] as const) {
      const res = await register([...ids]);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'UNKNOWN_PHOTO', errors: [{ field }] });
    }
    expect(ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id })).items).toEqual([]);
    const row = await e.db.handle.db.selectFrom('photos').select('exceptionId').where('id', '=', mine.id).executeTakeFirstOrThrow();
    expect(row.exceptionId).toBeNull();

    ok(await register([mine.id]), 201);
    const second = await arrivedNote(w);
    const reuse = await w.whA.post('/api/exceptions', { deliveryNoteId: second.id, subtype: 'BOX_LABEL_MISSING', photoIds: [mine.id] });
    expect(reuse.status).toBe(422);
    expect(reuse.body.errors[0].field).toBe('photoIds[0]');
  });
});
