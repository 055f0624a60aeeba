import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { arrive, expectLedgersSound, ok, orderAndShip, seedWorld } from '../helpers/world.js';

eachDialect('smoke', (env) => {
  it('serves the catalog, openapi and docs', async () => {
    const e = env();
    const cat = ok(await e.admin.get('/api/catalog'));
    expect(cat.subtypes).toHaveLength(18);
    const openapi = await e.anon.get('/api/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toContain('/api/exceptions/{id}/decide');
    const docs = await e.app.inject({ method: 'GET', url: '/docs/' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('a note goes from order to stocked', async () => {
    const e = env();
    const w = await seedWorld(e);
    const { note } = await orderAndShip(w);
    expect(note.status).toBe('IN_TRANSIT');
    await arrive(w, note.id);
    const lines = note.lines.map((l: any) => ({ skuId: l.skuId, qty: l.declared }));
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines }));
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/qc`, { lines: lines.map((l: any) => ({ skuId: l.skuId, passed: l.qty, failed: 0 })) }));
    const done = ok(await w.whA.post(`/api/delivery-notes/${note.id}/putaway`, { lines }));
    expect(done.status).toBe('COMPLETED');
    expect(done.lines[0]).toMatchObject({ declared: 10, arrived: 10, stocked: 10, inProcess: 0 });
    const order = ok(await w.merchantA.get(`/api/stocking-orders/${note.stockingOrderId}`));
    expect(order.status).toBe('COMPLETED');
    await expectLedgersSound(e);
  });
});
