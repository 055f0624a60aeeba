/**
 * How to reach each subtype on a real note, and what each plan must produce — written out from
 * SPEC §4/§5 independently of the catalog module, so the test checks the catalog, not itself.
 * The note carries SKU0 ×10 and SKU1 ×5 at 12.50 (1250) each.
 */
import { expect } from 'vitest';
import { ok, orderAndShip, type World } from './world.js';

export interface Prepared {
  note: any;
  body: Record<string, unknown>;
}

type Prepare = (w: World) => Promise<Prepared>;
const S0 = 0, S1 = 1, S2 = 2;

async function shipped(w: World, opts: Parameters<typeof orderAndShip>[1] = {}) {
  return (await orderAndShip(w, opts)).note;
}
async function arrived(w: World) {
  const note = await shipped(w);
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
  return note;
}
async function receivedAll(w: World, counts = [10, 5]) {
  const note = await arrived(w);
  const lines = counts.map((qty, i) => ({ skuId: w.ids.skusA[i], qty })).filter((l) => l.qty > 0);
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines }));
  return note;
}
async function inspected(w: World, failed: [number, number]) {
  const note = await receivedAll(w);
  ok(await w.whA.post(`/api/delivery-notes/${note.id}/qc`, {
    lines: [{ skuId: w.ids.skusA[0], passed: 10 - failed[0], failed: failed[0] }, { skuId: w.ids.skusA[1], passed: 5 - failed[1], failed: failed[1] }],
  }));
  return note;
}
const line = (w: World, i: number, qty: number) => ({ skuId: w.ids.skusA[i], qty });

export const PREPARE: Record<string, Prepare> = {
  PLATFORM_TRANSPORT_TIMEOUT: async (w) => ({ note: await shipped(w), body: {} }),
  SELF_TRANSPORT_TIMEOUT: async (w) => ({ note: await shipped(w, { logistics: 'SELF' }), body: {} }),
  TRANSPORT_DAMAGE: async (w) => { const note = await arrived(w); return { note, body: { lines: [line(w, S0, 3)] } }; },
  MULTIPLE_NOTES_ON_PACKAGE: async (w) => ({ note: await arrived(w), body: {} }),
  BOX_LABEL_UNREADABLE: async (w) => ({ note: await arrived(w), body: {} }),
  BOX_LABEL_MISSING: async (w) => ({ note: await arrived(w), body: {} }),
  NOTE_NOT_CONFIRMED: async (w) => {
    const note = await shipped(w, { confirm: false });
    const refused = await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOTE_NOT_CONFIRMED');
    return { note, body: {} };
  },
  NOTE_CANCELLED: async (w) => {
    const note = await shipped(w);
    ok(await w.merchantA.post(`/api/delivery-notes/${note.id}/cancel`, {}));
    const refused = await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {});
    expect(refused.body.code).toBe('NOTE_CANCELLED');
    return { note, body: {} };
  },
  SURPLUS: async (w) => ({ note: await receivedAll(w), body: { lines: [line(w, S0, 2)] } }),
  WRONG_GOODS: async (w) => ({ note: await receivedAll(w), body: { lines: [line(w, S2, 3)] } }),
  BARCODE_WRONG: async (w) => ({ note: await receivedAll(w), body: { lines: [line(w, S0, 2)] } }),
  BARCODE_DAMAGED: async (w) => ({ note: await receivedAll(w), body: { lines: [line(w, S0, 2)] } }),
  SHORTAGE: async (w) => ({ note: await receivedAll(w, [7, 5]), body: { lines: [line(w, S0, 3)] } }),
  RECEIVED_PACKAGE: async (w) => ({ note: await receivedAll(w, [7, 5]), body: { lines: [line(w, S0, 3)] } }),
  BLOATED: async (w) => ({ note: await receivedAll(w), body: { lines: [line(w, S1, 2)] } }),
  DAMAGED_DIRTY: async (w) => ({ note: await inspected(w, [0, 2]), body: { lines: [line(w, S1, 2)] } }),
  QUALITY_PARTIAL: async (w) => ({ note: await inspected(w, [2, 0]), body: { lines: [line(w, S0, 2)] } }),
  QUALITY_ALL: async (w) => ({ note: await inspected(w, [10, 5]), body: {} }),
};

/** The warehouse registers `subtype` on a note prepared for it; answers the registered exception and the note. */
export async function registerPrepared(w: World, subtype: string) {
  const { note, body } = await PREPARE[subtype](w);
  return { note, exc: ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype, ...body }), 201) };
}

/** As `registerPrepared`, then ops decides `plan`; answers the decided exception and the note. */
export async function decidePrepared(w: World, subtype: string, plan: string) {
  const { note, exc } = await registerPrepared(w, subtype);
  return { note, exc: ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan, version: exc.version })) };
}

export const STAGE: Record<string, string> = {
  PLATFORM_TRANSPORT_TIMEOUT: 'TRANSIT', SELF_TRANSPORT_TIMEOUT: 'TRANSIT', DAMAGED_DIRTY: 'QC', QUALITY_PARTIAL: 'QC', QUALITY_ALL: 'QC',
};

/** Expected documents as [skuIndex, qty] lines. */
export interface Expect {
  note: string; // original note status right after deciding
  task: string;
  returns?: { sealed: boolean; lines: [number, number][] };
  replenish?: [number, number][];
  compensation?: number;
  newNote?: [number, number][]; // note on the same order
  newOrder?: [number, number][]; // new accepted order + note
}

const FULL: [number, number][] = [[S0, 10], [S1, 5]];
const timeout = { CONTINUE_DELIVERY: { note: 'VOIDED', task: 'RESEND_ONLY', replenish: FULL }, TERMINATE_DELIVERY: { note: 'VOIDED', task: 'NONE' } };
const boxLabel = {
  IN_WAREHOUSE_RECEIVE: { note: 'VOIDED', task: 'NONE', newNote: FULL },
  TERMINATE_DELIVERY: { note: 'VOIDED', task: 'RETURN_ONLY', returns: { sealed: true, lines: FULL } },
};
const noteState = {
  AUTO_ORDER_RECEIVE: { note: 'ARRIVED', task: 'NONE' },
  PROBLEM_PACKAGE_RETURN: { note: 'VOIDED', task: 'RETURN_ONLY', returns: { sealed: true, lines: FULL } },
};
const surplus = (i: number, q: number) => ({
  AUTO_ORDER_RECEIVE: { note: 'RECEIVING', task: 'NONE', newOrder: [[i, q]] as [number, number][] },
  PROBLEM_GOODS_RETURN: { note: 'RECEIVING', task: 'RETURN_ONLY', returns: { sealed: false, lines: [[i, q]] as [number, number][] } },
});
const barcode = {
  IN_WAREHOUSE_RECEIVE: { note: 'RECEIVING', task: 'NONE', newNote: [[S0, 2]] as [number, number][] },
  PROBLEM_GOODS_RETURN: { note: 'RECEIVING', task: 'RETURN_ONLY', returns: { sealed: false, lines: [[S0, 2]] as [number, number][] } },
};
const shortage = {
  CONTINUE_DELIVERY: { note: 'RECEIVING', task: 'RESEND_ONLY', replenish: [[S0, 3]] as [number, number][] },
  TERMINATE_DELIVERY: { note: 'RECEIVING', task: 'NONE' },
};
const damagedGoods = {
  IN_WAREHOUSE_RECEIVE: { note: 'RECEIVING', task: 'NONE', newNote: [[S1, 2]] as [number, number][] },
  PROBLEM_GOODS_REPAIR: { note: 'RECEIVING', task: 'RETURN_AND_RESEND', returns: { sealed: false, lines: [[S1, 2]] as [number, number][] }, replenish: [[S1, 2]] as [number, number][] },
};

export const EXPECT: Record<string, Record<string, Expect>> = {
  PLATFORM_TRANSPORT_TIMEOUT: timeout,
  SELF_TRANSPORT_TIMEOUT: timeout,
  TRANSPORT_DAMAGE: {
    CONTINUE_DELIVERY: { note: 'VOIDED', task: 'RESEND_ONLY', replenish: FULL, compensation: 3 * 1250 },
    TERMINATE_DELIVERY: { note: 'VOIDED', task: 'NONE', compensation: 3 * 1250 },
  },
  MULTIPLE_NOTES_ON_PACKAGE: boxLabel,
  BOX_LABEL_UNREADABLE: boxLabel,
  BOX_LABEL_MISSING: boxLabel,
  NOTE_NOT_CONFIRMED: noteState,
  NOTE_CANCELLED: noteState,
  SURPLUS: surplus(S0, 2),
  WRONG_GOODS: surplus(S2, 3),
  BARCODE_WRONG: barcode,
  BARCODE_DAMAGED: barcode,
  SHORTAGE: shortage,
  RECEIVED_PACKAGE: shortage,
  BLOATED: damagedGoods,
  DAMAGED_DIRTY: damagedGoods,
  QUALITY_PARTIAL: {
    DEFECTIVE_RETURN: { note: 'RECEIVING', task: 'RETURN_ONLY', returns: { sealed: false, lines: [[S0, 2]] } },
    DEFECTIVE_REPAIR: { note: 'RECEIVING', task: 'RETURN_AND_RESEND', returns: { sealed: false, lines: [[S0, 2]] }, replenish: [[S0, 2]] },
  },
  QUALITY_ALL: {
    ALL_RETURN: { note: 'RETURNED', task: 'RETURN_ONLY', returns: { sealed: false, lines: FULL } },
    ALL_REPAIR: { note: 'RETURNED', task: 'RETURN_AND_RESEND', returns: { sealed: false, lines: FULL }, replenish: FULL },
  },
};

export const PAIRS = Object.entries(EXPECT).flatMap(([subtype, plans]) => Object.keys(plans).map((plan) => [subtype, plan] as const));
