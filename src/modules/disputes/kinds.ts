/**
 * What may be disputed, one row per document type (docs/disputes.md): how to load the document, its
 * merchant and the moment its window opens, whether its state allows a dispute, and what accepting
 * the dispute does. A type without a row here cannot be disputed (the request schema offers only
 * these).
 */
import type { Tx } from '../../db/create-db.js';
import type { DisputeDocumentType } from '../../domain/disputes.js';
import type { Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { lockDocument } from '../shared/transition.js';
import { waivePenaltyInTx } from '../penalties/service.js';
import { waiveFeeInTx } from '../fees/service.js';

export interface DisputedDocument {
  id: string;
  /** Its number as the merchant knows it (a fee: its exception's). */
  no: string | null;
  merchantId: string;
  /** The window's start (an exception's decision, a penalty's or fee's issue); null: not disputable yet. */
  windowStartsAt: string | null;
  status: string;
}

export interface DisputableKind {
  /** The document's name in 404s. */
  what: string;
  /** The document, locked for this transaction when acceptance changes it (./../shared/locks.ts). */
  load(tx: Tx, id: string): Promise<DisputedDocument | undefined>;
  /** Why its state allows no dispute (an error code), or null. */
  refuses(doc: DisputedDocument): string | null;
  /** Accepting the dispute: the document's own change, through its own use case, in this transaction. */
  accept(tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, doc: DisputedDocument, dispute: { id: string; no: string }): Promise<{ changed: boolean }>;
}

export const DISPUTABLE: Partial<Record<DisputeDocumentType, DisputableKind>> = {
  /**
   * Whether it counts against the merchant: accepted, the exception leaves the scorecard's rates
   * (../performance: the fold reads the accepted dispute, the rebuild too). The event on the
   * exception makes the fold recompute its facts; the exception itself does not change.
   */
  EXCEPTION: {
    what: 'Exception',
    async load(tx, id) {
      const e = await tx.selectFrom('exceptions').select(['id', 'no', 'merchantId', 'warehouseId', 'decidedAt', 'status']).where('id', '=', id).executeTakeFirst();
      return e && { id: e.id, no: e.no, merchantId: e.merchantId, windowStartsAt: e.decidedAt, status: e.status };
    },
    refuses: (d) => (d.status === 'CANCELLED' ? 'EXCEPTION_CANCELLED' : null),
    async accept(tx, ctx, doc, dispute) {
      await recordEvent(tx, ctx, { documentType: 'exception', documentId: doc.id, action: 'DISPUTE_ACCEPTED', data: { disputeId: dispute.id, disputeNo: dispute.no } });
      return { changed: true };
    },
  },
  /** Accepted, the penalty is waived (../penalties/service.ts waivePenaltyInTx, as ops' waive). */
  PENALTY: {
    what: 'Penalty',
    async load(tx, id) {
      const p = await lockDocument(tx, 'penalty', id);
      return p && { id: p.id, no: p.no, merchantId: p.merchantId, windowStartsAt: p.createdAt, status: p.status };
    },
    refuses: (d) => (d.status === 'ISSUED' ? null : 'PENALTY_SETTLED'),
    async accept(tx, ctx, doc, dispute) {
      const { changed } = await waivePenaltyInTx(tx, ctx, doc.id, `申诉 ${dispute.no} 已通过 / dispute ${dispute.no} accepted`, { data: { disputeId: dispute.id, disputeNo: dispute.no } });
      return { changed };
    },
  },
  /** Accepted, the fee is waived (../fees/service.ts waiveFeeInTx, as ops' waive). Locked like a penalty (rank 8). */
  FEE: {
    what: 'Fee',
    async load(tx, id) {
      const f = await lockDocument(tx, 'fee', id);
      if (!f) return undefined;
      const e = await tx.selectFrom('exceptions').select('no').where('id', '=', f.exceptionId).executeTakeFirst();
      return { id: f.id, no: e?.no ?? null, merchantId: f.merchantId, windowStartsAt: f.createdAt, status: f.status };
    },
    refuses: (d) => (d.status === 'CHARGED' ? null : 'FEE_SETTLED'),
    async accept(tx, ctx, doc, dispute) {
      const { changed } = await waiveFeeInTx(tx, ctx, doc.id, `申诉 ${dispute.no} 已通过 / dispute ${dispute.no} accepted`, { data: { disputeId: dispute.id, disputeNo: dispute.no } });
      return { changed };
    },
  },
};

export const DISPUTABLE_TYPES = Object.keys(DISPUTABLE) as DisputeDocumentType[];
