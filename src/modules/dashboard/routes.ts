import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { read } from '../../http/exec.js';
import { getDashboard } from './service.js';

export async function dashboardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/dashboard', {
    schema: {
      tags: ['dashboard'],
      summary: '运营看板 (OPS, ADMIN): exceptions by status, pending by type, overdue, decided in 7 days by plan, returns by status, replenishment awaiting the merchant, pending compensations, issued penalties',
    },
  }, (req, reply) => read(req, reply, (ctx) => getDashboard(ctx)));
}
