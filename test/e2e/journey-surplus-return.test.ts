/**
 * Journey (1): the warehouse registers a SURPLUS with a photo → ops previews and decides
 * PROBLEM_GOODS_RETURN → the merchant enters 平台物流 with a newly added address → the warehouse
 * ships → the merchant signs → the exception shows 已完结 on the merchant's page. Every step in the
 * browser; only the order and its delivery note are seeded through the API.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, go, launch, loginAs, openPage, pick, screenshot, settled, shot, startServer, track, type Server, type Watched } from './harness.js';
import type { TestEnv } from '../helpers/app.js';
import { ok, orderAndShip, seedWorld } from '../helpers/world.js';

const PASSWORD = 'password-1234';

/** A small real PNG (a 48×48 gradient), made here so the upload is a genuine image. */
function png(size = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) rows.set([x * 5, y * 5, 160], y * (1 + size * 3) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}


describeBrowser('journey 1: surplus → problem-goods return → shipped → signed', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => { server = await startServer(); browser = await launch(); });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('runs across the three workspaces and ends 已完结 for the merchant', { timeout: 240_000 }, async () => {
    const w = await seedWorld({ admin: server.admin, login: server.login } as unknown as TestEnv);
    const users = { warehouse: `wh-j1-${w.tag}`, ops: `ops-j1-${w.tag}`, merchant: `mer-j1-${w.tag}` };
    ok(await server.admin.post('/api/admin/users', { username: users.warehouse, password: PASSWORD, role: 'WAREHOUSE', warehouseId: w.ids.warehouseA }), 201);
    ok(await server.admin.post('/api/admin/users', { username: users.ops, password: PASSWORD, role: 'OPS' }), 201);
    ok(await server.admin.post('/api/admin/users', { username: users.merchant, password: PASSWORD, role: 'MERCHANT', merchantId: w.ids.merchantA }), 201);
    const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10, unitPrice: 2590 }] });
    const skuCode = note.lines[0].skuCode as string;
    const sessions: Watched[] = [];
    const open = async (who: keyof typeof users) => {
      const s = await openPage(browser);
      track(s.page);
      sessions.push(s);
      await loginAs(s.page, server.url, users[who], PASSWORD);
      await settled(s.page);
      return s.page;
    };

    // ── warehouse: arrival by scanning the note number, receiving with Enter, then the surplus ──
    const wh = await open('warehouse');
    await go(wh, `${server.url}/warehouse/arrival`);
    await wh.getByTestId('arrival-scan').fill(note.no);
    await wh.getByTestId('arrival-scan').press('Enter'); // the scan arrives it
    await expect.poll(() => wh.getByText(`送货单 ${note.no} 已到货`).count()).toBeGreaterThan(0);

    await go(wh, `${server.url}/warehouse/receiving?note=${note.id}`);
    await wh.getByTestId(`count-${skuCode}-qty`).fill('10');
    await wh.getByTestId(`count-${skuCode}-qty`).press('Enter');
    await expect.poll(() => wh.getByText('已提交 1 个 SKU 的收货').count()).toBeGreaterThan(0);

    await wh.getByTestId('step-register').click();
    await pick(wh, wh.getByTestId('register-subtype'), '数量异常(多货)');
    await wh.getByTestId(`register-qty-${skuCode}`).fill('3');
    await wh.getByTestId('register-remark').fill('多出 3 件,外箱完好');
    expect(await wh.getByTestId('photo-upload').getAttribute('capture')).toBe('environment'); // a phone opens its camera
    expect(await wh.getByTestId('photo-upload').getAttribute('accept')).toBe('image/*');
    await wh.getByTestId('photo-upload')
      .setInputFiles({ name: 'surplus.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(() => wh.locator('.ant-upload-list-item-done').count()).toBe(1);
    await wh.getByTestId('register-submit').click();
    await expect.poll(() => wh.getByText(/已登记异常单 EX/).count()).toBeGreaterThan(0);
    const excs = ok(await w.ops.get('/api/exceptions', { deliveryNoteId: note.id }));
    expect(excs.items).toHaveLength(1);
    const exc = excs.items[0];
    expect(exc).toMatchObject({ subtype: 'SURPLUS', status: 'PENDING', totalQty: 3 });
    expect(ok(await w.ops.get(`/api/exceptions/${exc.id}`)).photos).toHaveLength(1);

    // ── ops: the preview of each plan is on screen before anything is confirmed ──
    const ops = await open('ops');
    await go(ops, `${server.url}/ops/exceptions`);
    await ops.getByTestId(`decide-${exc.no}`).click();
    const preview = ops.getByTestId('plan-preview-PROBLEM_GOODS_RETURN');
    await expect.poll(() => preview.count()).toBe(1);
    await expect.poll(() => preview.innerText()).toContain('生成退货单');
    await expect.poll(() => ops.getByTestId('plan-preview-AUTO_ORDER_RECEIVE').innerText()).toContain('生成新订单+新送货单');
    expect(ok(await w.ops.get(`/api/exceptions/${exc.id}`)).status).toBe('PENDING'); // previewing wrote nothing
    await ops.getByTestId('plan-option-PROBLEM_GOODS_RETURN').click();
    await settled(ops);
    await screenshot(ops, 'journey1-ops-decide');
    await ops.getByTestId('decide-confirm').click();
    await expect.poll(() => ops.getByText(`异常单 ${exc.no} 已按“问题品退货”处理`).count()).toBeGreaterThan(0);
    const decided = ok(await w.ops.get(`/api/exceptions/${exc.id}`));
    expect(decided).toMatchObject({ status: 'PROCESSING', plan: 'PROBLEM_GOODS_RETURN' });
    const ret = decided.documents.returnOrders[0];

    // ── merchant: 平台物流 with an address added inline ──
    const mer = await open('merchant');
    await go(mer, `${server.url}/merchant/returns/${ret.id}`);
    await mer.getByTestId('enter-method').click();
    await mer.getByTestId('address-add-inline').click();
    await mer.getByTestId('address-name').fill('张三');
    await mer.getByTestId('address-phone').fill('13800138000');
    await mer.getByTestId('address-region').fill('广东省 深圳市 南山区');
    await mer.getByTestId('address-detail').fill('科技园南区 1 栋 101');
    await mer.getByTestId('address-save').click();
    await expect.poll(async () => (await mer.getByTestId('address-select').innerText()).includes('张三')).toBe(true);
    await mer.getByTestId('method-submit').click();
    await expect.poll(async () => ok(await w.merchantA.get(`/api/return-orders/${ret.id}`)).status).toBe('AWAITING_SHIPMENT');

    // ── warehouse: ship it with carrier and tracking number ──
    await go(wh, `${server.url}/warehouse/returns`);
    await wh.getByTestId(`ship-${ret.no}`).click();
    await wh.getByTestId('ship-carrier').fill('顺丰速运');
    await wh.getByTestId('ship-tracking').fill('SF1234567890');
    await wh.getByTestId('ship-ok').click();
    await expect.poll(() => wh.getByText(`退货单 ${ret.no} 已发货`).count()).toBeGreaterThan(0);

    // ── merchant: sign, then the exception is 已完结 on its page ──
    await go(mer, `${server.url}/merchant/returns/${ret.id}`);
    await mer.getByTestId('sign-return').click();
    await mer.getByTestId('sign-ok').click();
    await expect.poll(async () => ok(await w.merchantA.get(`/api/return-orders/${ret.id}`)).status).toBe('SIGNED');
    await go(mer, `${server.url}/merchant/exceptions/${exc.id}`);
    await expect.poll(() => mer.getByTestId('exception-status').innerText()).toContain('已完结');
    await settled(mer);
    await screenshot(mer, 'journey1-merchant-completed');

    for (const s of sessions) {
      await settled(s.page);
      expect(s.problems).toEqual([]);
      await s.context.close();
    }
  });
});
