/**
 * The one way the web app reaches data: JSON over /api. The session is an HttpOnly cookie the page
 * never sees; writes carry the session's CSRF token (from login or GET /auth/me), kept in memory
 * only — nothing about the session is in localStorage or sessionStorage. Problems become ApiError.
 */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

export function setCsrfToken(next: string | null) {
  csrfToken = next;
}

/** Whether writes can be sent: false after an offline start, until the server has told the session's token. */
export const canWrite = () => csrfToken !== null;

export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function toSearch(q?: Query): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  // every write carries a fresh key so a retried click or a flaky network cannot apply it twice
  if (method !== 'GET') headers['idempotency-key'] = idempotencyKey ?? crypto.randomUUID();
  const res = await fetch(`/api${path}${toSearch(query)}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiError(res.status, data?.code ?? 'HTTP_ERROR', data?.detail ?? res.statusText, data?.errors ?? []);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  /** A write whose key the caller keeps (a queued scan sent again must book once). */
  postOnce: <T>(path: string, body: unknown, idempotencyKey: string) => request<T>('POST', path, body, undefined, idempotencyKey),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
