/**
 * 退货单 on the operations desk: the dashboard's return bars open the list filtered by that status
 * (the filter lives in the URL and survives a reload), a row opens the read-only detail, whose source
 * exception opens the exception, whose documents open the return again; the same in English once.
 * Screenshots: test-results/ops-returns.png, ops-return-detail.png, ops-return-detail-shipped.png,
 * ops-return-exception.png, ops-returns-by-exception.png, ops-returns-en.png, ops-return-detail-en.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, go, launch, loginAs, openPage, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import type { TestEnv } from '../helpers/app.js';
import { ok, seedWorld, type World } from '../helpers/world.js';
import { decidePrepared } from '../helpers/scenarios.js';

const PASSWORD = 'password-1234';
const rows = (page: Page) => page.locator('tr.ant-table-row');
const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

/** An exception of this subtype decided 问题商品退回: its return order waits for the merchant's method. */
async function returned(w: World, subtype: string) {
  const { exc: decided } = await decidePrepared(w, subtype, 'PROBLEM_GOODS_RETURN');
  const [ro] = decided.documents.returnOrders as { id: string; no: string }[];
  return { exc: decided as { id: string; no: string }, ro: ok(await w.ops.get(`/api/return-orders/${ro.id}`)) };
}

describeBrowser('ops return orders', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  let session: Watched;
  let page: Page;
  let stuck: Awaited<ReturnType<typeof returned>>;
  let shipped: Awaited<ReturnType<typeof returned>>;
  let pendingLabel: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    ok(await server.admin.post('/api/admin/users', { username: `ops-ret-${w.tag}`, password: PASSWORD, role: 'OPS' }), 201);

    // stuck: no method entered and past its deadline (the server runs no jobs here, so it stays 待确认)
    stuck = await returned(w, 'SURPLUS');
    await server.db.handle.db.updateTable('returnOrders').set({ methodDueAt: new Date(Date.now() - 3600e3).toISOString() }).where('id', '=', stuck.ro.id).execute();
    // shipped by platform logistics to the merchant's address
    shipped = await returned(w, 'BARCODE_DAMAGED');
    const address = ok(await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900139000', region: '浙江省 杭州市', detail: '文一西路 100 号', isDefault: true }), 201);
    const entered = ok(await w.merchantA.post(`/api/return-orders/${shipped.ro.id}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id }));
    ok(await w.whA.post(`/api/return-orders/${shipped.ro.id}/ship`, { carrier: '顺丰速运', trackingNo: 'SF1234567890', version: entered.version }));
    // abandoned, waiting for the warehouse to dispose of it
    const abandoned = await returned(w, 'WRONG_GOODS');
    ok(await w.merchantA.post(`/api/return-orders/${abandoned.ro.id}/method`, { method: 'ABANDON' }));

    const catalog = ok(await w.ops.get('/api/catalog'));
    pendingLabel = catalog.statuses.returnOrder.find((s: { code: string }) => s.code === 'PENDING_METHOD').label['zh-CN'];

    session = await openPage(browser);
    page = session.page;
    track(page);
    await loginAs(page, server.url, `ops-ret-${w.tag}`, PASSWORD);
    // the landing page's queries finish before the first navigation, which would abort them
    await page.waitForLoadState('networkidle');
    await page.locator('.ant-layout-content').first().waitFor();
    await settled(page);
  });
  afterAll(async () => { await session?.context.close(); await browser?.close(); await server?.close(); });

  it('dashboard bar → list filtered by status (in the URL, kept on reload) → detail → source exception and back', { timeout: 120_000 }, async () => {
    await go(page, `${server.url}/ops/dashboard`);
    // the menu lists 退货单 right after 备货订单
    const menu = await page.locator('.ant-layout-sider .ant-menu-item').allInnerTexts();
    expect(menu.indexOf('退货单')).toBe(menu.indexOf('备货订单') + 1);
    await expect.poll(() => text(page, 'bars-returns-PENDING_METHOD')).toMatch(/1$/);
    expect(await text(page, 'bars-returns-AWAITING_DISPOSAL')).toMatch(/1$/);
    expect(await text(page, 'bars-returns-SHIPPED')).toMatch(/1$/);
    await page.getByTestId('bars-returns-PENDING_METHOD').click();
    await page.waitForURL((u) => u.pathname === '/ops/returns' && u.searchParams.get('status') === 'PENDING_METHOD');
    await expect.poll(() => rows(page).count()).toBe(1);
    const row = rows(page).first();
    expect(await row.innerText()).toContain(stuck.ro.no);
    expect(await row.innerText()).toContain(stuck.exc.no);
    expect(await row.innerText()).toContain('待商家录入');
    expect(await row.innerText()).toContain('已超时');
    await expect.poll(() => page.getByTestId('filter-bar').locator('.ant-select-selection-item').first().innerText()).toBe(pendingLabel);
    await shot(page, 'ops-returns');

    // the filter is the URL's: a reload shows the same list
    await page.reload();
    await settled(page);
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().innerText()).toContain(stuck.ro.no);
    expect(page.url()).toContain('status=PENDING_METHOD');

    // server-side search by number, together with the status the URL already has
    await page.getByTestId('filter-bar').locator('input#q').fill(shipped.ro.no);
    await page.getByTestId('filter-search').click();
    await page.waitForURL((u) => u.searchParams.get('q') === shipped.ro.no);
    await expect.poll(() => page.getByText('没有符合条件的记录').count()).toBe(1);
    await page.getByTestId('filter-reset').click();
    await page.waitForURL((u) => u.search === '');
    await expect.poll(() => rows(page).count()).toBe(3);

    // the detail: status, overdue deadline, goods, source exception
    await go(page, `${server.url}/ops/returns?status=PENDING_METHOD`);
    await page.getByTestId(`return-${stuck.ro.no}`).click();
    await page.waitForURL((u) => u.pathname === `/ops/returns/${stuck.ro.id}`);
    await expect.poll(() => text(page, 'return-status')).toContain(pendingLabel);
    expect(await text(page, 'return-status')).toContain('已超时');
    expect(await page.locator('h4').innerText()).toBe(`退货单 ${stuck.ro.no}`);
    expect(await text(page, 'return-method')).toContain('待商家录入');
    const lines = await text(page, 'return-lines');
    expect(lines).toContain(stuck.ro.lines[0].skuCode);
    expect(lines).toContain(stuck.ro.lines[0].skuName);
    expect(lines).toContain(String(stuck.ro.lines[0].qty));
    await expect.poll(() => text(page, 'timeline')).toContain('创建');
    await shot(page, 'ops-return-detail');

    // source exception → its documents → this return again
    await page.getByTestId('source-exception').click();
    await page.waitForURL((u) => u.pathname === `/ops/exceptions/${stuck.exc.id}`);
    await expect.poll(() => page.locator('h4').innerText()).toContain(stuck.exc.no);
    await page.getByTestId(`doc-${stuck.ro.no}`).waitFor();
    await shot(page, 'ops-return-exception');
    await page.getByTestId(`doc-${stuck.ro.no}`).click();
    await page.waitForURL((u) => u.pathname === `/ops/returns/${stuck.ro.id}`);
    await expect.poll(() => text(page, 'return-status')).toContain(pendingLabel);
    expect(session.problems).toEqual([]);
  });

  it('a shipped return shows address, carrier and history; the same exception filter; English', { timeout: 120_000 }, async () => {
    await go(page, `${server.url}/ops/returns/${shipped.ro.id}`);
    await expect.poll(() => text(page, 'return-method')).toContain('平台物流');
    const method = await text(page, 'return-method');
    for (const s of ['李四', '浙江省 杭州市 文一西路 100 号', '顺丰速运', 'SF1234567890']) expect(method).toContain(s);
    const timeline = await text(page, 'timeline');
    expect(timeline).toContain('录入退货方式');
    expect(timeline).toContain('已发货');
    expect(timeline).toContain('顺丰速运 SF1234567890');
    await shot(page, 'ops-return-detail-shipped');

    // every return of this exception: the filter carries the exception's id and names it by number
    await page.getByRole('link', { name: '该异常的全部退货单' }).click();
    await page.waitForURL((u) => u.pathname === '/ops/returns' && u.searchParams.get('sourceExceptionId') === shipped.exc.id);
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect.poll(() => text(page, 'filter-source-exception')).toContain(shipped.exc.no);
    await shot(page, 'ops-returns-by-exception');
    await page.getByTestId('filter-source-exception').locator('.ant-tag-close-icon').click();
    await page.waitForURL((u) => !u.searchParams.has('sourceExceptionId'));
    await expect.poll(() => rows(page).count()).toBe(3);

    // English: menu, list and detail
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('.ant-layout-sider .ant-menu-item-selected').innerText()).toBe('Return orders');
    await expect.poll(() => page.locator('h4').innerText()).toBe('Return orders');
    await expect.poll(() => rows(page).filter({ hasText: stuck.ro.no }).innerText()).toContain('Merchant to enter');
    expect(await rows(page).filter({ hasText: shipped.ro.no }).innerText()).toContain('Platform logistics');
    expect(await rows(page).filter({ hasText: stuck.ro.no }).innerText()).toContain('Overdue');
    await shot(page, 'ops-returns-en');
    await page.getByTestId(`return-${shipped.ro.no}`).click();
    await page.waitForURL((u) => u.pathname === `/ops/returns/${shipped.ro.id}`);
    await expect.poll(() => page.locator('h4').innerText()).toBe(`Return order ${shipped.ro.no}`);
    await expect.poll(() => text(page, 'timeline')).toContain('Return method entered');
    expect(await text(page, 'return-method')).toContain('Carrier');
    await shot(page, 'ops-return-detail-en');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('h4').innerText()).toBe(`退货单 ${shipped.ro.no}`);
    expect(session.problems).toEqual([]);
  });
});
