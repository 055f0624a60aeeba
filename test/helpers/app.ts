/** An app on a fresh database per suite, and a small HTTP client over app.inject. */
import { afterAll, beforeAll, describe } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Dialect } from '../../src/db/create-db.js';
import { buildApp } from '../../src/http/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { DIALECTS, openTestDb, type TestDb } from './db.js';
import type { Clock } from '../../src/modules/shared/context.js';
import type { PhotoStore } from '../../src/modules/photos/storage.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  text: string;
}

export interface Client {
  token?: string;
  get<T = any>(url: string, query?: Record<string, unknown>): Promise<Res<T>>;
  post<T = any>(url: string, body?: unknown, opts?: { idempotencyKey?: string }): Promise<Res<T>>;
  put<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  del<T = any>(url: string): Promise<Res<T>>;
}

export function client(app: FastifyInstance, token?: string): Client {
  const send = async (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      payload: payload === undefined ? undefined : (payload as object),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    let body: unknown = undefined;
    try { body = res.body ? JSON.parse(res.body) : undefined; } catch { body = res.body; }
    return { status: res.statusCode, body, headers: res.headers, text: res.body } as Res;
  };
  const qs = (q?: Record<string, unknown>) => {
    if (!q) return '';
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  return {
    token,
    get: (url, query) => send('GET', url + qs(query)),
    post: (url, body, opts) => send('POST', url, body, opts?.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
    put: (url, body) => send('PUT', url, body),
    del: (url) => send('DELETE', url),
  };
}

/** A clock tests can move (deadlines) without sleeping. */
export class TestClock implements Clock {
  constructor(private at = Date.now()) {}
  now() { return new Date(this.at); }
  advance(seconds: number) { this.at += seconds * 1000; }
}

export interface TestEnv {
  dialect: Dialect;
  app: FastifyInstance;
  db: TestDb;
  clock: TestClock;
  anon: Client;
  login(username: string, password: string): Promise<Client>;
  admin: Client;
}

/** `photos`: a photo store other than the data folder's (test/api/photo-storage.test.ts gives an s3rver bucket). */
export async function startTestApp(dialect: Dialect, opts: { trustProxy?: boolean; photos?: PhotoStore } = {}): Promise<TestEnv> {
  const db = await openTestDb(dialect);
  const clock = new TestClock();
  await ensureAdmin(db.handle, ADMIN_PASSWORD);
  // the tests' webhook receivers listen on 127.0.0.1; test/api/webhook-destinations.test.ts checks the refusal
  const app = await buildApp({ db: db.handle.db, dialect, dataDir: db.dataDir, clock, allowPrivateWebhookDestinations: true, ...opts });
  await app.ready();
  const login = async (username: string, password: string) => {
    const res = await client(app).post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    return client(app, res.body.token);
  };
  const env: TestEnv = { dialect, app, db, clock, anon: client(app), login, admin: undefined as unknown as Client };
  env.admin = await login('admin', ADMIN_PASSWORD);
  return env;
}

/**
 * Runs `body` once per available dialect, each with its own app and database.
 * `get()` returns the environment inside tests.
 */
export function eachDialect(name: string, body: (get: () => TestEnv) => void, opts: { trustProxy?: boolean } = {}): void {
  for (const d of DIALECTS) {
    const suite = d.enabled ? describe : describe.skip;
    suite(`${name} [${d.name}]`, () => {
      let env: TestEnv | undefined;
      beforeAll(async () => { env = await startTestApp(d.name, opts); });
      afterAll(async () => {
        if (!env) return;
        await env.app.close();
        await env.db.cleanup();
      });
      body(() => env!);
    });
  }
}
