/**
 * An exception's documents are read in one UNION statement (src/modules/exceptions/views.ts): the
 * answer is the one five separate look-ups give, fields, types and order included, on each dialect.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Executor } from '../../src/db/create-db.js';
import type { ExceptionRow } from '../../src/db/types.js';
import { documentsOf } from '../../src/modules/exceptions/views.js';
import { eachDialect } from '../helpers/app.js';
import { registerPrepared, decidePrepared } from '../helpers/scenarios.js';
import { seedWorld, type World } from '../helpers/world.js';

/** The five look-ups as they were written before the UNION. */
async function reference(db: Executor, e: ExceptionRow) {
  const cols = ['id', 'no', 'status'] as const;
  const [stockingOrders, deliveryNotes, returnOrders, compensations, original] = await Promise.all([
    db.selectFrom('stockingOrders').select([...cols, 'type']).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('deliveryNotes').select(cols).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('returnOrders').select([...cols, 'method', 'sealed']).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('compensations').select([...cols, 'amount', 'currency']).where('sourceExceptionId', '=', e.id).orderBy('id').execute(),
    db.selectFrom('deliveryNotes').select(cols).where('id', '=', e.deliveryNoteId).executeTakeFirst(),
  ]);
  return {
    deliveryNote: original ?? null,
    stockingOrders,
    deliveryNotes,
    returnOrders: returnOrders.map((r) => ({ ...r, sealed: r.sealed === 1 })),
    compensations,
  };
}

eachDialect('exception documents', (env) => {
  let w: World;
  const decide = async (subtype: string, plan?: string) => (await (plan ? decidePrepared(w, subtype, plan) : registerPrepared(w, subtype))).exc;

  beforeAll(async () => {
    w = await seedWorld(env());
    await decide('TRANSPORT_DAMAGE', 'CONTINUE_DELIVERY'); // compensation + replenishment order
    await decide('BOX_LABEL_MISSING', 'TERMINATE_DELIVERY'); // sealed return order
    await decide('BOX_LABEL_MISSING', 'IN_WAREHOUSE_RECEIVE'); // new note on the same order
    await decide('SURPLUS', 'AUTO_ORDER_RECEIVE'); // new order and note
    await decide('BARCODE_DAMAGED', 'PROBLEM_GOODS_RETURN'); // unsealed return order
    await decide('SHORTAGE'); // pending: nothing but the note
  });

  it('equal the five look-ups for every exception, and every kind of document is there', async () => {
    const db = env().db.handle.db;
    const all = await db.selectFrom('exceptions').selectAll().orderBy('id').execute();
    expect(all.length).toBeGreaterThanOrEqual(6);
    const seen = { stockingOrders: 0, deliveryNotes: 0, returnOrders: 0, compensations: 0, sealed: 0, unsealed: 0 };
    for (const e of all) {
      const [ours, theirs] = [await documentsOf(db, e), await reference(db, e)];
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs)); // same keys in the same order, same values and types
      expect(ours.deliveryNote?.id).toBe(e.deliveryNoteId);
      seen.stockingOrders += ours.stockingOrders.length;
      seen.deliveryNotes += ours.deliveryNotes.length;
      seen.returnOrders += ours.returnOrders.length;
      seen.compensations += ours.compensations.length;
      seen.sealed += ours.returnOrders.filter((r) => r.sealed).length;
      seen.unsealed += ours.returnOrders.filter((r) => !r.sealed).length;
      for (const c of ours.compensations) expect(typeof c.amount).toBe('number');
    }
    for (const [kind, n] of Object.entries(seen)) expect(n, kind).toBeGreaterThan(0);
  });
});
