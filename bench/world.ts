/**
 * The benchmark's data: exceptions in every state with the stocking orders, delivery notes (ledger
 * lines and boxes), exception lines, history events and plan documents they imply, generated here
 * and bulk-loaded through a Sink. Every delivery-note line satisfies the ledger invariant of SPEC §5
 * (run.ts checks it with ledgerViolations after loading), and every decided exception has exactly the
 * documents its plan creates.
 *
 * One "unit" is one stocking order shipped as two delivery notes; each note carries two exceptions:
 *   A: SHORTAGE of 2 units of SKU 1 (declared 10, 8 received, 2 booked short)
 *   B: BARCODE_DAMAGED on 1 of the 6 received units of SKU 2 (held, then returned)
 * A unit's phase decides their states (weights in PHASES):
 *   PENDING     both pending: L1 short 2, L2 1 unit on hold
 *   PROCESSING  A decided CONTINUE_DELIVERY (replenishment order waiting for the merchant),
 *               B decided PROBLEM_GOODS_RETURN (return order waiting for the return method)
 *   COMPLETED   A decided TERMINATE_DELIVERY, B PROBLEM_GOODS_RETURN with the return disposed;
 *               everything else stocked, notes and order completed
 *   CANCELLED   both registered in error and cancelled: the ledger is back where it was
 * The merchant the benchmark reads as owns MAIN_SHARE of the history; the rest is spread over the
 * other merchants. Work for the write benchmarks (notes to register on, pending exceptions to decide)
 * always belongs to the main merchant and warehouse.
 */
import { idAt, noAt } from './ids.js';
import type { Sink } from './sink.js';

export interface Tenants {
  merchants: { id: string; skus: [string, string] }[];
  warehouseId: string;
  ops: { id: string; username: string };
  warehouseUser: string;
}

export type Phase = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'CANCELLED';
export const PHASES: [Phase, number][] = [['PENDING', 0.1], ['PROCESSING', 0.3], ['COMPLETED', 0.55], ['CANCELLED', 0.05]];
export const MAIN_SHARE = 0.3;
const PRICE = [1250, 990];

const COLS = {
  stocking_orders: ['id', 'no', 'merchant_id', 'warehouse_id', 'type', 'status', 'currency', 'total_amount', 'source_exception_id',
    'accept_by', 'ship_by', 'accepted_at', 'shipped_at', 'completed_at', 'cancelled_at', 'created_by', 'version', 'created_at', 'updated_at'],
  stocking_order_lines: ['id', 'stocking_order_id', 'line_no', 'sku_id', 'qty', 'unit_price'],
  delivery_notes: ['id', 'no', 'stocking_order_id', 'merchant_id', 'warehouse_id', 'logistics', 'expected_arrival_at', 'status',
    'source_exception_id', 'confirmed_at', 'arrived_at', 'completed_at', 'cancelled_at', 'voided_at', 'returned_at', 'version', 'created_at', 'updated_at'],
  delivery_note_lines: ['id', 'delivery_note_id', 'sku_id', 'unit_price', 'declared', 'arrived', 'received', 'passed', 'failed',
    'in_process', 'on_hold', 'stocked', 'returned', 'transferred', 'short'],
  delivery_note_boxes: ['id', 'delivery_note_id', 'box_no', 'label_code', 'status', 'contents'],
  exceptions: ['id', 'no', 'delivery_note_id', 'delivery_note_no', 'stocking_order_id', 'merchant_id', 'warehouse_id', 'order_type',
    'type', 'subtype', 'stage', 'status', 'plan', 'task_category', 'total_qty', 'remark', 'registered_by', 'decided_by', 'decided_at',
    'decision_due_at', 'completed_at', 'cancelled_at', 'cancel_reason', 'version', 'created_at', 'updated_at'],
  exception_lines: ['id', 'exception_id', 'sku_id', 'qty'],
  return_orders: ['id', 'no', 'merchant_id', 'warehouse_id', 'source_exception_id', 'delivery_note_id', 'status', 'sealed', 'method',
    'method_due_at', 'method_entered_at', 'disposed_at', 'version', 'created_at', 'updated_at'],
  return_order_lines: ['id', 'return_order_id', 'sku_id', 'qty'],
  events: ['id', 'document_type', 'document_id', 'action', 'actor_id', 'actor_name', 'actor_role', 'from_status', 'to_status', 'data', 'created_at'],
} as const;
type Table = keyof typeof COLS;

export interface LoadResult {
  exceptions: number;
  rows: number;
  /** Pending exceptions of the main merchant, in an order where two of one note are far apart. */
  decidePool: { id: string; plan: string }[];
  /** Notes of the main merchant with units to register exceptions on (one request each). */
  workNotes: string[];
}

/** Counters that must keep growing across several loads into the same database. */
export interface LoadState {
  seq: number;
  /** Next history timestamp (ms); history stays older than `now`. */
  clock: number;
}

export const newLoadState = (): LoadState => ({ seq: 1, clock: Date.now() - 400 * 86400e3 });

const iso = (ms: number) => new Date(ms).toISOString();

export class WorldLoader {
  private put: (t: Table, row: unknown[]) => Promise<void>;
  constructor(private sink: Sink, private t: Tenants, private st: LoadState) {
    this.put = (t, row) => sink.add(t, COLS[t], row);
  }

  private pickPhase(): Phase {
    let r = Math.random();
    for (const [p, w] of PHASES) { if ((r -= w) < 0) return p; }
    return 'COMPLETED';
  }

  private event(docType: string, docId: string, action: string, actor: { id: string | null; name: string; role: string }, from: string | null, to: string | null, data: object, ms: number) {
    return this.put('events', [idAt('evt', ms), docType, docId, action, actor.id, actor.name, actor.role, from, to, JSON.stringify(data), iso(ms)]);
  }

  /**
   * Loads `exceptions` exceptions of history (4 per unit), then `poolUnits` units of pending work
   * for decide and `workNotes` notes for registration, committing every `chunk` units.
   */
  async load(opts: { exceptions: number; poolUnits: number; workNotes: number; onProgress?: (done: number) => void }): Promise<LoadResult> {
    const res: LoadResult = { exceptions: 0, rows: 0, decidePool: [], workNotes: [] };
    const start = this.sink.rows;
    const histUnits = Math.ceil(opts.exceptions / 4);
    const chunk = 2500;
    const poolA: { id: string; plan: string }[] = [];
    const poolB: { id: string; plan: string }[] = [];
    for (let u = 0; u < histUnits; u++) {
      const main = Math.random() < MAIN_SHARE;
      const m = main ? 0 : 1 + Math.floor(Math.random() * (this.t.merchants.length - 1));
      await this.unit(m, this.pickPhase());
      res.exceptions += 4;
      if ((u + 1) % chunk === 0) { await this.sink.commit(); opts.onProgress?.(res.exceptions); }
    }
    for (let u = 0; u < opts.poolUnits; u++) {
      const ids = await this.unit(0, 'PENDING');
      res.exceptions += 4;
      for (const [a, b] of ids) {
        poolA.push({ id: a, plan: 'CONTINUE_DELIVERY' });
        poolB.push({ id: b, plan: 'PROBLEM_GOODS_RETURN' });
      }
      if ((u + 1) % chunk === 0) await this.sink.commit();
    }
    for (let n = 0; n < opts.workNotes; n++) {
      res.workNotes.push(await this.workNote());
      if ((n + 1) % (chunk * 2) === 0) await this.sink.commit();
    }
    await this.recount();
    await this.sink.commit();
    // all the A's first, then the B's: two decides on one note never run side by side
    res.decidePool = [...shuffle(poolA), ...shuffle(poolB)];
    res.rows = this.sink.rows - start;
    return res;
  }

  /**
   * Tally keeps exceptions per status as counters (exception_counts, migration 0005) that every status
   * change updates; rows loaded here bypass that, so the counters are recounted, replacing what they held
   * (as the migration's backfill does). Counts what the server added between loads too.
   */
  private async recount(): Promise<void> {
    await this.sink.exec('DELETE FROM exception_counts');
    await this.sink.exec(`INSERT INTO exception_counts (merchant_id, warehouse_id, status, slot, n)
      SELECT merchant_id, warehouse_id, status, 0, count(*) FROM exceptions GROUP BY merchant_id, warehouse_id, status`);
  }

  private nextNo(prefix: string, ms: number) {
    return noAt(prefix, ms, this.st.seq++);
  }

  /** One stocking order shipped as two notes with two exceptions each; returns [A, B] ids per note. */
  private async unit(m: number, phase: Phase): Promise<[string, string][]> {
    const t0 = (this.st.clock += 30_000);
    const merchant = this.t.merchants[m];
    const [sku1, sku2] = merchant.skus;
    const ops = { id: this.t.ops.id, name: this.t.ops.username, role: 'OPS' };
    const wh = { id: null, name: this.t.warehouseUser, role: 'WAREHOUSE' };
    const type = Math.random() < 0.5 ? 'REPEAT' : 'FIRST';
    const done = phase === 'COMPLETED';
    const soId = idAt('so', t0);
    const tShip = t0 + 3600e3;
    const tArrive = t0 + 86400e3;
    const tRegister = tArrive + 1800e3;
    const tDecide = tRegister + 7200e3;
    const tEnd = tDecide + 86400e3;
    await this.put('stocking_orders', [soId, this.nextNo('SO', t0), merchant.id, this.t.warehouseId, type, done ? 'COMPLETED' : 'SHIPPED', 'CNY',
      20 * PRICE[0] + 12 * PRICE[1], null, null, null, iso(t0 + 600e3), iso(tShip), done ? iso(tEnd) : null, null, ops.id, done ? 4 : 3, iso(t0), iso(done ? tEnd : tShip)]);
    await this.put('stocking_order_lines', [idAt('sol', t0), soId, 1, sku1, 20, PRICE[0]]);
    await this.put('stocking_order_lines', [idAt('sol', t0), soId, 2, sku2, 12, PRICE[1]]);

    const out: [string, string][] = [];
    for (let n = 0; n < 2; n++) {
      const tn = t0 + 1000 + n;
      const dnId = idAt('dn', tn);
      const dnNo = this.nextNo('DN', tn);
      await this.put('delivery_notes', [dnId, dnNo, soId, merchant.id, this.t.warehouseId, 'PLATFORM', iso(tArrive), done ? 'COMPLETED' : 'RECEIVING',
        null, iso(tShip), iso(tArrive), done ? iso(tEnd) : null, null, null, null, done ? 8 : 5, iso(tn), iso(done ? tEnd : tDecide)]);
      const cancelled = phase === 'CANCELLED';
      // declared, arrived, received, passed, failed, inProcess, onHold, stocked, returned, transferred, short
      const l1 = done ? [10, 8, 8, 8, 0, 0, 0, 8, 0, 0, 2] : [10, 8, 8, 0, 0, 8, 0, 0, 0, 0, cancelled ? 0 : 2];
      const l2 = phase === 'PENDING' ? [6, 6, 6, 0, 0, 5, 1, 0, 0, 0, 0]
        : phase === 'PROCESSING' ? [6, 6, 6, 0, 0, 5, 0, 0, 1, 0, 0]
          : done ? [6, 6, 6, 5, 0, 0, 0, 5, 1, 0, 0]
            : [6, 6, 6, 0, 0, 6, 0, 0, 0, 0, 0];
      await this.put('delivery_note_lines', [idAt('dnl', tn), dnId, sku1, PRICE[0], ...l1]);
      await this.put('delivery_note_lines', [idAt('dnl', tn), dnId, sku2, PRICE[1], ...l2]);
      await this.put('delivery_note_boxes', [idAt('box', tn), dnId, 1, `${dnNo}-001`, done ? 'OPENED' : 'OPENED',
        JSON.stringify([{ skuId: sku1, qty: 10 }, { skuId: sku2, qty: 6 }])]);

      const ids: string[] = [];
      for (const kind of ['A', 'B'] as const) {
        const te = tRegister + (kind === 'A' ? 0 : 1);
        const id = idAt('exc', te);
        ids.push(id);
        const decided = phase === 'PROCESSING' || done;
        const plan = !decided ? null : kind === 'A' ? (done ? 'TERMINATE_DELIVERY' : 'CONTINUE_DELIVERY') : 'PROBLEM_GOODS_RETURN';
        const category = !decided ? null : kind === 'B' ? 'RETURN_ONLY' : done ? 'NONE' : 'RESEND_ONLY';
        const status = phase === 'PENDING' ? 'PENDING' : phase === 'CANCELLED' ? 'CANCELLED' : phase;
        const sku = kind === 'A' ? sku1 : sku2;
        const qty = kind === 'A' ? 2 : 1;
        await this.put('exceptions', [id, this.nextNo('EX', te), dnId, dnNo, soId, merchant.id, this.t.warehouseId, type, 'GOODS',
          kind === 'A' ? 'SHORTAGE' : 'BARCODE_DAMAGED', 'RECEIVING', status, plan, category, qty, null, wh.name,
          decided ? ops.name : null, decided ? iso(tDecide) : null, iso(te + 48 * 3600e3), done ? iso(tEnd) : null,
          cancelled ? iso(tDecide) : null, cancelled ? 'Registered in error' : null, phase === 'PENDING' ? 1 : 2, iso(te),
          iso(phase === 'PENDING' ? te : done ? tEnd : tDecide)]);
        await this.put('exception_lines', [idAt('exl', te), id, sku, qty]);
        await this.event('exception', id, 'REGISTERED', wh, null, 'PENDING', { stage: 'RECEIVING', deliveryNoteNo: dnNo }, te);
        if (cancelled) await this.event('exception', id, 'CANCELLED', ops, 'PENDING', 'CANCELLED', { reason: 'Registered in error' }, tDecide);
        if (decided) await this.event('exception', id, 'DECIDED', ops, 'PENDING', 'PROCESSING', { plan, taskCategory: category }, tDecide);
        if (plan === 'CONTINUE_DELIVERY') {
          const rid = idAt('so', tDecide);
          await this.put('stocking_orders', [rid, this.nextNo('SO', tDecide), merchant.id, this.t.warehouseId, type, 'PENDING_ACCEPT', 'CNY',
            2 * PRICE[0], id, null, null, null, null, null, null, ops.id, 1, iso(tDecide), iso(tDecide)]);
          await this.put('stocking_order_lines', [idAt('sol', tDecide), rid, 1, sku1, 2, PRICE[0]]);
        }
        if (plan === 'PROBLEM_GOODS_RETURN') {
          const rid = idAt('ret', tDecide);
          await this.put('return_orders', [rid, this.nextNo('RO', tDecide), merchant.id, this.t.warehouseId, id, dnId,
            done ? 'DISPOSED' : 'PENDING_METHOD', 0, done ? 'ABANDON' : null, iso(tDecide + 7 * 86400e3), done ? iso(tDecide + 3600e3) : null,
            done ? iso(tEnd) : null, done ? 3 : 1, iso(tDecide), iso(done ? tEnd : tDecide)]);
          await this.put('return_order_lines', [idAt('rol', tDecide), rid, sku2, 1]);
        }
        if (done) await this.event('exception', id, 'COMPLETED', ops, 'PROCESSING', 'COMPLETED', {}, tEnd);
      }
      out.push([ids[0], ids[1]]);
    }
    return out;
  }

  /** A note being received with 50 of 100 units in process on both lines: room for many registrations. */
  private async workNote(): Promise<string> {
    const t0 = (this.st.clock += 10_000);
    const merchant = this.t.merchants[0];
    const [sku1, sku2] = merchant.skus;
    const soId = idAt('so', t0);
    await this.put('stocking_orders', [soId, this.nextNo('SO', t0), merchant.id, this.t.warehouseId, 'REPEAT', 'SHIPPED', 'CNY',
      100 * (PRICE[0] + PRICE[1]), null, null, null, iso(t0), iso(t0), null, null, this.t.ops.id, 3, iso(t0), iso(t0)]);
    await this.put('stocking_order_lines', [idAt('sol', t0), soId, 1, sku1, 100, PRICE[0]]);
    await this.put('stocking_order_lines', [idAt('sol', t0), soId, 2, sku2, 100, PRICE[1]]);
    const dnId = idAt('dn', t0);
    const dnNo = this.nextNo('DN', t0);
    await this.put('delivery_notes', [dnId, dnNo, soId, merchant.id, this.t.warehouseId, 'PLATFORM', iso(t0), 'RECEIVING',
      null, iso(t0), iso(t0), null, null, null, null, 3, iso(t0), iso(t0)]);
    await this.put('delivery_note_lines', [idAt('dnl', t0), dnId, sku1, PRICE[0], 100, 50, 50, 0, 0, 50, 0, 0, 0, 0, 0]);
    await this.put('delivery_note_lines', [idAt('dnl', t0), dnId, sku2, PRICE[1], 100, 50, 50, 0, 0, 50, 0, 0, 0, 0, 0]);
    await this.put('delivery_note_boxes', [idAt('box', t0), dnId, 1, `${dnNo}-001`, 'OPENED',
      JSON.stringify([{ skuId: sku1, qty: 100 }, { skuId: sku2, qty: 100 }])]);
    return dnId;
  }
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** After a load: nextNo() continues above every bulk-loaded number. */
export const SEQUENCE_PREFIXES = ['SO', 'DN', 'EX', 'RO'];
