/** Page helpers the merchant browser tests share: log in and wait, calm screenshots, "is it shown". */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, screenshot, track } from './harness.js';
import { PASSWORD } from './merchant-fixtures.js';

/** Logs in, tracking requests (for `go`), and waits for the landing page to finish loading. */
export async function login(page: Page, base: string, user: string): Promise<void> {
  track(page);
  await loginAs(page, base, user, PASSWORD);
  await page.getByTestId('filter-bar').waitFor();
}

/** Waits for toasts to fade and modals to finish closing, so a screenshot shows the page itself. */
async function calm(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => page.locator('.ant-modal-wrap:visible').count(), { timeout: 10_000 }).toBe(0);
}

/** A screenshot of the settled page: no loading veil over a table, no toast, no closing modal. */
export async function shot(page: Page, name: string): Promise<void> {
  await calm(page);
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count(), { timeout: 10_000 }).toBe(0);
  await screenshot(page, name); // which finishes the veil's fade first
}

export const seen = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBeGreaterThan(0);
