/**
 * Merchant settings in Chromium: 处理偏好 (standing instructions) saved and read back through the
 * API, and a webhook to a local receiver — the secret shown once, a failed delivery in the log,
 * given up, replayed once the receiver answers 200, and delivered with a valid signature.
 * The receiver listens on 127.0.0.1: the server and the worker allow private destinations, as
 * TALLY_WEBHOOK_ALLOW_PRIVATE=1 does.
 * Every journey fails on a console error or a failed request.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SUBTYPES } from '../../src/domain/catalog.js';
import { STANDING_CHOICES } from '../../src/domain/policies.js';
import { deliverDueWebhooks } from '../../src/jobs/webhooks.js';
import { DEFAULT_RETRY } from '../../src/modules/webhooks/deliveries.js';
import { verify } from '../../src/modules/webhooks/signature.js';
import { ok } from '../helpers/world.js';
import { describeBrowser, go, launch, openPage, screenshot, settled, startServer, type Server } from './harness.js';
import { login, seen } from './merchant-page.js';
import { PASSWORD, seedMerchants, type MerchantWorld } from './merchant-fixtures.js';

/** A screenshot of the settled page: no toast, no modal closing, no loading veil. */
async function shot(page: Page, name: string) {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => page.locator('.ant-modal-wrap:visible, .ant-drawer-open').count(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 10_000 }).toBe(0);
  await screenshot(page, name); // which finishes the veil's fade first
}

/** A webhook receiver on 127.0.0.1 answering `status` and keeping what it was sent. */
interface Receiver { server: HttpServer; url: string; status: number; got: { event: string; signature: string; body: string }[] }
async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { server: createServer(), url: '', status: 500, got: [] };
  r.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.got.push({ event: String(req.headers['x-tally-event']), signature: String(req.headers['x-tally-signature']), body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = r.status;
      res.end(r.status === 200 ? 'ok' : 'down for maintenance');
    });
  });
  await new Promise<void>((done) => r.server.listen(0, '127.0.0.1', done));
  const address = r.server.address();
  r.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tally/hook`;
  return r;
}

const GOODS_SURPLUS_CHOICE = 'GOODS:AUTO_ORDER_RECEIVE|PROBLEM_GOODS_RETURN';
const QUALITY_CHOICE = 'QUALITY:DEFECTIVE_RETURN|DEFECTIVE_REPAIR';

describeBrowser('merchant settings', () => {
  let server: Server;
  let browser: Browser;
  let w: MerchantWorld;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startServer();
    server.app.tally.allowPrivateWebhookDestinations = true;
    browser = await launch();
    w = await seedMerchants(server);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((done) => receiver?.server.close(done));
  });

  it('处理偏好: prefer a plan per choice, saved and read back through the API; never a subtype', async () => {
    const { page, problems, context } = await openPage(browser);
    await login(page, server.url, w.userA);
    await page.locator('.ant-menu').getByText('处理偏好').click();
    await expect.poll(() => page.getByTestId('pref-choice').count()).toBe(STANDING_CHOICES.length);
    await seen(page, /平台始终可以根据实际情况作出不同的决定/);
    await seen(page, '原送货单剩余商品正常收货入库;创建退货单,商家录入退货方式');
    const text = await page.locator('main, .ant-layout-content').first().innerText();
    for (const s of SUBTYPES) if (s.code !== s.type) expect(text).not.toContain(s.code);

    const surplus = page.locator(`[data-choice="${GOODS_SURPLUS_CHOICE}"]`);
    const quality = page.locator(`[data-choice="${QUALITY_CHOICE}"]`);
    await surplus.getByText('问题品退货', { exact: true }).click();
    await quality.getByText('不良品返修', { exact: true }).click();
    await seen(page, '2 项修改未保存');
    await page.getByTestId('pref-save').click();
    await seen(page, '处理偏好已保存');
    await expect.poll(() => surplus.getByText('偏好:问题品退货').count()).toBe(1);

    const read = async () => Object.fromEntries(ok(await w.merchantA.get('/api/standing-instructions')).choices
      .map((c: { choice: string; preferredPlan: string | null }) => [c.choice, c.preferredPlan]));
    expect(await read()).toMatchObject({ [GOODS_SURPLUS_CHOICE]: 'PROBLEM_GOODS_RETURN', [QUALITY_CHOICE]: 'DEFECTIVE_REPAIR' });
    // another merchant's instructions are its own
    expect(Object.values(ok(await w.merchantB.get('/api/standing-instructions')).choices.map((c: { preferredPlan: string | null }) => c.preferredPlan)).every((p) => p === null)).toBe(true);

    // after a reload the saved preference is what the page shows; then it is cleared again
    await go(page, `${server.url}/merchant/preferences`);
    await expect.poll(() => quality.getByText('偏好:不良品返修').count()).toBe(1);
    await shot(page, 'merchant-preferences');
    await quality.getByText('无偏好', { exact: true }).click();
    await page.getByTestId('pref-save').click();
    await seen(page, '处理偏好已保存');
    await expect.poll(async () => (await read())[QUALITY_CHOICE]).toBeNull();
    expect((await read())[GOODS_SURPLUS_CHOICE]).toBe('PROBLEM_GOODS_RETURN');

    // every string has its English
    await page.getByTestId('language-switch').click();
    await seen(page, 'Handling preferences');
    await seen(page, 'Preferred: Return problem goods');
    await seen(page, /the platform can always decide otherwise/);
    await shot(page, 'merchant-preferences-en');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('.ant-menu').getByText('处理偏好').count()).toBe(1);
    await settled(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Webhook: secret shown once, a failed delivery in the log, given up, replayed and delivered with a valid signature', async () => {
    const { page, problems, context } = await openPage(browser);
    await login(page, server.url, w.userA);
    await page.locator('.ant-menu').getByText('Webhook').click();
    await page.getByTestId('webhook-add').click();
    await page.getByTestId('webhook-url').fill(receiver.url);
    await page.getByTestId('webhook-description').fill('ERP 测试环境');
    await page.getByTestId('webhook-events-all').click(); // all on
    await page.getByTestId('webhook-events-all').click(); // all off
    await page.getByTestId('webhook-save').click();
    await seen(page, '至少选择一个事件');
    await page.getByTestId('webhook-event-stocking_order.created').click();
    await page.getByTestId('webhook-event-exception.registered').click();
    await expect.poll(() => page.getByText('至少选择一个事件').count()).toBe(0);
    await screenshot(page, 'merchant-webhook-drawer');
    await page.getByTestId('webhook-save').click();

    // the generated secret, once
    await seen(page, 'Webhook 已创建');
    await page.getByTestId('webhook-secret').waitFor();
    const secret = await page.getByTestId('webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    await seen(page, /X-Tally-Signature: t=/);
    await screenshot(page, 'merchant-webhook-secret');
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-secret').waitFor({ state: 'hidden' }); // the modal must be gone before the next click
    const [endpoint] = ok(await w.merchantA.get('/api/webhooks')).items;
    expect(endpoint).toMatchObject({ url: receiver.url, enabled: true, description: 'ERP 测试环境', secretHint: `…${secret.slice(-4)}` });
    expect([...endpoint.events].sort()).toEqual(['exception.registered', 'stocking_order.created']);
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    const row = page.locator('tr', { hasText: receiver.url });
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.getByText(secret).count()).toBe(0);
    await shot(page, 'merchant-webhooks');

    // ops creates a stocking order for the merchant; the receiver answers 500
    const order = ok(await w.ops.post('/api/stocking-orders', {
      merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 12, unitPrice: 1500 }],
    }), 201);
    const db = server.db.handle.db;
    expect(await deliverDueWebhooks({ db, secrets: server.app.tally.secrets, allowPrivateDestinations: true })).toMatchObject({ attempted: 1, retrying: 1 });
    expect(receiver.got).toHaveLength(1);
    expect(receiver.got[0].event).toBe('stocking_order.created');
    expect(verify(secret, receiver.got[0].body, receiver.got[0].signature, Math.floor(Date.now() / 1000))).toBe(true);

    await row.getByTestId('webhook-deliveries').click();
    const delivery = page.locator('tbody tr.ant-table-row').first();
    await expect.poll(() => delivery.getByTestId('delivery-doc').textContent()).toBe(order.no);
    await expect.poll(() => delivery.getByTestId('delivery-status').textContent()).toBe('重试中');
    expect(await delivery.getByText('新的备货订单').count()).toBe(1);
    expect(await delivery.getByText('HTTP 500').count()).toBe(1);
    expect(await delivery.getByTestId('delivery-attempts').textContent()).toBe('1');
    expect(await delivery.getByTestId('delivery-replay').isDisabled()).toBe(true);
    await shot(page, 'merchant-webhook-retrying');

    // the retries run out (a policy of two attempts, the clock past the first retry): 投递失败, and replay opens
    const later = new Date(Date.now() + 15_000); // the first retry is due 10 s after the failure
    expect(await deliverDueWebhooks({ db, secrets: server.app.tally.secrets, clock: { now: () => later }, policy: { ...DEFAULT_RETRY, maxAttempts: 2 }, allowPrivateDestinations: true })).toMatchObject({ attempted: 1, failed: 1 });
    await page.getByTestId('delivery-refresh').click();
    await expect.poll(() => delivery.getByTestId('delivery-status').textContent()).toBe('投递失败');
    expect(await delivery.getByTestId('delivery-attempts').textContent()).toBe('2');

    // the receiver is back: 重新投递, run the job, delivered
    receiver.status = 200;
    await delivery.getByTestId('delivery-replay').click();
    await seen(page, '已重新加入投递队列');
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count()).toBe(2);
    await expect.poll(() => delivery.getByTestId('delivery-status').textContent()).toBe('待投递');
    expect(await deliverDueWebhooks({ db, secrets: server.app.tally.secrets, allowPrivateDestinations: true })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(receiver.got).toHaveLength(3);
    const last = receiver.got[2];
    expect(verify(secret, last.body, last.signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(last.body)).toMatchObject({ id: JSON.parse(receiver.got[0].body).id, type: 'stocking_order.created', document: { no: order.no } });
    await page.getByTestId('delivery-refresh').click();
    await expect.poll(() => delivery.getByTestId('delivery-status').textContent()).toBe('已投递');
    expect(await delivery.getByText('HTTP 200').count()).toBe(1);
    await expect.poll(() => page.locator('tbody tr.ant-table-row').nth(1).getByTestId('delivery-status').textContent()).toBe('投递失败');
    await shot(page, 'merchant-webhook-deliveries');

    // rotate: a new secret, once; then delete with confirmation
    await go(page, `${server.url}/merchant/webhooks`);
    await row.getByTestId('webhook-rotate').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await seen(page, '签名密钥已重置');
    await page.getByTestId('webhook-secret').waitFor();
    const rotated = await page.getByTestId('webhook-secret').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-secret').waitFor({ state: 'hidden' }); // the modal must be gone before the next click
    await expect.poll(async () => ok(await w.merchantA.get('/api/webhooks')).items[0].secretHint).toBe(`…${rotated.slice(-4)}`);
    await row.getByTestId('webhook-delete').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await seen(page, 'Webhook 已删除');
    await expect.poll(() => row.count()).toBe(0);
    expect(ok(await w.merchantA.get('/api/webhooks')).items).toEqual([]);
    await settled(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
