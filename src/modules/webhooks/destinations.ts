/**
 * Where a webhook may be sent (no IO). A merchant's URL must not make the server call into its own
 * network: loopback, private and link-local ranges (cloud metadata at 169.254.169.254), carrier-grade
 * NAT, multicast and reserved space are "not public". IPv6 addresses that carry an IPv4 address
 * (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that address.
 *
 * Checked twice: when an endpoint is saved (`destinationProblem`: scheme, credentials, and hosts that
 * are IP literals or `localhost`; other names are not resolved then, DNS can change) and on every
 * delivery (`classifyAddress` on each address the name resolves to, src/modules/webhooks/send.ts).
 * `allowPrivate` (TALLY_WEBHOOK_ALLOW_PRIVATE=1) turns the address check off, for a developer's
 * laptop and for tests whose receivers listen on 127.0.0.1.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressKind =
  | 'public' | 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'benchmarking'
  | 'documentation' | 'multicast' | 'broadcast' | 'reserved' | 'invalid';

export interface DestinationPolicy {
  /** Send to (and accept) addresses that are not public. */
  allowPrivate: boolean;
}

export const PUBLIC_ONLY: DestinationPolicy = { allowPrivate: false };

/** [first address, prefix length, kind]; the first matching row wins. */
type Row<N> = [N, number, AddressKind];

const V4: Row<string>[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'], // carrier-grade NAT
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata lives here
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast, deprecated
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 ranges that are not judged by an embedded IPv4 address; anything outside 2000::/3 is not public. */
const V6: Row<string>[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'private'], // local-use IPv4/IPv6 translation
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local, deprecated
  ['ff00::', 8, 'multicast'],
];

function v4Number(a: string): number {
  return a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** The eight 16-bit groups of an IPv6 address (zone id and brackets ignored), or null. */
function v6Groups(input: string): number[] | null {
  let s = input.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!isIPv6(s)) return null;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4Number(dotted[1]);
    tail.push(Math.floor(n / 0x10000), n % 0x10000);
    s = s.slice(0, -dotted[1].length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const hex = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const [head, rest] = s.split('::');
  const before = hex(head);
  const after = [...hex(rest ?? ''), ...tail];
  if (rest === undefined) return [...before, ...after];
  return [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
}

const v6Number = (groups: number[]) => groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);

const V4_ROWS = V4.map(([a, len, kind]) => [v4Number(a), len, kind] as Row<number>);
const V6_ROWS = V6.map(([a, len, kind]) => [v6Number(v6Groups(a)!), len, kind] as Row<bigint>);

function classifyV4(n: number): AddressKind {
  for (const [first, len, kind] of V4_ROWS) {
    const size = 2 ** (32 - len);
    if (n - (n % size) === first) return kind;
  }
  return 'public';
}

function classifyV6(groups: number[]): AddressKind {
  const n = v6Number(groups);
  const embedded = (high: number) => classifyV4(groups[high] * 0x10000 + groups[high + 1]);
  if (n >> 32n === 0xffffn) return embedded(6); // ::ffff:a.b.c.d, IPv4-mapped
  if (n >> 32n === 0x64ff9b0000000000000000n) return embedded(6); // 64:ff9b::a.b.c.d, NAT64
  if (groups[0] === 0x2002) return embedded(1); // 2002:aabb:ccdd::, 6to4
  for (const [first, len, kind] of V6_ROWS) {
    if (n >> BigInt(128 - len) === first >> BigInt(128 - len)) return kind;
  }
  return groups[0] >> 13 === 0b001 ? 'public' : 'reserved'; // global unicast is 2000::/3
}

/** What kind of address `ip` is (IPv4, or IPv6 with or without brackets and zone id). */
export function classifyAddress(ip: string): AddressKind {
  if (isIPv4(ip)) return classifyV4(v4Number(ip));
  const groups = v6Groups(ip);
  return groups ? classifyV6(groups) : 'invalid';
}

export const isPublicAddress = (ip: string) => classifyAddress(ip) === 'public';

const DESCRIBED: Record<AddressKind, string> = {
  public: 'a public address',
  unspecified: 'an unspecified ("this network") address',
  loopback: 'a loopback address',
  private: 'a private address',
  shared: 'a carrier-grade NAT (shared) address',
  'link-local': 'a link-local address',
  benchmarking: 'a benchmarking address',
  documentation: 'a documentation address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  invalid: 'not an IP address',
};

/** "destination 10.0.0.5 is a private address", or null when the address may be used. */
export function addressProblem(ip: string, policy: DestinationPolicy): string | null {
  const kind = classifyAddress(ip);
  if (kind === 'public' || (policy.allowPrivate && kind !== 'invalid')) return null;
  return `destination ${ip} is ${DESCRIBED[kind]}`;
}

/** The URL's host as an address when it is an IP literal (brackets removed), else null. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIPv4(host) || isIPv6(host) ? host : null;
}

const isLocalhostName = (host: string) => /(^|\.)localhost\.?$/i.test(host);

export type DestinationProblem = { code: 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_NOT_PUBLIC'; detail: string };

/**
 * Why `raw` may not be a webhook URL, judged without resolving names: not http(s), credentials in
 * it, or a host that is an IP literal or `localhost`/`*.localhost` and not public. Null when fine.
 */
export function destinationProblem(raw: string, policy: DestinationPolicy): DestinationProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'WEBHOOK_URL_INVALID', detail: 'An absolute http:// or https:// URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { code: 'WEBHOOK_URL_INVALID', detail: 'Only http:// and https:// URLs' };
  if (url.username || url.password) return { code: 'WEBHOOK_URL_INVALID', detail: 'No user or password in the URL; verify deliveries by their signature' };
  if (!url.hostname) return { code: 'WEBHOOK_URL_INVALID', detail: 'The URL needs a host' };
  if (policy.allowPrivate) return null;
  const ip = ipLiteralOf(url);
  const problem = ip ? addressProblem(ip, policy) : isLocalhostName(url.hostname) ? `destination ${url.hostname} is a loopback name` : null;
  return problem
    ? { code: 'WEBHOOK_URL_NOT_PUBLIC', detail: `Webhooks are sent only to public addresses: ${problem}` }
    : null;
}
