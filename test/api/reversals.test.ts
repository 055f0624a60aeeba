/**
 * 撤销 (issue 11, the handheld's undo): a receipt, a QC result or a put-away taken back through
 * POST /api/delivery-notes/:id/{receipts,qc,putaway}/reversals, on both databases — each happy path
 * read back through GET, the refusals naming why not, access, idempotent replay, and a reversal
 * racing a QC on the same line.
 */
import { expect, it } from 'vitest';
import { eachDialect, type Client, type Res, type TestEnv } from '../helpers/app.js';
import { registerPrepared } from '../helpers/scenarios.js';
import { arrive, expectLedgersSound, ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

const ROUNDS = 24;

type Line = Record<'declared' | 'arrived' | 'received' | 'passed' | 'failed' | 'inProcess' | 'onHold' | 'stocked', number> & { skuId: string };

const url = (noteId: string, what: string) => `/api/delivery-notes/${noteId}/${what}`;

/** A note of SKU0 ×10 and SKU1 ×5, arrived, with SKU0 received `received` and the QC given. */
async function receivingNote(w: World, received = 10, qc?: { passed: number; failed: number }) {
  const { note } = await orderAndShip(w);
  await arrive(w, note.id);
  ok(await w.whA.post(url(note.id, 'receipts'), { lines: [{ skuId: w.ids.skusA[0], qty: received }] }));
  if (qc) ok(await w.whA.post(url(note.id, 'qc'), { lines: [{ skuId: w.ids.skusA[0], ...qc }] }));
  return note as { id: string; no: string };
}

/** As receivingNote, with both lines received and passed in full: nothing left but put-away. */
async function allPassed(w: World) {
  const note = await receivingNote(w, 10, { passed: 10, failed: 0 });
  ok(await w.whA.post(url(note.id, 'receipts'), { lines: [{ skuId: w.ids.skusA[1], qty: 5 }] }));
  ok(await w.whA.post(url(note.id, 'qc'), { lines: [{ skuId: w.ids.skusA[1], passed: 5, failed: 0 }] }));
  return note;
}

async function read(c: Client, noteId: string) {
  const note = ok(await c.get(`/api/delivery-notes/${noteId}`));
  return { note, line: (skuId: string) => (note.lines as Line[]).find((l) => l.skuId === skuId)! };
}

function expectRefused(res: Res, status: number, code: string, field?: string, detail?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  if (field) expect(res.body.errors).toEqual([expect.objectContaining({ field, code })]);
  if (detail) expect(res.body.detail).toContain(detail);
}

/** A refusal writes nothing: the note (ledger, version, events) reads the same before and after. */
async function unchanged(e: TestEnv, w: World, noteId: string, send: () => Promise<Res>): Promise<Res> {
  const before = (await read(w.whA, noteId)).note;
  const res = await send();
  expect((await read(w.whA, noteId)).note).toEqual(before);
  await expectLedgersSound(e);
  return res;
}

eachDialect('reversals', (env) => {
  it('a receipt taken back: received, arrived and inProcess go down, one RECEIPT_REVERSED event with the lines', async () => {
    const e = env();
    const w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    const note = await receivingNote(w, 3);
    const before = (await read(w.whA, note.id)).note;
    const res = ok(await w.whA.post(url(note.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty: 1 }], version: before.version }));
    expect(res.status).toBe('RECEIVING');
    expect(res.version).toBe(before.version + 1);
    const after = await read(w.whA, note.id);
    expect(after.line(s0)).toMatchObject({ declared: 10, arrived: 2, received: 2, inProcess: 2, passed: 0, stocked: 0 });
    const events = (after.note.events as { action: string; data: unknown; actor: { role: string } }[]).filter((x) => x.action === 'RECEIPT_REVERSED');
    expect(events).toEqual([expect.objectContaining({ data: { lines: [{ skuId: s0, qty: 1 }] }, actor: expect.objectContaining({ role: 'WAREHOUSE' }) })]);
    // the unit can be received again, and taken back down to nothing
    ok(await w.whA.post(url(note.id, 'receipts'), { lines: [{ skuId: s0, qty: 1 }] }));
    ok(await w.whA.post(url(note.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty: 3 }] }));
    expect((await read(w.whA, note.id)).line(s0)).toMatchObject({ arrived: 0, received: 0, inProcess: 0 });
    await expectLedgersSound(e);
  });

  it('a QC result taken back: passed and failed go down, the units wait for inspection again (QC_REVERSED)', async () => {
    const e = env();
    const w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    const note = await receivingNote(w, 10, { passed: 6, failed: 2 });
    ok(await w.whA.post(url(note.id, 'qc/reversals'), { lines: [{ skuId: s0, passed: 1, failed: 2 }] }));
    const after = await read(w.whA, note.id);
    expect(after.line(s0)).toMatchObject({ received: 10, passed: 5, failed: 0, inProcess: 10, stocked: 0 });
    expect((after.note.events as { action: string; data: unknown }[]).find((x) => x.action === 'QC_REVERSED')?.data)
      .toEqual({ lines: [{ skuId: s0, passed: 1, failed: 2 }] });
    // inspected again
    ok(await w.whA.post(url(note.id, 'qc'), { lines: [{ skuId: s0, passed: 5, failed: 0 }] }));
    expect((await read(w.whA, note.id)).line(s0)).toMatchObject({ passed: 10, failed: 0 });
    await expectLedgersSound(e);
  });

  it('a put-away taken back: stocked down, inProcess up; the note completes only once it is put away again', async () => {
    const e = env();
    const w = await seedWorld(e);
    const [s0, s1] = w.ids.skusA;
    const note = await allPassed(w);
    ok(await w.whA.post(url(note.id, 'putaway'), { lines: [{ skuId: s0, qty: 10 }] }));
    // one unit short of completing: taking one back leaves it RECEIVING with the unit back in process
    ok(await w.whA.post(url(note.id, 'putaway'), { lines: [{ skuId: s1, qty: 4 }] }));
    const res = ok(await w.whA.post(url(note.id, 'putaway/reversals'), { lines: [{ skuId: s0, qty: 2 }, { skuId: s1, qty: 4 }] }));
    expect(res.status).toBe('RECEIVING');
    const after = await read(w.whA, note.id);
    expect(after.line(s0)).toMatchObject({ passed: 10, stocked: 8, inProcess: 2 });
    expect(after.line(s1)).toMatchObject({ passed: 5, stocked: 0, inProcess: 5 });
    expect((after.note.events as { action: string }[]).filter((x) => x.action === 'PUTAWAY_REVERSED')).toHaveLength(1);
    const done = ok(await w.whA.post(url(note.id, 'putaway'), { lines: [{ skuId: s0, qty: 2 }, { skuId: s1, qty: 5 }] }));
    expect(done.status).toBe('COMPLETED');
    await expectLedgersSound(e);
  });

  it('refusals name why not and write nothing: inspected, put away, held, more than booked, not on the note', async () => {
    const e = env();
    const w = await seedWorld(e);
    const [s0, s1, s2] = w.ids.skusA;
    const note = await receivingNote(w, 10, { passed: 6, failed: 1 });
    ok(await w.whA.post(url(note.id, 'putaway'), { lines: [{ skuId: s0, qty: 4 }] }));
    // SKU0: 10 received, 7 inspected (6 passed, 4 of them put away, 1 failed): 3 receipts and 2 passes can be taken back
    const post = (what: string, lines: unknown[]) => unchanged(e, w, note.id, () => w.whA.post(url(note.id, what), { lines }));
    expectRefused(await post('receipts/reversals', [{ skuId: s0, qty: 4 }]), 422, 'RECEIPT_NOT_REVERSIBLE', 'lines[0].qty', '7 units already inspected; undo the QC first');
    expectRefused(await post('qc/reversals', [{ skuId: s0, passed: 3, failed: 0 }]), 422, 'QC_NOT_REVERSIBLE', 'lines[0].passed', '4 units already put away; undo the put-away first');
    expectRefused(await post('putaway/reversals', [{ skuId: s0, qty: 5 }]), 422, 'PUTAWAY_NOT_REVERSIBLE', 'lines[0].qty', 'Only 4 unit(s)');
    // more than was ever booked: SKU1 has nothing received, inspected or stocked
    expectRefused(await post('receipts/reversals', [{ skuId: s1, qty: 1 }]), 422, 'RECEIPT_NOT_REVERSIBLE', 'lines[0].qty', 'Only 0 of the 0 received');
    expectRefused(await post('qc/reversals', [{ skuId: s1, passed: 0, failed: 1 }]), 422, 'QC_NOT_REVERSIBLE', 'lines[0].failed');
    expectRefused(await post('putaway/reversals', [{ skuId: s1, qty: 1 }]), 422, 'PUTAWAY_NOT_REVERSIBLE', 'lines[0].qty');
    // all or nothing: a good first line is not booked when the second is refused
    expectRefused(await post('receipts/reversals', [{ skuId: s0, qty: 1 }, { skuId: s1, qty: 1 }]), 422, 'RECEIPT_NOT_REVERSIBLE', 'lines[1].qty');
    expectRefused(await post('receipts/reversals', [{ skuId: s2, qty: 1 }]), 422, 'SKU_NOT_ON_NOTE', 'lines[0].skuId');
    expectRefused(await post('receipts/reversals', [{ skuId: s0, qty: 0 }]), 400, 'VALIDATION_FAILED');
    expectRefused(await post('qc/reversals', [{ skuId: s0, passed: 0, failed: 0 }]), 400, 'VALIDATION_FAILED');
    // what the ledger proves can be taken back, can
    ok(await w.whA.post(url(note.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty: 3 }] }));
    ok(await w.whA.post(url(note.id, 'qc/reversals'), { lines: [{ skuId: s0, passed: 2, failed: 1 }] }));
    expect((await read(w.whA, note.id)).line(s0)).toMatchObject({ received: 7, passed: 4, failed: 0, stocked: 4, inProcess: 3 });
  });

  it('failed units held by a 部分异常 cannot be un-failed: cancel the exception first', async () => {
    const e = env();
    const w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    // SKU0: 10 received, 8 passed, 2 failed and held by QUALITY_PARTIAL
    const { note, exc } = await registerPrepared(w, 'QUALITY_PARTIAL');
    const post = () => w.whA.post(url(note.id, 'qc/reversals'), { lines: [{ skuId: s0, passed: 0, failed: 1 }] });
    expectRefused(await unchanged(e, w, note.id, post), 422, 'QC_NOT_REVERSIBLE', 'lines[0].failed', '2 units held under an exception');
    ok(await w.whA.post(`/api/exceptions/${exc.id}/cancel`, { reason: '登记错误' }));
    ok(await post());
    expect((await read(w.whA, note.id)).line(s0)).toMatchObject({ passed: 8, failed: 1, onHold: 0, inProcess: 10 });
    await expectLedgersSound(e);
  });

  it('a COMPLETED note answers 409 NOTE_COMPLETED saying why; a note not RECEIVING 409 NOTE_NOT_RECEIVING; a stale version 409', async () => {
    const e = env();
    const w = await seedWorld(e);
    const [s0, s1] = w.ids.skusA;
    const note = await allPassed(w);
    const done = ok(await w.whA.post(url(note.id, 'putaway'), { lines: [{ skuId: s0, qty: 10 }, { skuId: s1, qty: 5 }] }));
    expect(done.status).toBe('COMPLETED');
    for (const [what, line] of [['receipts', { skuId: s0, qty: 1 }], ['qc', { skuId: s0, passed: 1, failed: 0 }], ['putaway', { skuId: s0, qty: 1 }]] as const) {
      const res = await unchanged(e, w, note.id, () => w.whA.post(url(note.id, `${what}/reversals`), { lines: [line] }));
      expectRefused(res, 409, 'NOTE_COMPLETED', undefined, 'is COMPLETED: every unit on it is settled');
    }
    const order = ok(await w.merchantA.get(`/api/stocking-orders/${done.stockingOrderId}`));
    expect(order.status).toBe('COMPLETED');

    const { note: arrived } = await orderAndShip(w);
    await arrive(w, arrived.id);
    expectRefused(await w.whA.post(url(arrived.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty: 1 }] }), 409, 'NOTE_NOT_RECEIVING', undefined, 'is ARRIVED');

    const open = await receivingNote(w, 2);
    const { note: current } = await read(w.whA, open.id);
    expectRefused(await w.whA.post(url(open.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty: 1 }], version: current.version - 1 }), 409, 'VERSION_CONFLICT');
  });

  it('merchants and ops get 403; another warehouse gets 404 (not found); nothing changes', async () => {
    const e = env();
    const w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    const note = await receivingNote(w, 5, { passed: 2, failed: 0 });
    const bodies = { 'receipts/reversals': { qty: 1 }, 'qc/reversals': { passed: 1, failed: 0 }, 'putaway/reversals': { qty: 1 } };
    for (const [what, body] of Object.entries(bodies)) {
      const send = (c: Client) => () => c.post(url(note.id, what), { lines: [{ skuId: s0, ...body }] });
      expectRefused(await unchanged(e, w, note.id, send(w.merchantA)), 403, 'FORBIDDEN');
      expectRefused(await unchanged(e, w, note.id, send(w.ops)), 403, 'FORBIDDEN');
      expectRefused(await unchanged(e, w, note.id, send(w.whB)), 404, 'NOT_FOUND');
      expect((await e.anon.post(url(note.id, what), { lines: [{ skuId: s0, ...body }] })).status).toBe(401);
    }
  });

  it('Idempotency-Key: a retry replays the first answer and takes back once; the key with another body answers 422', async () => {
    const e = env();
    const w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    const note = await receivingNote(w, 5);
    const send = (qty: number) => w.whA.post(url(note.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty }] }, { idempotencyKey: `undo-${w.tag}` });
    const first = ok(await send(1));
    const again = await send(1);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first);
    expect((await read(w.whA, note.id)).line(s0)).toMatchObject({ received: 4, arrived: 4, inProcess: 4 });
    expectRefused(await send(2), 422, 'IDEMPOTENCY_KEY_REUSED');
    // the same key on another endpoint is another request too
    expectRefused(await w.whA.post(url(note.id, 'qc/reversals'), { lines: [{ skuId: s0, passed: 1, failed: 0 }] }, { idempotencyKey: `undo-${w.tag}` }), 422, 'IDEMPOTENCY_KEY_REUSED');
    const events = ((await read(w.whA, note.id)).note.events as { action: string }[]).filter((x) => x.action === 'RECEIPT_REVERSED');
    expect(events).toHaveLength(1);
  });

  it(`a receipt taken back ∥ a QC of the same unit, ${ROUNDS} rounds: one wins, the other is refused by the rule, no 500`, async () => {
    const e = env();
    const w = await seedWorld(e);
    const s0 = w.ids.skusA[0];
    const note = await receivingNote(w, 4, { passed: 3, failed: 0 }); // 1 unit received and not inspected
    const wins = { reversal: 0, qc: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const [undo, qc] = await Promise.all([
        w.whA.post(url(note.id, 'receipts/reversals'), { lines: [{ skuId: s0, qty: 1 }] }),
        w.whA.post(url(note.id, 'qc'), { lines: [{ skuId: s0, passed: 1, failed: 0 }] }),
      ]);
      for (const a of [undo, qc]) expect(a.status, a.text).toBeLessThan(500);
      expect([undo.status, qc.status].sort(), `${undo.text} | ${qc.text}`).toEqual([200, 422]);
      const line = (await read(w.whA, note.id)).line(s0);
      if (undo.status === 200) {
        wins.reversal++;
        expect(qc.body.code).toBe('QC_EXCEEDS_RECEIVED');
        expect(line).toMatchObject({ received: 3, arrived: 3, passed: 3, inProcess: 3 });
        ok(await w.whA.post(url(note.id, 'receipts'), { lines: [{ skuId: s0, qty: 1 }] }));
      } else {
        wins.qc++;
        expect(undo.body.code).toBe('RECEIPT_NOT_REVERSIBLE');
        expect(line).toMatchObject({ received: 4, arrived: 4, passed: 4, inProcess: 4 });
        ok(await w.whA.post(url(note.id, 'qc/reversals'), { lines: [{ skuId: s0, passed: 1, failed: 0 }] }));
      }
      await expectLedgersSound(e);
    }
    expect(wins.reversal + wins.qc).toBe(ROUNDS);
    const events = (await read(w.whA, note.id)).note.events as { action: string }[];
    expect(events.filter((x) => x.action === 'RECEIPT_REVERSED')).toHaveLength(wins.reversal);
    expect(events.filter((x) => x.action === 'QC_REVERSED')).toHaveLength(wins.qc);
  });

  it('the OpenAPI document lists the three reversals', async () => {
    const doc = ok(await env().anon.get('/api/openapi.json'));
    for (const what of ['receipts', 'qc', 'putaway']) {
      expect(doc.paths[`/api/delivery-notes/{id}/${what}/reversals`]?.post?.summary).toMatch(/^撤销/);
    }
  });
});
