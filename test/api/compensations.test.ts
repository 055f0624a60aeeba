import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld } from '../helpers/world.js';
import { compensationFor } from './fixtures/returns.js';

eachDialect('compensations', (env) => {
  it('are created by a transport-damage plan and paid by ops', async () => {
    const w = await seedWorld(env());
    const { cmp, exc } = await compensationFor(w, 2);
    // damaged qty × unit price (orderAndShip prices every line at 1250)
    expect(cmp).toMatchObject({ status: 'PENDING', amount: 2500, version: 1, merchantId: w.ids.merchantA, sourceException: { id: exc.id, no: exc.no } });
    expect(cmp.no).toMatch(/^CP\d{14}$/);

    const paid = ok(await w.ops.post(`/api/compensations/${cmp.id}/pay`, { reference: 'BANK-001', version: 1 }));
    expect(paid).toMatchObject({ status: 'PAID', reference: 'BANK-001', version: 2 });
    expect(paid.paidAt).toBeTruthy();
    expect(paid.paidBy).toBeTruthy();
    expect(paid.events.map((e: any) => [e.action, e.to])).toEqual([['CREATED', 'PENDING'], ['PAID', 'PAID']]);
    const again = await w.ops.post(`/api/compensations/${cmp.id}/pay`, { reference: 'BANK-002' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');

    const seen = ok(await w.merchantA.get(`/api/compensations/${cmp.id}`));
    expect(seen).toMatchObject({ status: 'PAID', reference: 'BANK-001' });
    expect(JSON.stringify(seen)).not.toContain('TRANSPORT_DAMAGE');
    expect(ok(await w.merchantA.get('/api/compensations', { status: 'PAID' })).items.map((c: any) => c.id)).toEqual([cmp.id]);
    expect(ok(await w.merchantA.get('/api/compensations', { status: 'PENDING' })).items).toEqual([]);
  });

  it('are scoped: merchant own, ops and admin all, warehouse 403, another merchant 404', async () => {
    const w = await seedWorld(env());
    const { cmp } = await compensationFor(w);
    expect(ok(await w.merchantA.get('/api/compensations')).items.map((c: any) => c.id)).toEqual([cmp.id]);
    expect(ok(await w.merchantB.get('/api/compensations')).items).toEqual([]);
    expect(ok(await w.ops.get('/api/compensations', { merchantId: w.ids.merchantA })).items.map((c: any) => c.id)).toEqual([cmp.id]);
    expect(ok(await env().admin.get(`/api/compensations/${cmp.id}`)).id).toBe(cmp.id);
    expect((await w.merchantB.get(`/api/compensations/${cmp.id}`)).status).toBe(404);
    expect((await w.whA.get('/api/compensations')).status).toBe(403);
    expect((await w.whA.get(`/api/compensations/${cmp.id}`)).status).toBe(403);
    for (const c of [w.merchantA, w.whA, env().admin]) {
      expect((await c.post(`/api/compensations/${cmp.id}/pay`, { reference: 'X' })).status).toBe(403);
    }
    expect((await w.ops.post('/api/compensations/cmp_nope/pay', { reference: 'X' })).status).toBe(404);
  });

  it('refuses bad input and stale versions, writing nothing; replays an Idempotency-Key', async () => {
    const w = await seedWorld(env());
    const { cmp } = await compensationFor(w);
    const url = `/api/compensations/${cmp.id}/pay`;
    for (const body of [{}, { reference: '' }, { reference: 'R', extra: 1 }, { reference: 'R', version: 0 }]) {
      const res = await w.ops.post(url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await w.ops.post(url, {})).body.errors.map((e: any) => e.field)).toContain('reference');
    expect((await w.ops.get('/api/compensations', { status: 'LOST' })).status).toBe(400);
    const stale = await w.ops.post(url, { reference: 'R', version: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(ok(await w.ops.get(`/api/compensations/${cmp.id}`))).toMatchObject({ status: 'PENDING', version: 1, reference: null });

    const first = await w.ops.post(url, { reference: 'R-1' }, { idempotencyKey: 'pay-1' });
    const replay = await w.ops.post(url, { reference: 'R-1' }, { idempotencyKey: 'pay-1' });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
