import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld } from '../helpers/world.js';
import { addAddress } from './fixtures/returns.js';

const defaults = (items: any[]) => items.filter((a) => a.isDefault).map((a) => a.id);

eachDialect('addresses', (env) => {
  it('the first address is the default; choosing another clears the old one', async () => {
    const w = await seedWorld(env());
    const first = await addAddress(w.merchantA, { isDefault: false });
    expect(first).toMatchObject({ isDefault: true, version: 1, name: '张三', phone: '+86 138 0000 0000' });
    const second = await addAddress(w.merchantA, { name: '李四' });
    expect(second.isDefault).toBe(false);
    const third = await addAddress(w.merchantA, { name: '王五', isDefault: true });
    let page = ok(await w.merchantA.get('/api/addresses'));
    expect(page.items.map((a: any) => a.id)).toEqual([third.id, second.id, first.id]);
    expect(defaults(page.items)).toEqual([third.id]);
    expect(page.items.find((a: any) => a.id === first.id).version).toBe(2);

    const updated = ok(await w.merchantA.put(`/api/addresses/${second.id}`, { name: '李四', phone: '12345', region: 'R', detail: 'D', isDefault: true }));
    expect(updated).toMatchObject({ isDefault: true, version: 2, phone: '12345' });
    page = ok(await w.merchantA.get('/api/addresses'));
    expect(defaults(page.items)).toEqual([second.id]);

    // un-defaulting the default hands the flag to the newest other address
    ok(await w.merchantA.put(`/api/addresses/${second.id}`, { name: '李四', phone: '12345', region: 'R', detail: 'D', isDefault: false }));
    expect(defaults(ok(await w.merchantA.get('/api/addresses')).items)).toEqual([third.id]);
    expect(ok(await w.merchantA.get(`/api/addresses/${first.id}`)).id).toBe(first.id);
  });

  it('deleting the default promotes another; a deleted address is gone', async () => {
    const w = await seedWorld(env());
    const a = await addAddress(w.merchantA);
    const b = await addAddress(w.merchantA, { name: 'B' });
    const del = await w.merchantA.del(`/api/addresses/${a.id}`);
    expect(del.status).toBe(204);
    const page = ok(await w.merchantA.get('/api/addresses'));
    expect(page.items.map((x: any) => x.id)).toEqual([b.id]);
    expect(page.items[0].isDefault).toBe(true);
    expect((await w.merchantA.get(`/api/addresses/${a.id}`)).status).toBe(404);
    expect((await w.merchantA.del(`/api/addresses/${a.id}`)).status).toBe(404);
    expect((await w.merchantA.put(`/api/addresses/${a.id}`, { name: 'x', phone: '12345', region: 'r', detail: 'd' })).status).toBe(404);
    // the last one can go too; the next one added is the default again
    expect((await w.merchantA.del(`/api/addresses/${b.id}`)).status).toBe(204);
    expect((await addAddress(w.merchantA, { isDefault: false })).isDefault).toBe(true);
  });

  it('the only address must stay the default', async () => {
    const w = await seedWorld(env());
    const a = await addAddress(w.merchantA);
    const res = await w.merchantA.put(`/api/addresses/${a.id}`, { name: 'x', phone: '12345', region: 'r', detail: 'd', isDefault: false });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'DEFAULT_REQUIRED', errors: [{ field: 'isDefault' }] });
    expect(ok(await w.merchantA.get(`/api/addresses/${a.id}`))).toMatchObject({ name: '张三', version: 1, isDefault: true });
  });

  it('is the merchant\'s own: other roles 403, another merchant 404', async () => {
    const w = await seedWorld(env());
    const a = await addAddress(w.merchantA);
    for (const c of [w.ops, w.whA, env().admin]) {
      expect((await c.get('/api/addresses')).status).toBe(403);
      expect((await c.post('/api/addresses', { name: 'x', phone: '12345', region: 'r', detail: 'd' })).status).toBe(403);
      expect((await c.del(`/api/addresses/${a.id}`)).status).toBe(403);
    }
    expect(ok(await w.merchantB.get('/api/addresses')).items).toEqual([]);
    expect((await w.merchantB.get(`/api/addresses/${a.id}`)).status).toBe(404);
    expect((await w.merchantB.put(`/api/addresses/${a.id}`, { name: 'x', phone: '12345', region: 'r', detail: 'd' })).status).toBe(404);
    expect((await w.merchantB.del(`/api/addresses/${a.id}`)).status).toBe(404);
    expect(ok(await w.merchantA.get(`/api/addresses/${a.id}`)).version).toBe(1);
  });

  it('refuses bad input with 400 naming the field, writing nothing', async () => {
    const w = await seedWorld(env());
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', phone: '1234', region: 'r', detail: 'd' }, 'phone'],
      [{ name: 'x', phone: '12345abc', region: 'r', detail: 'd' }, 'phone'],
      [{ name: 'x', phone: '1'.repeat(21), region: 'r', detail: 'd' }, 'phone'],
      [{ name: '  ', phone: '12345', region: 'r', detail: 'd' }, 'name'],
      [{ name: 'x', phone: '12345', detail: 'd' }, 'region'],
      [{ name: 'x', phone: '12345', region: 'r', detail: 'd', isDefault: 'yes' }, 'isDefault'],
      [{ name: 'x', phone: '12345', region: 'r', detail: 'd', color: 'red' }, 'color'],
    ];
    for (const [body, field] of cases) {
      const res = await w.merchantA.post('/api/addresses', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect(ok(await w.merchantA.get('/api/addresses')).items).toEqual([]);
  });

  it('stale versions answer 409; an Idempotency-Key creates once', async () => {
    const w = await seedWorld(env());
    const a = await addAddress(w.merchantA);
    const body = { name: 'n', phone: '12345', region: 'r', detail: 'd' };
    const stale = await w.merchantA.put(`/api/addresses/${a.id}`, { ...body, version: 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(ok(await w.merchantA.put(`/api/addresses/${a.id}`, { ...body, version: 1 })).version).toBe(2);
    expect((await w.merchantA.del(`/api/addresses/${a.id}?version=1`)).status).toBe(409);
    expect((await w.merchantA.del(`/api/addresses/${a.id}?version=x`)).status).toBe(400);

    const first = await w.merchantA.post('/api/addresses', { ...body, name: 'once' }, { idempotencyKey: 'addr-once' });
    const again = await w.merchantA.post('/api/addresses', { ...body, name: 'once' }, { idempotencyKey: 'addr-once' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(ok(await w.merchantA.get('/api/addresses')).items.filter((x: any) => x.name === 'once')).toHaveLength(1);
  });

  it('racing first addresses still leave exactly one default', async () => {
    const w = await seedWorld(env());
    await Promise.all([1, 2, 3, 4].map((i) => addAddress(w.merchantA, { name: `n${i}` })));
    const page = ok(await w.merchantA.get('/api/addresses'));
    expect(page.items).toHaveLength(4);
    expect(defaults(page.items)).toHaveLength(1);
  });
});
