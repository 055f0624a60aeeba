import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, launch, loginAs, openPage, screenshot, startServer, type Server } from './harness.js';
import { ADMIN_PASSWORD } from '../helpers/app.js';

describeBrowser('web shell', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => { server = await startServer(); browser = await launch(); });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('logs in, lands in the role workspace, and a wrong password says so', async () => {
    const { page, problems, context } = await openPage(browser);
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('wrong-password');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByText('用户名或密码错误').count()).toBe(1);
    problems.length = 0; // the refused login's 401 is the expected answer, not a defect
    await loginAs(page, server.url, 'admin', ADMIN_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/ops/exceptions');
    await expect.poll(() => page.getByText('运营工作台').count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle'); // the workspace chunk, so leaving does not abort it
    await screenshot(page, 'shell-ops-admin');
    await page.goto(`${server.url}/no/such/page`);
    await expect.poll(() => page.getByText('未找到').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
