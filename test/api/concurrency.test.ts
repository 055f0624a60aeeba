/** Racing writers: one decision wins, retries with one Idempotency-Key have one effect. */
import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { expectLedgersSound, ok, seedWorld } from '../helpers/world.js';
import { PREPARE } from '../helpers/scenarios.js';

const countDocs = async (db: any, exceptionId: string) => ({
  returnOrders: (await db.selectFrom('returnOrders').select('id').where('sourceExceptionId', '=', exceptionId).execute()).length,
  stockingOrders: (await db.selectFrom('stockingOrders').select('id').where('sourceExceptionId', '=', exceptionId).execute()).length,
  events: (await db.selectFrom('events').select('id').where('documentId', '=', exceptionId).where('action', '=', 'DECIDED').execute()).length,
});

eachDialect('concurrency', (env) => {
  it('20 simultaneous decides of one exception: exactly one succeeds, the rest 409, one set of documents', async () => {
    const e = env();
    const w = await seedWorld(e);
    const { note, body } = await PREPARE.BLOATED(w);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BLOATED', ...body }), 201);
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
      w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_REPAIR', version: exc.version })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.headers['content-type']).toContain('application/problem+json');
      expect(['VERSION_CONFLICT', 'EXCEPTION_ALREADY_DECIDED']).toContain(a.body.code);
    }
    expect(await countDocs(e.db.handle.db, exc.id)).toEqual({ returnOrders: 1, stockingOrders: 1, events: 1 });
    await expectLedgersSound(e);
  });

  it('20 retries with one Idempotency-Key: one effect, the same answer each time', async () => {
    const e = env();
    const w = await seedWorld(e);
    const { note, body } = await PREPARE.SURPLUS(w);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', ...body }), 201);
    const send = () => w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }, { idempotencyKey: 'retry-key-1' });
    const answers = await Promise.all(Array.from({ length: 20 }, send));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const first = answers[0].body;
    for (const a of answers) expect(a.body).toEqual(first);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await countDocs(e.db.handle.db, exc.id)).toEqual({ returnOrders: 1, stockingOrders: 0, events: 1 });
    // and a later retry still replays
    const late = await send();
    expect(late.status).toBe(200);
    expect(late.body).toEqual(first);
  });

  it('racing receipts on one note never book more than declared', async () => {
    const e = env();
    const w = await seedWorld(e);
    const { note } = await (await import('../helpers/world.js')).orderAndShip(w);
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
    const sku = w.ids.skusA[0];
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
      w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: sku, qty: 1 }] })));
    for (const a of answers) expect([200, 409, 422]).toContain(a.status);
    const accepted = answers.filter((a) => a.status === 200).length;
    const after = ok(await w.whA.get(`/api/delivery-notes/${note.id}`));
    const line = after.lines.find((l: any) => l.skuId === sku);
    expect(line.received).toBe(accepted);
    expect(line.received).toBeLessThanOrEqual(10);
    await expectLedgersSound(e);
  });

  it('a decide racing receipts on its note loses none of their units (20 rounds)', async () => {
    const e = env();
    const w = await seedWorld(e);
    const { orderAndShip } = await import('../helpers/world.js');
    const sku = w.ids.skusA[0];
    for (let round = 0; round < 20; round++) {
      const { note } = await orderAndShip(w);
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
      ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: sku, qty: 5 }] }));
      const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: sku, qty: 2 }] }), 201);
      // the decide moves the held units on the very line the receipts add to
      const [decided, ...receipts] = await Promise.all([
        w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }),
        ...Array.from({ length: 4 }, () => w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: sku, qty: 1 }] })),
      ]);
      for (const a of [decided, ...receipts]) expect([200, 409]).toContain(a.status);
      const accepted = receipts.filter((a) => a.status === 200).length;
      const line = ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).lines.find((l: any) => l.skuId === sku);
      expect(line.received).toBe(5 + accepted);
      if (decided.status === 200) expect(line.returned).toBe(2);
      await expectLedgersSound(e);
    }
  });
});

eachDialect('idempotency keys', (env) => {
  it('are kept for a day, then forgotten by the cleanup job', async () => {
    const e = env();
    const { runDueJobs } = await import('../../src/jobs/scheduler.js');
    const { idempotencyCleanupJob } = await import('../../src/jobs/idempotency-cleanup.js');
    ok(await e.admin.post('/api/admin/merchants', { name: '按键商家' }, { idempotencyKey: 'day-old-key' }), 201);
    const count = async () => (await e.db.handle.db.selectFrom('idempotencyKeys').select('key').where('key', '=', 'day-old-key').execute()).length;
    const jc = { db: e.db.handle.db, dialect: e.dialect, clock: e.clock, dataDir: e.db.dataDir };
    await runDueJobs(jc, [idempotencyCleanupJob]);
    expect(await count()).toBe(1);
    e.clock.advance(24 * 3600 + 1);
    await runDueJobs(jc, [idempotencyCleanupJob]);
    expect(await count()).toBe(0);
  });
});
