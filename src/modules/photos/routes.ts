import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import { ctxOf, requireActor } from '../../http/auth.js';
import { exec } from '../../http/exec.js';
import { IdParams } from '../shared/schemas.js';
import * as service from './service.js';

const fileProblem = (status: number, code: string, detail: string) =>
  new AppError(status, code, detail, [{ field: 'file', code, message: detail }]);

/** Reads the one `file` part into memory (the plugin caps it at 10 MB); nothing is written here. */
export async function readUpload(req: FastifyRequest): Promise<service.Upload> {
  if (!req.isMultipart()) throw fileProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with one image in the field "file"');
  const { part, chunks } = await readParts(req);
  if (part.fieldname !== 'file') throw fileProblem(400, 'VALIDATION_FAILED', `Put the image in the field "file", not "${part.fieldname}"`);
  if (part.file.truncated) throw fileProblem(413, 'PAYLOAD_TOO_LARGE', 'A photo may be at most 10 MB');
  return { bytes: Buffer.concat(chunks), fileName: part.filename };
}

/** The parser's own errors on a body that is not multipart after all (no boundary, cut short) are the client's: 400. */
async function readParts(req: FastifyRequest) {
  try {
    const part = await req.file({ throwFileSizeLimit: false });
    if (!part) throw fileProblem(400, 'VALIDATION_FAILED', 'Attach one image in the field "file"');
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    return { part, chunks };
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (e instanceof AppError || (status && status >= 400 && status < 500)) throw e;
    throw fileProblem(400, 'VALIDATION_FAILED', `The multipart body could not be read (${(e as Error).message}); attach one image in the field "file"`);
  }
}

export async function photoRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['photos'];

  r.post('/api/photos', {
    schema: { tags, summary: 'Upload an exception photo (WAREHOUSE, OPS): multipart field "file", JPEG/PNG/WebP ≤ 10 MB and 40 MP, stored re-encoded without metadata, with a thumbnail', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    service.assertMayUpload(requireActor(req));
    const upload = await readUpload(req);
    // the idempotency hash covers the bytes, not the multipart framing
    (req as any).idempotencyBody = createHash('sha256').update(upload.bytes).digest('hex');
    return exec(req, reply, (ctx) => service.uploadPhoto(ctx, upload), 201);
  });

  r.get('/api/photos/:id', { schema: { tags, summary: 'The image, to those who may see it', params: IdParams } }, async (req, reply) =>
    sendPhoto(req, reply, await service.photoFile(ctxOf(req), req.params.id)));

  r.get('/api/photos/:id/thumb', {
    schema: { tags, summary: 'Its thumbnail (WebP, at most 320 px on the longest side), to the same users', params: IdParams },
  }, async (req, reply) => sendPhoto(req, reply, await service.photoFile(ctxOf(req), req.params.id, 'thumb')));
}

/**
 * Streams the object through Tally (the bucket is never public). A photo's bytes never change under
 * its id, so the ETag is the key and a matching If-None-Match answers 304; only the user's own
 * cache may keep it.
 */
function sendPhoto(req: FastifyRequest, reply: FastifyReply, file: Awaited<ReturnType<typeof service.photoFile>>) {
  reply.header('etag', file.etag).header('cache-control', 'private, max-age=86400').header('x-content-type-options', 'nosniff');
  if (req.headers['if-none-match'] === file.etag) {
    file.body.destroy();
    return reply.code(304).send();
  }
  return reply.type(file.contentType).header('content-length', file.size).send(file.body);
}
