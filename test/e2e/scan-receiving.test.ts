/**
 * 收货 by scanning on a handheld (issue 11): scans are typed as a keyboard-wedge scanner types them
 * (`keyboard.type(code + '\n', { delay: 5 })`). A 3-SKU note received entirely by scans, the ledger
 * read back through the API; an unknown barcode and an over-scan registered from their prompts as
 * WRONG_GOODS and SURPLUS, closing short as SHORTAGE; 10 scans offline with a reload in between,
 * booked exactly once when the network is back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestEnv } from '../helpers/app.js';
import { arrive, expectLedgersSound, ok, orderAndShip, seedWorld, type World } from '../helpers/world.js';
import { describeBrowser, launch, loginAs, screenshot, startServer, track, type Server } from './harness.js';

const PASSWORD = 'scanner-e2e-1234';

interface Handheld { context: BrowserContext; page: Page; problems: string[] }

async function handheld(browser: Browser, viewport = { width: 360, height: 740 }): Promise<Handheld> {
  const mobile = viewport.width < 768;
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1, locale: 'zh-CN', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`server error: ${r.status()} ${r.url()}`); });
  track(page);
  return { context, page, problems };
}

const scan = (page: Page, code: string) => page.keyboard.type(`${code}\n`, { delay: 5 });

/** The prefilled 异常登记 has loaded its note and shows the proposed subtype: one tap registers it. */
async function confirm(page: Page, subtype: string): Promise<void> {
  await expect.poll(() => page.getByTestId('register-subtype').innerText()).toContain(subtype);
  const done = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/exceptions' && r.request().method() === 'POST');
  await page.getByTestId('register-submit').click();
  expect((await done).status()).toBe(201);
}

describeBrowser('scan-first receiving on a handheld', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  let clerk: string;
  let barcodes: string[];
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld(server as unknown as TestEnv);
    clerk = `scanner-${w.tag}`;
    ok(await server.admin.post('/api/admin/users', { username: clerk, password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);
    const skus = ok(await server.admin.get('/api/admin/skus', { merchantId: w.ids.merchantA, limit: 100 })).items as { id: string; barcode: string }[];
    barcodes = w.ids.skusA.map((id) => skus.find((s) => s.id === id)!.barcode);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  const note3 = async (qty: [number, number, number]) => {
    const { note } = await orderAndShip(w, { lines: qty.map((q, sku) => ({ sku, qty: q })) });
    await arrive(w, note.id);
    return note as { id: string; no: string };
  };
  const received = async (noteId: string) => (ok(await w.whA.get(`/api/delivery-notes/${noteId}`)).lines as { skuId: string; received: number }[])
    .map((l) => l.received);
  const openNote = async (h: Handheld, noteId: string) => {
    await h.page.goto(`${server.url}/warehouse/receiving?note=${noteId}`);
    await expect.poll(() => h.page.getByTestId('scan-receive').count()).toBe(1);
    await expect.poll(() => h.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-field');
  };
  const waiting = (h: Handheld) => h.page.getByTestId('scan-waiting').getAttribute('data-count');

  for (const viewport of [{ width: 360, height: 740 }, { width: 412, height: 915 }, { width: 1440, height: 900 }]) {
    it(`a 3-SKU note received entirely by scans at ${viewport.width}×${viewport.height}; the ledger matches each scan`, { timeout: 120_000 }, async () => {
      const note = await note3([3, 2, 2]);
      const h = await handheld(browser, viewport);
      await loginAs(h.page, server.url, clerk, PASSWORD);
      await openNote(h, note.id);
      const plan = [0, 0, 1, 0, 2, 1, 2];
      const expected = [0, 0, 0];
      for (const i of plan) {
        await scan(h.page, barcodes[i]);
        expected[i] += 1;
        // booked on the screen at once, then through the API, in order
        await expect.poll(() => h.page.getByTestId('scan-state').getAttribute('data-outcome')).toBe('booked');
        await expect.poll(() => received(note.id)).toEqual(expected);
      }
      await expect.poll(() => waiting(h)).toBe('0');
      expect(await received(note.id)).toEqual([3, 2, 2]);
      await screenshot(h.page, `scan-receive-${viewport.width}`);
      if (viewport.width <= 412) expect(await h.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(h.problems).toEqual([]);
      await h.context.close();
    });
  }

  it('an unknown barcode and an over-scan become WRONG_GOODS and SURPLUS from their prompts; closing short registers SHORTAGE', { timeout: 180_000 }, async () => {
    const note = await note3([2, 2, 2]);
    const stranger = ok(await server.admin.post('/api/admin/skus', { merchantId: w.ids.merchantA, code: `S9-${w.tag}`, name: '不在单上的商品', barcode: `699${w.tag}` }), 201);
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await openNote(h, note.id);
    // an over-scan: the third unit of SKU 0 is not booked; 多货 is proposed for it
    for (let i = 0; i < 3; i++) await scan(h.page, barcodes[0]);
    await expect.poll(() => h.page.getByTestId('scan-state').getAttribute('data-outcome')).toBe('attention');
    await expect.poll(() => received(note.id)).toEqual([2, 0, 0]);
    const skuCode = `S1-${w.tag}`;
    await h.page.getByTestId(`propose-surplus-${skuCode}`).click();
    await confirm(h.page, '多货');
    await expect.poll(() => h.page.getByTestId(`propose-surplus-${skuCode}`).count()).toBe(0);
    // a barcode of a SKU not on the note: 错货, the SKU on its own line
    await scan(h.page, stranger.barcode);
    await expect.poll(() => h.page.getByTestId('propose-wrong-goods').count()).toBe(1);
    await screenshot(h.page, 'scan-proposals-360');
    await h.page.getByTestId('propose-wrong-goods').click();
    await confirm(h.page, '错货');
    await expect.poll(() => h.page.getByTestId('propose-wrong-goods').count()).toBe(0);
    // one unit of SKU 1, then 完成收货: the rest is proposed as 少货
    await scan(h.page, barcodes[1]);
    // the wrong goods have a line of their own now (nothing received on it)
    await expect.poll(() => received(note.id)).toEqual([2, 1, 0, 0]);
    await expect.poll(() => waiting(h)).toBe('0');
    await h.page.getByTestId('scan-close').click();
    await confirm(h.page, '少货');
    await expect.poll(async () => (ok(await w.whA.get('/api/exceptions', { deliveryNoteId: note.id, limit: 100 })).items as { subtype: string }[]).map((e) => e.subtype).sort())
      .toEqual(['SHORTAGE', 'SURPLUS', 'WRONG_GOODS']);
    const excs = ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id, limit: 100 })).items as { id: string; subtype: string }[];
    const lines = async (subtype: string) => (ok(await w.ops.get(`/api/exceptions/${excs.find((e) => e.subtype === subtype)!.id}`)).lines as { skuId: string; qty: number }[])
      .map((l) => [l.skuId, l.qty]);
    expect(await lines('SURPLUS')).toEqual([[w.ids.skusA[0], 1]]);
    expect(await lines('WRONG_GOODS')).toEqual([[stranger.id, 1]]);
    expect((await lines('SHORTAGE')).sort()).toEqual([[w.ids.skusA[1], 1], [w.ids.skusA[2], 2]].sort());
    await expectLedgersSound(server as unknown as TestEnv);
    expect(h.problems).toEqual([]);
    await h.context.close();
  });

  it('质检 by scan then pass / fail, 上架 one unit per scan; what is not in the step is refused', { timeout: 120_000 }, async () => {
    const note = await note3([2, 1, 1]);
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/receipts`, { lines: [{ skuId: w.ids.skusA[0], qty: 2 }, { skuId: w.ids.skusA[1], qty: 1 }, { skuId: w.ids.skusA[2], qty: 1 }] }));
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await h.page.goto(`${server.url}/warehouse/qc?note=${note.id}`);
    await expect.poll(() => h.page.getByTestId('scan-receive').count()).toBe(1);
    const ledger = async () => (ok(await w.whA.get(`/api/delivery-notes/${note.id}`)).lines as { passed: number; failed: number; stocked: number }[])
      .map((l) => [l.passed, l.failed, l.stocked]);
    for (const [i, verdict] of [[0, 'pass'], [0, 'fail'], [1, 'pass'], [2, 'pass']] as const) {
      await scan(h.page, barcodes[i]);
      await h.page.getByTestId(`scan-qc-${verdict}`).click();
    }
    await expect.poll(ledger).toEqual([[1, 1, 0], [1, 0, 0], [1, 0, 0]]);
    // a third unit of SKU 0 to inspect: none is left, refused before any request
    await scan(h.page, barcodes[0]);
    await expect.poll(() => h.page.getByTestId('scan-state').getAttribute('data-outcome')).toBe('refused');
    await screenshot(h.page, 'scan-qc-360');
    await h.page.goto(`${server.url}/warehouse/putaway?note=${note.id}`);
    await expect.poll(() => h.page.getByTestId('scan-receive').count()).toBe(1);
    for (const i of [0, 1, 2]) await scan(h.page, barcodes[i]);
    await expect.poll(ledger).toEqual([[1, 1, 1], [1, 0, 1], [1, 0, 1]]);
    await expectLedgersSound(server as unknown as TestEnv);
    expect(h.problems).toEqual([]);
    await h.context.close();
  });

  it('撤销: the last scan taken back — still waiting, or already booked by its reversal; one the ledger cannot take back says why', { timeout: 120_000 }, async () => {
    const note = await note3([3, 1, 1]);
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await openNote(h, note.id);
    for (let i = 0; i < 2; i++) await scan(h.page, barcodes[0]);
    await expect.poll(() => received(note.id)).toEqual([2, 0, 0]);
    await expect.poll(() => waiting(h)).toBe('0');
    // booked: undo sends the receipt's reversal
    const reversal = h.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/delivery-notes/${note.id}/receipts/reversals`);
    await h.page.getByTestId('scan-undo').click();
    expect((await reversal).status()).toBe(200);
    await expect.poll(() => received(note.id)).toEqual([1, 0, 0]);
    await expect.poll(() => h.page.getByTestId(`scan-line-S1-${w.tag}`).getAttribute('data-done')).toBe('1');
    await screenshot(h.page, 'scan-undo-360');
    // the unit left is inspected elsewhere (another handheld) before this one undoes its scan: refused, and why
    ok(await w.whA.post(`/api/delivery-notes/${note.id}/qc`, { lines: [{ skuId: w.ids.skusA[0], passed: 1, failed: 0 }] }));
    const refused = h.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/delivery-notes/${note.id}/receipts/reversals`);
    await h.page.getByTestId('scan-undo').click();
    expect((await refused).status()).toBe(422);
    await expect.poll(() => h.page.getByTestId('scan-refused').innerText()).toContain('撤销未成功');
    await expect.poll(() => h.page.getByTestId('scan-refused').innerText()).toMatch(/QC|质检|inspect/);
    expect(await received(note.id)).toEqual([1, 0, 0]);
    await expectLedgersSound(server as unknown as TestEnv);
    await h.context.close();
  });

  it('10 scans offline, a reload while offline, back online: received rises by exactly 10', { timeout: 180_000 }, async () => {
    const note = await note3([12, 1, 1]);
    const h = await handheld(browser);
    await loginAs(h.page, server.url, clerk, PASSWORD);
    await openNote(h, note.id);
    // the service worker keeps the app shell (../../web/public/sw.js): a reload without network opens it
    await h.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => h.page.evaluate(async () => !!(await caches.match('/index.html', { ignoreVary: true }))), { timeout: 20_000 }).toBe(true);
    await h.context.setOffline(true);
    for (let i = 0; i < 10; i++) await scan(h.page, barcodes[0]);
    await expect.poll(() => waiting(h)).toBe('10');
    await expect.poll(() => h.page.getByTestId('scan-offline').count()).toBe(1);
    await screenshot(h.page, 'scan-offline-360');
    expect(await received(note.id)).toEqual([0, 0, 0]);
    // a reload while offline: the shell from the worker, the clerk remembered, the note from the device's
    // copy, the queue from IndexedDB — the page shows what waits and scanning could go on
    await h.page.reload();
    await expect.poll(() => h.page.getByTestId('scan-receive').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => waiting(h)).toBe('10');
    await expect.poll(() => h.page.getByTestId('scan-offline').count()).toBe(1);
    await expect.poll(() => h.page.getByTestId(`scan-line-S1-${w.tag}`).getAttribute('data-pending')).toBe('10');
    // labels, not codes: the catalog's public part was kept on the device too
    await expect.poll(() => h.page.locator('body').innerText()).toContain('已到货');
    expect(await h.page.locator('body').innerText()).not.toContain('ARRIVED');
    await screenshot(h.page, 'scan-offline-reloaded-360');
    expect(await received(note.id)).toEqual([0, 0, 0]);
    await h.context.setOffline(false);
    await expect.poll(() => waiting(h), { timeout: 30_000 }).toBe('0');
    await expect.poll(() => received(note.id)).toEqual([10, 0, 0]);
    // and it stays at 10: nothing is sent twice
    await h.page.reload();
    await expect.poll(() => h.page.getByTestId('scan-waiting').getAttribute('data-count')).toBe('0');
    expect(await received(note.id)).toEqual([10, 0, 0]);
    await h.context.close();
  });
});
