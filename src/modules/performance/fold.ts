/**
 * Keeping the rollups (docs/performance.md §Rollups). The fold reads the event log after its cursor,
 * in id order, and for each document an event names recomputes that document's facts
 * (../../domain/performance/facts.ts) and adds the difference from its last contribution — all in
 * one transaction with the cursor row claimed FOR UPDATE (a second instance waits for it, then sees
 * those events folded), so each event is folded exactly once and a crash replays nothing twice.
 *
 * PostgreSQL commits transactions out of id order: an event may become visible after a later one
 * was folded. So the cursor is a watermark W plus the set of events after W already folded; the
 * fold takes every event after W not in the set, and W only moves up to LOOKBACK_MS behind the
 * wall clock (ids are time-ordered, ../shared/ids.ts), forgetting the set below it. An event whose
 * transaction commits more than LOOKBACK_MS after its id was made would be missed by the fold; since
 * facts are recomputed from the document, the document's next event (or a rebuild) corrects it.
 *
 * The rebuild (`npm run rollups -- --rebuild`) clears both tables and sums every document's facts in
 * one transaction, holding the cursor so no fold runs meanwhile: the same function, the same rows.
 */
import type { Db, Dialect, Executor } from '../../db/create-db.js';
import {
  compensationFacts, exceptionFacts, factDelta, keyOf, noteFacts, orderFacts, penaltyFacts, returnFacts, sumFacts,
  type Fact, type FactSums, type Measures,
} from '../../domain/performance/facts.js';
import { inTransaction } from '../shared/command.js';
import { formatId } from '../shared/ids.js';
import { loadSettings } from '../settings/service.js';
import * as repo from './repository.js';

export const LOOKBACK_MS = 60_000;

const KINDS = ['deliveryNote', 'exception', 'stockingOrder', 'returnOrder', 'compensation', 'penalty'] as const;
type Kind = (typeof KINDS)[number];
type Touched = Record<Kind, Set<string>>;
const touchedNone = (): Touched => Object.fromEntries(KINDS.map((k) => [k, new Set<string>()])) as Touched;

const TABLE_OF = {
  deliveryNote: 'deliveryNotes', exception: 'exceptions', stockingOrder: 'stockingOrders',
  returnOrder: 'returnOrders', compensation: 'compensations', penalty: 'penalties',
} as const;

/**
 * Recomputes the facts of the touched documents and applies the differences. `expand`: a change
 * to an exception may have moved its note's ledger, a penalty marks its order's missed deadline.
 */
async function refresh(tx: Executor, touched: Touched, expand: boolean): Promise<void> {
  const tz = (await loadSettings(tx)).timeZone;
  const facts = new Map<string, Fact[]>();
  const exceptions = await repo.exceptionsById(tx, [...touched.exception]);
  const penalties = await repo.penaltiesById(tx, [...touched.penalty]);
  if (expand) {
    for (const e of exceptions) touched.deliveryNote.add(e.deliveryNoteId);
    for (const p of penalties) touched.stockingOrder.add(p.stockingOrderId);
  }
  for (const id of KINDS.flatMap((k) => [...touched[k]])) facts.set(id, []);
  for (const e of exceptions) facts.set(e.id, exceptionFacts(e, tz));
  for (const p of penalties) facts.set(p.id, penaltyFacts(p, tz));
  for (const n of await repo.notesById(tx, [...touched.deliveryNote])) facts.set(n.id, noteFacts(n, tz));
  for (const o of await repo.ordersById(tx, [...touched.stockingOrder])) facts.set(o.id, orderFacts(o, tz));
  for (const r of await repo.returnsById(tx, [...touched.returnOrder])) facts.set(r.id, returnFacts(r, tz));
  for (const c of await repo.compensationsById(tx, [...touched.compensation])) facts.set(c.id, compensationFacts(c, tz));

  const before = await repo.contributionsOf(tx, [...facts.keys()]);
  const delta: FactSums = new Map();
  const changed: { documentId: string; sums: FactSums }[] = [];
  for (const [id, now] of facts) {
    const sums = sumFacts(now);
    const old = before.get(id) ?? new Map<string, Measures>();
    const d = factDelta(toFacts(old), toFacts(sums));
    if (!d.size) continue;
    sumFacts(toFacts(d), delta);
    changed.push({ documentId: id, sums });
  }
  await repo.addToRollups(tx, delta);
  await repo.putContributions(tx, changed);
}

const toFacts = (sums: FactSums): Fact[] => [...sums].map(([k, m]) => ({ key: keyOf(k), m }));

/** One batch of the fold in its own transaction; answers how many events it folded. */
export async function foldBatch(db: Db, dialect: Dialect, limit = 500, at = new Date()): Promise<number> {
  return inTransaction(db, async (tx) => {
    const cursor = await repo.lockCursor(tx, dialect);
    const events = await repo.unfoldedEvents(tx, cursor.watermark, limit);
    if (events.length) {
      const touched = touchedNone();
      for (const e of events) if ((KINDS as readonly string[]).includes(e.documentType)) touched[e.documentType as Kind].add(e.documentId);
      await refresh(tx, touched, true);
      await repo.markFolded(tx, events.map((e) => e.id));
    }
    const horizon = formatId('evt', Date.now() - LOOKBACK_MS, 0, 0);
    const upTo = events.length === limit && events[events.length - 1].id < horizon ? events[events.length - 1].id : horizon;
    const watermark = upTo > cursor.watermark ? upTo : cursor.watermark;
    if (events.length || watermark !== cursor.watermark) await repo.moveCursor(tx, watermark, events.length, at.toISOString());
    return events.length;
  });
}

/** Folds until the log is caught up (or `signal` aborts); answers the events folded. */
export async function foldEvents(db: Db, dialect: Dialect, opts: { limit?: number; signal?: AbortSignal; at?: Date } = {}): Promise<number> {
  const limit = opts.limit ?? 500;
  let total = 0;
  for (;;) {
    if (opts.signal?.aborted) return total;
    const n = await foldBatch(db, dialect, limit, opts.at);
    total += n;
    if (n < limit) return total;
  }
}

/** Recomputes every rollup from the documents, in one transaction; answers the documents read. */
export async function rebuildRollups(db: Db, dialect: Dialect, pageSize = 500): Promise<number> {
  return inTransaction(db, async (tx) => {
    await repo.lockCursor(tx, dialect);
    await repo.clearRollups(tx);
    let documents = 0;
    for (const kind of KINDS) {
      let after = '';
      for (;;) {
        const ids = await repo.idsAfter(tx, TABLE_OF[kind], after, pageSize);
        if (!ids.length) break;
        const touched = touchedNone();
        for (const id of ids) touched[kind].add(id);
        await refresh(tx, touched, false);
        documents += ids.length;
        after = ids[ids.length - 1];
        if (ids.length < pageSize) break;
      }
    }
    return documents;
  });
}
