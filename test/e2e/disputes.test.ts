/**
 * Disputes (申诉) in the browser: a merchant disputes a penalty from its drawer, ops accepts it in
 * 申诉处理 (SLA countdown shown), and the merchant's penalty shows 已豁免 / Waived. Screenshots of the
 * pages in zh-CN and en-US at 1440×900 under test-results/disputes-*.png.
 */
import { monthOf } from '../../src/domain/statements.js';
import { expect, it } from 'vitest';
import { describeBrowser, go, settled, shot } from './harness.js';
import { browserSuite } from './suite.js';
import { TestClock } from '../helpers/app.js';
import { arrive, ok, orderAndShip, receiveAll } from '../helpers/world.js';
import { runDueJobs } from '../../src/jobs/scheduler.js';
import { jitAcceptJob } from '../../src/jobs/jit-accept.js';


describeBrowser('disputes pages', () => {
  const suite = browserSuite('disp');

  it('a merchant disputes a penalty, ops accept it, the merchant sees the penalty waived', async () => {
    const { server, w, user, visit } = suite;
    const merchant = await user('MERCHANT', { merchantId: w.ids.merchantA });
    const ops = await user('OPS');
    for (let i = 0; i < 2; i++) {
      ok(await w.ops.post('/api/stocking-orders', { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 5, unitPrice: 10000 }] }), 201);
    }
    await runDueJobs({ db: server.db.handle.db, dialect: 'sqlite', clock: new TestClock(Date.now() + 25 * 3600e3), dataDir: server.db.dataDir }, [jitAcceptJob]);
    const [p, other] = ok(await w.ops.get('/api/penalties', { merchantId: w.ids.merchantA })).items;
    // the other one disputed through the API, so the queue shows more than one row
    ok(await w.merchantA.post('/api/disputes', { documentType: 'PENALTY', documentId: other.id, text: '仓库收货排队导致延误' }), 201);

    const m = (await visit(merchant, 'zh-CN')).page;
    await go(m, `${server.url}/merchant/penalties`);
    await m.getByTestId(`open-dispute-${p.no}`).click();
    await m.getByTestId(`dispute-${p.no}`).click();
    await m.getByTestId('dispute-text').fill('系统故障导致无法接单,已提交工单');
    await shot(m, 'disputes-merchant-form-zh-CN');
    const opened = m.waitForResponse((r) => r.url().endsWith('/api/disputes') && r.request().method() === 'POST');
    await m.getByTestId('dispute-submit').click();
    expect((await opened).status()).toBe(201);
    await go(m, `${server.url}/merchant/disputes`);
    await expect.poll(() => m.getByTestId('dispute-status').count()).toBe(2);
    await shot(m, 'disputes-merchant-list-zh-CN');

    const o = (await visit(ops, 'zh-CN')).page;
    await go(o, `${server.url}/ops/disputes`);
    const d = ok(await w.ops.get('/api/disputes', { documentId: p.id })).items[0];
    await o.getByTestId(`dispute-row-${d.no}`).getByTestId('sla-left').waitFor();
    await shot(o, 'disputes-ops-queue-zh-CN');
    await o.getByTestId(`accept-${d.no}`).click();
    await o.getByTestId('dispute-reason').fill('核实为平台系统故障');
    const accepted = o.waitForResponse((r) => r.url().endsWith(`/api/disputes/${d.id}/accept`));
    await o.getByTestId('dispute-reason-ok').click();
    expect((await accepted).status()).toBe(200);
    await settled(o);

    await go(m, `${server.url}/merchant/penalties?open=${p.id}`);
    await m.locator('.ant-drawer').getByText('已豁免').first().waitFor();
    await shot(m, 'disputes-merchant-penalty-waived-zh-CN');
    // the waiver is a + line on the statement of the month it happened in (对账单)
    const waived = ok(await w.merchantA.get(`/api/penalties/${p.id}`));
    expect(waived.status).toBe('WAIVED');
    await go(m, `${server.url}/merchant/statements?month=${monthOf(new Date(waived.waivedAt), 'Asia/Shanghai')}`);
    const waiverRow = m.locator('tr', { has: m.getByTestId(`line-${p.no}`) }).filter({ hasText: '处罚豁免' });
    await waiverRow.waitFor();
    expect(await waiverRow.innerText()).toContain(`¥${(p.amount / 100).toFixed(2)}`);
    await shot(m, 'disputes-merchant-statement-waiver-zh-CN');

    // en-US, and an overdue dispute highlighted (the other's SLA moved into the past)
    await server.db.handle.db.updateTable('disputes').set({ dueAt: new Date(Date.now() - 3600e3).toISOString() }).where('documentId', '=', other.id).execute();
    const oe = (await visit(ops, 'en-US')).page;
    await go(oe, `${server.url}/ops/disputes?status=ALL`);
    await oe.getByTestId('sla-overdue').first().waitFor();
    await shot(oe, 'disputes-ops-queue-en-US');
    await go(oe, `${server.url}/ops/settings`);
    await oe.getByTestId('settings-disputeAutoAccept').waitFor();
    await shot(oe, 'disputes-ops-settings-en-US');
    const me = (await visit(merchant, 'en-US')).page;
    await go(me, `${server.url}/merchant/disputes`);
    await expect.poll(() => me.getByTestId('dispute-status').count()).toBe(2);
    await shot(me, 'disputes-merchant-list-en-US');
    await go(me, `${server.url}/merchant/penalties?open=${other.id}`);
    await me.locator('.ant-drawer').getByText('Waived').or(me.locator('.ant-drawer').getByText('Open')).first().waitFor();
    await shot(me, 'disputes-merchant-penalty-en-US');

    // a decided exception offers 申诉 on its detail page; 设置 shows the dispute settings
    const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] });
    await arrive(w, note.id);
    await receiveAll(w, note.id, [{ skuId: w.ids.skusA[0], qty: 10 }]);
    const exc = ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: w.ids.skusA[0], qty: 2 }] }), 201);
    ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'PROBLEM_GOODS_RETURN', version: exc.version }));
    await go(m, `${server.url}/merchant/exceptions/${exc.id}`);
    await m.getByTestId(`dispute-${exc.no}`).waitFor();
    await shot(m, 'disputes-merchant-exception-zh-CN');
    await go(o, `${server.url}/ops/settings`);
    await o.getByTestId('settings-disputeAutoAccept').waitFor();
    await shot(o, 'disputes-ops-settings-zh-CN');
  }, 90_000);
});
