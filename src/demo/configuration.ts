/**
 * Demo data that is not a document flow: penalties issued by the JIT deadline jobs (orders placed
 * in the past, so the deadlines have really passed), auto-decision policies, a merchant standing
 * instruction and a webhook endpoint. Runs after the document flows: a REGISTRATION policy would
 * otherwise decide the exceptions the demo leaves pending.
 */
import type { Db, Dialect } from '../db/create-db.js';
import { STANDING_CHOICES } from '../domain/policies.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/notification-events.js';
import { jitAcceptJob } from '../jobs/jit-accept.js';
import { jitShipJob } from '../jobs/jit-ship.js';
import { systemClock, type Ctx } from '../modules/shared/context.js';
import { acceptStockingOrder, createStockingOrder } from '../modules/stocking-orders/service.js';
import { confirmPenalty, waivePenalty } from '../modules/penalties/service.js';
import { createPolicy } from '../modules/policies/service.js';
import { putStandingInstructions } from '../modules/standing-instructions/service.js';
import { createEndpoint } from '../modules/webhooks/service.js';
import type { SecretBox } from '../security/secret-box.js';

/** The same actor acting `hours` ago (its use cases stamp that time and derive deadlines from it). */
export const hoursAgo = (ctx: Ctx, hours: number): Ctx =>
  (hours ? { ...ctx, clock: { now: () => new Date(systemClock.now().getTime() - hours * 3600e3) } } : ctx);

export interface DemoActors {
  db: Db;
  dialect: Dialect;
  dataDir: string;
  /** The server's key, which seals the demo webhook's secret. */
  secrets: SecretBox;
  ops: Ctx;
  merchant: Ctx;
  merchantId: string;
  warehouseId: string;
  skuId: string;
}

/** Three JIT orders whose deadlines passed: penalties ISSUED (late acceptance), WAIVED (late shipment), CONFIRMED. */
async function penalties(a: DemoActors) {
  const jit = (ago: number, qty: number) => createStockingOrder(hoursAgo(a.ops, ago), {
    merchantId: a.merchantId, warehouseId: a.warehouseId, type: 'JIT_REPEAT', lines: [{ skuId: a.skuId, qty, unitPrice: 3900 }],
  });
  const notAccepted = await jit(30, 40); // accept by 6 h ago, never accepted
  const notShipped = await jit(80, 60); // accepted in time 75 h ago, ship by 27 h ago, never shipped
  await acceptStockingOrder(hoursAgo(a.merchant, 75), notShipped.id, {});
  const confirmed = await jit(50, 20); // accept by 26 h ago
  const jc = { db: a.db, dialect: a.dialect, clock: systemClock, dataDir: a.dataDir };
  await jitAcceptJob.run(jc);
  await jitShipJob.run(jc);
  const of = (orderId: string) => a.db.selectFrom('penalties').select('id').where('stockingOrderId', '=', orderId).executeTakeFirstOrThrow();
  await of(notAccepted.id); // stays ISSUED
  await waivePenalty(a.ops, (await of(notShipped.id)).id, { reason: '物流园区临时封闭,平台核实后免除' });
  await confirmPenalty(a.ops, (await of(confirmed.id)).id, {});
}

export async function configureDemo(a: DemoActors): Promise<void> {
  await penalties(a);
  await createPolicy(a.ops, {
    name: '返单多货 10% 以内自动建单补收', enabled: true, applyAt: 'REGISTRATION', subtypes: ['SURPLUS'], orderTypes: ['REPEAT'],
    maxPercent: 10, plan: 'AUTO_ORDER_RECEIVE', honourMerchantPreference: false,
  });
  await createPolicy(a.ops, {
    name: '条码问题超时按商家偏好处理', enabled: true, applyAt: 'DEADLINE', subtypes: ['BARCODE_WRONG', 'BARCODE_DAMAGED'],
    plan: 'PROBLEM_GOODS_RETURN', honourMerchantPreference: true,
  });
  // the merchant prefers relabelling in the warehouse to taking mislabelled goods back
  const barcodes = STANDING_CHOICES.find((c) => c.type === 'GOODS' && c.plans.some((p) => p.code === 'IN_WAREHOUSE_RECEIVE') && c.plans.some((p) => p.code === 'PROBLEM_GOODS_RETURN'))!;
  await putStandingInstructions(a.merchant, { instructions: [{ choice: barcodes.code, plan: 'IN_WAREHOUSE_RECEIVE' }] });
  await createEndpoint(a.merchant, {
    url: 'https://erp.example.com/tally/webhook', events: [...WEBHOOK_EVENT_TYPES], description: 'ERP 对接(演示)', enabled: true,
  }, { secrets: a.secrets });
}
