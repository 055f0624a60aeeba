/**
 * Fees (扣费) in the browser: a merchant sees a fee in 费用 and opens its drawer (exception link,
 * 申诉 button); ops waive the other one with a reason in 费用; 设置 shows the 费用 rules. Screenshots
 * in zh-CN and en-US at 1440×900 under test-results/fees-*.png.
 */
import { expect, it } from 'vitest';
import { describeBrowser, go, shot } from './harness.js';
import { browserSuite } from './suite.js';
import { arrive, ok, orderAndShip, receiveAll } from '../helpers/world.js';

describeBrowser('fees pages', () => {
  const suite = browserSuite('fees');
  /** A decided BARCODE_DAMAGED exception of 3 units received in the warehouse: a relabelling fee. */
  const pending = async () => {
    const { w } = suite;
    const { note } = await orderAndShip(w, { lines: [{ sku: 0, qty: 10 }] });
    await arrive(w, note.id);
    await receiveAll(w, note.id, [{ skuId: w.ids.skusA[0], qty: 10 }]);
    return ok(await w.whA.post('/api/exceptions', { deliveryNoteId: note.id, subtype: 'BARCODE_DAMAGED', lines: [{ skuId: w.ids.skusA[0], qty: 3 }] }), 201);
  };
  const charged = async () => {
    const { w } = suite;
    const exc = await pending();
    ok(await w.ops.post(`/api/exceptions/${exc.id}/decide`, { plan: 'IN_WAREHOUSE_RECEIVE', version: exc.version }));
    return ok(await w.ops.get('/api/fees', { exceptionId: exc.id })).items[0];
  };

  it('a merchant sees a fee and opens its drawer; ops waive one with a reason; 设置 shows the fee rules', async () => {
    const { server, w, user, visit } = suite;
    const merchant = await user('MERCHANT', { merchantId: w.ids.merchantA });
    const ops = await user('OPS');
    // the exceptions here have no photos: this page test charges without one
    ok(await w.ops.put('/api/settings', { feesRequirePhoto: false }));
    const kept = await charged();
    const waived = await charged();
    expect(kept.amount).toBe(450);

    for (const lang of ['zh-CN', 'en-US'] as const) {
      const m = (await visit(merchant, lang)).page;
      await go(m, `${server.url}/merchant/fees`);
      await m.getByTestId(`fee-${kept.no}`).click();
      await m.getByTestId('fee-drawer').waitFor();
      await m.getByTestId('fee-exception-link').getByText(kept.exception.no).waitFor();
      await m.getByTestId(`dispute-${kept.no}`).waitFor();
      await shot(m, `fees-merchant-drawer-${lang}`);
    }

    const o = (await visit(ops, 'zh-CN')).page;
    await go(o, `${server.url}/ops/fees`);
    await o.getByTestId(`waive-fee-${waived.no}`).click();
    await o.getByTestId('fee-waive-reason').fill('条码为仓库贴错');
    const answer = o.waitForResponse((r) => r.url().endsWith(`/api/fees/${waived.id}/waive`));
    await o.getByTestId('fee-waive-reason-ok').click();
    expect((await answer).status()).toBe(200);
    await o.getByTestId(`waive-fee-${waived.no}`).waitFor({ state: 'detached' });
    await o.getByText('条码为仓库贴错').waitFor();
    await shot(o, 'fees-ops-list-zh-CN');
    await go(o, `${server.url}/ops/settings`);
    await o.getByTestId('fee-settings').getByText('贴标费').first().waitFor();
    await shot(o, 'fees-ops-settings-zh-CN');

    // the plan preview shows the fee a decision would charge
    const exc = await pending();
    await go(o, `${server.url}/ops/exceptions/${exc.id}`);
    await o.getByTestId('detail-decide').click();
    await o.getByTestId('plan-preview-IN_WAREHOUSE_RECEIVE').getByTestId('preview-fee').getByText('贴标费: 3 × ¥1.50 = ¥4.50', { exact: false }).waitFor();
    await shot(o, 'fees-ops-preview-zh-CN');

    const oe = (await visit(ops, 'en-US')).page;
    await go(oe, `${server.url}/ops/exceptions/${exc.id}`);
    await oe.getByTestId('detail-decide').click();
    await oe.getByTestId('plan-preview-IN_WAREHOUSE_RECEIVE').getByTestId('preview-fee').waitFor();
    await shot(oe, 'fees-ops-preview-en-US');
    await go(oe, `${server.url}/ops/fees`);
    await oe.getByText('Waived').first().waitFor();
    await shot(oe, 'fees-ops-list-en-US');
    await go(oe, `${server.url}/ops/settings`);
    await oe.getByTestId('fee-settings').getByText('Relabelling').first().waitFor();
    await shot(oe, 'fees-ops-settings-en-US');
    expect(ok(await w.merchantA.get(`/api/fees/${waived.id}`)).status).toBe('WAIVED');
  }, 90_000);
});
