/**
 * Failed-login throttling (src/modules/auth/throttle.ts) as an attacker would meet it: spraying
 * usernames from one address, guessing one account from one address or from many, across two
 * instances on one database — while the victim logs in from their own address.
 */
import { expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { ACCOUNT_IP_LIMIT, ACCOUNT_LIMIT, IP_LIMIT, MAX_ACCOUNT_DELAY_SECONDS, THROTTLE_WINDOW_SECONDS } from '../../src/modules/auth/throttle.js';
import { eachDialect, type TestEnv } from '../helpers/app.js';
import { ok } from '../helpers/world.js';

const PASSWORD = 'password-1234';
let seq = 0;

async function victim(env: TestEnv) {
  const username = `victim${++seq}-${Math.random().toString(36).slice(2, 8)}`;
  ok(await env.admin.post('/api/admin/users', { username, password: PASSWORD, role: 'OPS' }), 201);
  return username;
}

const login = async (app: TestEnv['app'], username: string, password: string, ip: string) => {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
  return { status: res.statusCode, retryAfter: res.headers['retry-after'], code: res.json().code as string | undefined };
};

eachDialect('security: login throttling', (env) => {
  it(`${IP_LIMIT} usernames sprayed from one address: that address is throttled, the victim logs in from another`, async () => {
    const name = await victim(env());
    const attacker = '198.51.100.10';
    for (let i = 0; i < IP_LIMIT; i++) {
      expect((await login(env().app, `sprayed-${seq}-${i}`, 'Winter2026!', attacker)).status).toBe(401);
    }
    const next = await login(env().app, name, PASSWORD, attacker);
    expect([next.status, next.code]).toEqual([429, 'TOO_MANY_LOGIN_ATTEMPTS']);
    expect(Number(next.retryAfter)).toBeGreaterThan(0);
    expect(Number(next.retryAfter)).toBeLessThanOrEqual(THROTTLE_WINDOW_SECONDS);
    expect((await login(env().app, name, PASSWORD, '192.0.2.55')).status).toBe(200);
  });

  it(`${ACCOUNT_IP_LIMIT} wrong passwords for one account from one address block that pair only`, async () => {
    const name = await victim(env());
    const attacker = '198.51.100.20';
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++) expect((await login(env().app, name, `guess-${i}-xxxx`, attacker)).status).toBe(401);
    // even the right password from the attacker's address waits…
    expect((await login(env().app, name, PASSWORD, attacker)).status).toBe(429);
    // …the victim's own address is not blocked, and another account from the attacker's address is not either
    expect((await login(env().app, name, PASSWORD, '192.0.2.56')).status).toBe(200);
    const other = await victim(env());
    expect((await login(env().app, other, PASSWORD, attacker)).status).toBe(200);
    // the window passes: the pair may try again
    env().clock.advance(THROTTLE_WINDOW_SECONDS + 1);
    expect((await login(env().app, name, PASSWORD, attacker)).status).toBe(200);
  });

  it('an account guessed from many addresses gets a growing delay, capped, never a lock; counters hold across instances', async () => {
    const name = await victim(env());
    // a second instance on the same database, as behind a load balancer
    const second = await buildApp({ db: env().db.handle.db, dialect: env().dialect, dataDir: env().db.dataDir, clock: env().clock });
    try {
      for (let i = 0; i < ACCOUNT_LIMIT; i++) {
        const app = i % 2 ? second : env().app;
        expect((await login(app, name, `guess-${i}-yyyy`, `203.0.113.${i + 1}`)).status).toBe(401);
      }
      // the next try, from a fresh address on either instance, waits 2^0 = 1 s after the last failure
      const first = await login(second, name, PASSWORD, '203.0.113.200');
      expect([first.status, first.retryAfter]).toEqual([429, '1']);
      env().clock.advance(1);
      expect((await login(env().app, name, 'wrong-again-zzzz', '203.0.113.201')).status).toBe(401);
      const grown = await login(env().app, name, PASSWORD, '203.0.113.202');
      expect([grown.status, grown.retryAfter]).toEqual([429, '2']);
      // many more failures: the delay stops growing at the cap
      for (let i = 0; i < 12; i++) {
        env().clock.advance(MAX_ACCOUNT_DELAY_SECONDS);
        expect((await login(second, name, `more-${i}-guesses`, `203.0.113.${100 + i}`)).status).toBe(401);
      }
      const capped = await login(env().app, name, PASSWORD, '203.0.113.250');
      expect([capped.status, Number(capped.retryAfter)]).toEqual([429, MAX_ACCOUNT_DELAY_SECONDS]);
      env().clock.advance(MAX_ACCOUNT_DELAY_SECONDS);
      expect((await login(second, name, PASSWORD, '203.0.113.251')).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
