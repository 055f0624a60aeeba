/**
 * One browser suite's world: a server, Chromium, the seeded world, users made through the admin API,
 * and logged-in pages whose console errors and failed requests are checked when the suite ends.
 * `server`, `browser` and `w` are set once `beforeAll` has run: read them inside tests and helpers.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, loginAs, openPage, startServer, track, type Server, type Watched } from './harness.js';
import type { TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

export const PASSWORD = 'password-1234';

export interface BrowserSuite {
  server: Server;
  browser: Browser;
  w: World;
  /** A user of `role` (named `<role>-<tag>-<world tag>`), made by the admin. */
  user(role: string, extra?: Record<string, string>): Promise<string>;
  /** A page logged in as `username`, in `lang`, at 1440×900 (its problems are checked at the end). */
  visit(username: string, lang: 'zh-CN' | 'en-US'): Promise<Watched>;
}

export function browserSuite(tag: string): BrowserSuite {
  const sessions: Watched[] = [];
  const suite = {
    async user(role, extra = {}) {
      const username = `${role.toLowerCase()}-${tag}-${suite.w.tag}`;
      ok(await suite.server.admin.post('/api/admin/users', { username, password: PASSWORD, role, ...extra }), 201);
      return username;
    },
    async visit(username, lang) {
      const s = await openPage(suite.browser);
      if (lang === 'en-US') await s.context.addInitScript(() => localStorage.setItem('tally.lang', 'en-US'));
      track(s.page);
      await loginAs(s.page, suite.server.url, username, PASSWORD);
      sessions.push(s);
      return s;
    },
  } as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startServer();
    suite.browser = await launch();
    suite.w = await seedWorld({ admin: suite.server.admin, login: suite.server.login } as unknown as TestEnv);
  });
  afterAll(async () => {
    for (const s of sessions) expect(s.problems, 'console errors / failed requests').toEqual([]);
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
