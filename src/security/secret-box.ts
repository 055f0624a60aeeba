/**
 * Secrets at rest (no IO): AES-256-GCM under a 32-byte key, a random 12-byte IV for every value and
 * GCM's 16-byte authentication tag, in a versioned envelope of base64url parts:
 *
 *   v1.<key id>.<iv>.<ciphertext>.<tag>
 *
 * `v1` names the scheme; the key id (16 hex: the start of HMAC-SHA256(key, "tally secret key id"),
 * which reveals nothing of the key) names the key that sealed the value, so a later key rotation
 * can keep the old key to open old values and seal them again under the new one. The `context`
 * given to seal and open (the row a value belongs to) is bound as additional authenticated data: a
 * value copied into another row does not open there.
 *
 * A key is written as 64 hex characters or as base64 (standard or URL-safe, padding optional) of
 * exactly 32 bytes: `openssl rand -base64 32` or `openssl rand -hex 32`.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** A key that is not 32 bytes written as hex or base64; the message names where it came from, never its value. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** A sealed value that does not open: not an envelope, another key's, or altered (or another row's). */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** Which key this box seals with (the second part of every envelope it writes). */
  readonly keyId: string;
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** A keyed digest (HMAC-SHA256, hex) of `text`: comparable, but no guessing a secret inside it offline. */
  digest(text: string): string;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** The 32-byte key written in `text` (hex or base64); `source` names it in the error, e.g. "TALLY_SECRET_KEY". */
export function parseSecretKey(text: string, source: string): Buffer {
  const s = text.trim();
  const key = HEX_KEY.test(s) ? Buffer.from(s, 'hex') : BASE64_KEY.test(s) ? Buffer.from(s, 'base64') : null;
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${source} must be a ${KEY_BYTES}-byte key written as 64 hex characters or as base64 (44 characters), `
      + `e.g. the output of \`openssl rand -base64 32\`; what was given has ${s.length} characters and is neither`,
    );
  }
  return key;
}

export const keyIdOf = (key: Buffer) => createHmac('sha256', key).update('tally secret key id').digest('hex').slice(0, 16);

export const isSealed = (value: string) => value.startsWith(`${VERSION}.`);

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`A secret key has ${KEY_BYTES} bytes, not ${key.length}`);
  const keyId = keyIdOf(key);
  const digestKey = createHmac('sha256', key).update('tally request digest').digest();
  return {
    keyId,
    digest: (text) => createHmac('sha256', digestKey).update(text, 'utf8').digest('hex'),
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('Not a sealed value (expected v1.<key id>.<iv>.<ciphertext>.<tag>)');
      const [, id, iv, ciphertext, tag] = parts;
      if (id !== keyId) throw new SecretBoxError(`Sealed with key ${id}; this server's key is ${keyId}`);
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SecretBoxError('Not a sealed value (IV or tag of the wrong length)');
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBytes);
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('The sealed value does not authenticate: altered, or sealed for another context');
      }
    },
  };
}
