/**
 * Defects the fuzzer found (bench/chaos/fuzz.ts, docs/reliability.md), kept as regressions:
 * answers that were not problem+json, and a 500 on a malformed upload.
 */
import { beforeAll, expect, it } from 'vitest';
import { eachDialect } from '../helpers/app.js';
import { seedWorld, type World } from '../helpers/world.js';

function expectProblem(res: { status: number; headers: Record<string, unknown>; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

eachDialect('requests the router refuses before any route runs', (get) => {
  let w: World;
  beforeAll(async () => { w = await seedWorld(get()); });

  it('a path id longer than any id answers 414 problem+json, not the framework default', async () => {
    const res = await get().app.inject({ method: 'GET', url: `/api/exceptions/${'x'.repeat(150)}`, headers: { authorization: `Bearer ${w.ops.token}` } });
    expectProblem({ status: res.statusCode, headers: res.headers, body: res.json() }, 414, 'URI_TOO_LONG');
  });

  it('a path with a broken %-escape answers 400 problem+json', async () => {
    const res = await get().app.inject({ method: 'POST', url: '/api/exceptions/%E0%A4%A/cancel', headers: { authorization: `Bearer ${w.ops.token}` }, payload: { reason: 'x' } });
    expectProblem({ status: res.statusCode, headers: res.headers, body: res.json() }, 400, 'BAD_URL');
  });
});

eachDialect('a malformed multipart upload', (get) => {
  let w: World;
  beforeAll(async () => { w = await seedWorld(get()); });

  for (const contentType of ['multipart/form-data; boundary=x', 'multipart/form-data']) {
    it(`(${contentType}, body "{}") answers 400 naming the file, not 500`, async () => {
      const res = await get().app.inject({
        method: 'POST', url: '/api/photos', payload: '{}',
        headers: { authorization: `Bearer ${w.whA.token}`, 'content-type': contentType },
      });
      expectProblem({ status: res.statusCode, headers: res.headers, body: res.json() }, 400, 'VALIDATION_FAILED');
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'file' })]);
    });
  }
});
