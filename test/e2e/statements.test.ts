/**
 * Statements (对账单) in the browser: a merchant opens 对账单, sees last month (closed) with its lines
 * and closing balance, and this month with the waiver that came after the close; ops see the list and
 * a month's drawer with 结账. Screenshots zh-CN and en-US at 1440×900 under test-results/statements-*.png.
 */
import { expect, it } from 'vitest';
import { describeBrowser, go, shot } from './harness.js';
import { browserSuite } from './suite.js';
import { fixedClock } from '../helpers/deadlines.js';
import { ok } from '../helpers/world.js';
import { insertCompensation } from '../../src/modules/compensations/service.js';
import { issuePenalty } from '../../src/modules/penalties/service.js';
import { SYSTEM_ACTOR } from '../../src/modules/shared/context.js';
import { addMonths, monthBounds, monthOf } from '../../src/domain/statements.js';

const TZ = 'Asia/Shanghai';

describeBrowser('statements pages', () => {
  const suite = browserSuite('stm');

  it('a merchant sees a month\'s lines and closing balance; ops see the month with 结账', async () => {
    const { server, w, user, visit } = suite;
    const merchant = await user('MERCHANT', { merchantId: w.ids.merchantA });
    const ops = await user('OPS');
    const current = monthOf(new Date(), TZ);
    const last = addMonths(current, -1);
    const inLast = (hours: number) => fixedClock(new Date(Date.parse(monthBounds(last, TZ).start) + hours * 3600e3).toISOString());
    const order = ok(await w.ops.post('/api/stocking-orders', { merchantId: w.ids.merchantA, warehouseId: w.ids.warehouseA, type: 'JIT_REPEAT', lines: [{ skuId: w.ids.skusA[0], qty: 5, unitPrice: 10000 }] }), 201);
    const db = server.db.handle.db;
    const p = await db.transaction().execute((tx) => issuePenalty(tx, { actor: SYSTEM_ACTOR, clock: inLast(50) },
      { merchantId: w.ids.merchantA, stockingOrderId: order.id, reason: 'JIT_ACCEPT_LATE', amount: 2500, currency: 'CNY' }));
    const c = await db.transaction().execute((tx) => insertCompensation(tx, { actor: SYSTEM_ACTOR, clock: inLast(100) },
      { merchantId: w.ids.merchantA, sourceExceptionId: 'exc_e2e', amount: 12000, currency: 'CNY' }));
    ok(await w.ops.post('/api/statements/close', { merchantId: w.ids.merchantA, month: last }));
    ok(await w.ops.post(`/api/penalties/${p.id}/waive`, { reason: '核实为系统原因' }));

    const m = (await visit(merchant, 'zh-CN')).page;
    await go(m, `${server.url}/merchant/statements`);
    await m.getByTestId(`month-${last}`).waitFor();
    await shot(m, 'statements-merchant-list-zh-CN');
    await m.getByTestId(`month-${last}`).click();
    await m.getByTestId(`line-${p.no}`).waitFor();
    await m.getByTestId(`line-${c.no}`).waitFor();
    expect(await m.getByTestId('closing-CNY').innerText()).toContain('¥95.00');
    await m.getByTestId('statement-status-CLOSED').waitFor();
    await shot(m, 'statements-merchant-month-zh-CN');
    expect(await m.getByTestId(`line-${p.no}`).getAttribute('href')).toBe(`/merchant/penalties?open=${p.id}`);

    const me = (await visit(merchant, 'en-US')).page;
    await go(me, `${server.url}/merchant/statements?month=${current}`);
    await me.getByTestId(`line-${p.no}`).waitFor();
    expect(await me.getByTestId('closing-CNY').innerText()).toContain('¥120.00');
    await shot(me, 'statements-merchant-month-en-US');

    const o = (await visit(ops, 'zh-CN')).page;
    await go(o, `${server.url}/ops/statements?merchantId=${w.ids.merchantA}`);
    await o.getByTestId(`month-${current}`).waitFor();
    await shot(o, 'statements-ops-list-zh-CN');
    await o.getByTestId(`month-${current}`).click();
    await o.getByTestId('close-month').waitFor();
    await shot(o, 'statements-ops-month-zh-CN');
    await go(o, `${server.url}/ops/settings`);
    await o.getByTestId('settings-statementCloseDay').waitFor();
    await shot(o, 'statements-ops-settings-zh-CN');
    const oe = (await visit(ops, 'en-US')).page;
    await go(oe, `${server.url}/ops/statements?merchantId=${w.ids.merchantA}`);
    await oe.getByTestId(`month-${last}`).waitFor();
    await shot(oe, 'statements-ops-list-en-US');
    await oe.getByTestId(`month-${last}`).click();
    await oe.getByTestId(`line-${c.no}`).waitFor();
    await shot(oe, 'statements-ops-month-en-US');
  }, 90_000);
});
