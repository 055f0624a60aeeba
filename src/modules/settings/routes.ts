import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exec, read } from '../../http/exec.js';
import { SettingsBody, getSettings, updateSettings } from './service.js';

export async function settingsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  r.get('/api/settings', { schema: { tags, summary: 'Deadlines (seconds), penalty rule, return default, plan × order-type matrix (ADMIN, OPS)' } },
    (req, reply) => read(req, reply, (ctx) => getSettings(ctx)));
  r.put('/api/settings', { schema: { tags, summary: 'Change settings (ADMIN, OPS); fields left out keep their value, read-only ones (updatedAt, updatedBy, defaults) are ignored', body: SettingsBody } },
    (req, reply) => exec(req, reply, (ctx) => updateSettings(ctx, req.body)));
}
