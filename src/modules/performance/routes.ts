import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { read } from '../../http/exec.js';
import { Id, IdParams, PageQuery } from '../shared/schemas.js';
import { coachingOf } from './history.js';
import { rankScorecards, SORTS } from './ranking.js';
import { merchantScorecard, PERIODS } from './scorecard.js';

export const Days = z.enum(PERIODS.map(String) as [string, ...string[]]).transform(Number).optional()
  .describe('The period: the last 7, 30 or 90 days, today included (default 30)');

export async function performanceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['performance'];
  r.get('/api/merchants/:id/scorecard', {
    schema: {
      tags, params: IdParams, querystring: z.strictObject({ days: Days, warehouseId: Id.optional() }),
      summary: 'A merchant\'s scorecard from the daily rollups (MERCHANT: its own, no subtype; OPS, ADMIN: any, with the top causes)',
    },
  }, (req, reply) => read(req, reply, (ctx) => merchantScorecard(ctx, req.params.id, req.query)));
  r.get('/api/merchants/:id/coaching', {
    schema: { tags, params: IdParams, summary: 'Coaching levels per exception type and their history (MERCHANT: its own; OPS, ADMIN: any)' },
  }, (req, reply) => read(req, reply, (ctx) => coachingOf(ctx, req.params.id)));
  r.get('/api/scorecards', {
    schema: {
      tags, summary: '商家表现: merchants ranked by their scorecards (OPS, ADMIN)',
      querystring: z.strictObject({ ...PageQuery, days: Days, warehouseId: Id.optional(), sort: z.enum(SORTS).optional() }),
    },
  }, (req, reply) => read(req, reply, (ctx) => rankScorecards(ctx, req.query)));
}
