import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login, logout } from './service.js';
import { requireActor } from '../../http/auth.js';

const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Log in and receive a bearer token', body: LoginBody },
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req: any) => `${req.ip}|${String(req.body?.username ?? '')}` } },
  }, async (req) => login(app.tally.db, app.tally.clock, req.body.username, req.body.password));

  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End this token' } }, async (req, reply) => {
    requireActor(req);
    await logout(app.tally.db, req.headers.authorization!.slice(7));
    return reply.code(204).send();
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'Who am I' } }, async (req) => requireActor(req));
}
