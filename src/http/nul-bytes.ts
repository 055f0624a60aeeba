/**
 * Text never carries NUL: PostgreSQL refuses it in text columns and SQLite would store it, so both
 * dialects answer the same 400 naming the field, before any use case runs.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';

function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findNul(v, `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function rejectNulBytes(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const field = findNul(req.body, '') ?? findNul(req.query, 'query') ?? findNul(req.params, 'params');
    if (field !== undefined) {
      const name = field || 'body';
      throw new AppError(400, 'VALIDATION_FAILED', `${name} contains a NUL character`, [
        { field: name, code: 'NUL_CHARACTER', message: 'Text may not contain NUL (\\u0000)' },
      ]);
    }
  });
}
