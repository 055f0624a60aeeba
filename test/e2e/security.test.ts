/**
 * Security in the browser: the cookie session (nothing in web storage), CSRF refused without the
 * token, no Content-Security-Policy violation on any main page of the three workspaces (and /docs,
 * and a photo), a user ending another of their sessions, a forced password change after a reset,
 * and the 审计日志 showing the login.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MENUS } from '../../web/src/layout/menus.js';
import { foldEvents } from '../../src/modules/performance/fold.js';
import { ADMIN_PASSWORD } from '../helpers/app.js';
import { ok, orderAndShip } from '../helpers/world.js';
import { describeBrowser, go, launch, loginAs, openPage, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import { PASSWORD, seedMerchants, uploadPhoto, type MerchantWorld } from './merchant-fixtures.js';

/** CSP violations a page reports, from the DOM event and from the console. */
function watchCsp(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) seen.push(m.text()); });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  return seen;
}

/**
 * The page has rendered its data: the frame is there, no spinner or skeleton is running (a page's
 * first requests may start well after the navigation on a loaded machine, so a quiet network alone
 * does not say they are done), every image has loaded, and then the network is quiet. Leaving
 * earlier would abort its requests.
 */
async function loaded(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!document.querySelector('[data-testid="current-user"]')
    && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active')
    && [...document.images].every((i) => i.complete))).toBe(true);
  await settled(page);
}

async function storage(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
}

describeBrowser('security in the browser', () => {
  let server: Server;
  let browser: Browser;
  let w: MerchantWorld;
  const users = { ops: '', warehouse: '' };
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedMerchants(server);
    users.ops = `sec-ops-${w.tag}`;
    users.warehouse = `sec-wh-${w.tag}`;
    ok(await server.admin.post('/api/admin/users', { username: users.ops, password: PASSWORD, role: 'OPS' }), 201);
    ok(await server.admin.post('/api/admin/users', { username: users.warehouse, password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('log in and out with the cookie session: no token in web storage; a write without the CSRF token is refused', { timeout: 120_000 }, async () => {
    const s = await openPage(browser);
    await loginAs(s.page, server.url, w.userA, PASSWORD);
    const [cookie] = (await s.context.cookies()).filter((c) => c.name === 'tally-session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const kept = await storage(s.page);
    expect(kept).not.toContain(cookie.value);
    expect(kept).not.toMatch(/token/i);
    // a reload keeps the session (the cookie), without anything in storage
    await s.page.reload();
    await expect.poll(() => s.page.getByTestId('current-user').innerText()).toContain(w.userA);
    // a write from the page without the CSRF header: refused; the app's own writes carry it
    const forged = await s.page.evaluate(async () => {
      const res = await fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: 'forged', body: 'no token' }) });
      return { status: res.status, code: (await res.json()).code };
    });
    expect(forged).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    expect(ok(await w.merchantA.get('/api/tickets')).items.filter((t: { subject: string }) => t.subject === 'forged')).toEqual([]);
    // log out from the user menu: the cookie is gone and the session is ended on the server
    await s.page.getByTestId('current-user').hover();
    await s.page.getByTestId('menu-logout').click();
    await s.page.waitForURL((u) => u.pathname.startsWith('/login'));
    await expect.poll(async () => (await s.context.cookies()).filter((c) => c.name === 'tally-session').length).toBe(0);
    const replay = await server.app.inject({ url: '/api/auth/me', headers: { cookie: `tally-session=${cookie.value}` } });
    expect(replay.statusCode).toBe(401);
    s.problems.length = 0; // the logout's last requests may be answered 401
    await s.context.close();
  });

  it('no CSP violation on any main page of the three workspaces, on /docs, and with a photo shown', { timeout: 240_000 }, async () => {
    const { note } = await orderAndShip(w);
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/arrive`, {}));
    const photoId = await uploadPhoto(server, w);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'TRANSPORT_DAMAGE', lines: [{ skuId: w.ids.skusA[0], qty: 1 }], photoIds: [photoId] }), 201);
    const visits: [string, string, string[]][] = [
      [w.userA, PASSWORD, [...MENUS.merchant.map((m) => m.path), `/merchant/exceptions/${exc.id}`, '/account']],
      [users.warehouse, PASSWORD, [...MENUS.warehouse.map((m) => m.path), '/account']],
      ['admin', ADMIN_PASSWORD, [...MENUS.ops.map((m) => m.path), `/ops/exceptions/${exc.id}`, `/ops/performance/${w.ids.merchantA}`, '/account', '/inbox']],
    ];
    // the rollups folded, so 入库表现 and 商家表现 draw their charts
    await foldEvents(server.db.handle.db, 'sqlite');
    for (const [user, password, paths] of visits) {
      const s: Watched = await openPage(browser);
      const csp = watchCsp(s.page);
      track(s.page);
      await loginAs(s.page, server.url, user, password);
      for (const path of paths) {
        await go(s.page, `${server.url}${path}`);
        await loaded(s.page);
        expect(csp, `${user} ${path}`).toEqual([]);
      }
      if (user === 'admin') {
        // the photo of the exception, as a blob: image on the ops detail page
        await go(s.page, `${server.url}/ops/exceptions/${exc.id}`);
        await expect.poll(() => s.page.locator('img[src^="blob:"]').count()).toBeGreaterThan(0);
        await loaded(s.page);
        await go(s.page, `${server.url}/docs`);
        await expect.poll(() => s.page.locator('.swagger-ui').count()).toBeGreaterThan(0);
        expect(csp, '/docs').toEqual([]);
      }
      // this test leaves each page on purpose: a request the navigation itself aborts is not a defect
      // (console errors, page errors and 5xx still are)
      expect(s.problems.filter((p) => !/^request failed: .* net::ERR_ABORTED$/.test(p)), user).toEqual([]);
      await s.context.close();
    }
  });

  it('a user ends another of their sessions from 我的账号; 审计日志 shows the login; a reset forces a new password', { timeout: 180_000 }, async () => {
    const phone = await openPage(browser);
    track(phone.page);
    await loginAs(phone.page, server.url, users.ops, PASSWORD);
    const desk = await openPage(browser);
    track(desk.page);
    await loginAs(desk.page, server.url, users.ops, PASSWORD);
    await go(desk.page, `${server.url}/account`);
    await expect.poll(() => desk.page.locator('[data-testid^="session-end-"]').count()).toBe(1);
    await shot(desk.page, 'account-sessions');
    await desk.page.locator('[data-testid^="session-end-"]').click();
    await desk.page.getByTestId('session-end-ok').click();
    await expect.poll(() => desk.page.locator('[data-testid^="session-end-"]').count()).toBe(0);
    // the other browser is logged out at its next request
    await phone.page.reload();
    await phone.page.waitForURL((u) => u.pathname.startsWith('/login'));
    phone.problems.length = 0; // its reload's requests were answered 401: that is the point
    await phone.context.close();

    const admin = await openPage(browser);
    track(admin.page);
    await loginAs(admin.page, server.url, 'admin', ADMIN_PASSWORD);
    await go(admin.page, `${server.url}/ops/admin/audit?actor=${users.ops}&action=LOGIN`);
    await expect.poll(() => admin.page.getByTestId('audit-table').locator('tbody tr.ant-table-row').count()).toBe(2);
    await expect.poll(() => admin.page.getByTestId('audit-table').innerText()).toContain('登录');
    await shot(admin.page, 'ops-audit');

    // the ADMIN resets the user's password from 用户; the open session ends, the next login must choose a new one
    await go(admin.page, `${server.url}/ops/admin/users`);
    await admin.page.getByTestId(`user-reset-${users.ops}`).click();
    await admin.page.getByTestId('user-reset-password').fill('temporary-pass-2026');
    await admin.page.getByTestId('user-reset-ok').click();
    await expect.poll(() => admin.page.getByText('待改密码').count()).toBeGreaterThan(0);
    await shot(admin.page, 'ops-users');
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    await desk.page.reload();
    await desk.page.waitForURL((u) => u.pathname.startsWith('/login'));
    desk.problems.length = 0;
    await desk.page.locator('#username').fill(users.ops);
    await desk.page.locator('#password').fill('temporary-pass-2026');
    await desk.page.locator('button[type="submit"]').click();
    await desk.page.waitForURL((u) => u.pathname === '/password');
    await shot(desk.page, 'password-forced');
    await desk.page.getByTestId('password-current').fill('temporary-pass-2026');
    await desk.page.getByTestId('password-new').fill('my-own-new-password');
    await desk.page.getByTestId('password-confirm').fill('my-own-new-password');
    await desk.page.getByTestId('password-submit').click();
    // back where the session ended (the account page), now with the new password
    await desk.page.waitForURL((u) => u.pathname === '/account');
    expect(desk.problems).toEqual([]);
    await desk.context.close();
  });

  it('我的账号 on a handheld (360×740)', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', reducedMotion: 'reduce' });
    const page = await context.newPage();
    track(page);
    await loginAs(page, server.url, users.warehouse, PASSWORD);
    await go(page, `${server.url}/account`);
    await expect.poll(() => page.getByTestId('session-list').count()).toBe(1);
    await shot(page, 'account-360');
    await context.close();
  });
});
