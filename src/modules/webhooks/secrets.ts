/**
 * An endpoint's signing secrets at rest: the current one and, after a rotation, the previous one
 * until its grace period ends, each sealed with the server's key (src/security/secret-box.ts) for
 * that endpoint only. A row an earlier version wrote keeps its plaintext in `legacySecret` until
 * the server seals it at start (`sealLegacyWebhookSecrets`) or the endpoint is next written; until
 * then it is read as it is.
 */
import type { Db } from '../../db/create-db.js';
import type { WebhookEndpointRow } from '../../db/types.js';
import { inTransaction } from '../shared/command.js';
import type { SecretBox } from '../../security/secret-box.js';

/** How long the replaced secret still signs after a rotation, unless the request says otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

/** The columns that hold an endpoint's secrets. */
export type SecretColumns = Pick<WebhookEndpointRow,
  'legacySecret' | 'secretSealed' | 'secretHint' | 'previousSecretSealed' | 'previousSecretExpiresAt'>;

/** What a delivery needs to sign: the endpoint's id (the sealing context) and its secret columns. */
export type SigningSecrets = { id: string } & Omit<SecretColumns, 'secretHint'>;

const contextOf = (endpointId: string) => `webhook_endpoints.secret:${endpointId}`;

export const hintOf = (secret: string) => `…${secret.slice(-4)}`;

/** The columns for a new current secret (no longer any plaintext). */
export const sealedCurrent = (box: SecretBox, endpointId: string, secret: string) => ({
  legacySecret: '', secretSealed: box.seal(secret, contextOf(endpointId)), secretHint: hintOf(secret),
});

/** The current secret sealed: as stored, or the legacy plaintext sealed now; null when there is none. */
function currentSealed(box: SecretBox, row: SigningSecrets): string | null {
  if (row.secretSealed) return row.secretSealed;
  return row.legacySecret ? box.seal(row.legacySecret, contextOf(row.id)) : null;
}

/** Whether this key opens `sealed` (a secret sealed under a lost key is not worth keeping as the previous one). */
function opens(box: SecretBox, sealed: string, endpointId: string): boolean {
  try {
    box.open(sealed, contextOf(endpointId));
    return true;
  } catch {
    return false;
  }
}

/** The previous secret still in its grace period at `at`, sealed, or null. */
const livePrevious = (row: SigningSecrets, at: string) =>
  (row.previousSecretSealed && row.previousSecretExpiresAt && row.previousSecretExpiresAt > at ? row.previousSecretSealed : null);

/**
 * The columns after a secret change at `at`: the new secret is current, and the one it replaces
 * keeps signing for `graceSeconds` (0: not at all).
 */
export function rotatedSecrets(box: SecretBox, row: SigningSecrets, secret: string, graceSeconds: number, at: string) {
  const replaced = graceSeconds > 0 ? currentSealed(box, row) : null;
  const previous = replaced && opens(box, replaced, row.id) ? replaced : null;
  return {
    ...sealedCurrent(box, row.id, secret),
    previousSecretSealed: previous,
    previousSecretExpiresAt: previous ? new Date(Date.parse(at) + graceSeconds * 1000).toISOString() : null,
  };
}

/** On any other write: a legacy secret is sealed, an expired previous secret forgotten. */
export function tidiedSecrets(box: SecretBox, row: SigningSecrets, at: string) {
  const previous = livePrevious(row, at);
  return {
    ...(!row.secretSealed && row.legacySecret ? { legacySecret: '', secretSealed: currentSealed(box, row) } : {}),
    previousSecretSealed: previous,
    previousSecretExpiresAt: previous ? row.previousSecretExpiresAt : null,
  };
}

/** When the previous secret stops signing, if it still does at `at`. */
export const previousSecretExpiresAt = (row: SigningSecrets, at: string) => (livePrevious(row, at) ? row.previousSecretExpiresAt : null);

/**
 * The secrets a delivery sent at `at` is signed with: the current one (it must open: else this
 * throws), then the previous one while its grace period lasts.
 */
export function signingSecrets(box: SecretBox, row: SigningSecrets, at: string): string[] {
  const context = contextOf(row.id);
  const current = row.secretSealed ? box.open(row.secretSealed, context) : row.legacySecret;
  const previous = livePrevious(row, at);
  return [...(current ? [current] : []), ...(previous ? [box.open(previous, context)] : [])];
}

/** At start: seals every secret an earlier version stored in plaintext, in one transaction; answers how many. */
export async function sealLegacyWebhookSecrets(db: Db, box: SecretBox): Promise<number> {
  return inTransaction(db, async (tx) => {
    const rows = await tx.selectFrom('webhookEndpoints').select(['id', 'legacySecret'])
      .where('secretSealed', 'is', null).where('legacySecret', '<>', '').execute();
    let sealed = 0;
    for (const r of rows) {
      const res = await tx.updateTable('webhookEndpoints').set(sealedCurrent(box, r.id, r.legacySecret))
        .where('id', '=', r.id).where('secretSealed', 'is', null).executeTakeFirst();
      sealed += Number(res.numUpdatedRows);
    }
    return sealed;
  });
}

/** How many endpoints' secrets this key cannot open (sealed under another key): worth a warning at start. */
export async function secretsUnderOtherKeys(db: Db, box: SecretBox): Promise<number> {
  const row = await db.selectFrom('webhookEndpoints').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deletedAt', 'is', null).where('secretSealed', 'is not', null)
    .where('secretSealed', 'not like', `v1.${box.keyId}.%`).executeTakeFirstOrThrow();
  return Number(row.n);
}
