/** The queries of disputes (申诉): open ones per document, the insert, lists and the SLA job's due rows. Only Kysely. */
import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.js';
import '../../db/dispute-types.js';
import type { DisputeRow } from '../../db/dispute-types.js';
import type { DisputeDocumentType } from '../../domain/disputes.js';
import { conflict } from '../../domain/errors.js';

/** The dispute of this document in `status` (OPEN: at most one, migration 0013's partial unique index). */
export const disputeOf = (db: Executor, documentType: DisputeDocumentType, documentId: string, status: DisputeRow['status']) =>
  db.selectFrom('disputes').select(['id', 'no']).where('documentId', '=', documentId).where('documentType', '=', documentType)
    .where('status', '=', status).executeTakeFirst();

/** A document under an open dispute waits for its decision (a penalty is not confirmed meanwhile): 409 DISPUTE_OPEN. */
export async function assertNoOpenDispute(db: Executor, documentType: DisputeDocumentType, documentId: string): Promise<void> {
  const open = await disputeOf(db, documentType, documentId, 'OPEN');
  if (open) throw conflict('DISPUTE_OPEN', `Dispute ${open.no} of this document is open; accept or reject it first`, { disputeId: open.id });
}

/**
 * Inserts the dispute unless the document already has an open one (then answers false, writing nothing). The
 * conflict target names the partial index's predicate as a literal: PostgreSQL infers the index
 * from it, which a bound parameter would not let it do.
 */
export async function insertDispute(db: Executor, row: DisputeRow): Promise<boolean> {
  const r = await db.insertInto('disputes').values(row)
    .onConflict((oc) => oc.columns(['documentType', 'documentId']).where('status', '=', sql.lit('OPEN')).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const disputeById = (db: Executor, id: string) => db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();

/** Open disputes due at `now`: past their SLA and not flagged yet, or (auto-accept on) any past it. */
export const dueDisputes = (db: Executor, now: string, autoAccept: boolean) => {
  const q = db.selectFrom('disputes').where('status', '=', 'OPEN').where('dueAt', '<=', now);
  return autoAccept ? q : q.where('overdueFlaggedAt', 'is', null);
};
