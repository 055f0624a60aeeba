/**
 * 运营看板 and the inbox in the browser: the dashboard's cards and bars show what the API built and
 * link to the filtered lists; the bell's "查看全部" opens /inbox (every role), which pages through
 * unread and all notifications, marks one or all read and opens the document.
 * The 12-week trend and the Pareto of causes (issue 13) draw their charts from the rollups and
 * link each count to the exception list with the same filters.
 * Screenshots: test-results/ops-dashboard.png, ops-dashboard-trend(-en).png, inbox.png, inbox-merchant.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, expectChart, go, launch, loginAs, openPage, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import { foldEvents } from '../../src/modules/performance/fold.js';
import type { TestEnv } from '../helpers/app.js';
import { arrive, ok, orderAndShip, receiveAll, seedWorld, type World } from '../helpers/world.js';
import { registerPrepared, decidePrepared } from '../helpers/scenarios.js';
import { issuePenalty } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR, systemClock } from '../../src/modules/shared/context.js';

const PASSWORD = 'password-1234';

/** After login: the workspace chunk and the landing page's queries have finished. */
async function landed(page: Page) { await page.waitForLoadState('networkidle'); await page.locator('.ant-layout-content').first().waitFor(); await settled(page); }
const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

const register = async (w: World, subtype: string) => (await registerPrepared(w, subtype)).exc;
const decided = async (w: World, subtype: string, plan: string) => (await decidePrepared(w, subtype, plan)).exc;

describeBrowser('ops dashboard and inbox', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  let ops: Watched;
  let page: Page;
  let replenishment: { id: string; no: string };
  let jitNo: string;
  const opsUser = () => `ops-dash-${w.tag}`;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    // created before anything happens, so its inbox receives every ops notification below
    ok(await server.admin.post('/api/admin/users', { username: `ops-dash-${w.tag}`, password: PASSWORD, role: 'OPS' }), 201);
    ok(await server.admin.post('/api/admin/users', { username: `mer-dash-${w.tag}`, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);
    ok(await server.admin.post('/api/admin/users', { username: `wh-dash-${w.tag}`, password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);

    // the desk: pending (one overdue), decided with a replenishment, a return, a compensation; a penalty
    const overdue = await register(w, 'SURPLUS');
    await register(w, 'BOX_LABEL_MISSING');
    replenishment = (await decided(w, 'SHORTAGE', 'CONTINUE_DELIVERY')).documents.stockingOrders[0];
    await decided(w, 'QUALITY_ALL', 'ALL_RETURN');
    await decided(w, 'TRANSPORT_DAMAGE', 'TERMINATE_DELIVERY');
    // more than one inbox page (20): surplus units found one by one on a received note
    const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] });
    await arrive(w, note.id);
    await receiveAll(w, note.id, [{ skuId: w.ids.skusA[0], qty: 10 }]);
    for (let i = 0; i < 20; i++) ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
    const db = server.db.handle.db;
    // the server runs on the real clock: move one decision deadline into the past instead of waiting 48 h
    await db.updateTable('exceptions').set({ decisionDueAt: new Date(Date.now() - 3600e3).toISOString() }).where('id', '=', overdue.id).execute();
    const jit = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 4, unitPrice: 1000 }],
    }), 201);
    jitNo = jit.no;
    await db.transaction().execute((tx) => issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: systemClock }, {
      merchantId: w.ids.merchantA, stockingOrderId: jit.id, reason: 'JIT_ACCEPT_LATE', amount: 400, currency: 'CNY',
    }));

    ops = await openPage(browser);
    page = ops.page;
    track(page);
    await loginAs(page, server.url, opsUser(), PASSWORD);
  });
  afterAll(async () => { await ops?.context.close(); await browser?.close(); await server?.close(); });

  it('运营看板: first in the menu; cards and bars show the counts and open the filtered lists', { timeout: 120_000 }, async () => {
    const api = ok(await w.ops.get('/api/dashboard'));
    expect(api.exceptions.byStatus.PENDING).toBe(22);
    await expect.poll(() => page.locator('.ant-layout-sider .ant-menu-item').first().innerText()).toBe('运营看板');
    await page.locator('.ant-layout-sider .ant-menu-item').first().click();
    await page.waitForURL((u) => u.pathname === '/ops/dashboard');
    await expect.poll(() => text(page, 'stat-pending')).toContain('22');
    expect(await text(page, 'stat-pending')).toContain('待处理异常');
    expect(await text(page, 'stat-overdue')).toContain('1');
    expect(await text(page, 'stat-replenishment')).toMatch(/补货单待商家处理\s*1\s*待接单 1 · 待发货 0/);
    expect(await text(page, 'stat-compensations')).toContain('¥37.50');
    expect(await text(page, 'stat-penalties')).toMatch(/待确认处罚\s*1\s*合计 ¥4.00/);
    expect(await text(page, 'bars-status-PENDING')).toMatch(/待处理\s*22/);
    expect(await text(page, 'bars-type-GOODS')).toMatch(/商品异常\s*21/);
    expect(await text(page, 'bars-plan')).toMatch(/继续来货\s*1/);
    expect(await text(page, 'bars-returns-PENDING_METHOD')).toMatch(/1$/);
    await shot(page, 'ops-dashboard');

    // the overdue card opens the queue filtered to the overdue one
    await page.getByTestId('stat-overdue').click();
    await page.waitForURL((u) => u.pathname === '/ops/exceptions' && u.searchParams.get('overdue') === 'true');
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(1);
    await go(page, `${server.url}/ops/dashboard`);
    await page.getByTestId('stat-replenishment').click();
    await page.waitForURL((u) => u.pathname === '/ops/orders' && u.searchParams.get('fromPlan') === 'true');
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(1);
    await expect.poll(() => page.locator('tr.ant-table-row').innerText()).toContain('异常补货');
    await go(page, `${server.url}/ops/dashboard`);
    await page.getByTestId('bars-type-PACKAGE').click();
    await page.waitForURL((u) => u.pathname === '/ops/exceptions' && u.searchParams.get('type') === 'PACKAGE');
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(1);
    expect(ops.problems).toEqual([]);
  });

  it('运营看板 trend and Pareto: a warehouse\'s 12 weeks from the rollups; a cause and a week open the filtered list', { timeout: 120_000 }, async () => {
    await foldEvents(server.db.handle.db, server.db.handle.dialect);
    const api = ok(await w.ops.get('/api/dashboard/trend', { warehouseId: w.ids.warehouseA }));
    expect(api.pareto.causes[0]).toMatchObject({ subtype: 'SURPLUS', count: 21 });
    expect(api.pareto.total).toBe(25);
    const week = api.weekly[api.weekly.length - 1];
    expect(week.registered).toBe(25);
    await go(page, `${server.url}/ops/dashboard?warehouseId=${w.ids.warehouseA}`);
    await expectChart(page, 'trend-chart');
    await expectChart(page, 'pareto-chart');
    await expect.poll(() => text(page, 'pareto-cause-SURPLUS')).toBe('21');
    await expect.poll(() => text(page, `trend-week-${week.week}`)).toBe('25');
    expect(await page.getByTestId('pareto-card').innerText()).toContain('累计占比');
    await shot(page, 'ops-dashboard-trend');

    // a cause opens the list of its exceptions in that warehouse over the 12 weeks
    await page.getByTestId('pareto-cause-SURPLUS').click();
    await page.waitForURL((u) => u.pathname === '/ops/exceptions' && u.searchParams.get('subtype') === 'SURPLUS');
    const q = new URL(page.url()).searchParams;
    expect([q.get('type'), q.get('warehouseId'), q.get('status'), q.get('from'), q.get('to')]).toEqual(['GOODS', w.ids.warehouseA, 'ALL', api.period.from, api.period.to]);
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(20); // the first page of 21
    // a week's count opens that week's registrations
    await go(page, `${server.url}/ops/dashboard?warehouseId=${w.ids.warehouseA}`);
    await page.getByTestId(`trend-week-${week.week}`).click();
    await page.waitForURL((u) => u.pathname === '/ops/exceptions' && u.searchParams.get('from') === week.from && u.searchParams.get('to') === week.to);
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(20);
    // the week's decided count opens the exceptions decided that week
    expect(week.decided).toBe(3);
    await go(page, `${server.url}/ops/dashboard?warehouseId=${w.ids.warehouseA}`);
    await page.getByTestId(`trend-decided-${week.week}`).click();
    await page.waitForURL((u) => u.pathname === '/ops/exceptions' && u.searchParams.get('decidedFrom') === week.from);
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(3);
    expect(ops.problems).toEqual([]);

    const en = await openPage(browser);
    track(en.page);
    await en.context.addInitScript(() => localStorage.setItem('tally.lang', 'en-US'));
    await loginAs(en.page, server.url, opsUser(), PASSWORD);
    await landed(en.page);
    await go(en.page, `${server.url}/ops/dashboard?warehouseId=${w.ids.warehouseA}`);
    await expectChart(en.page, 'pareto-chart');
    await expect.poll(() => en.page.getByTestId('pareto-card').innerText()).toContain('Cumulative share');
    await shot(en.page, 'ops-dashboard-trend-en');
    expect(en.problems).toEqual([]);
    await en.context.close();
  });

  it('inbox: the bell opens /inbox; unread and all tabs page through, mark one and all read, open the document', { timeout: 120_000 }, async () => {
    const unread = ok(await (await server.login(opsUser(), PASSWORD)).get('/api/notifications/unread-count')).count;
    expect(unread).toBe(25); // one "new exception" per registration
    await go(page, `${server.url}/ops/exceptions`);
    await page.getByTestId('inbox').click();
    await page.getByTestId('inbox-view-all').click();
    await page.waitForURL((u) => u.pathname === '/inbox');
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(20);
    await expect.poll(() => page.getByTestId('inbox-tabs').innerText()).toContain('25');
    expect(await page.locator('.ant-breadcrumb').innerText()).toContain('消息通知');
    await shot(page, 'inbox');

    // the second page holds the rest
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(5);
    await page.getByRole('button', { name: '上一页' }).click();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(20);

    // mark one read: it leaves the unread tab, stays under all
    const first = page.locator('tr.ant-table-row').first();
    const title = (await first.locator('td').first().locator('a').innerText()).trim();
    await first.getByRole('button', { name: '标为已读' }).click();
    await expect.poll(() => page.getByTestId('inbox-tabs').innerText()).toContain('24');
    await expect.poll(() => page.locator('tr.ant-table-row').filter({ hasText: title }).count()).toBe(0);
    await page.getByRole('tab', { name: '全部' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'all');
    await expect.poll(() => page.locator('tr.ant-table-row').filter({ hasText: title }).count()).toBe(1);
    expect(await page.locator('tr.ant-table-row').filter({ hasText: title }).getByRole('button', { name: '标为已读' }).count()).toBe(0);

    // a message opens its exception and counts as read
    const row = page.locator('tr.ant-table-row').nth(1);
    const no = (await row.locator('td').nth(1).innerText()).replace(/^异常单\s*/, '').trim();
    await row.locator('td').first().locator('a').click();
    await page.waitForURL((u) => u.pathname.startsWith('/ops/exceptions/exc_'));
    await expect.poll(() => page.getByText(no).count()).toBeGreaterThan(0);
    expect(ok(await (await server.login(opsUser(), PASSWORD)).get('/api/notifications/unread-count')).count).toBe(23);

    // mark all read: the unread tab is empty, the badge gone
    await go(page, `${server.url}/inbox`);
    await page.getByTestId('inbox-read-all').click();
    await expect.poll(() => page.getByText('没有未读消息').count()).toBe(1);
    expect(await page.getByTestId('inbox-read-all').isDisabled()).toBe(true);
    expect(ops.problems).toEqual([]);
  });

  it('inbox for a merchant and a warehouse user: their own messages open their own pages', { timeout: 120_000 }, async () => {
    const merchant = await openPage(browser);
    track(merchant.page);
    await loginAs(merchant.page, server.url, `mer-dash-${w.tag}`, PASSWORD);
    await landed(merchant.page); // leaving earlier would abort the landing page's requests
    await go(merchant.page, `${server.url}/inbox?tab=all`);
    await expect.poll(() => merchant.page.locator('tr.ant-table-row').count()).toBeGreaterThan(5);
    await shot(merchant.page, 'inbox-merchant');
    // a JIT order opens in JIT备货订单跟进, the replenishment order the shortage plan created in 备货订单跟进
    // older messages are on later pages: the page that holds the message is found through the API (paging
    // itself is the ops inbox test's), then opened by its URL
    const api = await server.login(`mer-dash-${w.tag}`, PASSWORD);
    const at = (cursor?: string) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
    const open = async (no: string) => {
      let cursor: string | undefined;
      for (let p = 0; ; p++) {
        const page = ok(await api.get(`/api/notifications?limit=20${at(cursor)}`));
        if (page.items.some((n: { document: { no?: string } }) => n.document.no === no)) break;
        expect(page.nextCursor, `no message about ${no} on ${p + 1} pages`).toBeTruthy();
        cursor = page.nextCursor;
      }
      await go(merchant.page, `${server.url}/inbox?tab=all${at(cursor)}`);
      const row = merchant.page.locator('tr.ant-table-row').filter({ hasText: no }).first();
      await row.waitFor();
      await row.locator('td').first().locator('a').click();
    };
    await open(jitNo);
    await merchant.page.waitForURL((u) => u.pathname.startsWith('/merchant/jit-orders/so_'));
    await expect.poll(() => merchant.page.getByTestId('order-status').count()).toBe(1);
    await open(replenishment.no);
    await merchant.page.waitForURL((u) => u.pathname === `/merchant/orders/${replenishment.id}`);
    await expect.poll(() => merchant.page.getByTestId('order-status').count()).toBe(1);
    expect(merchant.problems).toEqual([]);
    await merchant.context.close();

    const warehouse = await openPage(browser);
    track(warehouse.page);
    await loginAs(warehouse.page, server.url, `wh-dash-${w.tag}`, PASSWORD);
    await landed(warehouse.page);
    await go(warehouse.page, `${server.url}/inbox`);
    await expect.poll(() => warehouse.page.getByText('没有未读消息').count()).toBe(1);
    expect(warehouse.problems).toEqual([]);
    await warehouse.context.close();
  });
});
