/**
 * 入库表现 and 商家表现 in the browser (issue 13), over a small history built through the API and
 * the rollup and coaching jobs: the merchant sees its coaching level and the weekly chart, follows a
 * figure to its exception list (filters in the URL, the rows it counts) and switches the period; ops
 * ranks merchants, sorts, filters by warehouse and drills into one (Pareto of causes, coaching
 * history). Screenshots: test-results/perf-*.png (zh-CN and en-US at 1440×900, the merchant's page
 * and the drill-down at 360×740).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { coachingJob } from '../../src/jobs/coaching.js';
import { rollupsJob } from '../../src/jobs/rollups.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { systemClock } from '../../src/modules/shared/context.js';
import type { TestEnv } from '../helpers/app.js';
import { arrive, ok, orderAndShip, receiveAll, seedWorld, type World } from '../helpers/world.js';
import { readXlsx } from '../helpers/exports.js';
import { readFileSync } from 'node:fs';
import { EXCEPTION_TYPES, SUBTYPES, TYPE_LABELS } from '../../src/domain/catalog.js';
import { describeBrowser, expectChart, go, launch, loginAs, openPage, pick, settled, shot, startServer, track, type Server, type Watched } from './harness.js';

const PASSWORD = 'password-1234';
const DAY = 86400e3;
const rows = (page: Page) => page.locator('tr.ant-table-row');

/** 导出 → Excel on the page: the downloaded file's name and rows, header first. */
async function downloadXlsx(page: Page) {
  await page.getByTestId('export').click();
  const link = page.getByTestId('export-xlsx');
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: download.suggestedFilename(), rows: await readXlsx(readFileSync(await download.path())) };
}

describeBrowser('performance pages', () => {
  let server: Server;
  let browser: Browser;
  let w: World;
  const sessions: Watched[] = [];
  const users = { merchant: '', ops: '' };

  /** A logged-in page in `lang`, at 1440×900 or the viewport given. */
  async function visit(user: string, lang: 'zh-CN' | 'en-US', viewport?: { width: number; height: number }): Promise<Watched> {
    const s = await openPage(browser, viewport ? { device: { viewport, isMobile: true, hasTouch: true } } : { acceptDownloads: true });
    sessions.push(s);
    if (lang === 'en-US') await s.context.addInitScript(() => localStorage.setItem('tally.lang', 'en-US'));
    track(s.page);
    await loginAs(s.page, server.url, user, PASSWORD);
    // the landing page's requests finish first: leaving earlier aborts them (and counts as a problem)
    await s.page.waitForLoadState('networkidle');
    await settled(s.page);
    return s;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    users.merchant = `mer-perf-${w.tag}`;
    users.ops = `ops-perf-${w.tag}`;
    ok(await server.admin.post('/api/admin/users', { username: users.merchant, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);
    ok(await server.admin.post('/api/admin/users', { username: users.ops, password: PASSWORD, role: 'OPS' }), 201);
    const s0 = w.ids.skusA[0];

    // merchant A, warehouse A: 10 received with 2 damaged and 1 surplus (GOODS), a second note damaged in transport and refused (LOGISTICS)
    const { note: n1 } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] });
    await arrive(w, n1.id);
    await receiveAll(w, n1.id, [{ skuId: s0, qty: 10 }]);
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: n1.id, subtype: 'DAMAGED_DIRTY', lines: [{ skuId: s0, qty: 2 }] }), 201);
    ok(await w.whA.post('/api/exceptions', { deliveryNoteId: n1.id, subtype: 'SURPLUS', lines: [{ skuId: s0, qty: 1 }] }), 201);
    const { note: n2 } = await orderAndShip(w, { lines: [{ sku: 0, qty: 4 }] });
    await arrive(w, n2.id);
    const damage = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: n2.id, subtype: 'TRANSPORT_DAMAGE', lines: [{ skuId: s0, qty: 1 }] }), 201);
    ok(await w.ops.post(`/api/exceptions/${damage.id}/decide`, { plan: 'TERMINATE_DELIVERY', version: damage.version }));
    // merchant B, warehouse B: 5 arrive, no exception
    const order = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantB, warehouseId: w.ids.warehouseB, type: 'REPEAT', lines: [{ skuId: w.ids.skusB[0], qty: 5, unitPrice: 100 }],
    }), 201);
    ok(await w.merchantB.post(`/api/stocking-orders/${order.id}/accept`, {}));
    const nB = ok(await w.merchantB.post('/api/delivery-notes', {
      stockingOrderId: order.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + DAY).toISOString(), boxes: [{ lines: [{ skuId: w.ids.skusB[0], qty: 5 }] }],
    }), 201);
    ok(await w.merchantB.post(`/api/delivery-notes/${nB.id}/confirm`, {}));
    ok(await w.whB.post(`/api/delivery-notes/${nB.id}/arrive`, {}));
    ok(await w.whB.post(`/api/delivery-notes/${nB.id}/receipts`, { lines: [{ skuId: w.ids.skusB[0], qty: 5 }] }));

    // the server runs on the real clock: A's history happened 25 days ago (A joined 40 days ago), so the
    // coaching job's days above the acceptable rate reach Elevated (21) and not Critical (21 more)
    const db = server.db.handle.db;
    const back = (iso: string | null, days: number) => (iso ? new Date(Date.parse(iso) - days * DAY).toISOString() : iso);
    for (const e of await db.selectFrom('exceptions').select(['id', 'createdAt']).where('merchantId', '=', w.ids.merchantA).execute()) {
      await db.updateTable('exceptions').set({ createdAt: back(e.createdAt, 25)! }).where('id', '=', e.id).execute();
    }
    for (const n of await db.selectFrom('deliveryNotes').select(['id', 'arrivedAt']).where('merchantId', '=', w.ids.merchantA).execute()) {
      await db.updateTable('deliveryNotes').set({ arrivedAt: back(n.arrivedAt, 25) }).where('id', '=', n.id).execute();
    }
    const joined = await db.selectFrom('merchants').select('createdAt').where('id', '=', w.ids.merchantA).executeTakeFirstOrThrow();
    await db.updateTable('merchants').set({ createdAt: back(joined.createdAt, 40)! }).where('id', '=', w.ids.merchantA).execute();
    const report = await runDueJobs({ db, dialect: 'sqlite', clock: systemClock, dataDir: server.db.dataDir }, [rollupsJob, coachingJob]);
    expect(report.rollups.failed + report.coaching.failed).toBe(0);
    const coaching = ok(await w.ops.get(`/api/merchants/${w.ids.merchantA}/coaching`));
    expect(coaching.levels.find((l: { type: string }) => l.type === 'GOODS').level).toBe('ELEVATED');
  });
  afterAll(async () => { for (const s of sessions) await s.context.close(); await browser?.close(); await server?.close(); });

  it('入库表现: the merchant sees its level and the weekly chart, follows a figure to its filtered exceptions, switches the period', { timeout: 180_000 }, async () => {
    const sc = ok(await w.merchantA.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 30 }));
    const s = await visit(users.merchant, 'zh-CN');
    const page = s.page;
    await page.locator('.ant-layout-sider .ant-menu-item').filter({ hasText: '入库表现' }).click();
    await page.waitForURL((u) => u.pathname === '/merchant/performance');
    await expect.poll(() => page.getByTestId('level-GOODS').innerText()).toBe('关注');
    expect(await page.getByTestId('level-QUALITY').innerText()).toBe('标准');
    expect(await page.getByTestId('coaching-GOODS').innerText()).toContain('可接受异常率 1%');
    expect(await page.getByTestId('fig-exception-rate').innerText()).toContain(`${sc.exceptionRate.pct}%`);
    expect(await page.getByTestId('fig-compensations').innerText()).toContain('¥12.50');
    expect(await page.getByTestId('score').innerText()).toContain(String(sc.score));
    await expectChart(page, 'trend-chart');
    expect(await page.getByTestId('coaching-history').innerText()).toContain('商品异常:标准 → 关注');
    // nothing names a subtype on the merchant's page
    expect(await page.locator('.ant-layout-content').innerText()).not.toMatch(/多货|破损|运损/);
    await shot(page, 'perf-merchant-zh');
    // 导出: its own scorecard as rows, no subtype anywhere
    const own = await downloadXlsx(page);
    expect(own.name).toMatch(/^入库表现-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(own.rows.find((r) => r[1] === '得分')?.[7]).toBe(sc.score);
    const cells = own.rows.flat().map(String);
    const typeNames = new Set<string>(Object.values(TYPE_LABELS).map((l) => l['zh-CN']));
    for (const st of SUBTYPES.filter((x) => !(EXCEPTION_TYPES as readonly string[]).includes(x.code))) {
      expect(cells.includes(st.code) || (!typeNames.has(st.label['zh-CN']) && cells.includes(st.label['zh-CN'])), st.code).toBe(false);
    }

    // the GOODS row opens the exception list filtered by type and the period's days: the two GOODS exceptions
    await page.getByTestId('type-GOODS').click();
    await page.waitForURL((u) => u.pathname === '/merchant/exceptions');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ type: 'GOODS', from: sc.period.from, to: sc.period.to });
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await rows(page).allInnerTexts()).toEqual([expect.stringContaining('商品异常'), expect.stringContaining('商品异常')]);

    // the period switch is in the URL: 7 days hold none of it
    await go(page, `${server.url}/merchant/performance`);
    await page.getByTestId('period').getByText('近 7 天').click();
    await page.waitForURL((u) => u.searchParams.get('days') === '7');
    const week = ok(await w.merchantA.get(`/api/merchants/${w.ids.merchantA}/scorecard`, { days: 7 }));
    await expect.poll(() => page.getByTestId('period-range').innerText()).toContain(week.period.from);
    expect(await page.getByTestId('fig-exception-rate').innerText()).toMatch(/^异常率\s*-/);
    await settled(page);
    expect(s.problems).toEqual([]);
  });

  it('入库表现 in English at 1440 px and at 360 px: nothing overflows, the chart fits', { timeout: 180_000 }, async () => {
    const en = await visit(users.merchant, 'en-US');
    await go(en.page, `${server.url}/merchant/performance`);
    await expect.poll(() => en.page.getByTestId('level-GOODS').innerText()).toBe('Elevated');
    await expectChart(en.page, 'trend-chart');
    await shot(en.page, 'perf-merchant-en');
    expect(en.problems).toEqual([]);

    const phone = await visit(users.merchant, 'zh-CN', { width: 360, height: 740 });
    await go(phone.page, `${server.url}/merchant/performance`);
    await expect.poll(() => phone.page.getByTestId('level-GOODS').innerText()).toBe('关注');
    await expectChart(phone.page, 'trend-chart');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const chart = await phone.page.getByTestId('trend-chart').boundingBox();
    expect(chart!.x + chart!.width).toBeLessThanOrEqual(360);
    await shot(phone.page, 'perf-merchant-360');
    expect(phone.problems).toEqual([]);
  });

  it('商家表现: ops ranks, sorts and filters by warehouse, drills into a merchant and sees the Pareto of causes', { timeout: 180_000 }, async () => {
    const s = await visit(users.ops, 'zh-CN');
    const page = s.page;
    const nameA = `商家A ${w.tag}`;
    const nameB = `商家B ${w.tag}`;
    await page.locator('.ant-layout-sider .ant-menu-item').filter({ hasText: '商家表现' }).click();
    await page.waitForURL((u) => u.pathname === '/ops/performance');
    await expect.poll(() => rows(page).count()).toBe(2);
    // sorted by the server: the exception rate ascending, then descending
    await page.locator('th').filter({ hasText: '异常率' }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'exceptionRate');
    await expect.poll(() => rows(page).first().innerText()).toContain(nameB);
    await page.locator('th').filter({ hasText: '异常率' }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === '-exceptionRate');
    await expect.poll(() => rows(page).first().innerText()).toContain(nameA);
    expect(await rows(page).first().innerText()).toContain('关注');
    await shot(page, 'perf-ranking-zh');
    // 导出: the ranking as sorted, read back as the rows shown
    const ranking = await downloadXlsx(page);
    expect(ranking.name).toMatch(/^商家表现-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(ranking.rows.slice(1).map((r) => r[0])).toEqual([nameA, nameB]);

    // by warehouse: B's only
    await pick(page, page.getByTestId('filter-warehouseId'), `仓B ${w.tag}`);
    await page.getByTestId('filter-search').click();
    await page.waitForURL((u) => u.searchParams.get('warehouseId') === w.ids.warehouseB && u.searchParams.get('sort') === '-exceptionRate');
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining(nameB)]);
    await page.getByTestId('filter-reset').click();
    await expect.poll(() => rows(page).count()).toBe(2);

    // a row opens the drill-down: the scorecard, the Pareto of causes by subtype, the coaching history
    await rows(page).filter({ hasText: nameA }).locator('td').nth(3).click();
    await page.waitForURL((u) => u.pathname === `/ops/performance/${w.ids.merchantA}`);
    await expect.poll(() => page.getByTestId('page-title').innerText()).toContain(nameA);
    await expectChart(page, 'pareto-chart');
    await expectChart(page, 'trend-chart');
    const causes = await page.getByTestId('causes').locator('tr.ant-table-row').allInnerTexts();
    expect(causes).toHaveLength(3);
    expect(causes[0]).toMatch(/2/); // DAMAGED_DIRTY, 2 units, first
    expect(await page.getByTestId('coaching-history').innerText()).toContain('→ 关注');
    await shot(page, 'perf-drill-zh');
    // a cause opens the queue filtered by merchant, type, subtype and the period
    await page.getByTestId('cause-DAMAGED_DIRTY').click();
    await page.waitForURL((u) => u.pathname === '/ops/exceptions' && u.searchParams.get('subtype') === 'DAMAGED_DIRTY');
    expect(new URL(page.url()).searchParams.get('merchantId')).toBe(w.ids.merchantA);
    await expect.poll(() => rows(page).count()).toBe(1);
    await settled(page);
    expect(s.problems).toEqual([]);
  });

  it('商家表现 and the drill-down in English', { timeout: 180_000 }, async () => {
    const s = await visit(users.ops, 'en-US');
    await go(s.page, `${server.url}/ops/performance?sort=-exceptionRate`);
    await expect.poll(() => rows(s.page).count()).toBe(2);
    expect(await rows(s.page).first().innerText()).toContain('Elevated');
    await shot(s.page, 'perf-ranking-en');
    await go(s.page, `${server.url}/ops/performance/${w.ids.merchantA}`);
    await expectChart(s.page, 'pareto-chart');
    await expect.poll(() => s.page.getByTestId('level-GOODS').innerText()).toBe('Elevated');
    await shot(s.page, 'perf-drill-en');
    expect(s.problems).toEqual([]);

    // on a handheld the ranking is cards and the drill-down's charts fit the width
    const phone = await visit(users.ops, 'zh-CN', { width: 360, height: 740 });
    await go(phone.page, `${server.url}/ops/performance`);
    await expect.poll(() => phone.page.getByTestId('rank-link').count()).toBe(2);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.page.getByTestId('rank-link').filter({ hasText: `商家A ${w.tag}` }).click();
    await phone.page.waitForURL((u) => u.pathname === `/ops/performance/${w.ids.merchantA}`);
    await expectChart(phone.page, 'pareto-chart');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(phone.page, 'perf-drill-360');
    expect(phone.problems).toEqual([]);
  });
});
