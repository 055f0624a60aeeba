/**
 * One webhook POST that connects only where it is allowed to (see ./destinations.ts).
 *
 * `node:http`/`node:https` `request()` is given a `lookup` of our own: it resolves the name once,
 * refuses when any of its addresses is not public, and hands the socket exactly the addresses it
 * checked, so a DNS answer that changes between check and connect (rebinding) cannot redirect the
 * connection. An IP-literal URL is never looked up, so its address is checked before sending. The
 * URL's name stays the Host header and the TLS server name. Redirects are never followed, every
 * request gets its own connection (no pooled socket outlives the check), the answer's body is read
 * and discarded, and `timeoutMs` bounds the whole exchange, resolving included.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressProblem, ipLiteralOf, type DestinationPolicy } from './destinations.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (default: the system resolver, as `fetch` would). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true });

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  policy: DestinationPolicy;
  resolve?: Resolve;
}

export interface PostResult {
  statusCode: number;
}

/** A destination the policy refuses; nothing was sent. */
export class DestinationRefused extends Error {
  readonly code = 'EDESTINATION';
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

export class PostTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** A `lookup` for `request()` that resolves once, checks every address, and returns only checked ones. */
export function checkedLookup(resolve: Resolve, policy: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then((found) => {
      const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
      if (!wanted.length) {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      }
      for (const a of wanted) {
        const problem = addressProblem(a.address, policy);
        if (problem) throw new DestinationRefused(`${problem} (${hostname})`);
      }
      if (options.all) callback(null, wanted);
      else callback(null, wanted[0].address, wanted[0].family);
    }).catch((e: NodeJS.ErrnoException) => callback(e, '', 0));
  };
}

/** POSTs `body` to `url`; resolves with the status code, rejects on a refused destination, network error or timeout. */
export function postChecked(url: string, body: string, opts: PostOptions): Promise<PostResult> {
  const target = new URL(url);
  const literal = ipLiteralOf(target);
  const problem = literal ? addressProblem(literal, opts.policy) : null;
  if (problem) return Promise.reject(new DestinationRefused(problem));
  const request = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : null;
  if (!request) return Promise.reject(new DestinationRefused(`destination scheme ${target.protocol} is not http: or https:`));

  return new Promise<PostResult>((resolvePost, rejectPost) => {
    let response: IncomingMessage | undefined;
    const fail = (e: Error) => {
      clearTimeout(timer);
      req.destroy();
      response?.destroy();
      rejectPost(e);
    };
    const timer = setTimeout(() => fail(new PostTimeout(opts.timeoutMs)), opts.timeoutMs);
    const req = request(target, {
      method: 'POST',
      headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: checkedLookup(opts.resolve ?? systemResolve, opts.policy),
      agent: false,
    }, (res) => {
      response = res;
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolvePost({ statusCode: res.statusCode ?? 0 });
      });
      res.resume(); // drain: the body is not needed
    });
    req.on('error', fail);
    req.end(body);
  });
}
