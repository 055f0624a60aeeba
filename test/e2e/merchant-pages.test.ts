/**
 * The merchant's other pages in Chromium: 备货订单跟进, 送货单, 地址管理, 工单, 赔付 and 处罚 — each
 * used once the way a merchant would, screenshotted at 1440×900, with no console error or failed request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ok, orderAndShip } from '../helpers/world.js';
import { describeBrowser, go, launch, openPage, pick, startServer, type Server } from './harness.js';
import { login, seen, shot } from './merchant-page.js';
import { damageCompensated, latePenalty, seedMerchants, type MerchantWorld } from './merchant-fixtures.js';

describeBrowser('merchant pages', () => {
  let server: Server;
  let browser: Browser;
  let w: MerchantWorld;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedMerchants(server);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('备货订单跟进 and 送货单: a created note stays reachable, is confirmed there, and its type filter is in the URL', async () => {
    const pending = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'FIRST', lines: [{ skuId: w.ids.skusA[0], qty: 40, unitPrice: 2590 }, { skuId: w.ids.skusA[1], qty: 12, unitPrice: 990 }],
    }), 201);
    const { note } = await orderAndShip(w, { type: 'REPEAT', confirm: false });
    const jit = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[2], qty: 6, unitPrice: 1500 }],
    }), 201);
    const { page, problems, context } = await openPage(browser);
    await login(page, server.url, w.userA);
    await go(page, `${server.url}/merchant/orders`);
    await seen(page, pending.no);
    expect(await page.getByText(jit.no).count()).toBe(0); // JIT orders live under JIT备货订单跟进
    await shot(page, 'merchant-orders');
    await pick(page, page.getByTestId('filter-type'), '返单');
    await page.getByTestId('filter-search').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('REPEAT');
    await expect.poll(() => page.getByText(pending.no).count()).toBe(0);

    await page.locator('.ant-menu').getByText('送货单').click();
    const row = page.locator('tr', { hasText: note.no });
    await expect.poll(() => row.count()).toBe(1);
    await shot(page, 'merchant-delivery-notes');
    await row.getByTestId('note-link').click();
    await expect.poll(() => page.getByTestId('note-status').textContent()).toBe('未确认送货');
    await seen(page, `${note.no}-001`);
    await shot(page, 'merchant-delivery-note-detail');
    // 打印箱唛: the PDF is fetched with the token and opened from a blob URL in a new tab
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-labels').click()]);
    await expect.poll(() => popup.url()).toMatch(/^blob:/);
    await popup.close();
    await page.getByTestId('confirm-note').click();
    await page.getByTestId('confirm-note-ok').click();
    await expect.poll(() => page.getByTestId('note-status').textContent()).toBe('已确认送货');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('地址管理: add, edit, set default and delete', async () => {
    const { page, problems, context } = await openPage(browser);
    await login(page, server.url, w.userA);
    await go(page, `${server.url}/merchant/addresses`);
    const add = async (name: string, region: string) => {
      await page.getByTestId('address-add').click();
      await page.getByTestId('address-name').fill(name);
      await page.getByTestId('address-phone').fill('0755-86001234');
      await page.getByTestId('address-region').fill(region);
      await page.getByTestId('address-detail').fill('科技南十二路 2 号 A 座 1 楼收货区');
      await page.getByTestId('address-save').click();
      await seen(page, '地址已新增');
      await expect.poll(() => page.locator('tr', { hasText: name }).count()).toBe(1);
    };
    await add('陈店长', '广东省 深圳市 南山区');
    await add('周主管', '江苏省 苏州市 工业园区');
    const first = page.locator('tr', { hasText: '陈店长' });
    await expect.poll(() => first.getByText('默认', { exact: true }).count()).toBe(1); // the first address is the default

    await page.locator('tr', { hasText: '周主管' }).getByTestId('address-edit').click();
    await page.getByTestId('address-phone').fill('abc');
    await page.getByTestId('address-save').click();
    await seen(page, '电话只能包含数字、+、- 和空格(5–20 位)');
    await page.getByTestId('address-phone').fill('13700001234');
    await page.getByTestId('address-save').click();
    await seen(page, '地址已更新');
    await expect.poll(() => page.locator('tr', { hasText: '13700001234' }).count()).toBe(1);

    await page.locator('tr', { hasText: '周主管' }).getByTestId('address-default').click();
    await seen(page, '已设为默认地址');
    await expect.poll(() => page.locator('tr', { hasText: '周主管' }).getByText('默认', { exact: true }).count()).toBe(1);
    await expect.poll(() => first.getByText('默认', { exact: true }).count()).toBe(0);
    await shot(page, 'merchant-addresses');

    await first.getByTestId('address-delete').click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: /确\s*认/ }).click();
    await seen(page, '地址已删除');
    await expect.poll(() => page.locator('tr', { hasText: '陈店长' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('工单: ask about a compensation, reply, close; 赔付 and 处罚 lists with their details', async () => {
    const pendingComp = await damageCompensated(w, false);
    const paidComp = await damageCompensated(w, true);
    const { penalty, order } = await latePenalty(server, w);
    const { page, problems, context } = await openPage(browser);
    await login(page, server.url, w.userA);

    await go(page, `${server.url}/merchant/compensations`);
    await expect.poll(() => page.locator('tr', { hasText: pendingComp.no }).getByText('待赔付').count()).toBe(1);
    await expect.poll(() => page.locator('tr', { hasText: paidComp.no }).getByText('已赔付').count()).toBe(1);
    await seen(page, `PAY-${w.tag}`);
    await shot(page, 'merchant-compensations');
    await page.getByText(pendingComp.no).click();
    await seen(page, '¥37.50'); // 3 damaged units × 12.50
    await go(page, `${server.url}/merchant/penalties`);
    const prow = page.locator('tr', { hasText: penalty.no });
    await expect.poll(() => prow.getByText('JIT超时未接单').count()).toBe(1);
    await expect.poll(() => prow.getByText(order.no).count()).toBe(1);
    await shot(page, 'merchant-penalties');

    await go(page, `${server.url}/merchant/tickets?new=1&documentType=compensation&documentId=${pendingComp.id}&documentNo=${pendingComp.no}`);
    await page.getByTestId('ticket-subject').fill('运损赔付什么时候到账?');
    await page.getByTestId('ticket-body').fill(`赔付单 ${pendingComp.no} 还是待赔付,请问预计何时付款?`);
    await page.getByTestId('ticket-submit').click();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toBe('待回复');
    await seen(page, pendingComp.no);
    const [ticket] = ok(await w.merchantA.get('/api/tickets')).items;
    ok(await w.ops.post(`/api/tickets/${ticket.id}/replies`, { body: '财务已排期,本周五前到账。' }));
    await page.reload();
    await seen(page, '财务已排期,本周五前到账。');
    await page.getByTestId('ticket-reply').fill('好的,谢谢!');
    await page.getByTestId('ticket-send').click();
    await seen(page, '好的,谢谢!');
    await page.getByTestId('ticket-close').click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: '关闭工单' }).click();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toBe('已关闭');
    await go(page, `${server.url}/merchant/tickets`);
    await expect.poll(() => page.locator('tr', { hasText: ticket.no }).count()).toBe(1);
    await shot(page, 'merchant-tickets');
    expect(problems).toEqual([]);
    await context.close();
  });
});
