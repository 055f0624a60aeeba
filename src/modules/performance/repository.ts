/**
 * The queries of inbound performance: documents as the facts read them, the rollup rows, each
 * document's last contribution, the fold's cursor, and the coaching levels. Only Kysely.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.js';
import type { Dialect } from '../../db/create-db.js';
import '../../db/performance-types.js';
import '../../db/dispute-types.js';
import type {
  CompensationDoc, ExceptionDoc, Measure, Measures, NoteDoc, OrderDoc, PenaltyDoc, ReturnDoc,
} from '../../domain/performance/facts.js';
import { DIMENSIONS, keyOf, MEASURES, type FactSums } from '../../domain/performance/facts.js';

const CHUNK = 200;
const chunks = <T>(xs: readonly T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const num = (v: unknown) => Number(v ?? 0);

// ---------------------------------------------------------------- documents

/** Ids of one kind after `after`, in id order (the rebuild's pages). */
export async function idsAfter(db: Executor, table: 'deliveryNotes' | 'exceptions' | 'stockingOrders' | 'returnOrders' | 'compensations' | 'penalties', after: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom(table).select('id').where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function notesById(db: Executor, ids: readonly string[]): Promise<NoteDoc[]> {
  if (!ids.length) return [];
  const [notes, lines] = await Promise.all([
    db.selectFrom('deliveryNotes').select(['id', 'merchantId', 'warehouseId', 'status', 'sourceExceptionId', 'expectedArrivalAt', 'arrivedAt', 'completedAt', 'voidedAt', 'returnedAt'])
      .where('id', 'in', ids).execute(),
    db.selectFrom('deliveryNoteLines').select(['deliveryNoteId', 'skuId', 'declared', 'arrived', 'transferred', 'short'])
      .where('deliveryNoteId', 'in', ids).orderBy('deliveryNoteId').orderBy('skuId').execute(),
  ]);
  return notes.map((n) => ({
    ...n,
    lines: lines.filter((l) => l.deliveryNoteId === n.id)
      .map((l) => ({ skuId: l.skuId, declared: num(l.declared), arrived: num(l.arrived), transferred: num(l.transferred), short: num(l.short) })),
  }));
}

export async function exceptionsById(db: Executor, ids: readonly string[]): Promise<(ExceptionDoc & { deliveryNoteId: string })[]> {
  if (!ids.length) return [];
  const [rows, lines] = await Promise.all([
    db.selectFrom('exceptions').select(['id', 'merchantId', 'warehouseId', 'deliveryNoteId', 'type', 'subtype', 'plan', 'status', 'createdAt', 'decidedAt', 'completedAt',
      // an accepted dispute takes it out of the merchant's rates (../../domain/performance/facts.ts)
      (eb) => eb.exists(eb.selectFrom('disputes as d').select('d.id').whereRef('d.documentId', '=', 'exceptions.id')
        .where('d.documentType', '=', 'EXCEPTION').where('d.status', '=', 'ACCEPTED')).as('disputeAccepted')])
      .where('id', 'in', ids).execute(),
    db.selectFrom('exceptionLines').select(['exceptionId', 'skuId', 'qty']).where('exceptionId', 'in', ids).execute(),
  ]);
  return rows.map((e) => ({ ...e, disputeAccepted: !!Number(e.disputeAccepted), lines: lines.filter((l) => l.exceptionId === e.id).map((l) => ({ skuId: l.skuId, qty: num(l.qty) })) }));
}

export async function ordersById(db: Executor, ids: readonly string[]): Promise<OrderDoc[]> {
  if (!ids.length) return [];
  const [rows, penalties] = await Promise.all([
    db.selectFrom('stockingOrders as o').leftJoin('exceptions as e', 'e.id', 'o.sourceExceptionId')
      .select(['o.id', 'o.merchantId', 'o.warehouseId', 'o.type', 'o.status', 'o.createdAt', 'o.acceptBy', 'o.shipBy', 'o.acceptedAt', 'o.shippedAt',
        'o.sourceExceptionId', 'e.plan as sourcePlan'])
      .where('o.id', 'in', ids).execute(),
    db.selectFrom('penalties').select(['stockingOrderId', 'reason']).where('stockingOrderId', 'in', ids).execute(),
  ]);
  return rows.map(({ sourceExceptionId, sourcePlan, ...o }) => ({
    ...o,
    // the 自动建单补收 order is created already accepted: no merchant response to measure
    replenishment: sourceExceptionId !== null && sourcePlan !== 'AUTO_ORDER_RECEIVE',
    penaltyReasons: penalties.filter((p) => p.stockingOrderId === o.id).map((p) => p.reason),
  }));
}

export const returnsById = async (db: Executor, ids: readonly string[]): Promise<ReturnDoc[]> => (ids.length
  ? db.selectFrom('returnOrders').select(['id', 'merchantId', 'warehouseId', 'createdAt', 'methodDueAt', 'methodEnteredAt']).where('id', 'in', ids).execute()
  : []);

export async function compensationsById(db: Executor, ids: readonly string[]): Promise<CompensationDoc[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('compensations as c').leftJoin('exceptions as e', 'e.id', 'c.sourceExceptionId')
    .select(['c.id', 'c.merchantId', 'e.warehouseId', 'c.currency', 'c.amount', 'c.createdAt', 'c.paidAt']).where('c.id', 'in', ids).execute();
  return rows.map((r) => ({ ...r, warehouseId: r.warehouseId ?? '', amount: num(r.amount) }));
}

export async function penaltiesById(db: Executor, ids: readonly string[]): Promise<(PenaltyDoc & { stockingOrderId: string })[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('penalties as p').leftJoin('stockingOrders as o', 'o.id', 'p.stockingOrderId')
    .select(['p.id', 'p.merchantId', 'o.warehouseId', 'p.stockingOrderId', 'p.currency', 'p.amount', 'p.status', 'p.createdAt']).where('p.id', 'in', ids).execute();
  return rows.map((r) => ({ ...r, warehouseId: r.warehouseId ?? '', amount: num(r.amount) }));
}

// ---------------------------------------------------------------- contributions and rollups

export async function contributionsOf(db: Executor, ids: readonly string[]): Promise<Map<string, FactSums>> {
  const out = new Map<string, FactSums>();
  for (const part of chunks(ids, 500)) {
    const rows = await db.selectFrom('performanceContributions').select(['documentId', 'facts']).where('documentId', 'in', part).execute();
    for (const r of rows) out.set(r.documentId, new Map(JSON.parse(r.facts) as [string, Measures][]));
  }
  return out;
}

export async function putContributions(db: Executor, rows: { documentId: string; sums: FactSums }[]): Promise<void> {
  const gone = rows.filter((r) => !r.sums.size).map((r) => r.documentId);
  for (const part of chunks(gone, 500)) await db.deleteFrom('performanceContributions').where('documentId', 'in', part).execute();
  const kept = rows.filter((r) => r.sums.size).map((r) => ({ documentId: r.documentId, facts: JSON.stringify([...r.sums]) }));
  for (const part of chunks(kept)) {
    await db.insertInto('performanceContributions').values(part)
      .onConflict((oc) => oc.column('documentId').doUpdateSet((eb) => ({ facts: eb.ref('excluded.facts') }))).execute();
  }
}

/** Adds `delta` to the rollup rows (created at 0 when missing); rows left all-zero are deleted. */
export async function addToRollups(db: Executor, delta: FactSums): Promise<void> {
  const rows = [...delta].map(([k, m]) => ({ ...keyOf(k), ...Object.fromEntries(MEASURES.map((x) => [x, m[x] ?? 0])) }));
  for (const part of chunks(rows)) {
    await db.insertInto('performanceDaily').values(part as any)
      .onConflict((oc) => oc.columns([...DIMENSIONS]).doUpdateSet((eb) => Object.fromEntries(MEASURES.map((x) =>
        [x, sql`${eb.ref(`performanceDaily.${x}`)} + ${eb.ref(`excluded.${x}`)}`])) as any))
      .execute();
  }
  const days = [...new Set(rows.map((r) => r.day))];
  const merchants = [...new Set(rows.map((r) => r.merchantId))];
  if (!rows.length) return;
  let del = db.deleteFrom('performanceDaily').where('day', 'in', days).where('merchantId', 'in', merchants);
  for (const x of MEASURES) del = del.where(x, '=', 0);
  await del.execute();
}

export const clearRollups = async (db: Executor) => {
  await db.deleteFrom('performanceDaily').execute();
  await db.deleteFrom('performanceContributions').execute();
};

/** Every rollup row, in key order (tests compare the fold with the rebuild). */
export async function allRollups(db: Executor): Promise<Record<string, unknown>[]> {
  let q = db.selectFrom('performanceDaily').selectAll();
  for (const d of DIMENSIONS) q = q.orderBy(d);
  const rows = await q.execute();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (MEASURES as readonly string[]).includes(k) ? Number(v) : v])));
}

export interface RollupFilter { merchantId?: string; warehouseId?: string; from: string; to: string }

/** Measures summed over the days from..to, grouped by the given dimensions. */
export async function sumRollups(db: Executor, f: RollupFilter, groupBy: readonly (typeof DIMENSIONS)[number][], measures: readonly Measure[] = MEASURES) {
  let q = db.selectFrom('performanceDaily').where('day', '>=', f.from).where('day', '<=', f.to);
  if (f.merchantId) q = q.where('merchantId', '=', f.merchantId);
  if (f.warehouseId) q = q.where('warehouseId', '=', f.warehouseId);
  const rows = await q.select([...groupBy, ...measures.map((m) => sql<string>`sum(${sql.ref(m)})`.as(m))] as any)
    .groupBy([...groupBy] as any).execute() as Record<string, unknown>[];
  return rows.map((r) => {
    const dims = Object.fromEntries(groupBy.map((g) => [g, String(r[g])])) as Record<string, string>;
    const m = Object.fromEntries(measures.map((x) => [x, num(r[x])])) as Record<Measure, number>;
    return { dims, m };
  });
}

// ---------------------------------------------------------------- the fold's cursor

/** The cursor row, locked for this transaction (PostgreSQL FOR UPDATE: a second folder waits here). */
export async function lockCursor(db: Executor, dialect: Dialect) {
  let q = db.selectFrom('performanceCursor').select(['watermark', 'folded']).where('name', '=', 'events');
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirstOrThrow();
  return { watermark: row.watermark, folded: num(row.folded) };
}

/** When the fold last moved its cursor (the job clock's time; the epoch before the first fold). */
export async function foldedAt(db: Executor): Promise<string> {
  return (await db.selectFrom('performanceCursor').select('updatedAt').where('name', '=', 'events').executeTakeFirstOrThrow()).updatedAt;
}

export async function moveCursor(db: Executor, watermark: string, foldedNow: number, at: string): Promise<void> {
  await db.updateTable('performanceCursor')
    .set((eb) => ({ watermark, folded: eb('folded', '+', foldedNow), updatedAt: at }))
    .where('name', '=', 'events').execute();
  await db.deleteFrom('performanceFoldedEvents').where('eventId', '<=', watermark).execute();
}

/** Events after the watermark not folded yet, in id order. */
export const unfoldedEvents = (db: Executor, watermark: string, limit: number) => db.selectFrom('events as ev')
  .select(['ev.id', 'ev.documentType', 'ev.documentId'])
  .where('ev.id', '>', watermark)
  .where(({ not, exists, selectFrom }) => not(exists(selectFrom('performanceFoldedEvents as f').select('f.eventId').whereRef('f.eventId', '=', 'ev.id'))))
  .orderBy('ev.id').limit(limit).execute();

export async function markFolded(db: Executor, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids, 500)) await db.insertInto('performanceFoldedEvents').values(part.map((eventId) => ({ eventId }))).execute();
}
