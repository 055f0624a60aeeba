import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { read } from '../../http/exec.js';
import { Id } from '../shared/schemas.js';
import { getDashboard } from './service.js';
import { getDashboardTrend, TREND_WEEKS } from './trend.js';

export async function dashboardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/dashboard', {
    schema: {
      tags: ['dashboard'],
      summary: '运营看板 (OPS, ADMIN): exceptions by status, pending by type, overdue, decided in 7 days by plan, returns by status, replenishment awaiting the merchant, pending compensations, issued penalties',
    },
  }, (req, reply) => read(req, reply, (ctx) => getDashboard(ctx)));
  r.get('/api/dashboard/trend', {
    schema: {
      tags: ['dashboard'],
      querystring: z.strictObject({ warehouseId: Id.optional() }),
      summary: `运营看板 trend (OPS, ADMIN), from the daily rollups only: the last ${TREND_WEEKS} weeks (exceptions registered and by type, exception rate of arrived units, decided, completed) and the Pareto of causes (subtypes: count, share, cumulative %), for one warehouse or all`,
    },
  }, (req, reply) => read(req, reply, (ctx) => getDashboardTrend(ctx, req.query)));
}
