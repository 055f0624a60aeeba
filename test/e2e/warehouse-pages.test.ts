/**
 * The warehouse console in the browser: arrival by box-label scan and the refusal that names the
 * exception, scanner-style receiving / QC / put-away, the register drawer, 补收 with 补打箱唛, and the
 * three return jobs. Each page is screenshotted at 1440×900 under test-results/warehouse-*.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, go, launch, loginAs, openPage, optionTexts, pick, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import type { TestEnv } from '../helpers/app.js';
import { arrive, ok, orderAndShip, seedWorld, surplusReturn, type World } from '../helpers/world.js';

const PASSWORD = 'password-1234';




const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? document.activeElement?.getAttribute('data-testid'));

describeBrowser('warehouse console pages', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  let session: Watched;
  let page: Page;
  const user = () => `wh-pages-${w.tag}`;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    ok(await server.admin.post('/api/admin/users', { username: user(), password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);
    session = await openPage(browser);
    page = session.page;
    track(page);
    await loginAs(page, server.url, user(), PASSWORD);
  });
  afterAll(async () => { await session?.context.close(); await browser?.close(); await server?.close(); });

  it('到货: a box-label scan finds the note and arrives it, the field keeps the keyboard; an unconfirmed note names its exception', { timeout: 120_000 }, async () => {
    const { note } = await orderAndShip(w);
    await go(page, `${server.url}/warehouse/arrival`);
    await shot(page, 'warehouse-arrival-empty');
    await page.getByTestId('arrival-scan').fill(note.boxes[1].labelCode);
    await page.getByTestId('arrival-scan').press('Enter');
    await expect.poll(() => page.getByTestId('arrival-note').innerText()).toContain(note.no);
    // the scan itself arrives the note; the scan field keeps the keyboard for the next one
    await expect.poll(() => page.getByText(`送货单 ${note.no} 已到货`).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('scan-state').getAttribute('data-outcome')).toBe('booked');
    expect(ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).status).toBe('ARRIVED');
    await expect.poll(() => activeTestId(page)).toBe('arrival-scan');
    await page.getByTestId('arrival-to-receiving').waitFor(); // the next step, one tap away
    await shot(page, 'warehouse-arrival');

    const { note: unconfirmed } = await orderAndShip(w, { confirm: false });
    await page.getByTestId('arrival-scan').fill(unconfirmed.no);
    await page.getByTestId('arrival-scan').press('Enter');
    // tried at once: the 409 names the exception, one tap from its 异常登记
    await expect.poll(() => page.getByTestId('arrival-refusal').innerText()).toContain('送货单未确认送货');
    expect(await page.getByTestId('scan-state').getAttribute('data-outcome')).toBe('attention');
    session.problems.length = 0; // the 409 refusal is the expected answer, not a defect
    await shot(page, 'warehouse-arrival-refusal');
    await page.getByTestId('register-refusal').click();
    await expect.poll(() => page.getByTestId('register-subtype').innerText()).toContain('送货单未确认送货');
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByText(/已登记异常单 EX/).count()).toBeGreaterThan(0);
    const excs = ok(await w.ops.get('/api/exceptions', { deliveryNoteId: unconfirmed.id })).items;
    expect(excs).toMatchObject([{ subtype: 'NOTE_NOT_CONFIRMED', status: 'PENDING' }]);
    await settled(page);
    expect(session.problems).toEqual([]);
  });

  it('收货 → 质检 → 上架: Enter submits a row and focus moves to the next input', { timeout: 120_000 }, async () => {
    const { note } = await orderAndShip(w);
    await arrive(w, note.id);
    const [a, b] = note.lines.map((l: { skuCode: string }) => l.skuCode);
    await go(page, `${server.url}/warehouse/receiving`);
    await page.getByTestId('step-scan').fill(note.no);
    await page.getByTestId('step-scan').press('Enter');
    // 收货 is scan-first: the scan field has the keyboard; counting by hand starts with a tap on a row
    await expect.poll(() => activeTestId(page)).toBe('scan-field');
    await page.getByTestId(`count-${a}-qty`).click();
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await expect.poll(() => activeTestId(page)).toBe(`count-${b}-qty`);
    await page.keyboard.type('3');
    await shot(page, 'warehouse-receiving');
    await page.keyboard.press('Enter');
    await expect.poll(async () => ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).lines.map((l: { received: number }) => l.received)).toEqual([10, 3]);

    await go(page, `${server.url}/warehouse/qc?note=${note.id}`);
    await page.getByTestId(`count-${a}-passed`).fill('8');
    await page.getByTestId(`count-${a}-passed`).press('Enter');
    await expect.poll(() => activeTestId(page)).toBe(`count-${a}-failed`);
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => activeTestId(page)).toBe(`count-${b}-passed`);
    await page.getByTestId('register-quality').waitFor();
    await shot(page, 'warehouse-qc');

    await go(page, `${server.url}/warehouse/putaway?note=${note.id}`);
    await page.getByTestId('count-fill').click();
    await shot(page, 'warehouse-putaway');
    await page.getByTestId('count-submit-all').click();
    await expect.poll(async () => ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).lines[0].stocked).toBe(8);
    await settled(page);
    expect(session.problems).toEqual([]);
  });

  it('异常登记: the list and the register drawer with subtypes the note allows', { timeout: 120_000 }, async () => {
    const { note } = await orderAndShip(w);
    await arrive(w, note.id);
    await go(page, `${server.url}/warehouse/exceptions`);
    await page.getByTestId('register-open').click();
    // the note select searches as you type: its options are the answer to the last search
    const search = note.no.slice(-6);
    const found = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/delivery-notes' && new URL(r.url()).searchParams.get('q') === search);
    await pick(page, page.getByTestId('register-note'), note.no, { search, loaded: found });
    expect((await found).status()).toBe(200);
    // the subtypes offered depend on the note, which is loaded once picked (the select is disabled until then)
    const subtype = page.getByTestId('register-subtype');
    await subtype.and(page.locator('.ant-select:not(.ant-select-disabled)')).click();
    await expect.poll(() => optionTexts(page, subtype)).toContain('送货包裹未贴箱唛'); // ARRIVED allows package problems
    expect(await optionTexts(page, subtype)).not.toContain('部分异常'); // QC problems need inspection first
    await pick(page, subtype, '产品破损/脏污', { search: '破损' }); // closed once picked (an Escape now would close the drawer)
    await shot(page, 'warehouse-register-drawer');
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByText('请至少填写一个 SKU 的异常数量').count()).toBeGreaterThan(0); // nothing received to hold yet
    await page.locator('.ant-drawer-close').click();
    await go(page, `${server.url}/warehouse/exceptions`);
    await shot(page, 'warehouse-exceptions');
    await settled(page);
    expect(session.problems).toEqual([]);
  });

  it('补收: a note made by 平台仓内补收 is listed, its labels reprint, and it opens in receiving', { timeout: 120_000 }, async () => {
    const { note } = await orderAndShip(w);
    await arrive(w, note.id);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BOX_LABEL_MISSING' }), 201);
    const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: exc.version }));
    const fresh = decided.documents.deliveryNotes[0];
    await go(page, `${server.url}/warehouse/new-notes`);
    await page.getByTestId(`reprint-${fresh.no}`).waitFor();
    await shot(page, 'warehouse-new-notes');
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId(`reprint-${fresh.no}`).click()]);
    await popup.waitForLoadState().catch(() => undefined);
    expect(popup.url()).toMatch(/^blob:/);
    await popup.close();
    await page.getByTestId(`receive-${fresh.no}`).click();
    await expect.poll(() => page.url()).toContain(`/warehouse/receiving?note=${fresh.id}`);
    await expect.poll(() => page.getByText(`作业中:${fresh.no}`).count()).toBe(1);
    await settled(page);
    expect(session.problems).toEqual([]);
  });

  it('退货作业: ship with carrier and tracking no., hand over, dispose', { timeout: 120_000 }, async () => {
    const address = ok(await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900139000', region: '浙江省 杭州市', detail: '文一西路 100 号', isDefault: true }), 201);
    const [toShip, toPick, toDispose] = [await surplusReturn(w), await surplusReturn(w), await surplusReturn(w)];
    ok(await w.merchantA.post(`/api/return-orders/${toShip.id}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id }));
    ok(await w.merchantA.post(`/api/return-orders/${toPick.id}/method`, { method: 'MERCHANT_PICKUP', pickupAt: new Date(Date.now() + 86400e3).toISOString() }));
    ok(await w.merchantA.post(`/api/return-orders/${toDispose.id}/method`, { method: 'ABANDON' }));

    await go(page, `${server.url}/warehouse/returns`);
    await page.getByTestId(`ship-${toShip.no}`).waitFor();
    await shot(page, 'warehouse-returns');
    await page.getByTestId(`ship-${toShip.no}`).click();
    await page.getByTestId('ship-ok').click();
    await expect.poll(() => page.getByText('请输入运单号').count()).toBeGreaterThan(0); // both fields are required
    await page.getByTestId('ship-carrier').fill('中通快递');
    await page.getByTestId('ship-tracking').fill('ZT998877');
    await page.getByTestId('ship-ok').click();
    await expect.poll(() => page.getByTestId(`ship-${toShip.no}`).count()).toBe(0);
    expect(ok(await w.whA.get(`/api/return-orders/${toShip.id}`)).status).toBe('SHIPPED');

    await go(page, `${server.url}/warehouse/returns?tab=AWAITING_PICKUP`);
    await page.getByTestId(`picked-up-${toPick.no}`).click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId(`picked-up-${toPick.no}`).count()).toBe(0);
    expect(ok(await w.whA.get(`/api/return-orders/${toPick.id}`)).status).toBe('PICKED_UP');

    await go(page, `${server.url}/warehouse/returns?tab=AWAITING_DISPOSAL`);
    await page.getByTestId(`dispose-${toDispose.no}`).click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId(`dispose-${toDispose.no}`).count()).toBe(0);
    expect(ok(await w.whA.get(`/api/return-orders/${toDispose.id}`)).status).toBe('DISPOSED');
    await go(page, `${server.url}/warehouse/returns?tab=DONE`);
    await shot(page, 'warehouse-returns-done');
    await settled(page);
    expect(session.problems).toEqual([]);
  });
});
