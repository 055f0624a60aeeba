/**
 * Refusals that come before the query or body is validated, so that what a caller may not send
 * gets one answer whatever its value: a merchant must not learn which subtype codes exist from a
 * 400 for a wrong code beside a 403/422 for a real one (SPEC §2: a merchant never sees a subtype).
 * Fastify runs these `preValidation` hooks after authentication (onRequest) and before the schema.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { requireRole } from '../modules/shared/access.js';
import type { Role } from '../modules/shared/context.js';
import { requireActor } from './auth.js';

/** Only these roles may call the route: anyone else gets the 403 before the body is read. */
export const rolesFirst = (...roles: Role[]) => async (req: FastifyRequest) => {
  requireRole(requireActor(req), ...roles);
};

/**
 * A merchant sending query parameter `name` (any value, empty included) gets 422 FILTER_NOT_ALLOWED.
 * The answer's `instance` is the path alone, so not even the echoed value differs.
 */
export const notForMerchants = (name: string) => async (req: FastifyRequest) => {
  if (requireActor(req).role !== 'MERCHANT' || !Object.hasOwn(req.query as object, name)) return;
  const detail = 'Unknown filter';
  throw new AppError(422, 'FILTER_NOT_ALLOWED', detail, [{ field: name, code: 'FILTER_NOT_ALLOWED', message: detail }], { instance: req.url.split('?')[0] });
};
