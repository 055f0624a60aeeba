/**
 * The one place errors become RFC 9457 problem+json with a stable `code`, per-field `errors`, and
 * the `requestId` that finds the request's lines in the server log (./request-id.ts).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../domain/errors.js';
import { REQUEST_ID_HEADER } from './request-id.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function sendProblem(reply: FastifyReply, req: FastifyRequest, e: AppError): FastifyReply {
  const retryAfter = e.extra.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  // also for what the router refuses before any hook ran (frameworkError below)
  reply.header(REQUEST_ID_HEADER, req.id);
  return reply
    .code(e.status)
    .type('application/problem+json')
    .send({
      type: `https://tally.dev/problems/${e.code.toLowerCase().replaceAll('_', '-')}`,
      title: TITLES[e.status] ?? 'Error',
      status: e.status,
      code: e.code,
      detail: e.detail,
      instance: req.url,
      errors: e.errors,
      ...e.extra,
      requestId: req.id,
    });
}

type Issue = { instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> };

function fieldPath(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  const path = parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  return context && context !== 'body' ? (path ? `${context}.${path}` : context) : path || context || 'body';
}

function validationErrors(err: FastifyError & { validation: Issue[]; validationContext?: string }): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of err.validation) {
    const base = fieldPath(err.validationContext, issue.instancePath ?? '');
    const keys = issue.keyword === 'unrecognized_keys' ? (issue.params?.keys as string[] | undefined) : undefined;
    if (keys?.length) {
      for (const k of keys) out.push({ field: base === 'body' ? k : `${base}.${k}`, code: 'UNKNOWN_FIELD', message: `Unknown field "${k}"` });
    } else {
      out.push({ field: base, code: issue.keyword.toUpperCase(), message: issue.message ?? 'Invalid value' });
    }
  }
  return out;
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or error handler runs — a
 * path segment longer than `maxParamLength` (414) or a broken %-escape (400) — answered as problem+json too.
 */
export function frameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, req, new AppError(414, 'URI_TOO_LONG', 'A path segment is longer than any id; check the URL'));
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    return sendProblem(reply, req, new AppError(400, 'BAD_URL', 'The URL is not valid: a %-escape in its path is broken'));
  }
  req.log.error({ err }, 'router error');
  return sendProblem(reply, req, new AppError(500, 'INTERNAL', 'Something went wrong on our side; nothing was saved. Try again.'));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendProblem(reply, req, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = validationErrors(err as any);
      const detail = `Invalid request: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
      return sendProblem(reply, req, new AppError(400, 'VALIDATION_FAILED', detail, errors));
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'unhandled error');
      return sendProblem(reply, req, new AppError(500, 'INTERNAL', 'Something went wrong on our side; nothing was saved. Try again.'));
    }
    const code = status === 429 ? 'RATE_LIMITED' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
    return sendProblem(reply, req, new AppError(status, code, err.message));
  });
  app.setNotFoundHandler((req, reply) => {
    // the web app's own routes (/merchant/…, /ops/…) are answered by its index.html
    if (req.method === 'GET' && !req.url.startsWith('/api/') && typeof reply.sendFile === 'function') {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(reply, req, new AppError(404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
  });
}
