/**
 * GET /api/delivery-notes?fromPlan=true: the notes a plan created at the warehouse (平台仓内补收 and
 * 自动建单补收), which the warehouse's 补收 page lists; fromPlan=false the merchants' own notes.
 */
import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld } from '../helpers/world.js';
import { decidePrepared } from '../helpers/scenarios.js';

const ids = (page: { items: { id: string }[] }) => page.items.map((n) => n.id).sort();

eachDialect('delivery notes made by a plan', (env) => {
  it('fromPlan=true lists only notes with a source exception, scoped and combined with the other filters', async () => {
    const w = await seedWorld(env());
    const relabel = await decidePrepared(w, 'BOX_LABEL_MISSING', 'IN_WAREHOUSE_RECEIVE'); // new note on the same order
    const surplus = await decidePrepared(w, 'SURPLUS', 'AUTO_ORDER_RECEIVE'); // new order and note
    const planNotes = [...relabel.exc.documents.deliveryNotes, ...surplus.exc.documents.deliveryNotes];
    expect(planNotes).toHaveLength(2);
    const own = [relabel.note.id, surplus.note.id];

    const fromPlan = ok(await w.whA.get('/api/delivery-notes', { fromPlan: 'true', status: 'ARRIVED,RECEIVING' }));
    expect(ids(fromPlan)).toEqual(planNotes.map((n: any) => n.id).sort());
    expect(fromPlan.items.every((n: any) => n.sourceExceptionId)).toBe(true);
    expect(fromPlan.items.map((n: any) => n.sourceExceptionId).sort()).toEqual([relabel.exc.id, surplus.exc.id].sort());

    const merchants = ok(await w.whA.get('/api/delivery-notes', { fromPlan: 'false' }));
    expect(ids(merchants)).toEqual(own.sort());
    expect(ok(await w.whA.get('/api/delivery-notes')).items).toHaveLength(4);
    // the plan's notes belong to merchant A and warehouse A: B sees none of them
    expect(ids(ok(await w.merchantA.get('/api/delivery-notes', { fromPlan: 'true' })))).toEqual(planNotes.map((n: any) => n.id).sort());
    expect(ok(await w.whB.get('/api/delivery-notes', { fromPlan: 'true' })).items).toEqual([]);
    expect(ok(await w.merchantB.get('/api/delivery-notes', { fromPlan: 'true' })).items).toEqual([]);
    // paging through the filtered list
    const first = ok(await w.whA.get('/api/delivery-notes', { fromPlan: 'true', limit: 1 }));
    const second = ok(await w.whA.get('/api/delivery-notes', { fromPlan: 'true', limit: 1, cursor: first.nextCursor }));
    expect([...ids(first), ...ids(second)].sort()).toEqual(planNotes.map((n: any) => n.id).sort());
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a fromPlan that is not true or false, naming the field', async () => {
    const w = await seedWorld(env());
    const bad = await w.whA.get('/api/delivery-notes', { fromPlan: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/fromPlan/);
  });
});
