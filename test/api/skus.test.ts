/** Who sees which SKUs: a merchant its own, a warehouse those of merchants delivering to it, the platform all. */
import { beforeAll, expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';

const idsOf = (body: { items: { id: string }[] }) => body.items.map((s) => s.id);

eachDialect('SKU lookup scope', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
    await orderAndShip(w); // merchant A delivers to warehouse A; merchant B delivers nowhere
  });

  it('a warehouse sees the SKUs of merchants that deliver to it, and no others', async () => {
    const all = idsOf(ok(await w.whA.get('/api/skus', { limit: 100 })));
    expect(all).toEqual(expect.arrayContaining(w.ids.skusA));
    for (const id of w.ids.skusB) expect(all).not.toContain(id);
    expect(idsOf(ok(await w.whA.get('/api/skus', { merchantId: w.ids.merchantB, limit: 100 })))).toEqual([]);
    // warehouse B receives nothing from merchant A
    expect(idsOf(ok(await w.whB.get('/api/skus', { merchantId: w.ids.merchantA, limit: 100 })))).toEqual([]);
  });

  it('a merchant sees only its own, whatever merchantId it asks for', async () => {
    expect(idsOf(ok(await w.merchantB.get('/api/skus', { limit: 100 })))).toEqual(w.ids.skusB);
    expect(idsOf(ok(await w.merchantB.get('/api/skus', { merchantId: w.ids.merchantA, limit: 100 })))).toEqual([]);
  });

  it('the platform sees every merchant\'s; /api/admin/skus is for the platform only', async () => {
    const ops = idsOf(ok(await w.ops.get('/api/admin/skus', { merchantId: w.ids.merchantB, limit: 100 })));
    expect(ops).toEqual(w.ids.skusB);
    expect(idsOf(ok(await w.ops.get('/api/skus', { merchantId: w.ids.merchantA, limit: 100 }))).sort()).toEqual([...w.ids.skusA].sort());
    for (const who of [w.merchantA, w.whA]) {
      const res = await who.get('/api/admin/skus');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });
});
