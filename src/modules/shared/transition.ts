/**
 * The only writer of a document's row (exception, delivery note, stocking order, return order,
 * compensation, penalty, ticket, dispute, fee): `transition()` moves it to a new status, `touch()` changes other
 * columns. Both are a conditional update on the status and version the caller read, and only when
 * that update changed the row does the rest happen — the exception counters, the event and the
 * notification. So a writer that lost a race records nothing (test/unit/document-writes.test.ts
 * fails if any other file in src/ updates one of these tables).
 *
 * `lockDocument()` is how a command reads a document it will write or whose state it decides on:
 * on PostgreSQL `FOR NO KEY UPDATE` (it waits for a writer that holds the row and then reads the
 * committed row; foreign-key checks of rows inserted under it are not blocked), on SQLite a plain
 * read (one writer at a time). The order in which commands take these locks is in ./locks.ts.
 */
import type { CompiledQuery } from 'kysely';
import type { Tx } from '../../db/create-db.js';
import { dialectOf } from '../../db/dialect.js';
import { precompiled } from '../../db/precompiled.js';
import { runTogether } from '../../db/run-together.js';
import type {
  CompensationRow, DeliveryNoteRow, ExceptionRow, PenaltyRow, ReturnOrderRow, StockingOrderRow, TicketRow,
} from '../../db/types.js';
import type { DisputeRow } from '../../db/dispute-types.js';
import type { FeeRow } from '../../db/fee-types.js';
import type { EventType } from '../../domain/notification-events.js';
import { staleVersion } from '../../domain/errors.js';
import { assertTransition, MACHINES, type Machine } from '../../domain/state-machines.js';
import { bumpExceptionCount } from '../exceptions/counts.js';
import { emit } from '../notifications/outbox.js';
import type { EventDocumentType } from '../notifications/payloads.js';
import { nowIso, type Ctx } from './context.js';
import { recordEvents, type EventInput } from './events.js';

interface Rows {
  exception: ExceptionRow;
  deliveryNote: DeliveryNoteRow;
  stockingOrder: StockingOrderRow;
  returnOrder: ReturnOrderRow;
  compensation: CompensationRow;
  penalty: PenaltyRow;
  ticket: TicketRow;
  dispute: DisputeRow;
  fee: FeeRow;
}
export type DocKind = keyof Rows;
export type RowOf<K extends DocKind> = Rows[K];
type StatusOf<K extends DocKind> = Rows[K]['status'];

const TABLES = {
  exception: 'exceptions',
  deliveryNote: 'deliveryNotes',
  stockingOrder: 'stockingOrders',
  returnOrder: 'returnOrders',
  compensation: 'compensations',
  penalty: 'penalties',
  ticket: 'tickets',
  dispute: 'disputes',
  fee: 'fees',
} as const satisfies Record<DocKind, string>;

/** The tables only this module updates. */
export const DOCUMENT_TABLES = Object.values(TABLES);

export const WHAT: Record<DocKind, string> = {
  exception: 'Exception', deliveryNote: 'Delivery note', stockingOrder: 'Stocking order', returnOrder: 'Return order',
  compensation: 'Compensation', penalty: 'Penalty', ticket: 'Ticket', dispute: 'Dispute', fee: 'Fee',
};

type AnyRow = RowOf<DocKind>;
/** Columns a write may set besides status, version and updatedAt. */
export type Changes<K extends DocKind> = Omit<Partial<RowOf<K>>, 'id' | 'status' | 'version' | 'updatedAt' | 'createdAt'>;

// One compiled statement per table and shape (../../db/precompiled.ts): by id (SQLite: one writer, no lock
// needed); by id, locked (PostgreSQL); the conditional update answering the row it wrote.
const byId = Object.fromEntries(Object.entries(TABLES).map(([k, t]) => [k, {
  read: precompiled((db, id: string) => db.selectFrom(t as 'exceptions').selectAll().where('id', '=', id)),
  lock: precompiled((db, id: string) => db.selectFrom(t as 'exceptions').selectAll().where('id', '=', id).forNoKeyUpdate()),
  write: precompiled((db, set: object, id: string, version: number, status: string) => db.updateTable(t as 'exceptions')
    .set(set as Partial<ExceptionRow>).where('id', '=', id).where('version', '=', version).where('status', '=', status as never)
    .returningAll()),
}])) as unknown as Record<DocKind, {
  read: ReturnType<typeof precompiled<[string], AnyRow>>;
  lock: ReturnType<typeof precompiled<[string], AnyRow>>;
  write: ReturnType<typeof precompiled<[object, string, number, string], AnyRow>>;
}>;

/** The document, held by this transaction until it ends (PostgreSQL; ./locks.ts for the order). */
export async function lockDocument<K extends DocKind>(tx: Tx, kind: K, id: string): Promise<RowOf<K> | undefined> {
  const q = dialectOf(tx) === 'postgres' ? byId[kind].lock : byId[kind].read;
  return (await q.first(tx, id)) as RowOf<K> | undefined;
}

export interface Notice {
  type: EventType;
  data?: Record<string, unknown>;
}

export interface Step<K extends DocKind> {
  /** Milestones and other columns written with the status. */
  set?: Changes<K>;
  /** The event's action (default: the new status). */
  action?: string;
  data?: Record<string, unknown>;
  /** More events of this change, recorded with it (e.g. a decision that completes the exception at once). */
  alsoRecord?: Omit<EventInput, 'documentType' | 'documentId'>[];
  /** Notifications and webhooks of this change (../notifications/outbox.ts). */
  notify?: Notice[];
  /** The same status again with new details (a return method re-entered): allowed without a table move. */
  sameState?: boolean;
}

type C = Pick<Ctx, 'actor' | 'clock'>;

async function write<K extends DocKind>(
  tx: Tx, ctx: C, kind: K, row: RowOf<K>, status: StatusOf<K>, set: object, bump = true, alsoWrite: CompiledQuery[] = [],
): Promise<RowOf<K> | undefined> {
  const stamp = bump ? { version: row.version + 1, updatedAt: nowIso(ctx) } : {};
  const update = byId[kind].write.compile(tx, { ...set, status, ...stamp }, row.id, row.version, row.status);
  return (await runTogether<RowOf<K>>(tx, [...alsoWrite, update])).rows[0];
}

/**
 * Moves `row` (as read in this transaction) to `to`: the machine's guard, the conditional update,
 * then — only if it changed the row — the counters, the event(s) and the notifications. Answers the
 * row as written, or undefined when another writer changed it first (nothing else was written).
 */
export async function transitionIfCurrent<K extends DocKind>(
  tx: Tx, ctx: C, kind: K, row: RowOf<K>, to: StatusOf<K>, step: Step<K> = {},
): Promise<RowOf<K> | undefined> {
  const from = row.status;
  if (!(step.sameState && from === to)) assertTransition(MACHINES[kind] as Machine<string>, from, to);
  const next = await write(tx, ctx, kind, row, to, step.set ?? {});
  if (!next) return undefined;
  if (kind === 'exception') await bumpExceptionCount(tx, row as ExceptionRow, from as ExceptionRow['status'], to as ExceptionRow['status']);
  const documentType = kind;
  await recordEvents(tx, ctx, [
    { documentType, documentId: row.id, action: step.action ?? to, from, to, data: step.data },
    ...(step.alsoRecord ?? []).map((e) => ({ ...e, documentType, documentId: row.id })),
  ]);
  for (const n of step.notify ?? []) {
    await emit(tx, ctx, { type: n.type, merchantId: row.merchantId, documentType: documentType as EventDocumentType, documentId: row.id, data: n.data });
  }
  return next;
}

/** The same, when losing the race is the caller's error: 409 VERSION_CONFLICT. */
export async function transition<K extends DocKind>(
  tx: Tx, ctx: C, kind: K, row: RowOf<K>, to: StatusOf<K>, step: Step<K> = {},
): Promise<RowOf<K>> {
  const next = await transitionIfCurrent(tx, ctx, kind, row, to, step);
  if (!next) throw staleVersion(WHAT[kind]);
  return next;
}

/**
 * Changes columns other than the status (a claim that only bumps the version), conditional on the
 * version read; 409 when someone changed the row since. `alsoWrite`: writes of rows the caller holds
 * through this one (a note's ledger lines) sent in the same round trip (../../db/run-together.ts), just
 * before the update — a 409 fails the command, and the transaction undoes them with the rest.
 */
export async function touch<K extends DocKind>(
  tx: Tx, ctx: C, kind: K, row: RowOf<K>, set: Changes<K> = {} as Changes<K>, alsoWrite: CompiledQuery[] = [],
): Promise<RowOf<K>> {
  const next = await write(tx, ctx, kind, row, row.status, set, true, alsoWrite);
  if (!next) throw staleVersion(WHAT[kind]);
  return next;
}

/**
 * The platform's bookkeeping on a document (a deadline flag): same conditional update, but the
 * version a user acts on does not move. Answers undefined when the row changed since it was read.
 */
export async function annotate<K extends DocKind>(tx: Tx, ctx: C, kind: K, row: RowOf<K>, set: Changes<K>): Promise<RowOf<K> | undefined> {
  return write(tx, ctx, kind, row, row.status, set, false);
}
