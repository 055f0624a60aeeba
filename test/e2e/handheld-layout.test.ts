/**
 * The warehouse workspace on a handheld (360×740 and 412×915, touch, device scale 2): every page
 * fits the viewport (no sideways scroll), the menu is a drawer behind a compact header, the step's
 * main action sits in a bottom bar at least 44 px tall, and no console error. At 1440×900 the side
 * menu is still a Sider. Screenshots: test-results/handheld-<width>-<lang>-<page>.png and
 * test-results/handheld-1440-<page>.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, go, launch, loginAs, openPage, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import { ADMIN_PASSWORD, type TestEnv } from '../helpers/app.js';
import { arrive, ok, orderAndShip, receiveAll, seedWorld, type World } from '../helpers/world.js';

const PASSWORD = 'password-1234';
type Lang = 'zh-CN' | 'en-US';
interface Note { id: string; no: string; lines: { skuCode: string }[]; boxes: { labelCode: string }[] }

/** What every page lists: a note in transit (到货), one arrived (收货), one receiving with QC done in part (质检, 上架), an exception, a 补收 note, a return to ship. */
interface Data { inTransit: Note; arrived: Note; receiving: Note; exception: { id: string; no: string }; fresh: Note; ret: { id: string; no: string } }

async function seed(w: World): Promise<Data> {
  const { note: inTransit } = await orderAndShip(w);
  const { note: arrived } = await orderAndShip(w);
  await arrive(w, arrived.id);
  const { note: receiving } = await orderAndShip(w);
  await arrive(w, receiving.id);
  await receiveAll(w, receiving.id, [{ skuId: w.ids.skusA[0], qty: 10 }, { skuId: w.ids.skusA[1], qty: 5 }]);
  ok(await w.whA.post(`/api/delivery-notes/${receiving.id}/qc`, { lines: [{ skuId: w.ids.skusA[0], passed: 6, failed: 1 }] }));
  // 补收: a note made by 平台仓内补收 (listed on 补收), and its exception (listed on 异常登记)
  const { note: unlabelled } = await orderAndShip(w);
  await arrive(w, unlabelled.id);
  const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: unlabelled.id, subtype: 'BOX_LABEL_MISSING', remark: '第 1 箱箱唛缺失' }), 201);
  const decided = ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: exc.version }));
  const fresh = decided.documents.deliveryNotes[0];
  // a surplus decided as a problem-goods return, shipped by platform logistics: 退货作业 lists it to ship
  const { note: surplus } = await orderAndShip(w, { lines: [{ sku: 0, qty: 4 }] });
  await arrive(w, surplus.id);
  await receiveAll(w, surplus.id, [{ skuId: w.ids.skusA[0], qty: 4 }]);
  const sx = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: surplus.id, subtype: 'SURPLUS', lines: [{ skuId: w.ids.skusA[0], qty: 1 }] }), 201);
  const sd = ok(await w.ops.post(`/api/exceptions/${sx.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: sx.version }));
  const ret = sd.documents.returnOrders[0];
  const address = ok(await w.merchantA.post('/api/addresses', { name: '李四', phone: '13900139000', region: '浙江省 杭州市 西湖区', detail: '文一西路 100 号 3 幢 2 单元 501 室', isDefault: true }), 201);
  ok(await w.merchantA.post(`/api/return-orders/${ret.id}/method`, { method: 'PLATFORM_LOGISTICS', addressId: address.id }));
  return { inTransit, arrived, receiving, exception: { id: exc.id, no: exc.no }, fresh, ret: { id: ret.id, no: ret.no } };
}

/** How far the page reaches beyond the viewport's width (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Visible controls a thumb cannot hit: buttons, inputs, selects and tabs under 44 px tall (copy icons aside). */
const smallTargets = (page: Page) => page.evaluate(() => {
  const out: string[] = [];
  const els = document.querySelectorAll<HTMLElement>('.ant-btn, .ant-input-affix-wrapper, input.ant-input, .ant-input-number, .ant-select:not(.ant-select-multiple), .ant-tabs-tab');
  for (const el of els) {
    if (el.closest('.ant-input-affix-wrapper') && el.matches('input')) continue; // the wrapper is the target
    if (el.closest('.ant-input-search') && el.matches('.ant-input-affix-wrapper')) continue; // its group is
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.height < 44) out.push(`${el.className.split(' ')[0]} "${(el.innerText || el.getAttribute('placeholder') || el.getAttribute('aria-label') || el.dataset.testid || '').slice(0, 24)}" ${Math.round(r.height)}px`);
  }
  return out;
});

/** The step's main action: in the fixed bottom bar, on screen, at least 44 px tall. */
async function expectInBottomBar(page: Page, testId: string, height: number) {
  const button = page.getByTestId('bottom-bar').getByTestId(testId);
  await button.waitFor({ timeout: 5_000 }).catch(() => undefined); // already rendered with the page's data, or missing
  if (!(await button.count())) { expect.soft(await button.count(), `${testId} in the bottom bar`).toBe(1); return; }
  const box = (await button.boundingBox())!;
  expect.soft(box.height).toBeGreaterThanOrEqual(44);
  expect.soft(box.y + box.height).toBeLessThanOrEqual(height);
  expect.soft(box.y).toBeGreaterThan(height - 120); // at the bottom of the screen, not somewhere in the page
  expect.soft(await page.getByTestId('bottom-bar').evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
}

describeBrowser('handheld layout of the warehouse workspace', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  let data: Data;
  const user = () => `wh-hand-${w.tag}`;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    ok(await server.admin.post('/api/admin/users', { username: user(), password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);
    data = await seed(w);
  }, 120_000);
  afterAll(async () => { await browser?.close(); await server?.close(); });

  /** A handheld context (touch, device scale 2) whose console errors and failed requests are collected, logged in. */
  async function openHandheld(width: number, height: number, lang: Lang, who = user(), password = PASSWORD): Promise<Watched> {
    const s = await openPage(browser, { device: { viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', reducedMotion: 'reduce' } });
    if (lang === 'en-US') await s.context.addInitScript(() => localStorage.setItem('tally.lang', 'en-US'));
    track(s.page);
    await loginAs(s.page, server.url, who, password);
    return s;
  }

  /** Every warehouse page with something on it; `check` runs once its data is shown. */
  async function visitAll(s: Watched, name: string, check: (label: string) => Promise<void>) {
    const { page } = s;
    const { inTransit, arrived, receiving, exception, fresh, ret } = data;
    const sku = receiving.lines[0].skuCode;

    await go(page, `${server.url}/warehouse/arrival`);
    await page.getByTestId('arrival-scan').fill(inTransit.boxes[0].labelCode);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('arrival-note').innerText()).toContain(inTransit.no);
    await check('arrival');
    await shot(page, `${name}-arrival`);

    await go(page, `${server.url}/warehouse/receiving`);
    await page.getByTestId(`pick-${arrived.no}`).waitFor();
    await check('receiving-list');
    await shot(page, `${name}-receiving-list`);
    await go(page, `${server.url}/warehouse/receiving?note=${arrived.id}`);
    await page.getByTestId(`count-${arrived.lines[0].skuCode}-qty`).waitFor();
    await check('receiving');
    await shot(page, `${name}-receiving`);

    await go(page, `${server.url}/warehouse/qc`);
    await page.getByTestId(`pick-${receiving.no}`).waitFor();
    await check('qc-list');
    await go(page, `${server.url}/warehouse/qc?note=${receiving.id}`);
    await page.getByTestId(`count-${sku}-passed`).waitFor();
    await page.getByTestId('register-quality').waitFor(); // 1 failed so far: the quality exception is offered
    await check('qc');
    await shot(page, `${name}-qc`);
    // the quality exception, prefilled with the failed units: the drawer's per-SKU quantities
    await page.getByTestId('register-quality').click();
    await page.getByTestId(`register-qty-${sku}`).waitFor();
    await check('register-lines');
    await shot(page, `${name}-register-lines`);
    await page.locator('.ant-drawer-close:visible').click();
    await expect.poll(() => page.getByTestId(`register-qty-${sku}`).count()).toBe(0);

    await go(page, `${server.url}/warehouse/putaway?note=${receiving.id}`);
    await page.getByTestId(`count-${sku}-qty`).waitFor();
    await check('putaway');
    await shot(page, `${name}-putaway`);

    await go(page, `${server.url}/warehouse/exceptions`);
    await page.getByTestId(`wh-exception-${exception.no}`).waitFor();
    await check('exceptions');
    await shot(page, `${name}-exceptions`);
    await page.getByTestId('register-open').click();
    await page.getByTestId('register-note').waitFor();
    await settled(page);
    await check('register-drawer');
    await shot(page, `${name}-register-drawer`);
    await go(page, `${server.url}/warehouse/exceptions?detail=${exception.id}`);
    await expect.poll(() => page.locator('.ant-drawer-title').innerText()).toContain(exception.no);
    await check('exception-detail');
    await shot(page, `${name}-exception-detail`);

    await go(page, `${server.url}/warehouse/new-notes`);
    await page.getByTestId(`reprint-${fresh.no}`).waitFor();
    await check('new-notes');
    await shot(page, `${name}-new-notes`);

    await go(page, `${server.url}/warehouse/returns`);
    await page.getByTestId(`ship-${ret.no}`).waitFor();
    await check('returns');
    await shot(page, `${name}-returns`);
    await page.getByTestId(`ship-${ret.no}`).click();
    await page.getByTestId('ship-carrier').waitFor();
    await check('ship-modal');
    await shot(page, `${name}-ship-modal`);
    await page.keyboard.press('Escape');
    await settled(page);
  }

  /** The checks of a handheld page: no sideways scroll (nor in an open drawer or modal), thumb-sized controls, the step's action in the bottom bar. */
  const handheldChecks = (page: Page, width: number, height: number) => async (label: string) => {
    await settled(page);
    expect.soft(await overflow(page), `${label} is wider than ${width}px`).toBeLessThanOrEqual(0);
    const panel = page.locator('.ant-drawer-content-wrapper:visible, .ant-modal:visible');
    if (await panel.count()) {
      const box = (await panel.first().boundingBox())!;
      expect.soft(box.x, `${label}: the panel starts on screen`).toBeGreaterThanOrEqual(0);
      expect.soft(box.x + box.width, `${label}: the panel ends on screen`).toBeLessThanOrEqual(width);
      const inner = await page.locator('.ant-drawer-body:visible, .ant-modal-body:visible').first().evaluate((el) => el.scrollWidth - el.clientWidth);
      expect.soft(inner, `${label}: the panel scrolls sideways`).toBeLessThanOrEqual(0);
    }
    expect.soft(await smallTargets(page), `${label}: controls under 44 px`).toEqual([]);
    // the scan arrived the note: what is left to do is to receive it
    if (label === 'arrival') await expectInBottomBar(page, 'arrival-to-receiving', height);
    // 收货 is scanned: finishing it is the main action; counting by hand stays below, inline
    if (label === 'receiving') await expectInBottomBar(page, 'scan-close', height);
    if (['qc', 'putaway'].includes(label)) await expectInBottomBar(page, 'count-submit-all', height);
    if (label === 'exceptions') await expectInBottomBar(page, 'register-open', height);
  };

  for (const [width, height, lang] of [[360, 740, 'zh-CN'], [360, 740, 'en-US'], [412, 915, 'zh-CN']] as const) {
    it(`${width}×${height} ${lang}: every warehouse page fits, thumb-sized, the main action in the bottom bar`, { timeout: 240_000 }, async () => {
      const s = await openHandheld(width, height, lang);
      try {
        await visitAll(s, `handheld-${width}-${lang === 'zh-CN' ? 'zh' : 'en'}`, handheldChecks(s.page, width, height));
        await settled(s.page);
        expect(s.problems).toEqual([]);
      } finally {
        await s.context.close();
      }
    });
  }

  it('360×740: the compact header stays on one line and the menu opens from its drawer button and navigates', { timeout: 120_000 }, async () => {
    const s = await openHandheld(360, 740, 'zh-CN');
    const { page } = s;
    try {
      await go(page, `${server.url}/warehouse/receiving`);
      await page.getByTestId(`pick-${data.arrived.no}`).waitFor();
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      const header = (await page.getByTestId('app-header').boundingBox())!;
      expect(header.height).toBeLessThanOrEqual(64); // one line: nothing wraps under the menu button
      const menuButton = page.getByTestId('menu-button');
      expect((await menuButton.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await menuButton.click();
      const drawer = page.getByTestId('menu-drawer');
      await drawer.waitFor();
      await expect.poll(() => drawer.innerText()).toContain(user()); // who is logged in, said in full in the drawer
      await shot(page, 'handheld-360-zh-menu');
      const qc = drawer.locator('a[href="/warehouse/qc"]');
      expect((await drawer.locator('.ant-menu-item').first().boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await qc.click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/warehouse/qc');
      await expect.poll(() => drawer.isVisible()).toBe(false);
      await page.getByTestId(`pick-${data.receiving.no}`).waitFor();
      await settled(page);
      expect(s.problems).toEqual([]);
    } finally {
      await s.context.close();
    }
  });

  it('360×740: the merchant and ops workspaces get the same compact header and menu drawer', { timeout: 120_000 }, async () => {
    const merchant = `shop-hand-${w.tag}`;
    ok(await server.admin.post('/api/admin/users', { username: merchant, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);
    for (const [who, password, landing, next] of [[merchant, PASSWORD, '/merchant/exceptions', '/merchant/delivery-notes'], ['admin', ADMIN_PASSWORD, '/ops/exceptions', '/ops/orders']] as const) {
      const s = await openHandheld(360, 740, 'zh-CN', who, password);
      const { page } = s;
      try {
        await expect.poll(() => new URL(page.url()).pathname).toBe(landing);
        await settled(page);
        expect((await page.getByTestId('app-header').boundingBox())!.height).toBeLessThanOrEqual(64);
        expect(await overflow(page), `${landing} is wider than 360px`).toBeLessThanOrEqual(0);
        await shot(page, `handheld-360-zh-${landing.split('/')[1]}`);
        await page.getByTestId('menu-button').click();
        await page.getByTestId('menu-drawer').locator(`a[href="${next}"]`).click();
        await expect.poll(() => new URL(page.url()).pathname).toBe(next);
        await settled(page);
        expect(s.problems).toEqual([]);
      } finally {
        await s.context.close();
      }
    }
  });

  it('1440×900: the side menu is still a Sider, the actions inline, every page screenshotted', { timeout: 240_000 }, async () => {
    const s = await openPage(browser);
    const { page } = s;
    track(page);
    try {
      await loginAs(page, server.url, user(), PASSWORD);
      await visitAll(s, 'handheld-1440', async (label) => {
        await settled(page);
        expect(await overflow(page), label).toBeLessThanOrEqual(0);
        if (label === 'receiving') {
          await expect.poll(() => page.locator('.ant-layout-sider').isVisible()).toBe(true);
          expect((await page.locator('.ant-layout-sider').boundingBox())!.width).toBe(208);
          expect(await page.getByTestId('menu-button').count()).toBe(0);
          expect(await page.getByTestId('bottom-bar').evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
          expect(await page.locator('.ant-table').count()).toBeGreaterThan(0); // tables, not cards
        }
      });
      await settled(page);
      expect(s.problems).toEqual([]);
    } finally {
      await s.context.close();
    }
  });
});
