/**
 * Acceptance: every subtype × plan pair driven through HTTP from stocking order to exception
 * COMPLETED, with the documents, the original note's status, the merchant's follow-up and the
 * ledger invariant checked after every step.
 */
import { expect, it } from 'vitest';
import { SUBTYPE_CODES } from '../../src/domain/catalog.js';
import { eachDialect } from '../helpers/app.js';
import { expectLedgersSound, ok, seedWorld, type World } from '../helpers/world.js';
import { EXPECT, PAIRS, PREPARE, STAGE } from '../helpers/scenarios.js';
import { acceptAndShip, completeReturn, finishNote, type ReturnMethod } from '../helpers/follow-up.js';

const METHODS: ReturnMethod[] = ['PLATFORM_LOGISTICS', 'MERCHANT_PICKUP', 'ABANDON'];
const linesOf = (w: World, lines: [number, number][]) =>
  lines.map(([i, qty]) => ({ skuId: w.ids.skusA[i], qty })).sort((a, b) => a.skuId.localeCompare(b.skuId));
const sorted = (lines: { skuId: string; qty: number }[]) =>
  lines.map((l) => ({ skuId: l.skuId, qty: l.qty })).sort((a, b) => a.skuId.localeCompare(b.skuId));

eachDialect('every subtype × plan', (env) => {
  it('covers all 36 pairs of the catalog', () => {
    expect(PAIRS).toHaveLength(36);
    expect(Object.keys(EXPECT).sort()).toEqual([...SUBTYPE_CODES].sort());
  });

  PAIRS.forEach(([subtype, plan], n) => {
    it(`${subtype} → ${plan}`, async () => {
      const e = env();
      const w = await seedWorld(e);
      const want = EXPECT[subtype][plan];
      const step = async <T>(what: Promise<T>): Promise<T> => { const r = await what; await expectLedgersSound(e); return r; };

      const { note, body } = await step(PREPARE[subtype](w));
      const registrar = subtype.endsWith('TRANSPORT_TIMEOUT') ? w.ops : w.whA;
      const exc = ok(await step(registrar.post('/api/exceptions', { deliveryNoteId: note.id, subtype, ...body })), 201);
      expect(exc).toMatchObject({ status: 'PENDING', subtype, stage: STAGE[subtype] ?? 'RECEIVING' });
      expect(exc.allowedPlans).toContain(plan);
      // the registration's answer is the exception as it reads back
      const { documents: _d, events: _e, ...readBack } = ok(await registrar.get(`/api/exceptions/${exc.id}`));
      expect(exc).toEqual(readBack);

      const preview = ok(await w.ops.get(`/api/exceptions/${exc.id}/preview`, { plan }));
      expect(preview.taskCategory).toBe(want.task);

      const decided = ok(await step(w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan, version: exc.version }, { idempotencyKey: `decide-${exc.id}` })));
      const hasTask = !!(want.returns || want.replenish);
      expect(decided).toMatchObject({ plan, taskCategory: want.task, status: hasTask ? 'PROCESSING' : 'COMPLETED' });
      const docs = decided.documents;
      expect(docs.deliveryNote.status).toBe(want.note);

      // documents the plan created: counts, quantities, types, links
      const replenishments = docs.stockingOrders.filter((o: any) => o.status === 'PENDING_ACCEPT');
      expect(replenishments).toHaveLength(want.replenish ? 1 : 0);
      expect(docs.returnOrders).toHaveLength(want.returns ? 1 : 0);
      expect(docs.compensations).toHaveLength(want.compensation !== undefined ? 1 : 0);
      expect(docs.deliveryNotes).toHaveLength(want.newNote || want.newOrder ? 1 : 0);
      expect(docs.stockingOrders).toHaveLength((want.replenish ? 1 : 0) + (want.newOrder ? 1 : 0));
      if (want.compensation !== undefined) expect(docs.compensations[0]).toMatchObject({ amount: want.compensation, status: 'PENDING' });
      if (want.replenish) {
        const order = ok(await w.merchantA.get(`/api/stocking-orders/${replenishments[0].id}`));
        expect(order).toMatchObject({ type: 'REPEAT', sourceExceptionId: exc.id });
        expect(sorted(order.lines)).toEqual(linesOf(w, want.replenish));
      }
      if (want.returns) {
        const ro = ok(await w.merchantA.get(`/api/return-orders/${docs.returnOrders[0].id}`));
        expect(ro).toMatchObject({ status: 'PENDING_METHOD', sealed: want.returns.sealed, sourceException: { id: exc.id, no: exc.no } });
        expect(sorted(ro.lines)).toEqual(linesOf(w, want.returns.lines));
      }
      const newNoteId = docs.deliveryNotes[0]?.id;
      if (newNoteId) {
        const nn = ok(await w.whA.get(`/api/delivery-notes/${newNoteId}`));
        expect(nn).toMatchObject({ status: 'ARRIVED', sourceExceptionId: exc.id });
        expect(sorted(nn.lines.map((l: any) => ({ skuId: l.skuId, qty: l.declared })))).toEqual(linesOf(w, (want.newNote ?? want.newOrder)!));
        expect(nn.boxes.every((b: any) => b.labelCode.startsWith(nn.no))).toBe(true);
        if (want.newNote) expect(nn.stockingOrderId).toBe(note.stockingOrderId);
        else expect(nn.stockingOrderId).toBe(docs.stockingOrders.find((o: any) => o.status === 'SHIPPED').id);
      }

      // follow-up: warehouse work, then the merchant's tasks
      if (['ARRIVED', 'RECEIVING'].includes(want.note)) await step(finishNote(w, note.id));
      if (newNoteId) await step(finishNote(w, newNoteId));
      if (want.returns) {
        const done = await step(completeReturn(w, docs.returnOrders[0].id, METHODS[n % 3]));
        expect(['SIGNED', 'PICKED_UP', 'DISPOSED']).toContain(done.status);
      }
      if (want.replenish) await step(acceptAndShip(w, replenishments[0].id));

      // the merchant sees the exception completed, with type, plan and task — never the subtype
      const seen = await w.merchantA.get(`/api/exceptions/${exc.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ status: 'COMPLETED', plan, taskCategory: want.task });
      expect(seen.text).not.toMatch(/subtype/i);
      if (subtype !== 'RECEIVED_PACKAGE') expect(seen.text).not.toContain(subtype);
      const original = ok(await w.whA.get(`/api/delivery-notes/${note.id}`));
      expect(original.status).toBe(want.note === 'ARRIVED' || want.note === 'RECEIVING' ? 'COMPLETED' : want.note);
      await expectLedgersSound(e);
    });
  });
});
