/**
 * "At least one enabled ADMIN remains" (src/modules/admin/accounts.ts) looks at other rows before
 * it acts. Two admins disabling each other at the same moment must not leave the platform with
 * none: on PostgreSQL both commands lock the enabled ADMIN rows in id order and serialise.
 */
import { expect, it } from 'vitest';
import { ADMIN_PASSWORD, eachDialect, type Client } from '../helpers/app.js';
import { ok } from '../helpers/world.js';

const ROUNDS = 21;

eachDialect('race: two admins disable each other', (env) => {
  it(`${ROUNDS} rounds: exactly one is disabled, an enabled ADMIN always remains, no 500`, async () => {
    let root: Client = env().admin;
    const rootId = ok(await root.get('/api/auth/me')).id as string;
    const outcomes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const username = `peer-${round}-${Math.random().toString(36).slice(2, 8)}`;
      const peerId = ok(await root.post('/api/admin/users', { username, password: 'password-1234', role: 'ADMIN' }), 201).id as string;
      const peer = await env().login(username, 'password-1234');
      const [a, b] = await Promise.all([
        root.post(`/api/admin/users/${peerId}/disable`, {}),
        peer.post(`/api/admin/users/${rootId}/disable`, {}),
      ]);
      for (const r of [a, b]) expect([200, 401, 409], r.text).toContain(r.status);
      const key = `${a.status}/${b.status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      const rows = await env().db.handle.db.selectFrom('users').select(['id', 'disabledAt'])
        .where('id', 'in', [rootId, peerId]).execute();
      const disabled = rows.filter((r) => r.disabledAt !== null).map((r) => r.id);
      expect(disabled, `round ${round}: ${key}`).toHaveLength(1);
      const enabledAdmins = await env().db.handle.db.selectFrom('users').select('id')
        .where('role', '=', 'ADMIN').where('disabledAt', 'is', null).execute();
      expect(enabledAdmins.length).toBeGreaterThanOrEqual(1);
      if (disabled[0] === rootId) {
        // the peer won: it enables the root admin again, which logs in anew; the peer steps down
        ok(await peer.post(`/api/admin/users/${rootId}/enable`, {}));
        root = await env().login('admin', ADMIN_PASSWORD);
        ok(await root.post(`/api/admin/users/${peerId}/disable`, {}));
      }
    }
    expect([...outcomes.values()].reduce((s, n) => s + n, 0)).toBe(ROUNDS);
  }, 120_000);
});
