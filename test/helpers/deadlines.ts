/** Running the deadline jobs at a chosen moment, and documents whose deadlines tests control. */
import { JOBS, runDueJobs, type JobReport } from '../../src/jobs/scheduler.js';
import { sessionCleanupJob } from '../../src/jobs/session-cleanup.js';
import type { Clock } from '../../src/modules/shared/context.js';
import type { TestEnv } from './app.js';
import { ok, type World } from './world.js';

export const HOUR = 3600;
export const DAY = 24 * HOUR;

export const at = (iso: string, seconds = 0) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** A clock that always reads `iso`: the scheduler's "now" for one pass. */
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/**
 * One scheduler pass as if it ran at `iso`. The app's own clock (and so the users' sessions) stays
 * where it is: only the jobs see the future — except the session cleanup, which in that future
 * would forget the sessions the app's present still uses (test/api/security-accounts covers it).
 */
export const DEADLINE_JOBS = JOBS.filter((j) => j !== sessionCleanupJob);

export function jobsAt(env: TestEnv, iso: string, batchSize?: number): Promise<JobReport> {
  return runDueJobs({ db: env.db.handle.db, dialect: env.dialect, clock: fixedClock(iso), dataDir: env.db.dataDir, batchSize }, DEADLINE_JOBS);
}

/** OPS orders, the merchant accepts and ships one confirmed note arriving at `eta`. */
export async function shipArrivingAt(w: World, eta: string, o: { logistics?: 'PLATFORM' | 'SELF'; type?: string; qty?: number } = {}) {
  const qty = o.qty ?? 10;
  const order = ok(await w.ops.post('/api/stocking-orders', {
    merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: o.type ?? 'REPEAT',
    lines: [{ skuId: w.ids.skusA[0], qty, unitPrice: 1000 }],
  }), 201);
  ok(await w.merchantA.post(`/api/stocking-orders/${order.id}/accept`, {}));
  const note = ok(await w.merchantA.post('/api/delivery-notes', {
    stockingOrderId: order.id, logistics: o.logistics ?? 'PLATFORM', expectedArrivalAt: eta,
    boxes: [{ lines: [{ skuId: w.ids.skusA[0], qty }] }],
  }), 201);
  return { order, note: ok(await w.merchantA.post(`/api/delivery-notes/${note.id}/confirm`, {})) };
}

/** A note of `declared` units of SKU 0, arrived and received (all of it unless `received` says less). */
export async function receivedNote(w: World, declared = 10, type = 'REPEAT', received = declared) {
  const { note, order } = await shipArrivingAt(w, new Date(Date.now() + DAY).toISOString(), { qty: declared, type });
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: received }] }));
  return { note, order };
}

/**
 * Registers a unit-level exception of `qty` units of SKU 0 on a fresh received note
 * (a shortage leaves its `qty` units unreceived).
 */
export async function registerOn(w: World, subtype: string, qty: number, o: { declared?: number; type?: string } = {}) {
  const declared = o.declared ?? 10;
  const short = subtype === 'SHORTAGE' || subtype === 'RECEIVED_PACKAGE';
  const { note } = await receivedNote(w, declared, o.type, short ? declared - qty : declared);
  return ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype, lines: [{ skuId: w.ids.skusA[0], qty }] }), 201);
}

export const actions = (detail: { events: { action: string }[] }) => detail.events.map((e) => e.action);
