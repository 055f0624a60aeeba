/**
 * The reliability harness talks to Tally through one small transport: `app.inject` in-process (fuzz,
 * storm, and the slice inside `npm test`) or real HTTP to a child server (crash). Clients have the
 * shape of test/helpers/app.ts's Client, so a World seeded by test/helpers/world.ts fits as is.
 */
import type { FastifyInstance } from 'fastify';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  text: string;
}

export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as is (a string or bytes); objects are sent as JSON. */
  payload?: string | Buffer | object;
}

export type Transport = (req: RawRequest) => Promise<Res>;

export interface Client {
  token?: string;
  get<T = any>(url: string, query?: Record<string, unknown>): Promise<Res<T>>;
  post<T = any>(url: string, body?: unknown, opts?: { idempotencyKey?: string }): Promise<Res<T>>;
  put<T = any>(url: string, body?: unknown): Promise<Res<T>>;
  del<T = any>(url: string): Promise<Res<T>>;
}

const parse = (status: number, text: string, headers: Record<string, unknown>): Res => {
  let body: unknown;
  try { body = text ? JSON.parse(text) : undefined; } catch { body = text; }
  return { status, body, headers, text };
};

export function injectTransport(app: FastifyInstance): Transport {
  return async (r) => {
    const res = await app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.payload as any });
    return parse(res.statusCode, res.body, res.headers);
  };
}

/** Real HTTP; a connection that breaks (the server was killed) rejects with the cause. */
export function httpTransport(base: () => string, timeoutMs = 15_000): Transport {
  return async (r) => {
    const body = r.payload === undefined ? undefined : typeof r.payload === 'string' || Buffer.isBuffer(r.payload) ? r.payload : JSON.stringify(r.payload);
    const headers = { ...(body !== undefined && typeof r.payload === 'object' && !Buffer.isBuffer(r.payload) ? { 'content-type': 'application/json' } : {}), ...r.headers };
    const res = await fetch(base() + r.url, { method: r.method, headers, body: body as BodyInit | undefined, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return parse(res.status, text, Object.fromEntries(res.headers));
  };
}

export function clientOf(send: Transport, token?: string): Client {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const qs = (q?: Record<string, unknown>) => {
    if (!q) return '';
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const json = (body: unknown) => (body === undefined ? undefined : (body as object));
  return {
    token,
    get: (url, query) => send({ method: 'GET', url: url + qs(query), headers: auth }),
    post: (url, body, opts) => send({ method: 'POST', url, headers: { ...auth, ...(opts?.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}) }, payload: json(body) }),
    put: (url, body) => send({ method: 'PUT', url, headers: auth, payload: json(body) }),
    del: (url) => send({ method: 'DELETE', url, headers: auth }),
  };
}

export function ok<T = any>(res: Res<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res.body;
}
