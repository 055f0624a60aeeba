/**
 * 导出 on the list pages (issue 13): with a filter in the URL, 导出 → Excel (XLSX) downloads a file
 * that reads back (exceljs) as the list's filtered rows — on the ops exception desk and on the
 * merchant's exception list (no subtype column there). Screenshots at 1440×900 of every list page
 * with the button: test-results/export-<workspace>-<list>.png, export-menu.png (the menu open).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, go, launch, loginAs, openPage, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import type { TestEnv } from '../helpers/app.js';
import { readXlsx } from '../helpers/exports.js';
import { ok, seedWorld, surplusReturn, type World } from '../helpers/world.js';
import { compensationFor, returnOrderFor } from '../api/fixtures/returns.js';

const PASSWORD = 'password-1234';
const rows = (page: Page) => page.locator('tr.ant-table-row');

/** Waits for the table to show `n` rows; if it does not, says what the page showed and what went wrong meanwhile. */
async function expectRows(s: Watched, n: number) {
  try {
    await expect.poll(() => rows(s.page).count()).toBe(n);
  } catch (err) {
    const shown = await s.page.locator('.ant-layout-content').first().innerText().catch(() => '?');
    throw new Error(`${(err as Error).message}\nat ${s.page.url()}\nthe page: ${shown.slice(0, 600)}\nproblems: ${s.problems.join('; ') || 'none'}`);
  }
}

/** 导出 → Excel: the downloaded file's rows, header first. */
async function downloadXlsx(page: Page) {
  await page.getByTestId('export').click();
  const link = page.getByTestId('export-xlsx');
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^exceptions-\d{4}-\d{2}-\d{2}\.xlsx$|^异常单-\d{4}-\d{2}-\d{2}\.xlsx$/);
  return readXlsx(readFileSync(await download.path()));
}

describeBrowser('exports from the list pages', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  const sessions: Watched[] = [];
  const open = async (username: string) => {
    const s = await openPage(browser, { acceptDownloads: true });
    sessions.push(s);
    track(s.page);
    await loginAs(s.page, server.url, username, PASSWORD);
    await s.page.waitForLoadState('networkidle');
    await settled(s.page);
    return s;
  };
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    ok(await server.admin.post('/api/admin/users', { username: `ops-exp-${w.tag}`, password: PASSWORD, role: 'OPS' }), 201);
    ok(await server.admin.post('/api/admin/users', { username: `m-exp-${w.tag}`, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);
    // three exceptions of merchant A: 物流 (transport damage), 商品 (surplus), 包裹 (box label missing)
    await compensationFor(w);
    await surplusReturn(w);
    await returnOrderFor(w);
  });
  afterAll(async () => { for (const s of sessions) await s.context.close(); await browser?.close(); await server?.close(); });

  it('ops: the exception desk filtered in the URL exports those rows as XLSX', { timeout: 120_000 }, async () => {
    const s = await open(`ops-exp-${w.tag}`);
    const { page } = s;
    const expected = ok(await w.ops.get('/api/exceptions', { merchantId: w.ids.merchantA, type: 'GOODS' })).items.map((e: { no: string }) => e.no);
    expect(expected).toHaveLength(1);
    await go(page, `${server.url}/ops/exceptions?status=ALL&merchantId=${w.ids.merchantA}&type=GOODS`);
    await expectRows(s, 1);
    const sheet = await downloadXlsx(page);
    expect(sheet[0].slice(0, 2)).toEqual(['异常单号', '送货单号']);
    expect(sheet[0]).toContain('异常细分');
    expect(sheet.slice(1).map((r) => r[0])).toEqual(expected);
    expect(sheet[1][sheet[0].indexOf('异常细分')]).toBe('数量异常(多货)');
    // every status, this merchant: the three, newest first
    await go(page, `${server.url}/ops/exceptions?status=ALL&merchantId=${w.ids.merchantA}`);
    await expectRows(s, 3);
    const all = await downloadXlsx(page);
    expect(all.slice(1).map((r) => r[0])).toEqual(ok(await w.ops.get('/api/exceptions', { merchantId: w.ids.merchantA })).items.map((e: { no: string }) => e.no));
    await page.getByTestId('export').click();
    await page.getByTestId('export-csv').waitFor();
    await shot(page, 'export-menu');
    await page.keyboard.press('Escape');
    for (const list of ['exceptions', 'orders', 'returns', 'compensations', 'penalties']) {
      await go(page, `${server.url}/ops/${list}${list === 'exceptions' ? '?status=ALL' : ''}`);
      await page.getByTestId('export').waitFor();
      await shot(page, `export-ops-${list}`);
    }
  });

  it('merchant: its exception list filtered by type exports those rows, without a subtype column', { timeout: 120_000 }, async () => {
    const s = await open(`m-exp-${w.tag}`);
    const { page } = s;
    const expected = ok(await w.merchantA.get('/api/exceptions', { type: 'PACKAGE' })).items.map((e: { no: string }) => e.no);
    expect(expected).toHaveLength(1);
    await go(page, `${server.url}/merchant/exceptions?type=PACKAGE`);
    await expectRows(s, 1);
    const sheet = await downloadXlsx(page);
    expect(sheet[0]).not.toContain('异常细分');
    expect(sheet.slice(1).map((r) => r[0])).toEqual(expected);
    expect(sheet.flat().map(String).join('|')).not.toContain('BOX_LABEL_MISSING');
    for (const list of ['exceptions', 'returns', 'orders', 'jit-orders', 'delivery-notes', 'compensations', 'penalties']) {
      await go(page, `${server.url}/merchant/${list}`);
      await page.getByTestId('export').waitFor();
      await shot(page, `export-merchant-${list}`);
    }
  });
});
