/** The history of every document: who did what, when, from which state to which. */
import type { Executor } from '../../db/create-db.js';
import { appendStatementsAtCommit, pendingItems } from '../../db/before-commit.js';
import { precompiled } from '../../db/precompiled.js';
import type { EventRow } from '../../db/types.js';
import type { Ctx } from './context.js';
import { newId } from './ids.js';
import { nowIso } from './context.js';

export type DocumentType =
  | 'stockingOrder' | 'deliveryNote' | 'exception' | 'returnOrder'
  | 'compensation' | 'penalty' | 'ticket' | 'dispute' | 'fee' | 'address' | 'webhookEndpoint'
  | 'settings' | 'policy' | 'standingInstructions'
  // the audit trail (src/modules/audit): accounts, sign-ins and master data
  | 'user' | 'session' | 'merchant' | 'warehouse' | 'sku';

export interface EventInput {
  documentType: DocumentType;
  documentId: string;
  action: string;
  from?: string | null;
  to?: string | null;
  data?: Record<string, unknown>;
}

/** Who acts, when, and from which client address (the request's, through TALLY_TRUST_PROXY). */
export type EventCtx = Pick<Ctx, 'clock' | 'ip'> & {
  /** A user, the system, or — for a failed login — the name that was tried, role ANONYMOUS. */
  actor: { id: string | null; username: string; role: string };
};

export async function recordEvent(tx: Executor, ctx: EventCtx, e: EventInput): Promise<void> {
  await recordEvents(tx, ctx, [e]);
}

// every command writes events: compiled once per number of rows (../../db/precompiled.ts)
const insertEvents = precompiled((db, rows: EventRow[]) => db.insertInto('events').values(rows));

/**
 * Events of a command, written in one statement just before it commits (../../db/before-commit.ts),
 * in the order they were recorded (ids are time-ordered).
 */
export async function recordEvents(tx: Executor, ctx: EventCtx, events: EventInput[]): Promise<void> {
  const at = nowIso(ctx);
  await appendStatementsAtCommit(tx, 'events', events.map((e): EventRow => ({
    id: newId('evt'),
    documentType: e.documentType,
    documentId: e.documentId,
    action: e.action,
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    actorRole: ctx.actor.role,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    data: JSON.stringify(e.data ?? {}),
    createdAt: at,
    ip: ctx.ip ?? null,
  })), writeEvents);
}

const writeEvents = (tx: Executor, rows: EventRow[]) => [insertEvents.compile(tx, rows)];

export interface EventView {
  id: string;
  action: string;
  actor: { id: string | null; name: string; role: string };
  from: string | null;
  to: string | null;
  data: Record<string, unknown>;
  at: string;
}

export function toEventView(r: EventRow): EventView {
  return {
    id: r.id,
    action: r.action,
    actor: { id: r.actorId, name: r.actorName, role: r.actorRole },
    from: r.fromStatus,
    to: r.toStatus,
    data: JSON.parse(r.data),
    at: r.createdAt,
  };
}

// every exception detail reads it: compiled once (../../db/precompiled.ts)
const eventRows = precompiled((db, documentId: string) => db.selectFrom('events').selectAll().where('documentId', '=', documentId).orderBy('id'));

/** The document's history; inside a transaction, with this command's own events not yet written. */
export async function eventsOf(db: Executor, documentId: string): Promise<EventView[]> {
  const stored = await eventRows.all(db, documentId);
  const mine = db.isTransaction ? pendingItems<EventRow>(db, 'events').filter((e) => e.documentId === documentId) : [];
  const rows = mine.length ? [...stored, ...mine].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : stored;
  return rows.map(toEventView);
}
