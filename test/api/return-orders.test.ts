import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld } from '../helpers/world.js';
import { addAddress, inDays, returnOrderFor } from './fixtures/returns.js';
import { applyDefaultMethod, returnOrdersPastMethodDue } from '../../src/modules/return-orders/service.js';
import { SYSTEM_ACTOR, type Ctx } from '../../src/modules/shared/context.js';

eachDialect('return orders', (env) => {
  it('are scoped: own merchant and warehouse, platform staff all; others get 404', async () => {
    const w = await seedWorld(env());
    const { ro, exc } = await returnOrderFor(w);
    expect(ro).toMatchObject({ status: 'PENDING_METHOD', sealed: true, version: 1, sourceException: { id: exc.id, no: exc.no } });

    const mine = ok(await w.merchantA.get('/api/return-orders', { status: 'PENDING_METHOD,AWAITING_SHIPMENT' }));
    expect(mine.items.map((x: any) => x.id)).toEqual([ro.id]);
    expect(ok(await w.whA.get('/api/return-orders')).items.map((x: any) => x.id)).toEqual([ro.id]);
    expect(ok(await w.merchantB.get('/api/return-orders')).items).toEqual([]);
    expect(ok(await w.whB.get('/api/return-orders')).items).toEqual([]);
    expect(ok(await w.merchantA.get('/api/return-orders', { status: 'SIGNED' })).items).toEqual([]);
    expect(ok(await w.ops.get('/api/return-orders', { q: ro.no.slice(-8).toLowerCase() })).items.map((x: any) => x.id)).toEqual([ro.id]);
    // a merchant filtering by another merchant still sees only its own (nothing)
    expect(ok(await w.merchantA.get('/api/return-orders', { merchantId: w.ids.merchantB })).items).toEqual([]);

    const detail = ok(await w.merchantA.get(`/api/return-orders/${ro.id}`));
    expect(detail.lines).toEqual([
      { skuId: w.ids.skusA[0], skuCode: expect.stringMatching(/^S1-/), skuName: '商品1', qty: 10 },
      { skuId: w.ids.skusA[1], skuCode: expect.stringMatching(/^S2-/), skuName: '商品2', qty: 5 },
    ]);
    expect(detail.events.map((e: any) => e.action)).toEqual(['CREATED']);
    expect(detail.methodDueAt > detail.createdAt).toBe(true);
    // the exception subtype is internal: nothing a merchant receives names it
    expect(JSON.stringify(detail)).not.toContain('BOX_LABEL');

    expect((await w.merchantB.get(`/api/return-orders/${ro.id}`)).status).toBe(404);
    expect((await w.whB.get(`/api/return-orders/${ro.id}`)).status).toBe(404);
    expect((await w.ops.get('/api/return-orders/ret_nope')).status).toBe(404);
  });

  it('refuses bad list queries with 400 naming the field', async () => {
    const w = await seedWorld(env());
    const bad = await w.ops.get('/api/return-orders', { status: 'PENDING_METHOD,NOPE' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/^querystring\.status/);
    expect((await w.ops.get('/api/return-orders', { foo: 1 })).status).toBe(400);
    expect((await w.ops.get('/api/return-orders', { q: "x%' or 1=1" })).status).toBe(400);
  });

  it('platform logistics: address from the book, shipped by the warehouse, signed by the merchant; the exception completes', async () => {
    const w = await seedWorld(env());
    const { ro, exc } = await returnOrderFor(w);
    const address = await addAddress(w.merchantA);
    const url = `/api/return-orders/${ro.id}`;

    expect((await w.whA.post(`${url}/method`, { method: 'ABANDON' })).status).toBe(403);
    expect((await w.merchantB.post(`${url}/method`, { method: 'ABANDON' })).status).toBe(404);
    expect((await w.whA.post(`${url}/ship`, { carrier: 'SF', trackingNo: 'SF1' })).status).toBe(409);

    const set = ok(await w.merchantA.post(`${url}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id, version: 1 }));
    expect(set).toMatchObject({
      status: 'AWAITING_SHIPMENT', method: 'PLATFORM_LOGISTICS', addressId: address.id, version: 2,
      address: { name: '张三', phone: '+86 138 0000 0000', region: '广东省深圳市', detail: '科技园 1 号' },
    });
    expect(set.methodEnteredAt).toBeTruthy();
    // the snapshot survives later edits of the address book
    ok(await w.merchantA.put(`/api/addresses/${address.id}`, { name: '李四', phone: '12345', region: 'R', detail: 'D' }));
    expect(ok(await w.whA.get(url)).address.name).toBe('张三');

    expect((await w.merchantA.post(`${url}/ship`, { carrier: 'SF', trackingNo: 'SF1' })).status).toBe(403);
    expect((await w.whB.post(`${url}/ship`, { carrier: 'SF', trackingNo: 'SF1' })).status).toBe(404);
    const noTracking = await w.whA.post(`${url}/ship`, { carrier: 'SF' });
    expect(noTracking.status).toBe(400);
    expect(noTracking.body.errors.map((e: any) => e.field)).toContain('trackingNo');
    const shipped = ok(await w.whA.post(`${url}/ship`, { carrier: 'SF', trackingNo: 'SF1', version: 2 }));
    expect(shipped).toMatchObject({ status: 'SHIPPED', carrier: 'SF', trackingNo: 'SF1', version: 3 });
    // too late to change the method
    expect((await w.merchantA.post(`${url}/method`, { method: 'ABANDON' })).body.code).toBe('ILLEGAL_TRANSITION');

    expect((await w.whA.post(`${url}/sign`)).status).toBe(403);
    const signed = ok(await w.merchantA.post(`${url}/sign`));
    expect(signed.status).toBe('SIGNED');
    expect(signed.signedAt).toBeTruthy();
    expect(signed.events.map((e: any) => e.action)).toEqual(['CREATED', 'METHOD_ENTERED', 'SHIPPED', 'SIGNED']);
    expect(ok(await w.merchantA.get(`/api/exceptions/${exc.id}`)).status).toBe('COMPLETED');
    expect((await w.merchantA.post(`${url}/sign`)).status).toBe(409);
  });

  it('refuses an address that is not the merchant\'s own or was deleted, writing nothing', async () => {
    const w = await seedWorld(env());
    const { ro } = await returnOrderFor(w);
    const url = `/api/return-orders/${ro.id}`;
    const foreign = await addAddress(w.merchantB);
    const mine = await addAddress(w.merchantA);
    await addAddress(w.merchantA, { name: '备用' });
    expect((await w.merchantA.del(`/api/addresses/${mine.id}`)).status).toBe(204);
    for (const addressId of [foreign.id, mine.id, 'adr_nope']) {
      const res = await w.merchantA.post(`${url}/method`, { method: 'PLATFORM_LOGISTICS', addressId });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'UNKNOWN_ADDRESS', errors: [{ field: 'addressId' }] });
    }
    const missing = await w.merchantA.post(`${url}/method`, { method: 'PLATFORM_LOGISTICS' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.field)).toContain('addressId');
    expect((await w.merchantA.post(`${url}/method`, { method: 'ABANDON', extra: 1 })).status).toBe(400);
    expect((await w.merchantA.post(`${url}/method`, { method: 'TELEPORT' })).status).toBe(400);
    const after = ok(await w.merchantA.get(url));
    expect(after).toMatchObject({ status: 'PENDING_METHOD', version: 1, method: null });
    expect(after.events).toHaveLength(1);
  });

  it('pickup: the time must be in the future; the merchant may switch methods until the warehouse acts', async () => {
    const w = await seedWorld(env());
    const { ro, exc } = await returnOrderFor(w);
    const url = `/api/return-orders/${ro.id}`;
    const past = await w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt: new Date(env().clock.now().getTime() - 60e3).toISOString() });
    expect(past.status).toBe(422);
    expect(past.body).toMatchObject({ code: 'PICKUP_IN_PAST', errors: [{ field: 'pickupAt' }] });
    expect((await w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt: 'tomorrow' })).status).toBe(400);

    const pickupAt = inDays(2);
    const picked = ok(await w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt }));
    expect(picked).toMatchObject({ status: 'AWAITING_PICKUP', method: 'MERCHANT_PICKUP', pickupAt });
    // a new time in the same state
    const later = inDays(3);
    expect(ok(await w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt: later })).pickupAt).toBe(later);
    const address = await addAddress(w.merchantA);
    const switched = ok(await w.merchantA.post(`${url}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id }));
    expect(switched).toMatchObject({ status: 'AWAITING_SHIPMENT', pickupAt: null, addressId: address.id });
    const back = ok(await w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt }));
    expect(back).toMatchObject({ status: 'AWAITING_PICKUP', addressId: null, address: null });

    expect((await w.whA.post(`${url}/dispose`)).status).toBe(409);
    expect((await w.whA.post(`${url}/picked-up`, { version: 1 })).status).toBe(409);
    const done = ok(await w.whA.post(`${url}/picked-up`, {}));
    expect(done).toMatchObject({ status: 'PICKED_UP', finished: true });
    expect(done.pickedUpAt).toBeTruthy();
    expect(ok(await w.ops.get(`/api/exceptions/${exc.id}`)).status).toBe('COMPLETED');
  });

  it('abandon is final and ends in disposal', async () => {
    const w = await seedWorld(env());
    const { ro, exc } = await returnOrderFor(w);
    const url = `/api/return-orders/${ro.id}`;
    expect(ok(await w.merchantA.post(`${url}/method`, { method: 'ABANDON' })).status).toBe('AWAITING_DISPOSAL');
    const again = await w.merchantA.post(`${url}/method`, { method: 'ABANDON' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt: inDays(1) })).status).toBe(409);
    expect((await w.merchantA.post(`${url}/dispose`)).status).toBe(403);
    expect((await w.whB.post(`${url}/dispose`)).status).toBe(404);
    expect(ok(await w.whA.post(`${url}/dispose`)).status).toBe('DISPOSED');
    expect(ok(await w.ops.get(`/api/exceptions/${exc.id}`)).status).toBe('COMPLETED');
  });

  it('stale versions answer 409; an Idempotency-Key replays the first answer', async () => {
    const w = await seedWorld(env());
    const { ro } = await returnOrderFor(w);
    const url = `/api/return-orders/${ro.id}`;
    const stale = await w.merchantA.post(`${url}/method`, { method: 'ABANDON', version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const first = await w.merchantA.post(`${url}/method`, { method: 'ABANDON', version: 1 }, { idempotencyKey: 'ro-abandon-1' });
    expect(first.status).toBe(200);
    const replay = await w.merchantA.post(`${url}/method`, { method: 'ABANDON', version: 1 }, { idempotencyKey: 'ro-abandon-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const reused = await w.merchantA.post(`${url}/method`, { method: 'ABANDON', version: 2 }, { idempotencyKey: 'ro-abandon-1' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(ok(await w.merchantA.get(url)).events.filter((e: any) => e.action === 'METHOD_ENTERED')).toHaveLength(1);
  });

  it('two racing method entries: exactly one wins', async () => {
    const w = await seedWorld(env());
    const { ro } = await returnOrderFor(w);
    const url = `/api/return-orders/${ro.id}`;
    const results = await Promise.all([
      w.merchantA.post(`${url}/method`, { method: 'ABANDON', version: 1 }),
      w.merchantA.post(`${url}/method`, { method: 'MERCHANT_PICKUP', pickupAt: inDays(1), version: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(ok(await w.merchantA.get(url)).version).toBe(2);
  });

  it('after 7 days the default applies once: platform logistics to the default address, else abandon', async () => {
    const e = env();
    const w = await seedWorld(e);
    const system = (days: number): Ctx => ({
      db: e.db.handle.db, actor: SYSTEM_ACTOR, dataDir: e.db.dataDir, clock: { now: () => new Date(e.clock.now().getTime() + days * 86400e3) },
    });
    const bare = (await returnOrderFor(w)).ro;
    expect(await applyDefaultMethod(system(6), bare.id)).toBeNull();
    expect(await returnOrdersPastMethodDue(e.db.handle.db, system(8).clock.now().toISOString())).toContain(bare.id);
    const abandoned = await applyDefaultMethod(system(8), bare.id);
    expect(abandoned).toMatchObject({ status: 'AWAITING_DISPOSAL', method: 'ABANDON' });
    expect(abandoned!.events.at(-1)).toMatchObject({ action: 'METHOD_DEFAULTED', actor: { role: 'SYSTEM' } });
    expect(await applyDefaultMethod(system(8), bare.id)).toBeNull();

    const address = await addAddress(w.merchantA);
    const { ro } = await returnOrderFor(w);
    const shipped = await applyDefaultMethod(system(8), ro.id);
    expect(shipped).toMatchObject({ status: 'AWAITING_SHIPMENT', method: 'PLATFORM_LOGISTICS', addressId: address.id, address: { name: '张三' } });
    expect(await returnOrdersPastMethodDue(e.db.handle.db, system(8).clock.now().toISOString())).not.toContain(ro.id);
  });
});
