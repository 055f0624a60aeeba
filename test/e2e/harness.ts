/**
 * Browser journeys: a real server on a free port (fresh SQLite database, the built web app) and
 * Debian's Chromium driven by playwright-core. Without Chromium the journeys are skipped, loudly.
 * Every page fails its test on a console error or a failed request.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { buildApp, WEB_DIST } from '../../src/http/app.js';
import { ensureAdmin } from '../../src/bootstrap.js';
import { openTestDb, type TestDb } from '../helpers/db.js';
import { ADMIN_PASSWORD, client, type Client } from '../helpers/app.js';
import type { FastifyInstance } from 'fastify';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS = join(process.cwd(), 'test-results');
const available = existsSync(CHROMIUM) && existsSync(join(WEB_DIST, 'index.html'));
if (!available) {
  console.warn(`\n!!! Browser journeys SKIPPED: ${existsSync(CHROMIUM) ? 'web/dist is not built (npm run build:web)' : `no Chromium at ${CHROMIUM} (apt-get install chromium)`} !!!\n`);
}

/** `describe` when Chromium and the built app are there, `describe.skip` otherwise. */
export const describeBrowser = available ? describe : describe.skip;

export interface Server {
  app: FastifyInstance;
  db: TestDb;
  url: string;
  admin: Client;
  login(username: string, password: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  const db = await openTestDb('sqlite');
  await ensureAdmin(db.handle, ADMIN_PASSWORD);
  const app = await buildApp({ db: db.handle.db, dialect: 'sqlite', dataDir: db.dataDir, allowPrivateWebhookDestinations: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = async (username: string, password: string) => {
    const res = await client(app).post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    return client(app, res.body.token);
  };
  return { app, db, url, admin: await login('admin', ADMIN_PASSWORD), login, close: async () => { await app.close(); await db.cleanup(); } };
}

export async function launch(): Promise<Browser> {
  // playwright-core makes its own fresh profile (it refuses --user-data-dir in args)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests seen so far; a journey ends by expecting this to be empty. */
  problems: string[];
}

/**
 * A fresh context at 1440×900 (or the `device` given: a handheld's viewport, touch, scale) whose
 * console errors and failed requests are collected.
 *
 * It asks for reduced motion, so the app turns antd's animations off (web/src/main.tsx): drawers,
 * modals, popconfirms and dropdowns open in place at once. With them on, a loaded machine loses
 * clicks: a dialog sits still at its final place, invisible, through its motion's first frames
 * (Playwright finds it stable), then zooms from a fifth of its size between mousedown and mouseup,
 * so the click lands on whatever is under the pointer by then (seen: a 批量处理 plan card, the
 * click ended on the table below it, no plan chosen). And a dropdown option that keeps moving while
 * its list slides in makes Playwright retry with a forced `scrollIntoView`, which scrolls the page
 * behind the drawer; the dropdown (positioned in the page) jumps back under its select between
 * mousedown and mouseup and the option is never chosen (seen: 备货订单's merchant, so the SKU
 * select stayed disabled and its option never appeared).
 */
export async function openPage(browser: Browser, opts: { acceptDownloads?: boolean; device?: BrowserContextOptions } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce', acceptDownloads: opts.acceptDownloads ?? false, ...opts.device });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    // the test's own navigation (go()) cancels what the page it leaves still had in flight: not a failure
    if (leaving.has(page) && error === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${error}`);
  });
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`server error: ${r.status()} ${r.url()}`); });
  return { context, page, problems };
}

/** Pages being navigated away from by go(): their aborted requests are the navigation's doing. */
const leaving = new WeakSet<Page>();

/**
 * Logs in through the login page; returns once the landing page has had its data and the network
 * has been quiet for 300 ms (on a loaded machine its requests can start >300 ms after the URL
 * changes, and a navigation right after would abort them).
 */
export async function loginAs(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  const landed = page.waitForResponse((r) => r.url().includes('/api/') && !r.url().includes('/api/auth/'));
  const network = countInflight(page);
  try {
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await landed;
    await network.quiet();
  } finally {
    network.stop();
  }
}

/**
 * Saves a full-page screenshot under test-results/ (looked at before calling a page done). CSS
 * animations and transitions are finished first (a fading veil, a spinner), so none is caught midway.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** An antd Select dropdown that is open and not in an opening or closing motion. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"])';

/**
 * Picks the option showing `text` in an antd Select (`select`: the Select's root, e.g. its test id)
 * the way a user does, and waits until the Select shows it. `search` is typed first (long lists are
 * virtual: far options are not rendered); `loaded` is awaited before the option is clicked (the
 * response a search-as-you-type select shows: an earlier search's options would be replaced under
 * the pointer).
 * - A disabled antd Select is a div to Playwright, which clicks it happily and nothing opens (the SKU
 *   select until a merchant is chosen, the subtype until the note is loaded): wait until it is enabled.
 * - Its own dropdown (the listbox its input controls), not whichever is open: the previous select's
 *   may still be closing. The option is clicked once that dropdown is open and not moving.
 * - A click that did not choose the option fails here, not three steps later.
 */
export async function pick(page: Page, select: Locator, text: string, opts: { search?: string; loaded?: Promise<unknown> } = {}): Promise<void> {
  const input = select.locator('input[role="combobox"]');
  try {
    await select.and(page.locator('.ant-select:not(.ant-select-disabled)')).click();
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    if (opts.search) await page.keyboard.type(opts.search);
    await opts.loaded;
    const list = page.locator(`[id="${await input.getAttribute('id')}_list"]`);
    const dropdown = page.locator(OPEN_DROPDOWN).filter({ has: list });
    await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  } catch (e) {
    // the state the next reader needs to find the cause (this pick once failed only under load)
    throw new Error(`pick "${text}": ${(e as Error).message.split('\n').slice(0, 3).join(' / ')}\n${await selectState(page, input)}`);
  }
  await expect.poll(() => select.innerText()).toContain(text);
}

/** What a Select and every dropdown on the page looked like when a pick failed (for the failure message). */
async function selectState(page: Page, input: Locator): Promise<string> {
  const expanded = await input.getAttribute('aria-expanded', { timeout: 1000 }).catch(() => 'gone');
  const dropdowns = await page.evaluate(() => [...document.querySelectorAll('.ant-select-dropdown')].map((d) =>
    `  ${d.className} · listbox ${d.querySelector('[role=listbox]')?.id ?? '-'} · ${JSON.stringify((d as HTMLElement).innerText.slice(0, 120))}`).join('\n')).catch(() => '');
  const focused = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.id ?? ''}`).catch(() => '?');
  return `aria-expanded=${expanded}, focus on ${focused}, dropdowns:\n${dropdowns || '  none'}`;
}

/** The options an antd Select's open dropdown lists (its own dropdown, once it is open and not moving). */
export async function optionTexts(page: Page, select: Locator): Promise<string[]> {
  const input = select.locator('input[role="combobox"]');
  const list = page.locator(`[id="${await input.getAttribute('id')}_list"]`);
  return page.locator(OPEN_DROPDOWN).filter({ has: list }).locator('.ant-select-item-option').allInnerTexts();
}

const settlers = new WeakMap<Page, () => Promise<void>>();

/** A page's requests in flight from now on; `quiet()` waits for 300 ms without any. */
function countInflight(page: Page) {
  let inflight = 0;
  const start = () => { inflight++; };
  const done = () => { inflight = Math.max(0, inflight - 1); };
  page.on('request', start);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    quiet: async () => { for (let quiet = 0; quiet < 3;) { await page.waitForTimeout(100); quiet = inflight === 0 ? quiet + 1 : 0; } },
    stop: () => {
      page.off('request', start);
      page.off('requestfinished', done);
      page.off('requestfailed', done);
    },
  };
}

/** Counts a page's requests in flight, for `settled()`. */
export function track(page: Page): void {
  settlers.set(page, countInflight(page).quiet);
}

/** Waits until a tracked page has had no request in flight for 300 ms. */
export const settled = (page: Page) => settlers.get(page)!();

/** Navigates once the current page has settled, so leaving it aborts none of its requests. */
export async function go(page: Page, url: string): Promise<void> {
  await settled(page);
  // on a loaded machine the page may start a request after the quiet spell (a lazy chunk parsed late,
  // a refetch): the navigation aborts it, which says nothing about the app
  leaving.add(page);
  try {
    await page.goto(url);
  } finally {
    leaving.delete(page);
  }
  await settled(page);
}

/** A screenshot of the settled page. */
export async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  await screenshot(page, name);
}

/** A chart drawn: its canvas is there and has a size. */
export async function expectChart(page: Page, testId: string) {
  const canvas = page.getByTestId(testId).locator('canvas').first();
  await canvas.waitFor();
  await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0).toBeGreaterThan(150);
  expect((await canvas.boundingBox())!.width).toBeGreaterThan(200);
}
