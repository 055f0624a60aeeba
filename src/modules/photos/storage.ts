/**
 * Where photo bytes live: one small interface, two stores. The local folder (`<dataDir>/photos/`)
 * is the embedded default; an S3-compatible bucket (TALLY_S3_*, ./s3-store.ts) lets several
 * instances share the photos. Both use the same keys, so moving from one to the other is a copy:
 *
 * | key                 | what                                             |
 * |---------------------|--------------------------------------------------|
 * | `photos/<id>`       | the re-encoded image (JPEG, PNG or WebP)         |
 * | `photos/<id>.thumb` | its thumbnail, WebP, at most 320 px on the longest side |
 *
 * Objects are written once under a fresh id and never rewritten, so an object's key is its ETag.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { s3PhotoStore, type S3Config } from './s3-store.js';

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface PhotoStore {
  /** Where the objects go, for logs and the start-up line. */
  readonly describe: string;
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object's bytes as a stream, or undefined when there is no such object. */
  get(key: string): Promise<StoredObject | undefined>;
  /** Removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export const photoKey = (id: string) => `photos/${id}`;
export const thumbKey = (id: string) => `photos/${id}.thumb`;

/** Keys are ours (`photos/<prefixed id>[.thumb]`); anything else is a bug, never a path to follow. */
const KEY = /^photos\/[A-Za-z0-9_-]+(\.thumb)?$/;
function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a photo key: ${key}`);
  return key;
}

/** The files under `<dataDir>/<key>`, i.e. `<dataDir>/photos/<id>` as earlier versions wrote them. */
export function localPhotoStore(dataDir: string): PhotoStore {
  const file = (key: string) => path.join(dataDir, ...checkedKey(key).split('/'));
  return {
    describe: path.join(dataDir, 'photos'),
    async put(key, bytes) {
      await mkdir(path.join(dataDir, 'photos'), { recursive: true });
      await writeFile(file(key), bytes, { flag: 'wx' });
    },
    async get(key) {
      const f = file(key);
      const st = await stat(f).catch(() => undefined);
      return st?.isFile() ? { body: createReadStream(f), size: st.size } : undefined;
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
    async exists(key) {
      return (await stat(file(key)).catch(() => undefined))?.isFile() ?? false;
    },
  };
}

const localStores = new Map<string, PhotoStore>();

/** The store a use case writes to: the one it was given, else the data folder's. */
export function photoStoreOf(ctx: { photos?: PhotoStore; dataDir: string }): PhotoStore {
  if (ctx.photos) return ctx.photos;
  let store = localStores.get(ctx.dataDir);
  if (!store) localStores.set(ctx.dataDir, (store = localPhotoStore(ctx.dataDir)));
  return store;
}

/** The server's store: the bucket when TALLY_S3_BUCKET is set (../../config.ts), else the data folder's. */
export const openPhotoStore = (cfg: { s3?: S3Config; dataDir: string }): PhotoStore =>
  (cfg.s3 ? s3PhotoStore(cfg.s3) : localPhotoStore(cfg.dataDir));
