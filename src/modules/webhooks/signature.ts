/**
 * `X-Tally-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>`.
 * During a rotation's grace period the header carries one `v1=` per valid secret, the new one
 * first (`t=…,v1=<new>,v1=<previous>`), as Standard Webhooks and Stripe do: a receiver accepts the
 * delivery when any of them matches its secret. Receivers recompute it over the raw body, compare
 * in constant time and reject old timestamps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tally-Signature';

const hmac = (secret: string, body: string, unixSeconds: number) => createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');

/** The header value signing `body` at `unixSeconds` with each of `secrets` (one or several). */
export function sign(secrets: string | readonly string[], body: string, unixSeconds: number): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${unixSeconds}`, ...list.map((s) => `v1=${hmac(s, body, unixSeconds)}`)].join(',');
}

/** True when one of the header's `v1` signatures signs `body` with `secret` and `t` is at most `toleranceSeconds` from `nowSeconds`. */
export function verify(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, body, t), 'hex');
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const given = Buffer.from(v ?? '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
