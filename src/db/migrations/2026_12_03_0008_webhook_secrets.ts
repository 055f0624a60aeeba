/**
 * Webhook secrets encrypted at rest (frozen once landed). A migration has no key, so it only makes
 * room: `secret` becomes `legacy_secret` (the plaintext an earlier version stored; '' once sealed),
 * and the sealed current secret, its hint (last four characters, shown in lists), and the previous
 * secret of a rotation with the end of its grace period get columns. The server seals every
 * legacy secret when it starts (src/modules/webhooks/secrets.ts sealLegacyWebhookSecrets); until
 * then a legacy secret is still read as plaintext.
 *
 * `down` renames the column back and drops the new ones: a secret sealed since then is lost (its
 * endpoint must rotate), a legacy one that was not sealed yet comes back.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').renameColumn('secret', 'legacy_secret').execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('secret_sealed', 'text').execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('secret_hint', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('previous_secret_sealed', 'text').execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('previous_secret_expires_at', 'text').execute();
  // '…' and the last four characters, as the API showed them (substr and length work on both dialects)
  await db.updateTable('webhook_endpoints')
    .set({ secret_hint: sql`${'…'} || substr(legacy_secret, length(legacy_secret) - 3)` })
    .where('legacy_secret', '<>', '')
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const c of ['previous_secret_expires_at', 'previous_secret_sealed', 'secret_hint', 'secret_sealed']) {
    await db.schema.alterTable('webhook_endpoints').dropColumn(c).execute();
  }
  await db.schema.alterTable('webhook_endpoints').renameColumn('legacy_secret', 'secret').execute();
}
