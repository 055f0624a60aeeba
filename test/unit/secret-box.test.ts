/**
 * Secrets at rest (src/security/secret-box.ts, secret-key.ts): AES-256-GCM with a random IV per
 * value, bound to its context, in a versioned envelope naming its key; keys written as hex or
 * base64 and refused clearly otherwise (TALLY_SECRET_KEY stops the start); the data folder's key
 * created once with mode 0600 and reused.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createSecretBox, isSealed, parseSecretKey, SecretBoxError, SecretKeyError } from '../../src/security/secret-box.js';
import { openSecrets, SECRET_KEY_FILE } from '../../src/security/secret-key.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const box = createSecretBox(KEY);

describe('secret box', () => {
  it('seals and opens; every value gets its own IV; the envelope names the scheme and the key', () => {
    const a = box.seal('whsec_abc', 'row:1');
    const b = box.seal('whsec_abc', 'row:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('whsec_abc');
    expect(isSealed(a)).toBe(true);
    const [version, keyId, iv, ciphertext, tag] = a.split('.');
    expect(version).toBe('v1');
    expect(keyId).toBe(box.keyId);
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength('whsec_abc'.length);
    expect(box.open(a, 'row:1')).toBe('whsec_abc');
    expect(box.open(b, 'row:1')).toBe('whsec_abc');
    expect(box.open(box.seal('', 'row:1'), 'row:1')).toBe('');
    expect(box.open(box.seal('密钥 ✓', 'row:1'), 'row:1')).toBe('密钥 ✓');
  });

  it('refuses an altered value, another context, another key, and what is not an envelope', () => {
    const sealed = box.seal('whsec_abc', 'row:1');
    const parts = sealed.split('.');
    const flip = (s: string) => { const b = Buffer.from(s, 'base64url'); b[0] ^= 1; return b.toString('base64url'); };
    for (const i of [2, 3, 4]) {
      const altered = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => box.open(altered, 'row:1'), `part ${i}`).toThrow(SecretBoxError);
    }
    expect(() => box.open(sealed, 'row:2')).toThrow(/does not authenticate/);
    const other = createSecretBox(randomBytes(32));
    expect(other.keyId).not.toBe(box.keyId);
    expect(() => other.open(sealed, 'row:1')).toThrow(`Sealed with key ${box.keyId}; this server's key is ${other.keyId}`);
    for (const bad of ['whsec_abc', '', 'v2.a.b.c.d', `v1.${box.keyId}.AAAA.AAAA.AAAA`]) expect(() => box.open(bad, 'row:1')).toThrow(SecretBoxError);
    expect(isSealed('whsec_abc')).toBe(false);
  });

  it('reads a key written as 64 hex characters or as base64 (standard or URL-safe, padding optional); nothing else', () => {
    expect(parseSecretKey(KEY.toString('hex'), 'K')).toEqual(KEY);
    expect(parseSecretKey(KEY.toString('hex').toUpperCase(), 'K')).toEqual(KEY);
    expect(parseSecretKey(` ${KEY.toString('base64')}\n`, 'K')).toEqual(KEY);
    expect(parseSecretKey(KEY.toString('base64url'), 'K')).toEqual(KEY);
    const bad = ['', 'secret', KEY.toString('hex').slice(2), `${KEY.toString('hex')}00`, randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'z'.repeat(64)];
    for (const text of bad) {
      expect(() => parseSecretKey(text, 'TALLY_SECRET_KEY'), text).toThrow(SecretKeyError);
      expect(() => parseSecretKey(text, 'TALLY_SECRET_KEY'), text).toThrow(/^TALLY_SECRET_KEY must be a 32-byte key written as 64 hex characters or as base64/);
    }
    // the message never repeats the value
    expect(() => parseSecretKey('my-guessable-key', 'K')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('my-guessable-key') }));
  });

  it('a malformed TALLY_SECRET_KEY stops the configuration with its name; a good one is used as is', () => {
    expect(() => loadConfig({ TALLY_SECRET_KEY: 'not-a-key' })).toThrow(/^TALLY_SECRET_KEY must be a 32-byte key/);
    expect(loadConfig({ TALLY_SECRET_KEY: KEY.toString('base64') }).secretKey).toEqual(KEY);
    expect(loadConfig({}).secretKey).toBeUndefined();
    const configured = openSecrets({ secretKey: KEY, dataDir: '/nonexistent/never-written' });
    expect([configured.created, configured.file, configured.box.keyId]).toEqual([false, undefined, box.keyId]);
  });
});

describe('the data folder key (no TALLY_SECRET_KEY)', () => {
  const dirs: string[] = [];
  const dir = () => { const d = mkdtempSync(join(tmpdir(), 'tally-key-')); dirs.push(d); return d; };
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('is created on first start with mode 0600, then reused', () => {
    const dataDir = join(dir(), 'nested', 'data');
    const first = openSecrets({ dataDir });
    expect(first).toMatchObject({ created: true, file: join(dataDir, SECRET_KEY_FILE) });
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file!, 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    const sealed = first.box.seal('whsec_abc', 'row:1');
    const second = openSecrets({ dataDir });
    expect(second.created).toBe(false);
    expect(second.box.keyId).toBe(first.box.keyId);
    expect(second.box.open(sealed, 'row:1')).toBe('whsec_abc');
  });

  it('a malformed key file stops the start, naming the file', () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, SECRET_KEY_FILE), 'garbage\n');
    expect(() => openSecrets({ dataDir })).toThrow(`${join(dataDir, SECRET_KEY_FILE)} must be a 32-byte key`);
  });
});
