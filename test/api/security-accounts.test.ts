/**
 * Accounts and sessions as an attacker and an administrator would try them: one token parser,
 * disabling, password reset and change, the session list, cookie sessions with CSRF, the password
 * policy, and the audit trail of all of it.
 */
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { ADMIN_PASSWORD, client, eachDialect, type Client, type TestEnv } from '../helpers/app.js';
import { ok } from '../helpers/world.js';

const PASSWORD = 'password-1234';
let seq = 0;

async function newUser(env: TestEnv, role = 'OPS') {
  const username = `u${++seq}-${Math.random().toString(36).slice(2, 8)}`;
  const user = ok(await env.admin.post('/api/admin/users', { username, password: PASSWORD, role }), 201);
  return { id: user.id as string, username, login: () => env.login(username, PASSWORD) };
}

async function inject(env: TestEnv, opts: { method?: string; url: string; headers?: Record<string, string>; payload?: object; remoteAddress?: string }) {
  const res = await env.app.inject({ method: (opts.method ?? 'GET') as 'GET', url: opts.url, headers: opts.headers, payload: opts.payload, remoteAddress: opts.remoteAddress });
  return { status: res.statusCode, headers: res.headers, body: res.body ? JSON.parse(res.body) : undefined, cookies: res.cookies };
}

/** A cookie session as the web app opens it: the cookie header and the CSRF token. */
async function cookieLogin(env: TestEnv, username: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const res = await inject(env, { method: 'POST', url: '/api/auth/login', payload: { username, password, session: 'cookie' }, headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const c = res.cookies[0];
  return { res, cookie: `${c.name}=${c.value}`, csrf: res.body.csrfToken as string, set: c };
}

eachDialect('security: accounts and sessions', (env) => {
  it('logout with odd whitespace or case in the header ends that very token', async () => {
    const u = await newUser(env());
    for (const shape of [(t: string) => `Bearer  ${t}`, (t: string) => `bearer ${t}`, (t: string) => `Bearer ${t}  `, (t: string) => `BEARER\t${t}`]) {
      const c = await u.login();
      const out = await inject(env(), { method: 'POST', url: '/api/auth/logout', headers: { authorization: shape(c.token!) } });
      expect(out.status).toBe(204);
      expect((await c.get('/api/auth/me')).status).toBe(401);
    }
    // anything that is not a bearer token is no credential at all
    for (const bad of ['Basic abc', 'Bearer', 'Bearer a b', 'Token x']) {
      expect((await inject(env(), { url: '/api/auth/me', headers: { authorization: bad } })).status).toBe(401);
    }
  });

  it('a disabled user\'s bearer token and cookie answer 401 at once; login says disabled; enabling lets them back', async () => {
    const u = await newUser(env());
    const bearer = await u.login();
    const web = await cookieLogin(env(), u.username);
    expect((await bearer.get('/api/exceptions')).status).toBe(200);
    expect((await inject(env(), { url: '/api/exceptions', headers: { cookie: web.cookie } })).status).toBe(200);
    const disabled = ok(await env().admin.post(`/api/admin/users/${u.id}/disable`, {}));
    expect(disabled).toMatchObject({ id: u.id, disabled: true });
    expect((await bearer.get('/api/exceptions')).status).toBe(401);
    expect((await inject(env(), { url: '/api/exceptions', headers: { cookie: web.cookie } })).status).toBe(401);
    const again = await env().anon.post('/api/auth/login', { username: u.username, password: PASSWORD });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('ACCOUNT_DISABLED');
    // a wrong password on a disabled account answers as any wrong password
    expect((await env().anon.post('/api/auth/login', { username: u.username, password: 'not-the-password' })).body.code).toBe('INVALID_CREDENTIALS');
    ok(await env().admin.post(`/api/admin/users/${u.id}/enable`, {}));
    expect((await (await u.login()).get('/api/exceptions')).status).toBe(200);
    const list = ok(await env().admin.get('/api/admin/users', { limit: 100 })).items;
    expect(list.find((x: { id: string }) => x.id === u.id)).toMatchObject({ disabled: false, mustChangePassword: false });
  });

  it('an ADMIN cannot disable itself; it may disable another ADMIN (the last-admin rule is raced in accounts-race)', async () => {
    const me = ok(await env().admin.get('/api/auth/me'));
    const self = await env().admin.post(`/api/admin/users/${me.id}/disable`, {});
    expect([self.status, self.body.code]).toEqual([422, 'CANNOT_DISABLE_SELF']);
    const other = await newUser(env(), 'ADMIN');
    const otherAdmin = await other.login();
    expect(ok(await env().admin.post(`/api/admin/users/${other.id}/disable`, {}))).toMatchObject({ disabled: true });
    expect((await otherAdmin.get('/api/admin/users')).status).toBe(401);
    // disabling a disabled user changes nothing and records nothing more
    ok(await env().admin.post(`/api/admin/users/${other.id}/disable`, {}));
    const disabledEvents = ok(await env().admin.get('/api/admin/audit', { action: 'DISABLED' })).items.filter((e: { documentId: string }) => e.documentId === other.id);
    expect(disabledEvents).toHaveLength(1);
    expect((await env().admin.post('/api/admin/users/zzz_0000000000000000000000/disable', {})).status).toBe(404);
  });

  it('a reset password forces a change before anything else; the old sessions end', async () => {
    const u = await newUser(env());
    const before = await u.login();
    const temp = 'temporary-pass-2026';
    expect(ok(await env().admin.post(`/api/admin/users/${u.id}/reset-password`, { temporaryPassword: temp }))).toMatchObject({ mustChangePassword: true });
    expect((await before.get('/api/exceptions')).status).toBe(401);
    const c = await env().login(u.username, temp);
    const blocked = await c.get('/api/exceptions');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(ok(await c.get('/api/auth/me'))).toMatchObject({ username: u.username, mustChangePassword: true });
    // the same policy: too short is refused by the schema, a common one by the list
    expect((await c.post('/api/auth/password', { currentPassword: temp, newPassword: 'short' })).status).toBe(400);
    const common = await c.post('/api/auth/password', { currentPassword: temp, newPassword: 'password1234' });
    expect([common.status, common.body.code]).toEqual([422, 'WEAK_PASSWORD']);
    ok(await c.post('/api/auth/password', { currentPassword: temp, newPassword: 'my-own-new-password' }));
    expect((await c.get('/api/exceptions')).status).toBe(200);
    expect(ok(await c.get('/api/auth/me')).mustChangePassword).toBe(false);
  });

  it('changing my password ends my other sessions, not this one; the current password is checked', async () => {
    const u = await newUser(env());
    const here = await u.login();
    const there = await u.login();
    const wrong = await here.post('/api/auth/password', { currentPassword: 'not-my-password', newPassword: 'another-good-password' });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'WRONG_PASSWORD']);
    expect(ok(await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another-good-password' }))).toEqual({ sessionsEnded: 1 });
    expect((await here.get('/api/exceptions')).status).toBe(200);
    expect((await there.get('/api/exceptions')).status).toBe(401);
    expect((await env().anon.post('/api/auth/login', { username: u.username, password: PASSWORD })).status).toBe(401);
    await env().login(u.username, 'another-good-password');
  });

  it('a user lists their sessions and ends another one; someone else\'s session id is not found', async () => {
    const u = await newUser(env());
    const a = await u.login();
    const b = await u.login();
    const sessions = ok(await a.get('/api/auth/sessions')).items;
    expect(sessions).toHaveLength(2);
    const mine = sessions.find((s: { current: boolean }) => s.current);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    expect(mine).toMatchObject({ kind: 'bearer', ip: expect.any(String) });
    const stranger = await (await newUser(env())).login();
    expect((await stranger.del(`/api/auth/sessions/${other.id}`)).status).toBe(404);
    expect((await b.get('/api/exceptions')).status).toBe(200);
    expect((await a.del(`/api/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await b.get('/api/exceptions')).status).toBe(401);
    expect(ok(await a.get('/api/auth/sessions')).items.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    // an ADMIN sees and ends a user's sessions
    expect(ok(await env().admin.get(`/api/admin/users/${u.id}/sessions`)).items).toHaveLength(1);
    expect(ok(await env().admin.del(`/api/admin/users/${u.id}/sessions`))).toEqual({ sessionsEnded: 1 });
    expect((await a.get('/api/exceptions')).status).toBe(401);
  });

  it('cookie session: HttpOnly, SameSite=Lax, no token in the answer; writes need the CSRF token', async () => {
    const u = await newUser(env(), 'ADMIN');
    const web = await cookieLogin(env(), u.username);
    expect(web.res.body.token).toBeUndefined();
    expect(web.set).toMatchObject({ name: 'tally-session', httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(web.set.secure).toBeFalsy();
    expect(ok({ status: 200, body: (await inject(env(), { url: '/api/auth/me', headers: { cookie: web.cookie } })).body } as never)).toMatchObject({ session: { csrfToken: web.csrf, kind: 'cookie' } });
    const write = { method: 'POST', url: '/api/admin/merchants', payload: { name: 'CSRF check' } };
    const none = await inject(env(), { ...write, headers: { cookie: web.cookie } });
    expect([none.status, none.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const forged = await inject(env(), { ...write, headers: { cookie: web.cookie, 'x-csrf-token': 'guess' } });
    expect(forged.status).toBe(403);
    const good = await inject(env(), { ...write, headers: { cookie: web.cookie, 'x-csrf-token': web.csrf } });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    // logout clears the cookie and ends the session
    const out = await inject(env(), { method: 'POST', url: '/api/auth/logout', headers: { cookie: web.cookie, 'x-csrf-token': web.csrf } });
    expect(out.status).toBe(204);
    expect(out.cookies[0]).toMatchObject({ name: 'tally-session', value: '' });
    expect((await inject(env(), { url: '/api/auth/me', headers: { cookie: web.cookie } })).status).toBe(401);
  });

  it('the one password policy: user creation refuses a common password and a short one', async () => {
    const common = await env().admin.post('/api/admin/users', { username: `weak-${seq++}`, password: 'password1234', role: 'OPS' });
    expect([common.status, common.body.code]).toEqual([422, 'WEAK_PASSWORD']);
    const short = await env().admin.post('/api/admin/users', { username: `short-${seq++}`, password: 'abc123xyz', role: 'OPS' });
    expect(short.status).toBe(400);
    const reset = await env().admin.post(`/api/admin/users/${(await newUser(env())).id}/reset-password`, { temporaryPassword: 'qwertyuiop' });
    expect([reset.status, reset.body.code]).toEqual([422, 'WEAK_PASSWORD']);
  });

  it('sessions end after the idle timeout and the absolute lifetime (settings); the cleanup job forgets them', async () => {
    const u = await newUser(env());
    const c = await u.login();
    const settings = ok(await env().admin.get('/api/settings'));
    expect(settings).toMatchObject({ sessionIdleSeconds: 4 * 3600, sessionAbsoluteSeconds: 12 * 3600 });
    // used every 3 h, a session outlives the 4 h idle timeout, but not the 12 h lifetime
    for (let h = 3; h <= 9; h += 3) {
      env().clock.advance(3 * 3600);
      expect((await c.get('/api/exceptions')).status, `after ${h} h`).toBe(200);
    }
    env().clock.advance(3 * 3600 + 1);
    expect((await c.get('/api/exceptions')).status).toBe(401);
    // a session left alone ends at the idle timeout
    const idle = await u.login();
    env().clock.advance(4 * 3600 + 1);
    expect((await idle.get('/api/exceptions')).status).toBe(401);
    const { sessionCleanupJob } = await import('../../src/jobs/session-cleanup.js');
    const { runDueJobs } = await import('../../src/jobs/scheduler.js');
    const left = () => env().db.handle.db.selectFrom('sessions').select('id').where('userId', '=', u.id).execute();
    // the lifetime-expired one was forgotten when the user logged in again; the idle one is left
    expect((await left()).length).toBe(1);
    await runDueJobs({ db: env().db.handle.db, dialect: env().dialect, clock: env().clock, dataDir: env().db.dataDir }, [sessionCleanupJob]);
    expect(await left()).toEqual([]);
    // the suite's other clients logged in before the clock moved
    env().admin = await env().login('admin', ADMIN_PASSWORD);
  });

  it('events are append-only: UPDATE and DELETE are refused by the database', async () => {
    const db = env().db.handle.db;
    const row = await db.selectFrom('events').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(sql`update events set action = 'FORGED' where id = ${row.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from events where id = ${row.id}`.execute(db)).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('events').select('action').where('id', '=', row.id).executeTakeFirst()).toBeDefined();
  });

  it('the audit trail has logins, failed logins, logouts, account changes and master data, with IPs; CSV export; ADMIN only', async () => {
    const u = await newUser(env());
    const c = await u.login();
    await env().anon.post('/api/auth/login', { username: u.username, password: 'wrong-password-here' });
    ok(await env().admin.post(`/api/admin/users/${u.id}/reset-password`, { temporaryPassword: 'temporary-pass-2026' }));
    expect((await c.get('/api/exceptions')).status).toBe(401);
    const d = await env().login(u.username, 'temporary-pass-2026');
    ok(await d.post('/api/auth/password', { currentPassword: 'temporary-pass-2026', newPassword: 'my-own-new-password' }));
    expect((await d.post('/api/auth/logout')).status).toBe(204);
    const merchant = ok(await env().admin.post('/api/admin/merchants', { name: '=HYPERLINK("x")' }), 201);

    const trail = ok(await env().admin.get('/api/admin/audit', { limit: 100 })).items as { action: string; documentType: string; documentId: string; actor: { name: string }; ip: string | null; data: Record<string, unknown> }[];
    const about = trail.filter((e) => e.documentId === u.id || e.actor.name === u.username);
    expect(about.map((e) => `${e.documentType}.${e.action}`).reverse()).toEqual([
      'user.CREATED', 'session.LOGIN', 'user.LOGIN_FAILED', 'user.PASSWORD_RESET', 'session.LOGIN', 'user.PASSWORD_CHANGED', 'session.LOGOUT',
    ]);
    expect(about.every((e) => typeof e.ip === 'string' && e.ip.length > 0)).toBe(true);
    expect(about.find((e) => e.action === 'CREATED')!.data).not.toHaveProperty('password');
    expect(trail.find((e) => e.documentId === merchant.id)).toMatchObject({ documentType: 'merchant', action: 'CREATED' });
    const failed = ok(await env().admin.get('/api/admin/audit', { action: 'LOGIN_FAILED', actor: u.username })).items;
    expect(failed).toHaveLength(1);
    expect(failed[0].actor).toMatchObject({ name: u.username, role: 'ANONYMOUS' });

    const csv = await env().app.inject({ url: '/api/admin/audit/export?documentType=merchant', headers: { authorization: `Bearer ${env().admin.token}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain(merchant.id);
    expect(csv.body).not.toMatch(/,=HYPERLINK/); // a name a spreadsheet would run is quoted as text
    expect((await c.get('/api/admin/audit')).status).toBe(401);
    expect((await (await newUser(env())).login().then((x: Client) => x.get('/api/admin/audit'))).status).toBe(403);
  });
});

eachDialect('security: trusted proxy', (env) => {
  it('behind TALLY_TRUST_PROXY with X-Forwarded-Proto https: __Host- cookie, Secure, HSTS; the forwarded client IP is recorded', async () => {
    const u = await newUser(env());
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
    const web = await cookieLogin(env(), u.username, PASSWORD, https);
    expect(web.set).toMatchObject({ name: '__Host-tally-session', secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(web.set.domain).toBeUndefined();
    expect(web.res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const me = await inject(env(), { url: '/api/auth/sessions', headers: { ...https, cookie: web.cookie } });
    expect(me.body.items[0]).toMatchObject({ ip: '203.0.113.7', kind: 'cookie' });
    // plain http: no HSTS
    expect((await inject(env(), { url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
  });
}, { trustProxy: true });

eachDialect('security: headers', (env) => {
  it('every answer carries CSP without inline script, frame-ancestors none, nosniff and a Referrer-Policy; no HSTS over http', async () => {
    for (const url of ['/', '/api/health', '/api/exceptions', '/login']) {
      const res = await client(env().app).get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    // without a trusted proxy, X-Forwarded-Proto is not believed
    const res = await inject(env(), { url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
