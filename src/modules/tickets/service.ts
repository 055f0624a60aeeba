/** Tickets (工单, SPEC §3): a merchant's question, optionally about one of its documents; ops answer. */
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/create-db.js';
import type { TicketRow } from '../../db/types.js';
import { ruleViolation } from '../../domain/errors.js';
import { requireRole, whereScoped, visibleOr404 } from '../shared/access.js';
import { command } from '../shared/command.js';
import { lockDocument, transition } from '../shared/transition.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { eventsOf, recordEvent } from '../shared/events.js';
import { assertVersion } from '../shared/guards.js';
import { newId, nextNo } from '../shared/ids.js';
import { paginate, type PageQuery } from '../shared/pagination.js';

const WHAT = 'Ticket';
type Row = Selectable<TicketRow>;

/** Document types a ticket may link to, and the table each lives in. */
export const LINKABLE = {
  stockingOrder: 'stockingOrders',
  deliveryNote: 'deliveryNotes',
  exception: 'exceptions',
  returnOrder: 'returnOrders',
  compensation: 'compensations',
  penalty: 'penalties',
} as const;
export type LinkableType = keyof typeof LINKABLE;
export const LINKABLE_TYPES = Object.keys(LINKABLE) as [LinkableType, ...LinkableType[]];

async function linkedDoc(db: Executor, type: string, id: string) {
  const table = LINKABLE[type as LinkableType];
  if (!table) return undefined;
  return db.selectFrom(table as 'stockingOrders').select(['id', 'no', 'merchantId']).where('id', '=', id).executeTakeFirst();
}

async function viewsOf(db: Executor, rows: Row[]) {
  const docs = await Promise.all(rows.map((t) => (t.documentType && t.documentId ? linkedDoc(db, t.documentType, t.documentId) : undefined)));
  return rows.map((t, i) => ({
    id: t.id,
    no: t.no,
    status: t.status,
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    merchantId: t.merchantId,
    subject: t.subject,
    document: t.documentType && t.documentId ? { type: t.documentType, id: t.documentId, no: docs[i]?.no ?? null } : null,
    openedBy: t.openedBy,
  }));
}

const load = (db: Executor, id: string) => db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();

async function detailOf(db: Executor, t: Row) {
  const [view] = await viewsOf(db, [t]);
  const replies = await db.selectFrom('ticketReplies').selectAll().where('ticketId', '=', t.id).orderBy('id').execute();
  return {
    ...view,
    replies: replies.map((r) => ({ id: r.id, author: { id: r.authorId, role: r.authorRole }, body: r.body, createdAt: r.createdAt })),
    events: await eventsOf(db, t.id),
  };
}

export interface TicketQuery extends PageQuery {
  status?: string;
  merchantId?: string;
  documentType?: string;
  documentId?: string;
}

export async function listTickets(ctx: Ctx, q: TicketQuery) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  const { merchantId, status, documentType, documentId } = q;
  const query = whereScoped(ctx.db.selectFrom('tickets').selectAll(), ctx.actor, { merchantId, status, documentType, documentId });
  const page = await paginate(query, 'id', q);
  return { items: await viewsOf(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getTicket(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  return detailOf(ctx.db, visibleOr404(ctx.actor, await load(ctx.db, id), WHAT));
}

async function insertReply(tx: Tx, ctx: Ctx, ticketId: string, body: string) {
  const id = newId('rpl');
  await tx.insertInto('ticketReplies').values({
    id, ticketId, authorId: ctx.actor.id ?? 'system', authorRole: ctx.actor.role, body, createdAt: nowIso(ctx),
  }).execute();
  return id;
}

export interface NewTicket {
  subject: string;
  body: string;
  documentType?: LinkableType;
  documentId?: string;
}

export async function openTicket(ctx: Ctx, input: NewTicket) {
  requireRole(ctx.actor, 'MERCHANT');
  const merchantId = ctx.actor.merchantId!;
  return command(ctx, async (tx) => {
    if (input.documentType && input.documentId) {
      const doc = await linkedDoc(tx, input.documentType, input.documentId);
      if (!doc || doc.merchantId !== merchantId) {
        throw ruleViolation('UNKNOWN_DOCUMENT', `You have no ${input.documentType} ${input.documentId}`, 'documentId');
      }
    }
    const at = nowIso(ctx);
    const id = newId('tkt');
    const no = await nextNo(tx, 'ticket', ctx.clock.now());
    await tx.insertInto('tickets').values({
      id, no, merchantId, subject: input.subject, documentType: input.documentType ?? null, documentId: input.documentId ?? null,
      status: 'OPEN', openedBy: ctx.actor.id ?? 'system', version: 1, createdAt: at, updatedAt: at,
    }).execute();
    const replyId = await insertReply(tx, ctx, id, input.body);
    await recordEvent(tx, ctx, {
      documentType: 'ticket', documentId: id, action: 'OPENED', to: 'OPEN',
      data: { replyId, documentType: input.documentType ?? null, documentId: input.documentId ?? null },
    });
    return detailOf(tx, (await load(tx, id))!);
  });
}

/** The merchant's reply reopens an answered ticket; an ops reply answers an open one. */
export async function replyToTicket(ctx: Ctx, id: string, input: { body: string; version?: number }) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS');
  return command(ctx, async (tx) => {
    const t = visibleOr404(ctx.actor, await lockDocument(tx, 'ticket', id), WHAT);
    const to = ctx.actor.role === 'MERCHANT' ? 'OPEN' : 'ANSWERED';
    assertVersion(WHAT, t.version, input.version);
    const replyId = await insertReply(tx, ctx, t.id, input.body);
    // a second reply from the same side keeps the status (OPEN → OPEN), still one write and one event
    const next = await transition(tx, ctx, 'ticket', t, to, { action: 'REPLIED', data: { replyId }, sameState: t.status !== 'CLOSED' });
    return detailOf(tx, next);
  });
}

export async function closeTicket(ctx: Ctx, id: string, input: { version?: number }) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS');
  return command(ctx, async (tx) => {
    const t = visibleOr404(ctx.actor, await lockDocument(tx, 'ticket', id), WHAT);
    assertVersion(WHAT, t.version, input.version);
    const next = await transition(tx, ctx, 'ticket', t, 'CLOSED');
    return detailOf(tx, next);
  });
}
