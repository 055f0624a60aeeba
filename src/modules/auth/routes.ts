import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec } from '../../http/exec.js';
import { clearSessionCookie, credentialOf, requireActor, sessionOf, setSessionCookie } from '../../http/auth.js';
import { authenticate } from './sessions.js';
import { Id } from '../shared/schemas.js';
import { MAX_PASSWORD_LENGTH, NewPassword } from './password-policy.js';
import { changePassword, endMySession, login, logout, mySessions, toUserView } from './service.js';

const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  /** `cookie`: the web app's HttpOnly cookie session (the token is not in the answer); default `bearer`. */
  session: z.enum(['bearer', 'cookie']).optional(),
});

const PasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: NewPassword,
});

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  r.post('/api/auth/login', {
    schema: { tags, summary: 'Log in: a bearer token for API clients, or the web app\'s cookie session', body: LoginBody },
    config: { public: true },
  }, async (req, reply) => {
    const s = await login({ db: app.tally.db, clock: app.tally.clock, ip: req.ip, userAgent: req.headers['user-agent'] }, req.body);
    if (req.body.session === 'cookie') {
      setSessionCookie(req, reply, s.token, s.expiresAt);
      return { expiresAt: s.expiresAt, csrfToken: s.csrfToken, user: s.user };
    }
    return { token: s.token, expiresAt: s.expiresAt, user: s.user };
  });

  r.post('/api/auth/logout', { schema: { tags, summary: 'End this session' }, config: { beforePasswordChange: true } }, async (req, reply) => {
    clearSessionCookie(req, reply);
    return exec(req, reply, (ctx) => logout(ctx), 204);
  });

  // the web app asks this on load: no session is an answer, not an error (a 401 would be a console error)
  r.get('/api/auth/session', { schema: { tags, summary: 'The caller\'s session, or { user: null }' }, config: { public: true } }, async (req) => {
    const cred = credentialOf(req);
    const actor = cred && (await authenticate(app.tally.db, app.tally.clock, cred.token));
    if (!actor) return { user: null };
    const user = await app.tally.db.selectFrom('users').selectAll().where('id', '=', actor.id!).executeTakeFirstOrThrow();
    return { user: toUserView(user), session: { id: actor.session.id, kind: actor.session.kind, csrfToken: actor.session.csrfToken } };
  });

  r.get('/api/auth/me', { schema: { tags, summary: 'Who am I, and this session\'s CSRF token for cookie writes' }, config: { beforePasswordChange: true } }, async (req) => {
    const actor = requireActor(req);
    const user = await app.tally.db.selectFrom('users').selectAll().where('id', '=', actor.id!).executeTakeFirstOrThrow();
    const session = sessionOf(req);
    return { ...toUserView(user), session: { id: session.id, kind: session.kind, csrfToken: session.csrfToken } };
  });

  r.post('/api/auth/password', {
    schema: { tags, summary: 'Change my password; my other sessions end', body: PasswordBody },
    config: { beforePasswordChange: true },
  }, (req, reply) => exec(req, reply, (ctx) => changePassword(ctx, req.body)));

  r.get('/api/auth/sessions', { schema: { tags, summary: 'My sessions' } },
    (req, reply) => exec(req, reply, (ctx) => mySessions(ctx)));
  r.delete('/api/auth/sessions/:id', { schema: { tags, summary: 'End one of my sessions', params: z.strictObject({ id: Id }) } },
    (req, reply) => exec(req, reply, (ctx) => endMySession(ctx, req.params.id), 204));
}
