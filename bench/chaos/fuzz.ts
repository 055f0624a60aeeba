/**
 * Fuzz: bad and hostile requests generated with fast-check across every route of the OpenAPI
 * document and every role. Every write carries at least one "poison" that must get it refused
 * (no or a forged token, another tenant's document, an id that names nothing, a field of the wrong
 * JSON type, a malformed or oversized body, a bad Idempotency-Key); reads may also be valid. The
 * answers must never be 5xx, every refusal must be problem+json, and the database digest must not move.
 */
import fc from 'fast-check';
import type { Res, Transport } from './client.js';

export type Role = 'anon' | 'forged' | 'admin' | 'ops' | 'merchantA' | 'merchantB' | 'whA' | 'whB';

export interface FuzzTarget {
  send: Transport;
  tokens: Partial<Record<Role, string>>;
  /** Document ids by resource (path segment after /api/), each with the tenant it belongs to. */
  docs: Record<string, { id: string; tenant: 'A' | 'B' }[]>;
}

interface Route { method: string; path: string; params: string[]; query: string[]; body?: any; resource: string }

/** Routes from the app's own OpenAPI document; logout is left out (it ends the fuzzer's own sessions). */
export async function routesOf(send: Transport, token: string): Promise<Route[]> {
  const res = await send({ method: 'GET', url: '/api/openapi.json', headers: { authorization: `Bearer ${token}` } });
  const doc = res.body as { paths: Record<string, Record<string, any>> };
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (path === '/api/auth/logout') continue;
      const params = (op.parameters ?? []) as { in: string; name: string }[];
      out.push({
        method: method.toUpperCase(), path,
        params: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
        resource: path.split('/')[2] ?? '',
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- hostile values

export const INJECTIONS = [
  "' OR '1'='1", "'; DROP TABLE exceptions; --", '" OR ""="', '1; SELECT pg_sleep(5)', "' UNION SELECT password_hash FROM users --",
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '${jndi:ldap://x/a}', '{{7*7}}', '../../../../etc/passwd',
  '%00', '\\u0000', 'NaN', 'Infinity', '-0', '1e309', '0x7fffffff', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor',
  '😀👨‍👩‍👧‍👦', '‮RTL‬', '测试中文备注', 'é'.normalize('NFD'), '\u200b\u200b', 'a'.repeat(300), 'exc_00000000000000000000zz', 'dn_' + 'z'.repeat(22),
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1001, max: 12000 }).map((n) => 'x'.repeat(n)) },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1.5, -0.0001, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2147483648),
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileScalar = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'skuId', 'qty', 'id'), hostileScalar, { maxKeys: 3 }) },
);

/** A value of a JSON type the schema does not allow: refused by validation whatever it is. */
function wrongType(schema: any): fc.Arbitrary<unknown> {
  const t = schema?.type ?? (schema?.enum ? 'string' : schema?.oneOf || schema?.anyOf ? 'mixed' : 'object');
  const notString = fc.oneof(hostileNumber, fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }));
  const notNumber = fc.oneof(hostileString.filter((s) => s.trim() === '' || Number.isNaN(Number(s))), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  switch (t) {
    case 'string': return schema?.enum ? fc.oneof(notString, fc.constantFrom('NOPE', 'shortage', 'SHORTAGE ', '')) : notString;
    case 'integer': return fc.oneof(notNumber, fc.constantFrom(1.5, -1, 2 ** 31, 1e308, 0.1));
    case 'number': return notNumber;
    case 'boolean': return fc.oneof(hostileNumber, fc.constantFrom('true', 'yes', 1, 0), fc.array(fc.boolean(), { maxLength: 2 }));
    case 'array': return fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
    default: return fc.oneof(fc.integer(), fc.constant(true), fc.array(fc.constant(1), { maxLength: 1 }));
  }
}

function propsOf(schema: any): Record<string, any> {
  if (!schema) return {};
  const variants = schema.oneOf ?? schema.anyOf ?? [schema];
  return Object.assign({}, ...variants.map((v: any) => v?.properties ?? {}));
}

// ---------------------------------------------------------------- requests

type Poison = 'none' | 'noAuth' | 'forgedAuth' | 'foreignId' | 'unknownId' | 'wrongType' | 'unknownField' | 'notObject' | 'badJson' | 'wrongContentType' | 'oversized' | 'badIdempotencyKey' | 'badQueryVersion';

export interface FuzzRequest {
  label: string;
  /** The route template, e.g. POST /api/exceptions/{id}/decide. */
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  write: boolean;
}

interface Spec {
  route: number;
  role: Role;
  poison: Poison;
  idPick: number;
  hostileId: string;
  bodyValues: unknown[];
  wrong: number;
  queryValues: unknown[];
  extra: unknown;
}

/** How often each poison is drawn: most requests get past authentication and into validation and access checks. */
const POISON_WEIGHTS: [Poison, number][] = [
  ['noAuth', 2], ['forgedAuth', 2], ['foreignId', 8], ['unknownId', 5], ['wrongType', 10], ['unknownField', 4],
  ['notObject', 2], ['badJson', 2], ['wrongContentType', 2], ['oversized', 1], ['badIdempotencyKey', 2], ['badQueryVersion', 2],
];
const ROLE_WEIGHTS: [Role, number][] = [['anon', 1], ['forged', 1], ['admin', 2], ['ops', 3], ['merchantA', 3], ['merchantB', 3], ['whA', 3], ['whB', 3]];
const weighted = <T>(list: [T, number][]) => fc.oneof(...list.map(([v, weight]) => ({ weight, arbitrary: fc.constant(v) })));

export function requestArbitrary(routes: Route[], t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    route: fc.nat(routes.length - 1),
    role: weighted(ROLE_WEIGHTS),
    poison: weighted(POISON_WEIGHTS),
    idPick: fc.nat(1000),
    hostileId: hostileString,
    bodyValues: fc.array(hostileValue, { minLength: 12, maxLength: 12 }),
    wrong: fc.nat(50),
    queryValues: fc.array(hostileValue, { minLength: 8, maxLength: 8 }),
    extra: hostileValue,
  }).chain((s) => {
    const r = routes[s.route];
    const write = r.method !== 'GET';
    const propsArb = wrongType(Object.values(propsOf(r.body))[s.wrong % Math.max(1, Object.keys(propsOf(r.body)).length)]);
    return propsArb.map((wrongValue) => build(r, s as Spec, t, write, wrongValue));
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'null');

function build(r: Route, s: Spec, t: FuzzTarget, write: boolean, wrongValue: unknown): FuzzRequest {
  let poison = s.poison;
  // poisons that need something the route lacks fall back to one that always applies (a read needs none)
  const fallback = (p: Poison): Poison => (write ? p : 'none');
  if (poison === 'foreignId' && (!r.params.length || !['merchantA', 'merchantB', 'whA', 'whB'].includes(s.role))) poison = 'unknownId';
  if (poison === 'unknownId' && !r.params.length) poison = fallback(r.body ? 'wrongType' : 'forgedAuth');
  if ((poison === 'wrongType' || poison === 'unknownField' || poison === 'notObject') && !r.body) poison = r.params.length ? 'unknownId' : fallback('badJson');
  if (poison === 'badQueryVersion' && !r.query.includes('version')) poison = r.params.length ? 'unknownId' : fallback('forgedAuth');
  if (poison === 'badIdempotencyKey' && !write) poison = 'none';
  // a body the route may go without (none, or nullable) is not read at all under a content type it does not parse
  if (poison === 'wrongContentType' && (!r.body || r.body.nullable)) poison = 'badJson';

  let role = s.role;
  if (poison === 'noAuth') role = 'anon';
  if (poison === 'forgedAuth') role = 'forged';
  const headers: Record<string, string> = {};
  if (role === 'forged') headers.authorization = `Bearer ${str(s.extra).slice(0, 3000)}`;
  else if (role !== 'anon' && t.tokens[role]) headers.authorization = `Bearer ${t.tokens[role]}`;

  // path ids: a real document (own or other tenant's) unless the poison says otherwise
  const pool = t.docs[r.resource] ?? [];
  const tenant = role.endsWith('A') ? 'A' : role.endsWith('B') ? 'B' : undefined;
  const pick = (list: typeof pool) => (list.length ? list[s.idPick % list.length].id : undefined);
  let id: string | undefined;
  if (poison === 'foreignId') id = pick(pool.filter((d) => tenant && d.tenant !== tenant));
  else if (poison === 'unknownId') id = s.hostileId || '%20';
  else id = s.idPick % 5 === 0 ? s.hostileId || 'x' : pick(pool) ?? s.hostileId;
  if (poison === 'foreignId' && !id) { id = s.hostileId || 'x'; poison = 'unknownId'; }
  let path = r.path;
  // now and then an id that is not even a valid URL component (a broken %-escape)
  const raw = r.params.length && s.idPick % 13 === 0 ? ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80'][s.wrong % 5] : undefined;
  for (const p of r.params) path = path.replace(`{${p}}`, raw ?? encodeURIComponent(id ?? 'x'));

  // query: hostile values for known keys, sometimes an unknown key
  const q = new URLSearchParams();
  r.query.forEach((k, i) => { if (s.queryValues[i % 8] !== undefined && (i + s.idPick) % 3 !== 0) q.set(k, str(s.queryValues[i % 8])); });
  if (poison === 'badQueryVersion') q.set('version', str(typeof wrongValue === 'number' ? 'v' + wrongValue : wrongValue) || 'abc');
  if (s.idPick % 7 === 0) q.set(`unknown_${s.idPick % 3}`, str(s.extra).slice(0, 200));
  const qs = q.toString();
  const url = path + (qs ? `?${qs}` : '');

  let payload: string | Buffer | undefined;
  if (write) {
    const props = Object.keys(propsOf(r.body));
    const body: Record<string, unknown> = {};
    props.forEach((k, i) => { if ((s.idPick + i) % 4 !== 0) body[k] = s.bodyValues[i % 12]; });
    if (poison === 'wrongType' && props.length) body[props[s.wrong % props.length]] = wrongValue;
    if (poison === 'wrongType' && !props.length) body.unexpected = wrongValue;
    if (poison === 'unknownField') body[`unknown_${s.wrong}`] = s.extra ?? 1;
    headers['content-type'] = 'application/json';
    if (poison === 'notObject') payload = JSON.stringify(s.bodyValues[0] === null ? 'null-ish' : Array.isArray(s.bodyValues[0]) ? s.bodyValues[0] : [s.bodyValues[0]]);
    else if (poison === 'badJson') payload = ['{', '{"a":', "{'single': 1}", '{"a":1,}', '\u0000', 'nul\u0000l', '[1,2', '{"a":"\ud800"}', '1e999999', '{"__proto__":{"isAdmin":true}}x'][s.wrong % 10];
    else if (poison === 'wrongContentType') { headers['content-type'] = ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'][s.wrong % 4]; payload = JSON.stringify(body); }
    else if (poison === 'oversized') payload = JSON.stringify({ ...body, padding: 'x'.repeat(1_100_000) });
    else payload = JSON.stringify(body);
    if (poison === 'badIdempotencyKey') headers['idempotency-key'] = ['', ' ', 'ключ', 'k'.repeat(201), 'a\tb', '😀'][s.wrong % 6];
  } else if (s.idPick % 11 === 0) {
    headers['idempotency-key'] = 'ignored-on-get';
  }
  // a header value must be a ByteString for fetch/inject
  for (const [k, v] of Object.entries(headers)) headers[k] = Buffer.from(v, 'utf8').toString('latin1');
  return { label: `${poison}/${role}`, route: `${r.method} ${r.path}`, method: r.method, url, headers, payload, write };
}

// ---------------------------------------------------------------- checks

/** One kind of failure (problem × route), with its first example and how often it happened. */
export interface FuzzFinding { request: Omit<FuzzRequest, 'payload'> & { payload?: string }; status: number; answer: string; problem: string; count: number }

export function judge(req: FuzzRequest, res: Res): string | undefined {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status >= 200 && res.status < 300) {
    if (req.write) return `a poisoned write (${req.label}) was accepted`;
    return undefined;
  }
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return `answered ${res.status} as ${type || 'no content type'}, not problem+json`;
  const b = res.body as { status?: unknown; code?: unknown; title?: unknown; detail?: unknown } | undefined;
  if (!b || typeof b !== 'object' || b.status !== res.status || typeof b.code !== 'string' || typeof b.title !== 'string') {
    return `problem body incomplete: ${res.text.slice(0, 200)}`;
  }
  return undefined;
}

export interface FuzzReport { requests: number; byStatus: Record<string, number>; byPoison: Record<string, number>; findings: FuzzFinding[]; seed: number; seconds: number }

export async function runFuzz(t: FuzzTarget, opts: { count: number; seed?: number; concurrency?: number }): Promise<FuzzReport> {
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  const routes = await routesOf(t.send, t.tokens.admin!);
  const requests = fc.sample(requestArbitrary(routes, t), { numRuns: opts.count, seed });
  const report: FuzzReport = { requests: 0, byStatus: {}, byPoison: {}, findings: [], seed, seconds: 0 };
  const started = Date.now();
  const kinds = new Map<string, FuzzFinding>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const req = requests[next++];
      let res: Res;
      try {
        res = await t.send({ method: req.method, url: req.url, headers: req.headers, payload: req.payload });
      } catch (e) {
        res = { status: 599, body: undefined, headers: {}, text: `transport error: ${(e as Error).message}` };
      }
      report.requests++;
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      const poison = req.label.split('/')[0];
      report.byPoison[poison] = (report.byPoison[poison] ?? 0) + 1;
      const problem = judge(req, res);
      if (problem) {
        const kind = `${problem.replace(/\d{3}/, String(res.status))}|${req.route}`;
        const seen = kinds.get(kind);
        if (seen) seen.count++;
        else if (kinds.size < 200) {
          const f = { request: { ...req, payload: req.payload === undefined ? undefined : String(req.payload).slice(0, 500) }, status: res.status, answer: res.text.slice(0, 500), problem, count: 1 };
          kinds.set(kind, f);
          report.findings.push(f);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  report.seconds = (Date.now() - started) / 1000;
  report.findings.sort((a, b) => (b.status >= 500 ? 1 : 0) - (a.status >= 500 ? 1 : 0) || b.count - a.count);
  return report;
}
