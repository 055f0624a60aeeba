/**
 * Disputes (申诉, issue 14; docs/disputes.md). A merchant disputes one of its documents (./kinds.ts)
 * within the window after its decision or issue, with text and photos; ops accept or reject it with
 * a reason; past the SLA the deadline job flags it, and accepts it when the setting says so
 * (../../jobs/dispute-sla.ts). Accepting applies the document's own change in the same transaction.
 */
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { DisputeRow } from '../../db/dispute-types.js';
import { disputeDueAt, disputeWindowEndsAt, disputeWindowProblem, type DisputeDocumentType } from '../../domain/disputes.js';
import { conflict, notFound, ruleViolation } from '../../domain/errors.js';
import { assertTransition, disputeMachine } from '../../domain/state-machines.js';
import { requireRole, visibleOr404, whereScoped } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { newId, nextNo } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';
import { lockDocument, transition } from '../shared/transition.js';
import { emit } from '../notifications/outbox.js';
import { attachDisputePhotos, disputePhotosOf } from '../photos/service.js';
import { loadSettings } from '../settings/service.js';
import { DISPUTABLE } from './kinds.js';
import * as repo from './repository.js';

const WHAT = 'Dispute';
type Row = Selectable<DisputeRow>;

export interface OpenDispute {
  documentType: DisputeDocumentType;
  documentId: string;
  text: string;
  photoIds?: string[];
}

/** What anyone who may see the dispute sees (a merchant never sees an exception's subtype: none is here). */
function viewOf(d: Row, now: string) {
  return {
    id: d.id, no: d.no, status: d.status, version: d.version, merchantId: d.merchantId,
    document: { type: d.documentType, id: d.documentId, no: d.documentNo },
    text: d.text, openedBy: d.openedBy, dueAt: d.dueAt,
    overdue: d.status === 'OPEN' && d.dueAt <= now, overdueFlaggedAt: d.overdueFlaggedAt,
    decidedAt: d.decidedAt, decidedBy: d.decidedBy, decisionReason: d.decisionReason, autoDecided: Number(d.autoDecided) === 1,
    createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

async function detailOf(db: Executor, d: Row, now: string) {
  return { ...viewOf(d, now), photos: await disputePhotosOf(db, d.id), events: await eventsOf(db, d.id) };
}

export async function openDispute(ctx: Ctx, input: OpenDispute) {
  requireRole(ctx.actor, 'MERCHANT');
  const kind = DISPUTABLE[input.documentType];
  if (!kind) throw ruleViolation('NOT_DISPUTABLE', `${input.documentType} documents cannot be disputed`, 'documentType');
  return command(ctx, async (tx) => {
    const doc = visibleOr404(ctx.actor, await kind.load(tx, input.documentId), kind.what);
    const settings = await loadSettings(tx);
    const now = nowIso(ctx);
    const refused = kind.refuses(doc);
    if (refused) throw conflict(refused, `This ${kind.what.toLowerCase()} is ${doc.status.toLowerCase()}: it can no longer be disputed`);
    const closed = disputeWindowProblem(doc.windowStartsAt, now, settings);
    if (closed === 'NOT_DISPUTABLE_YET') throw ruleViolation(closed, `This ${kind.what.toLowerCase()} has no decision yet to dispute`, 'documentId');
    if (closed) {
      throw ruleViolation(closed, `The dispute window closed at ${disputeWindowEndsAt(doc.windowStartsAt!, settings)}`, 'documentId');
    }
    const open = await repo.disputeOf(tx, input.documentType, doc.id, 'OPEN');
    if (open) throw conflict('DISPUTE_ALREADY_OPEN', `Dispute ${open.no} of this document is still open`, { disputeId: open.id });
    const accepted = await repo.disputeOf(tx, input.documentType, doc.id, 'ACCEPTED');
    if (accepted) throw conflict('DISPUTE_ALREADY_ACCEPTED', `Dispute ${accepted.no} of this document was already accepted`, { disputeId: accepted.id });
    const row: Row = {
      id: newId('dsp'), no: await nextNo(tx, 'dispute', ctx.clock.now()), merchantId: doc.merchantId,
      documentType: input.documentType, documentId: doc.id, documentNo: doc.no, text: input.text, status: 'OPEN',
      openedBy: ctx.actor.id ?? 'system', dueAt: disputeDueAt(now, settings), overdueFlaggedAt: null,
      decidedAt: null, decidedBy: null, decisionReason: null, autoDecided: 0, version: 1, createdAt: now, updatedAt: now,
    };
    // another request's dispute of the same document may have committed since the check (an exception is not locked)
    if (!(await repo.insertDispute(tx, row))) throw conflict('DISPUTE_ALREADY_OPEN', 'A dispute of this document is already open');
    await attachDisputePhotos(tx, ctx, row.id, input.photoIds ?? []);
    await recordEvent(tx, ctx, {
      documentType: 'dispute', documentId: row.id, action: 'OPENED', to: 'OPEN',
      data: { documentType: row.documentType, documentId: row.documentId, documentNo: row.documentNo, photos: input.photoIds?.length ?? 0 },
    });
    await emit(tx, ctx, { type: 'dispute.opened', merchantId: row.merchantId, documentType: 'dispute', documentId: row.id });
    return detailOf(tx, row, now);
  });
}

/**
 * Accepts or rejects `d`, which this transaction holds (locked, OPEN): accepting first applies the
 * document's change (./kinds.ts), then the dispute moves with its event and notification. Used by
 * ops' commands and the SLA job.
 */
export async function decideInTx(
  tx: Tx, ctx: Pick<Ctx, 'actor' | 'clock'>, d: Row, to: 'ACCEPTED' | 'REJECTED', reason: string, auto = false,
): Promise<Row> {
  assertTransition(disputeMachine, d.status, to);
  let effect: { changed: boolean } | undefined;
  if (to === 'ACCEPTED') {
    const kind = DISPUTABLE[d.documentType];
    if (!kind) throw conflict('NOT_DISPUTABLE', `${d.documentType} disputes cannot be decided by this server`);
    const doc = await kind.load(tx, d.documentId);
    if (!doc) throw notFound(kind.what);
    effect = await kind.accept(tx, ctx, doc, d);
  }
  return transition(tx, ctx, 'dispute', d, to, {
    set: { decidedAt: nowIso(ctx), decidedBy: ctx.actor.id ?? ctx.actor.username, decisionReason: reason, autoDecided: auto ? 1 : 0 },
    data: { reason, ...(auto ? { auto: true } : {}), ...(effect ? { documentChanged: effect.changed } : {}) },
    notify: [{ type: to === 'ACCEPTED' ? 'dispute.accepted' : 'dispute.rejected' }],
  });
}

async function decide(ctx: Ctx, id: string, to: 'ACCEPTED' | 'REJECTED', input: { reason: string; version?: number }) {
  requireRole(ctx.actor, 'OPS');
  return command(ctx, async (tx) => {
    const d = visibleOr404(ctx.actor, await lockDocument(tx, 'dispute', id), WHAT);
    assertVersion(WHAT, d.version, input.version);
    return detailOf(tx, await decideInTx(tx, ctx, d, to, input.reason), nowIso(ctx));
  });
}

export const acceptDispute = (ctx: Ctx, id: string, input: { reason: string; version?: number }) => decide(ctx, id, 'ACCEPTED', input);
export const rejectDispute = (ctx: Ctx, id: string, input: { reason: string; version?: number }) => decide(ctx, id, 'REJECTED', input);

export interface DisputeQuery extends PageQuery {
  status?: string;
  documentType?: string;
  documentId?: string;
  merchantId?: string;
  /** Open and past the SLA. */
  overdue?: boolean;
}

export async function listDisputes(ctx: Ctx, q: DisputeQuery) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  const now = nowIso(ctx);
  let query = whereScoped(ctx.db.selectFrom('disputes').selectAll(), ctx.actor,
    { status: q.status, documentType: q.documentType, documentId: q.documentId, merchantId: q.merchantId });
  if (q.overdue !== undefined) {
    query = q.overdue
      ? query.where('status', '=', 'OPEN').where('dueAt', '<=', now)
      : query.where((eb) => eb.or([eb('status', '!=', 'OPEN'), eb('dueAt', '>', now)]));
  }
  const page = await paginate(query, 'id', q);
  return { items: page.items.map((d) => viewOf(d, now)), nextCursor: page.nextCursor };
}

export async function getDispute(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  return detailOf(ctx.db, visibleOr404(ctx.actor, await repo.disputeById(ctx.db, id), WHAT), nowIso(ctx));
}
