/**
 * Where the server's secret key comes from: `TALLY_SECRET_KEY` (parsed by src/config.ts), or, for
 * the embedded default, `<dataDir>/secret.key`, created on first start (32 random bytes as base64,
 * file mode 0600) and read on every start after. Several instances must share the same key, and a
 * backup of the database needs the key with it: without it the webhook secrets cannot be read.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretBox, KEY_BYTES, parseSecretKey, type SecretBox } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret.key';

export interface OpenedSecrets {
  box: SecretBox;
  /** The key file, when the key came from the data folder. */
  file?: string;
  /** True when this start created the key file. */
  created: boolean;
}

/** The key file in `dataDir`, created (exclusively, 0600) when missing; a malformed file stops with its path. */
export function keyFromDataDir(dataDir: string): { key: Buffer; file: string; created: boolean } {
  const file = join(dataDir, SECRET_KEY_FILE);
  try {
    return { key: parseSecretKey(readFileSync(file, 'utf8'), file), file, created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // another process created it first: use theirs
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { key: parseSecretKey(readFileSync(file, 'utf8'), file), file, created: false };
    throw e;
  }
  return { key, file, created: true };
}

/** The configured key (TALLY_SECRET_KEY) when there is one, else the data folder's. */
export function openSecrets(opts: { secretKey?: Buffer; dataDir: string }): OpenedSecrets {
  if (opts.secretKey) return { box: createSecretBox(opts.secretKey), created: false };
  const { key, file, created } = keyFromDataDir(opts.dataDir);
  return { box: createSecretBox(key), file, created };
}
