/**
 * `npm run demo`: demo data in every state, made by the same use cases the API calls.
 * Accounts (password `tally-demo` for all) are listed in the README.
 */
import type { Db, Dialect } from './db/create-db.js';
import { systemClock, type Actor, type Ctx, type Role } from './modules/shared/context.js';
import { insertUser } from './modules/admin/service.js';
import { newId } from './modules/shared/ids.js';
import { createStockingOrder, acceptStockingOrder, cancelStockingOrder } from './modules/stocking-orders/service.js';
import { createDeliveryNote, confirmDeliveryNote, cancelDeliveryNote } from './modules/delivery-notes/service.js';
import { arriveDeliveryNote, recordReceipt, recordQc, recordPutaway } from './modules/delivery-notes/warehouse.js';
import { registerException } from './modules/exceptions/register.js';
import { decideException, cancelException } from './modules/exceptions/service.js';
import { createAddress } from './modules/addresses/service.js';
import { enterMethod, ship, sign, pickedUp, dispose } from './modules/return-orders/service.js';
import { payCompensation } from './modules/compensations/service.js';
import { closeTicket, openTicket, replyToTicket } from './modules/tickets/service.js';
import type { Plan, Subtype } from './domain/catalog.js';
import { configureDemo, hoursAgo } from './demo/configuration.js';
import type { SecretBox } from './security/secret-box.js';
import { openSecrets } from './security/secret-key.js';

export const DEMO_PASSWORD = 'tally-demo';

type Who = (username: string, role: Role, ids?: { merchantId?: string; warehouseId?: string }) => Promise<Ctx>;

/** `secrets`: the key the demo webhook's secret is sealed with (default: the data folder's). */
export async function loadDemo(db: Db, dataDir: string, dialect: Dialect = 'sqlite', secrets?: SecretBox): Promise<boolean> {
  if (await db.selectFrom('users').select('id').where('username', '=', 'ops').executeTakeFirst()) return false;
  const now = systemClock.now().toISOString();
  const base = { db, clock: systemClock, dataDir };
  const user: Who = async (username, role, ids = {}) => ctxFor(base, await insertUser(db, base, { username, password: DEMO_PASSWORD, role, ...ids }));

  const merchants = [
    { id: newId('mer'), name: '深圳市优品贸易有限公司', createdAt: now },
    { id: newId('mer'), name: '义乌好家居用品厂', createdAt: now },
  ];
  await db.insertInto('merchants').values(merchants).execute();
  const warehouse = { id: newId('wh'), name: '华南平台仓', code: 'WH-SZ-01', createdAt: now };
  await db.insertInto('warehouses').values(warehouse).execute();
  const skus = [
    ['BT-EAR-01', '蓝牙耳机 黑色'], ['BT-EAR-02', '蓝牙耳机 白色'], ['USB-C-1M', 'USB-C 数据线 1米'], ['PWR-20W', '20W 快充充电器'],
  ].map(([code, name], i) => ({ id: newId('sku'), merchantId: merchants[0].id, code, name, barcode: `69012345${i}0001`, createdAt: now }));
  const skus2 = [['TOWEL-01', '纯棉毛巾'], ['MUG-350', '陶瓷马克杯 350ml']]
    .map(([code, name], i) => ({ id: newId('sku'), merchantId: merchants[1].id, code, name, barcode: `69098765${i}0001`, createdAt: now }));
  await db.insertInto('skus').values([...skus, ...skus2]).execute();

  const ops = await user('ops', 'OPS');
  const merchant = await user('merchant', 'MERCHANT', { merchantId: merchants[0].id });
  await user('merchant2', 'MERCHANT', { merchantId: merchants[1].id });
  const wh = await user('warehouse', 'WAREHOUSE', { warehouseId: warehouse.id });

  const address = await createAddress(merchant, { name: '李经理', phone: '13800138000', region: '广东省 深圳市 南山区', detail: '科技园南区 8 栋 301', isDefault: true });

  /** An order with two SKUs, accepted and shipped under one confirmed note; `ago` hours in the past. */
  const shipped = async (type: 'FIRST' | 'REPEAT' | 'JIT_REPEAT' = 'REPEAT', confirm = true, ago = 0) => {
    const order = await createStockingOrder(hoursAgo(ops, ago), { merchantId: merchants[0].id, warehouseId: warehouse.id, type, lines: [
      { skuId: skus[0].id, qty: 100, unitPrice: 3900 }, { skuId: skus[2].id, qty: 50, unitPrice: 1200 }] });
    await acceptStockingOrder(hoursAgo(merchant, ago), order.id, {});
    const note = await createDeliveryNote(hoursAgo(merchant, ago), { stockingOrderId: order.id, logistics: 'PLATFORM', expectedArrivalAt: new Date(Date.now() + 2 * 86400e3).toISOString(),
      boxes: [{ lines: [{ skuId: skus[0].id, qty: 100 }] }, { lines: [{ skuId: skus[2].id, qty: 50 }] }] });
    if (confirm) await confirmDeliveryNote(hoursAgo(merchant, ago), note.id, {});
    return note;
  };
  const received = async (type?: 'FIRST' | 'REPEAT' | 'JIT_REPEAT', counted = 100, ago = 0) => {
    const note = await shipped(type, true, ago);
    await arriveDeliveryNote(hoursAgo(wh, ago), note.id, {});
    await recordReceipt(hoursAgo(wh, ago), note.id, { lines: [{ skuId: skus[0].id, qty: counted }, { skuId: skus[2].id, qty: 50 }] });
    return note;
  };
  const register = (noteId: string, subtype: Subtype, lines?: { skuId: string; qty: number }[], remark?: string, ago = 0) =>
    registerException(hoursAgo(wh, ago), { deliveryNoteId: noteId, subtype, lines, remark });
  const decide = async (exc: { id: string; version: number }, plan: Plan) => decideException(ops, exc.id, { plan, version: exc.version });

  // orders waiting for the merchant: 待确认 (one JIT), and a note not yet confirmed
  await createStockingOrder(ops, { merchantId: merchants[0].id, warehouseId: warehouse.id, type: 'JIT_REPEAT', lines: [{ skuId: skus[1].id, qty: 80, unitPrice: 3900 }] });
  await createStockingOrder(ops, { merchantId: merchants[0].id, warehouseId: warehouse.id, type: 'FIRST', lines: [{ skuId: skus[3].id, qty: 200, unitPrice: 2500 }] });
  await shipped('REPEAT', false);
  const cancelled = await shipped();
  await cancelDeliveryNote(merchant, cancelled.id, {});
  await shipped('FIRST'); // in transit

  // a fully stocked note
  const stocked = await received();
  await recordQc(wh, stocked.id, { lines: [{ skuId: skus[0].id, passed: 100, failed: 0 }, { skuId: skus[2].id, passed: 50, failed: 0 }] });
  await recordPutaway(wh, stocked.id, { lines: [{ skuId: skus[0].id, qty: 100 }, { skuId: skus[2].id, qty: 50 }] });

  // pending exceptions for the ops desk
  await register((await received()).id, 'SURPLUS', [{ skuId: skus[0].id, qty: 6 }], '多出 6 件,外箱完好');
  await register((await received('JIT_REPEAT')).id, 'BARCODE_DAMAGED', [{ skuId: skus[2].id, qty: 4 }], '条码脏污无法扫描');
  const atDock = await shipped();
  await arriveDeliveryNote(wh, atDock.id, {});
  await register(atDock.id, 'BOX_LABEL_MISSING', undefined, '两箱均未贴箱唛');
  // registered 50 h ago: past the 48 h decision deadline (overdue on the ops desk and the dashboard)
  await register((await received('REPEAT', 100, 52)).id, 'DAMAGED_DIRTY', [{ skuId: skus[2].id, qty: 3 }], '外包装破损,商品有污渍', 50);

  // processing: a return waiting for the merchant's method, a replenishment waiting for acceptance
  await decide(await register((await received()).id, 'WRONG_GOODS', [{ skuId: skus[1].id, qty: 10 }], '白色耳机混入'), 'PROBLEM_GOODS_RETURN');
  await decide(await register((await received('JIT_REPEAT', 88)).id, 'SHORTAGE', [{ skuId: skus[0].id, qty: 12 }]), 'CONTINUE_DELIVERY');
  const shippedReturn = await decide(await register((await received()).id, 'BLOATED', [{ skuId: skus[0].id, qty: 3 }]), 'PROBLEM_GOODS_REPAIR');
  const ro1 = shippedReturn.documents.returnOrders[0];
  await enterMethod(merchant, ro1.id, { method: 'PLATFORM_LOGISTICS', addressId: address.id });
  await ship(wh, ro1.id, { carrier: '顺丰速运', trackingNo: 'SF1400012345678' });
  await acceptStockingOrder(merchant, shippedReturn.documents.stockingOrders[0].id, {}); // replenishment accepted, to ship

  // returns waiting for the warehouse: to ship, to be picked up, to dispose of
  for (const method of ['PLATFORM_LOGISTICS', 'MERCHANT_PICKUP', 'ABANDON'] as const) {
    const exc = await decide(await register((await received()).id, 'BARCODE_WRONG', [{ skuId: skus[2].id, qty: 3 }]), 'PROBLEM_GOODS_RETURN');
    const ro = exc.documents.returnOrders[0];
    if (method === 'PLATFORM_LOGISTICS') await enterMethod(merchant, ro.id, { method, addressId: address.id });
    else if (method === 'MERCHANT_PICKUP') await enterMethod(merchant, ro.id, { method, pickupAt: new Date(Date.now() + 2 * 86400e3).toISOString() });
    else await enterMethod(merchant, ro.id, { method });
  }
  // 全部不合格 → 全部退货: the note is RETURNED, everything goes back on one return order
  const failedQc = await received();
  await recordQc(wh, failedQc.id, { lines: [{ skuId: skus[0].id, passed: 0, failed: 100 }, { skuId: skus[2].id, passed: 0, failed: 50 }] });
  await decide(await register(failedQc.id, 'QUALITY_ALL', undefined, '抽检全部不合格:耳机无法配对'), 'ALL_RETURN');
  // transport damage, delivery continued: a compensation to pay and a replenishment order
  const dented = await shipped();
  await arriveDeliveryNote(wh, dented.id, {});
  await decide(await register(dented.id, 'TRANSPORT_DAMAGE', [{ skuId: skus[2].id, qty: 8 }], '外箱破损进水'), 'CONTINUE_DELIVERY');

  // completed: signed, picked up and abandoned returns; a compensation paid
  for (const method of ['PLATFORM_LOGISTICS', 'MERCHANT_PICKUP', 'ABANDON'] as const) {
    const exc = await decide(await register((await received()).id, 'BARCODE_WRONG', [{ skuId: skus[2].id, qty: 2 }]), 'PROBLEM_GOODS_RETURN');
    const ro = exc.documents.returnOrders[0];
    if (method === 'PLATFORM_LOGISTICS') {
      await enterMethod(merchant, ro.id, { method, addressId: address.id });
      await ship(wh, ro.id, { carrier: '中通快递', trackingNo: 'ZT7788990011' });
      await sign(merchant, ro.id, {});
    } else if (method === 'MERCHANT_PICKUP') {
      await enterMethod(merchant, ro.id, { method, pickupAt: new Date(Date.now() + 86400e3).toISOString() });
      await pickedUp(wh, ro.id, {});
    } else {
      await enterMethod(merchant, ro.id, { method });
      await dispose(wh, ro.id, {});
    }
  }
  const damaged = await shipped();
  await arriveDeliveryNote(wh, damaged.id, {});
  const damage = await decide(await register(damaged.id, 'TRANSPORT_DAMAGE', [{ skuId: skus[0].id, qty: 5 }], '外箱压损'), 'TERMINATE_DELIVERY');
  await payCompensation(ops, damage.documents.compensations[0].id, { reference: 'PAY-2026-0001' });

  // cancelled exception, and a ticket with an answer
  const wrong = await register((await received()).id, 'DAMAGED_DIRTY', [{ skuId: skus[0].id, qty: 1 }]);
  await cancelException(wh, wrong.id, { reason: '误登记,商品完好' });
  const ticket = await openTicket(merchant, { subject: '退货进度咨询', body: '请问终止来货的包裹何时退回?', documentType: 'exception', documentId: damage.id });
  await replyToTicket(ops, ticket.id, { body: '已安排,预计 3 个工作日内发出。' });
  await openTicket(merchant, { subject: '补货订单数量确认', body: '补货订单的数量是否包含赠品?', documentType: 'exception', documentId: damage.id });
  const settled = await openTicket(merchant, { subject: '赔付到账确认', body: '赔付款预计何时到账?', documentType: 'exception', documentId: damage.id });
  await replyToTicket(ops, settled.id, { body: '已于今日付款,流水号 PAY-2026-0001。' });
  await closeTicket(merchant, settled.id, {});
  // an order ops withdrew before the merchant accepted it
  const withdrawn = await createStockingOrder(ops, { merchantId: merchants[1].id, warehouseId: warehouse.id, type: 'FIRST', lines: [{ skuId: skus2[1].id, qty: 120, unitPrice: 1590 }] });
  await cancelStockingOrder(ops, withdrawn.id, { reason: '商家停产该款式,取消备货' });

  await configureDemo({
    db, dialect, dataDir, secrets: secrets ?? openSecrets({ dataDir }).box, ops, merchant, merchantId: merchants[0].id, warehouseId: warehouse.id, skuId: skus[1].id,
  });
  return true;
}

function ctxFor(base: Omit<Ctx, 'actor'>, u: { id: string; username: string; role: Role; merchantId?: string; warehouseId?: string }): Ctx {
  const actor: Actor = { id: u.id, username: u.username, role: u.role, merchantId: u.merchantId ?? null, warehouseId: u.warehouseId ?? null };
  return { ...base, actor };
}
