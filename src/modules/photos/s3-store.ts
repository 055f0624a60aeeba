/** Photos in an S3-compatible bucket (AWS S3, MinIO, Ceph, s3rver in the tests) through @aws-sdk/client-s3. */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { PhotoStore } from './storage.js';

export interface S3Config {
  /** TALLY_S3_ENDPOINT; unset: AWS's own endpoint for the region. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** TALLY_S3_ACCESS_KEY_ID / TALLY_S3_SECRET_ACCESS_KEY; unset: the AWS default chain (env, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `bucket` in the path rather than the host name (MinIO, s3rver). */
  forcePathStyle: boolean;
}

const missing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

export function s3PhotoStore(cfg: S3Config): PhotoStore & { client: S3Client } {
  const client = new S3Client({
    endpoint: cfg.endpoint,
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    credentials: cfg.accessKeyId && cfg.secretAccessKey ? { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } : undefined,
  });
  const Bucket = cfg.bucket;
  return {
    client,
    describe: `s3://${Bucket}/photos/${cfg.endpoint ? ` at ${cfg.endpoint}` : ''}`,
    async put(Key, bytes, ContentType) {
      await client.send(new PutObjectCommand({ Bucket, Key, Body: bytes, ContentType, ContentLength: bytes.length }));
    },
    async get(Key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key }));
        return { body: out.Body as Readable, size: Number(out.ContentLength) };
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    async delete(Key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key }));
    },
    async exists(Key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key }));
        return true;
      } catch (e) {
        if (missing(e)) return false;
        throw e;
      }
    },
  };
}
