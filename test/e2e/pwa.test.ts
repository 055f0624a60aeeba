/**
 * The installable web app (issue 11): the manifest index.html links and its icons, the service
 * worker's headers, and in Chromium on a handheld-sized context: the worker takes control, keeps the
 * shell the page loaded (never /api/*; staff-only chunks apart, still gated by the server), and a
 * reload of /warehouse/arrival with the network off opens the app, not Chromium's offline page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { WEB_DIST } from '../../src/http/app.js';
import { staffOnlyAssets } from '../../src/http/staff-assets.js';
import { describeBrowser, launch, loginAs, startServer, type Server } from './harness.js';
import { ok } from '../helpers/world.js';

const PASSWORD = 'password-1234';

interface Manifest {
  name: string; short_name: string; start_url: string; scope: string; display: string; theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** Width and height from a PNG's IHDR. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describeBrowser('installable web app (PWA)', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('index.html links a valid manifest whose icons are PNGs of the sizes it names; /sw.js is JavaScript, never cached stale', async () => {
    const html = await (await fetch(`${server.url}/warehouse/arrival`)).text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    expect(html).toContain('<meta name="theme-color" content="#1677ff"');
    const res = await fetch(`${server.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const m = (await res.json()) as Manifest;
    expect(m).toMatchObject({ name: 'Tally 仓库作业', short_name: '仓库作业', start_url: '/warehouse/arrival', scope: '/', display: 'standalone', theme_color: '#1677ff' });
    for (const want of ['any 192x192', 'any 512x512', 'maskable 192x192', 'maskable 512x512']) {
      expect(m.icons.map((i) => `${i.purpose ?? 'any'} ${i.sizes}`)).toContain(want);
    }
    for (const icon of m.icons) {
      const r = await fetch(new URL(icon.src, server.url));
      expect(r.status, icon.src).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/png');
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(Buffer.from(await r.arrayBuffer())), icon.src).toEqual({ width: w, height: h });
    }
    const sw = await fetch(`${server.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    expect(sw.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('the worker controls the page, keeps the shell it loaded, and a reload while offline still opens the app', { timeout: 120_000 }, async () => {
    const admin = server.admin;
    const tag = Math.random().toString(36).slice(2, 8);
    const wh = ok(await admin.post('/api/admin/warehouses', { name: `PWA 仓 ${tag}`, code: `PWA-${tag}` }), 201);
    ok(await admin.post('/api/admin/users', { username: `pwa-wh-${tag}`, password: PASSWORD, role: 'WAREHOUSE', warehouseId: wh.id }), 201);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    let offline = false;
    // while offline, the app's own requests to the API fail by design; anything else is a problem
    const expected = (text: string) => offline && /ERR_INTERNET_DISCONNECTED|Failed to fetch|\/api\//.test(text);
    page.on('console', (msg) => { if (msg.type() === 'error' && !expected(msg.text())) problems.push(`console: ${msg.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => { const t = `${r.url()} ${r.failure()?.errorText ?? ''}`; if (!expected(t)) problems.push(`request failed: ${t}`); });
    try {
      await loginAs(page, server.url, `pwa-wh-${tag}`, PASSWORD);
      await page.waitForURL((u) => u.pathname === '/warehouse/arrival');
      await page.getByTestId('app-header').waitFor();

      // the worker is active and controls this page (the first visit: it claimed the open page)
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(scope).toBe(`${server.url}/`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(`${server.url}/sw.js`);

      // the worker has kept index.html and every build file this document loaded (scripts, styles, preloads)
      const shellFiles = await page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="modulepreload"], link[rel="stylesheet"]')]
        .map((el) => new URL(el instanceof HTMLScriptElement ? el.src : el.href).pathname).filter((p) => p.startsWith('/assets/')));
      expect(shellFiles.length).toBeGreaterThan(0);
      await expect.poll(() => page.evaluate(async (files) => {
        const missing: string[] = [];
        for (const f of ['/index.html', ...files]) if (!(await caches.match(f, { ignoreVary: true }))) missing.push(f);
        return missing;
      }, shellFiles), { timeout: 20_000 }).toEqual([]);

      // what is kept: no API answer ever; the staff-only chunks (the warehouse workspace) apart, as the server marked them
      const kept = await page.evaluate(async () => {
        const out: Record<string, string[]> = {};
        for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
        return out;
      });
      const all = Object.values(kept).flat();
      expect(all.filter((p) => p.startsWith('/api/'))).toEqual([]);
      const gated = staffOnlyAssets(WEB_DIST);
      expect(gated.size).toBeGreaterThan(0);
      expect((kept['tally-assets-v1'] ?? []).filter((p) => gated.has(p))).toEqual([]);
      expect((kept['tally-private-v1'] ?? []).length).toBeGreaterThan(0);
      expect((kept['tally-private-v1'] ?? []).every((p) => gated.has(p))).toBe(true);
      expect(problems).toEqual([]);

      // network off, reload: the shell comes from the worker (a remembered warehouse clerk gets the app; see scan-receiving)
      offline = true;
      await context.setOffline(true);
      const res = await page.reload();
      expect(res?.fromServiceWorker()).toBe(true);
      expect(page.url()).toBe(`${server.url}/warehouse/arrival`);
      expect(await page.title()).toBe('Tally 入库异常管理');
      await page.locator('#root > *').first().waitFor();
      expect(await page.evaluate(() => document.querySelector('#root')!.childElementCount)).toBeGreaterThan(0);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

      // back online: the app asks for its session again and shows the warehouse frame
      await context.setOffline(false);
      await page.getByTestId('app-header').waitFor({ timeout: 20_000 });
      offline = false;

      // the staff-only chunks stay behind the server's gate: without the session, the worker passes on its 404 and drops its copy
      const privateChunk = kept['tally-private-v1'][0];
      expect(problems).toEqual([]);
      await context.clearCookies();
      expect(await page.evaluate(async (p) => (await fetch(p)).status, privateChunk)).toBe(404);
      await expect.poll(() => page.evaluate(async (p) => Boolean(await caches.match(p, { ignoreVary: true })), privateChunk)).toBe(false);
      // the console names the 404 it was just asked for, and the app's own requests refused without the cookie (401)
      expect(problems.filter((p) => !/status of (404|401)/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
