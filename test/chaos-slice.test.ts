/**
 * A fast slice of the reliability harness (`npm run chaos`, docs/reliability.md) inside `npm test`:
 * 500 hostile requests, a 10-client storm on shared documents (both dialects), and 2 SIGKILLs of a
 * real server during a write load (SQLite).
 */
import { describe, expect, it } from 'vitest';
import { eachDialect } from './helpers/app.js';
import { seedWorld } from './helpers/world.js';
import { injectTransport } from '../bench/chaos/client.js';
import { fuzzTarget } from '../bench/chaos/fixtures.js';
import { runFuzz } from '../bench/chaos/fuzz.js';
import { allFindings, digest, digestDiff } from '../bench/chaos/invariants.js';
import { runStorm } from '../bench/chaos/storm.js';
import { runCrash } from '../bench/chaos/crash.js';

eachDialect('chaos slice', (get) => {
  it('fuzz: 500 hostile requests across every route and role → no 5xx, problem+json, nothing changed', async () => {
    const env = get();
    const w = await seedWorld(env);
    const target = await fuzzTarget(w, injectTransport(env.app), env.admin.token!);
    const before = await digest(env.db.handle.db);
    const report = await runFuzz(target, { count: 500, seed: 20261126 });
    expect(report.requests).toBe(500);
    expect(report.findings.map((f) => `${f.problem}: ${f.request.method} ${f.request.url} → ${f.answer}`)).toEqual([]);
    expect(digestDiff(before, await digest(env.db.handle.db))).toEqual([]);
    expect(await allFindings(env.db.handle.db)).toEqual([]);
  });

  it('storm: 10 clients on the same notes, exceptions and return orders → clean conflicts, consistent successes', async () => {
    const env = get();
    const w = await seedWorld(env);
    const report = await runStorm(w, env.db.handle.db, { clients: 10, actionsPerClient: 6, seed: 7 });
    expect(report.findings).toEqual([]);
    expect(report.requests).toBe(60);
    expect(Object.keys(report.byStatus).every((s) => ['200', '201', '409', '422'].includes(s))).toBe(true);
  });
});

describe('chaos slice: crash', () => {
  it('2 SIGKILLs of the server during a mixed write load: invariants hold, acknowledged writes survive, retries run once', async () => {
    const report = await runCrash({ dialect: 'sqlite', kills: 2, workers: 4, seed: 11 });
    expect(report.findings).toEqual([]);
    expect(report.kills).toBe(2);
    expect(report.acknowledged).toBeGreaterThan(0);
  }, 90_000);
});
