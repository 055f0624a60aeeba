import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../http/auth.js';
import { loadSettings } from '../settings/service.js';
import { catalogFor } from './service.js';

export async function catalogRoutes(app: FastifyInstance) {
  app.get('/api/catalog', { schema: { tags: ['catalog'], summary: 'Types, subtypes, plans, effects, labels, task categories, statuses' } },
    async (req) => catalogFor(requireActor(req), (await loadSettings(app.tally.db)).orderTypeMatrix));
}
