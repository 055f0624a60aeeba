import { expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { ok, seedWorld } from '../helpers/world.js';
import { returnOrderFor } from './fixtures/returns.js';

eachDialect('tickets', (env) => {
  it('a merchant asks about its document, ops answer, the merchant follows up and closes', async () => {
    const w = await seedWorld(env());
    const { ro, exc } = await returnOrderFor(w);
    const t = ok(await w.merchantA.post('/api/tickets', { subject: '退货进度', body: '请问什么时候发货?', documentType: 'returnOrder', documentId: ro.id }), 201);
    expect(t).toMatchObject({
      status: 'OPEN', version: 1, subject: '退货进度', merchantId: w.ids.merchantA,
      document: { type: 'returnOrder', id: ro.id, no: ro.no },
      replies: [{ author: { role: 'MERCHANT' }, body: '请问什么时候发货?' }],
    });
    expect(t.no).toMatch(/^TK\d{14}$/);
    const url = `/api/tickets/${t.id}`;

    const answered = ok(await w.ops.post(`${url}/replies`, { body: '明天发出', version: 1 }));
    expect(answered).toMatchObject({ status: 'ANSWERED', version: 2 });
    expect(answered.replies.map((r: any) => [r.author.role, r.body])).toEqual([['MERCHANT', '请问什么时候发货?'], ['OPS', '明天发出']]);
    const reopened = ok(await w.merchantA.post(`${url}/replies`, { body: '好的,谢谢' }));
    expect(reopened.status).toBe('OPEN');
    expect(ok(await w.merchantA.post(`${url}/replies`, { body: '补充一下' })).status).toBe('OPEN');
    const closed = ok(await w.merchantA.post(`${url}/close`));
    expect(closed.status).toBe('CLOSED');
    expect(closed.events.map((e: any) => e.action)).toEqual(['OPENED', 'REPLIED', 'REPLIED', 'REPLIED', 'CLOSED']);
    expect(closed.replies.every((r: any) => r.createdAt)).toBe(true);

    const late = await w.ops.post(`${url}/replies`, { body: 'x' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await w.ops.post(`${url}/close`)).status).toBe(409);

    // a ticket about an exception
    const about = ok(await w.merchantA.post('/api/tickets', { subject: 'q', body: 'b', documentType: 'exception', documentId: exc.id }), 201);
    expect(about.document).toEqual({ type: 'exception', id: exc.id, no: exc.no });
    expect(ok(await w.ops.get('/api/tickets', { documentType: 'exception' })).items.map((x: any) => x.id)).toContain(about.id);
    // ops may close too; unlinked tickets are fine
    const plain = ok(await w.merchantA.post('/api/tickets', { subject: 's', body: 'b' }), 201);
    expect(plain.document).toBeNull();
    expect(ok(await w.ops.post(`/api/tickets/${plain.id}/close`, { version: 1 })).status).toBe('CLOSED');
  });

  it('the linked document must be the merchant\'s own (422 on documentId), writing nothing', async () => {
    const w = await seedWorld(env());
    const { ro } = await returnOrderFor(w);
    for (const [documentType, documentId] of [['returnOrder', ro.id], ['returnOrder', 'ret_nope'], ['penalty', ro.id]]) {
      const res = await w.merchantB.post('/api/tickets', { subject: 's', body: 'b', documentType, documentId });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'UNKNOWN_DOCUMENT', errors: [{ field: 'documentId' }] });
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ subject: 's', body: 'b', documentType: 'returnOrder' }, 'documentId'],
      [{ subject: 's', body: 'b', documentId: ro.id }, 'documentType'],
      [{ subject: 's', body: 'b', documentType: 'invoice', documentId: ro.id }, 'documentType'],
      [{ subject: '', body: 'b' }, 'subject'],
      [{ subject: 's' }, 'body'],
      [{ subject: 's', body: 'b', priority: 'high' }, 'priority'],
    ];
    for (const [body, field] of cases) {
      const res = await w.merchantA.post('/api/tickets', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect(ok(await w.ops.get('/api/tickets')).items.filter((t: any) => [w.ids.merchantA, w.ids.merchantB].includes(t.merchantId))).toEqual([]);
  });

  it('are scoped: merchant own, ops and admin read all, warehouse 403, another merchant 404', async () => {
    const w = await seedWorld(env());
    const t = ok(await w.merchantA.post('/api/tickets', { subject: 's', body: 'b' }), 201);
    const url = `/api/tickets/${t.id}`;
    expect(ok(await w.merchantA.get('/api/tickets')).items.map((x: any) => x.id)).toEqual([t.id]);
    expect(ok(await w.merchantB.get('/api/tickets')).items).toEqual([]);
    expect(ok(await w.ops.get('/api/tickets', { merchantId: w.ids.merchantA, status: 'OPEN' })).items.map((x: any) => x.id)).toEqual([t.id]);
    expect(ok(await env().admin.get(url)).id).toBe(t.id);
    for (const path of ['/api/tickets', url]) expect((await w.whA.get(path)).status).toBe(403);
    expect((await w.merchantB.get(url)).status).toBe(404);
    expect((await w.merchantB.post(`${url}/replies`, { body: 'x' })).status).toBe(404);
    expect((await w.merchantB.post(`${url}/close`)).status).toBe(404);
    expect((await w.whA.post(`${url}/replies`, { body: 'x' })).status).toBe(403);
    expect((await env().admin.post(`${url}/replies`, { body: 'x' })).status).toBe(403);
    for (const c of [w.ops, w.whA, env().admin]) expect((await c.post('/api/tickets', { subject: 's', body: 'b' })).status).toBe(403);
    expect(ok(await w.merchantA.get(url))).toMatchObject({ status: 'OPEN', version: 1 });
    expect((await w.merchantA.get('/api/tickets', { status: 'PENDING' })).status).toBe(400);
  });

  it('stale versions answer 409 and write nothing; an Idempotency-Key creates once', async () => {
    const w = await seedWorld(env());
    const t = ok(await w.merchantA.post('/api/tickets', { subject: 's', body: 'b' }), 201);
    const stale = await w.ops.post(`/api/tickets/${t.id}/replies`, { body: 'answer', version: 4 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await w.ops.post(`/api/tickets/${t.id}/replies`, { body: '' })).status).toBe(400);
    expect(ok(await w.merchantA.get(`/api/tickets/${t.id}`)).replies).toHaveLength(1);

    const body = { subject: 'once', body: 'only once' };
    const first = await w.merchantA.post('/api/tickets', body, { idempotencyKey: 'tk-1' });
    const replay = await w.merchantA.post('/api/tickets', body, { idempotencyKey: 'tk-1' });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(ok(await w.merchantA.get('/api/tickets')).items.filter((x: any) => x.subject === 'once')).toHaveLength(1);
  });
});
