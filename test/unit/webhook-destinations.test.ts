/**
 * Where webhooks may go (src/modules/webhooks/destinations.ts and send.ts): which addresses are
 * public, in both families and with IPv4 carried inside IPv6; which URLs an endpoint may be saved
 * with; and the `lookup` that resolves once, refuses any private answer and hands the socket only
 * the addresses it checked.
 */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { addressProblem, classifyAddress, destinationProblem, isPublicAddress, type AddressKind } from '../../src/modules/webhooks/destinations.js';
import { checkedLookup, DestinationRefused, type Resolve } from '../../src/modules/webhooks/send.js';

const TABLE: [string, AddressKind][] = [
  // IPv4
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['1.1.1.1', 'public'],
  ['8.8.8.8', 'public'],
  ['9.255.255.255', 'public'],
  ['10.0.0.0', 'private'],
  ['10.0.0.5', 'private'],
  ['10.255.255.255', 'private'],
  ['11.0.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.64.0.0', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.0', 'public'],
  ['126.255.255.255', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['169.253.255.255', 'public'],
  ['169.255.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['192.167.255.255', 'public'],
  ['192.168.0.1', 'private'],
  ['192.168.255.255', 'private'],
  ['192.169.0.0', 'public'],
  ['198.17.255.255', 'public'],
  ['198.18.0.0', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.20.0.0', 'public'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['223.255.255.255', 'public'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['254.255.255.255', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::2', 'reserved'],
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['2001:db8::1', 'documentation'],
  ['3fff:ffff::1', 'public'],
  ['4000::1', 'reserved'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['100::1', 'reserved'],
  ['64:ff9b:1::a00:1', 'private'],
  // IPv4 inside IPv6: judged by the IPv4 address
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:10.0.0.5', 'private'],
  ['::ffff:192.168.1.1', 'private'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::ffff:8.8.8.8', 'public'],
  ['64:ff9b::10.0.0.5', 'private'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:a9fe:a9fe::', 'link-local'],
  ['2002:808:808::1', 'public'],
  ['::127.0.0.1', 'reserved'], // IPv4-compatible, deprecated
  // not addresses
  ['localhost', 'invalid'],
  ['example.com', 'invalid'],
  ['1.2.3', 'invalid'],
  ['256.0.0.1', 'invalid'],
  ['', 'invalid'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
    expect(isPublicAddress(ip)).toBe(kind === 'public');
  });

  it('names the address and what it is; allowing private addresses allows every address but no non-address', () => {
    const strict = { allowPrivate: false };
    const lax = { allowPrivate: true };
    expect(addressProblem('10.0.0.5', strict)).toBe('destination 10.0.0.5 is a private address');
    expect(addressProblem('169.254.169.254', strict)).toBe('destination 169.254.169.254 is a link-local address');
    expect(addressProblem('::1', strict)).toBe('destination ::1 is a loopback address');
    expect(addressProblem('8.8.8.8', strict)).toBeNull();
    for (const [ip, kind] of TABLE) expect(addressProblem(ip, lax), ip).toBe(kind === 'invalid' ? `destination ${ip} is not an IP address` : null);
  });
});

describe('destinationProblem (when an endpoint is saved)', () => {
  const strict = { allowPrivate: false };
  it.each([
    'http://127.0.0.1/hook',
    'http://127.0.0.1:5432/',
    'http://[::1]/',
    'http://[::1]:8080/x',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/latest/meta-data',
    'http://169.254.169.254/latest/meta-data',
    'http://10.1.2.3/',
    'http://10.0.0.5/admin',
    'https://172.20.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0:3000/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://2130706433/', // 127.0.0.1 as one number: URL parsing normalises it
    'http://0x7f.1/',
    'http://017700000001/',
    'http://localhost/',
    'http://localhost:5432/',
    'http://LOCALHOST./',
    'http://tally.localhost/',
  ])('%s is not public', (url) => {
    expect(destinationProblem(url, strict)).toMatchObject({ code: 'WEBHOOK_URL_NOT_PUBLIC', detail: expect.stringMatching(/^Webhooks are sent only to public addresses: destination \S+ is /) });
    expect(destinationProblem(url, { allowPrivate: true })).toBeNull();
  });

  it.each([
    'https://hooks.example.com/tally',
    'http://hooks.example.com:8080/x?y=1',
    'http://8.8.8.8/',
    'https://[2606:4700:4700::1111]/',
    'https://localhost.example.com/', // a name like any other: checked when delivered
    'https://mylocalhost/',
    'http://internal.corp/', // not resolved now (DNS can change): checked when delivered
  ])('%s may be saved', (url) => {
    expect(destinationProblem(url, strict)).toBeNull();
  });

  it.each(['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://x/', 'http://user:pw@example.com/', 'https://user@example.com/', 'not a url'])(
    '%s is never a webhook URL, whatever the setting',
    (url) => {
      for (const allowPrivate of [false, true]) expect(destinationProblem(url, { allowPrivate })).toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    },
  );
});

describe('checkedLookup (when a delivery connects)', () => {
  type Answer = { err: Error | null; address: string | LookupAddress[]; family?: number };
  const run = (resolve: Resolve, allowPrivate: boolean, options: { all?: boolean; family?: number } = {}) =>
    new Promise<Answer>((done) => {
      checkedLookup(resolve, { allowPrivate })('hooks.merchant.test', options as never, (err, address, family) => done({ err, address, family }));
    });
  const answers = (...addresses: string[]): Resolve => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('resolves once and hands over exactly the addresses it checked', async () => {
    let calls = 0;
    const resolve: Resolve = async (host) => {
      calls++;
      expect(host).toBe('hooks.merchant.test');
      return [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }];
    };
    expect(await run(resolve, false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await run(resolve, false, { all: true })).toEqual({
      err: null, address: [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }], family: undefined,
    });
    expect(await run(resolve, false, { family: 6 })).toEqual({ err: null, address: '2606:2800:220:1::1', family: 6 });
    expect(calls).toBe(3);
  });

  it('refuses when any answer is not public, naming it', async () => {
    for (const [addresses, message] of [
      [['127.0.0.1'], 'destination 127.0.0.1 is a loopback address (hooks.merchant.test)'],
      [['93.184.216.34', '10.0.0.5'], 'destination 10.0.0.5 is a private address (hooks.merchant.test)'],
      [['::ffff:169.254.169.254'], 'destination ::ffff:169.254.169.254 is a link-local address (hooks.merchant.test)'],
      [['fd00::1', '93.184.216.34'], 'destination fd00::1 is a private address (hooks.merchant.test)'],
    ] as const) {
      for (const all of [false, true]) {
        const { err } = await run(answers(...addresses), false, { all });
        expect(err).toBeInstanceOf(DestinationRefused);
        expect(err?.message).toBe(message);
      }
    }
    expect(await run(answers('127.0.0.1'), true)).toEqual({ err: null, address: '127.0.0.1', family: 4 });
  });

  it('passes resolver failures and empty answers on as errors', async () => {
    const failing: Resolve = async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.merchant.test'), { code: 'ENOTFOUND' }); };
    expect((await run(failing, false)).err).toMatchObject({ code: 'ENOTFOUND' });
    expect((await run(answers(), false)).err).toMatchObject({ code: 'ENOTFOUND' });
    expect((await run(answers('93.184.216.34'), false, { family: 6 })).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});
