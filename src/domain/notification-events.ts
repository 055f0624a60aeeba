/**
 * The business events the system announces: which ones merchants may subscribe to by webhook, who
 * gets an inbox entry, and the inbox text in zh-CN and en-US. Pure data; the web may import it.
 * Texts read only merchant-facing fields (number, exception type, plan, …), never a subtype.
 */
import { labelOf, PLAN_LABELS, TYPE_LABELS, type Labels } from './catalog.js';
import { COACHING_LABELS } from './performance/coaching.js';
import { DISPUTE_DOCUMENT_LABELS } from './disputes.js';
import { FEE_SERVICE_LABELS } from './fee-services.js';

export const EVENT_TYPES = [
  'exception.registered',
  'exception.decided',
  'exception.completed',
  'exception.cancelled',
  'exception.overdue',
  'return_order.created',
  'return_order.defaulted',
  'stocking_order.created',
  'penalty.issued',
  'penalty.waived',
  'penalty.confirmed',
  'compensation.created',
  'compensation.paid',
  'merchant.coaching_level_changed',
  'dispute.opened',
  'dispute.accepted',
  'dispute.rejected',
  'dispute.overdue',
  'fee.charged',
  'fee.waived',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Who hears of an event: the merchant's users, platform operations, and the merchant's webhooks. */
export interface EventAudience {
  merchant: boolean;
  ops: boolean;
  webhook: boolean;
}

const M = { merchant: true, ops: false, webhook: true };
export const EVENT_AUDIENCE: Record<EventType, EventAudience> = {
  'exception.registered': { merchant: true, ops: true, webhook: true },
  'exception.decided': M,
  'exception.completed': M,
  'exception.cancelled': M,
  // the decision SLA is the platform's own deadline: ops only, not a merchant event
  'exception.overdue': { merchant: false, ops: true, webhook: false },
  'return_order.created': M,
  'return_order.defaulted': M,
  'stocking_order.created': M,
  'penalty.issued': M,
  'penalty.waived': M,
  'penalty.confirmed': M,
  'compensation.created': M,
  'compensation.paid': M,
  'merchant.coaching_level_changed': { merchant: true, ops: true, webhook: true },
  'dispute.opened': { merchant: true, ops: true, webhook: true },
  'dispute.accepted': M,
  'dispute.rejected': M,
  // the SLA is the platform's own deadline, like exception.overdue
  'dispute.overdue': { merchant: false, ops: true, webhook: false },
  'fee.charged': M,
  'fee.waived': M,
};

export const WEBHOOK_EVENT_TYPES = EVENT_TYPES.filter((t) => EVENT_AUDIENCE[t].webhook);

/** The document fields a text may use (a subset of the merchant-facing payload). */
export interface EventDoc {
  no?: string | null;
  type?: string | null;
  status?: string | null;
  plan?: string | null;
  method?: string | null;
  reason?: string | null;
  amount?: number | null;
  currency?: string | null;
  /** merchant.coaching_level_changed */
  level?: string | null;
  previousLevel?: string | null;
  /** dispute.*: the disputed document */
  documentType?: string | null;
  documentNo?: string | null;
  /** fee.*: the service charged for (./fees.ts) */
  service?: string | null;
}

/** A return order's method (also the return-order export's column). */
export const RETURN_METHOD_LABELS: Record<string, Labels> = {
  PLATFORM_LOGISTICS: { 'zh-CN': '平台物流', 'en-US': 'Platform logistics' },
  MERCHANT_PICKUP: { 'zh-CN': '商家自提', 'en-US': 'Merchant pickup' },
  ABANDON: { 'zh-CN': '弃货', 'en-US': 'Abandon' },
};
/** Why a penalty was issued (also the penalty export's column). */
export const PENALTY_REASON_LABELS: Record<string, Labels> = {
  JIT_ACCEPT_LATE: { 'zh-CN': 'JIT订单超时接单', 'en-US': 'JIT order accepted late' },
  JIT_SHIP_LATE: { 'zh-CN': 'JIT订单超时发货', 'en-US': 'JIT order shipped late' },
};

const COACHING_LEVEL_LABELS: Record<string, Labels> = Object.fromEntries(Object.entries(COACHING_LABELS).map(([k, v]) => [k, v.label]));

const disputed = (d: EventDoc, lang: keyof Labels) =>
  `${labelOf(DISPUTE_DOCUMENT_LABELS as Record<string, Labels>, d.documentType, lang)} ${d.documentNo ?? ''}`.trim();

const money = (d: EventDoc) => `${d.currency ?? ''} ${((d.amount ?? 0) / 100).toFixed(2)}`.trim();
const typeOf = (d: EventDoc, lang: keyof Labels) => labelOf(TYPE_LABELS, d.type, lang);
const planOf = (d: EventDoc, lang: keyof Labels) => labelOf(PLAN_LABELS, d.plan, lang);

type Text = (d: EventDoc) => Labels;

/** Inbox titles per event and audience. */
export const EVENT_TEXTS: Record<EventType, { merchant?: Text; ops?: Text }> = {
  'exception.registered': {
    merchant: (d) => ({ 'zh-CN': `异常单 ${d.no} 已登记: ${typeOf(d, 'zh-CN')}`, 'en-US': `Exception ${d.no} registered: ${typeOf(d, 'en-US')}` }),
    ops: (d) => ({ 'zh-CN': `新的异常单 ${d.no} 待处理: ${typeOf(d, 'zh-CN')}`, 'en-US': `New exception ${d.no} awaits a decision: ${typeOf(d, 'en-US')}` }),
  },
  'exception.decided': {
    merchant: (d) => ({ 'zh-CN': `异常单 ${d.no} 已处理: ${planOf(d, 'zh-CN')}`, 'en-US': `Exception ${d.no} decided: ${planOf(d, 'en-US')}` }),
  },
  'exception.completed': {
    merchant: (d) => ({ 'zh-CN': `异常单 ${d.no} 已完结`, 'en-US': `Exception ${d.no} completed` }),
  },
  'exception.cancelled': {
    merchant: (d) => ({ 'zh-CN': `异常单 ${d.no} 已取消`, 'en-US': `Exception ${d.no} was cancelled` }),
  },
  'exception.overdue': {
    ops: (d) => ({ 'zh-CN': `异常单 ${d.no} 已超过处理时限,请尽快处理`, 'en-US': `Exception ${d.no} is overdue for a decision` }),
  },
  'return_order.created': {
    merchant: (d) => ({ 'zh-CN': `新的退货单 ${d.no} 待录入退货方式`, 'en-US': `New return order ${d.no}: enter the return method` }),
  },
  'return_order.defaulted': {
    merchant: (d) => ({
      'zh-CN': `退货单 ${d.no} 未按时录入退货方式,已按默认处理: ${labelOf(RETURN_METHOD_LABELS, d.method, 'zh-CN')}`,
      'en-US': `Return order ${d.no}: no method was entered in time, so the default applies: ${labelOf(RETURN_METHOD_LABELS, d.method, 'en-US')}`,
    }),
  },
  'stocking_order.created': {
    merchant: (d) => d.status === 'PENDING_ACCEPT'
      ? { 'zh-CN': `新的${d.type === 'JIT_REPEAT' ? 'JIT' : ''}备货订单 ${d.no} 待接单`, 'en-US': `New ${d.type === 'JIT_REPEAT' ? 'JIT ' : ''}stocking order ${d.no} awaits acceptance` }
      : { 'zh-CN': `备货订单 ${d.no} 已由平台自动建单`, 'en-US': `Stocking order ${d.no} was created for you by the platform` },
  },
  'penalty.issued': {
    merchant: (d) => ({
      'zh-CN': `处罚单 ${d.no} 已开具: ${labelOf(PENALTY_REASON_LABELS, d.reason, 'zh-CN')},金额 ${money(d)}`,
      'en-US': `Penalty ${d.no} issued: ${labelOf(PENALTY_REASON_LABELS, d.reason, 'en-US')}, ${money(d)}`,
    }),
  },
  'penalty.waived': {
    merchant: (d) => ({ 'zh-CN': `处罚单 ${d.no} 已豁免`, 'en-US': `Penalty ${d.no} was waived` }),
  },
  'penalty.confirmed': {
    merchant: (d) => ({ 'zh-CN': `处罚单 ${d.no} 已确认`, 'en-US': `Penalty ${d.no} was confirmed` }),
  },
  'compensation.created': {
    merchant: (d) => ({ 'zh-CN': `赔付单 ${d.no} 已创建,金额 ${money(d)}`, 'en-US': `Compensation ${d.no} created: ${money(d)}` }),
  },
  'compensation.paid': {
    merchant: (d) => ({ 'zh-CN': `赔付单 ${d.no} 已支付`, 'en-US': `Compensation ${d.no} was paid` }),
  },
  'merchant.coaching_level_changed': {
    merchant: (d) => ({
      'zh-CN': `${typeOf(d, 'zh-CN')}的辅导等级已调整为: ${labelOf(COACHING_LEVEL_LABELS, d.level, 'zh-CN')}`,
      'en-US': `Coaching level for ${typeOf(d, 'en-US')} is now ${labelOf(COACHING_LEVEL_LABELS, d.level, 'en-US')}`,
    }),
    ops: (d) => ({
      'zh-CN': `商家 ${d.no} 的${typeOf(d, 'zh-CN')}辅导等级: ${labelOf(COACHING_LEVEL_LABELS, d.previousLevel, 'zh-CN')} → ${labelOf(COACHING_LEVEL_LABELS, d.level, 'zh-CN')}`,
      'en-US': `Merchant ${d.no}: ${typeOf(d, 'en-US')} coaching level ${labelOf(COACHING_LEVEL_LABELS, d.previousLevel, 'en-US')} → ${labelOf(COACHING_LEVEL_LABELS, d.level, 'en-US')}`,
    }),
  },
  'dispute.opened': {
    merchant: (d) => ({ 'zh-CN': `申诉 ${d.no} 已提交: ${disputed(d, 'zh-CN')}`, 'en-US': `Dispute ${d.no} submitted: ${disputed(d, 'en-US')}` }),
    ops: (d) => ({ 'zh-CN': `新的申诉 ${d.no} 待处理: ${disputed(d, 'zh-CN')}`, 'en-US': `New dispute ${d.no} awaits a decision: ${disputed(d, 'en-US')}` }),
  },
  'dispute.accepted': {
    merchant: (d) => ({ 'zh-CN': `申诉 ${d.no} 已通过: ${disputed(d, 'zh-CN')}`, 'en-US': `Dispute ${d.no} accepted: ${disputed(d, 'en-US')}` }),
  },
  'dispute.rejected': {
    merchant: (d) => ({ 'zh-CN': `申诉 ${d.no} 已驳回: ${disputed(d, 'zh-CN')}`, 'en-US': `Dispute ${d.no} rejected: ${disputed(d, 'en-US')}` }),
  },
  'dispute.overdue': {
    ops: (d) => ({ 'zh-CN': `申诉 ${d.no} 已超过处理时限,请尽快处理`, 'en-US': `Dispute ${d.no} is overdue for a decision` }),
  },
  'fee.charged': {
    merchant: (d) => ({
      'zh-CN': `扣费 ${d.no}: ${labelOf(FEE_SERVICE_LABELS, d.service, 'zh-CN')},金额 ${money(d)}`,
      'en-US': `Fee ${d.no}: ${labelOf(FEE_SERVICE_LABELS, d.service, 'en-US')}, ${money(d)}`,
    }),
  },
  'fee.waived': {
    merchant: (d) => ({ 'zh-CN': `扣费 ${d.no} 已豁免`, 'en-US': `Fee ${d.no} was waived` }),
  },
};
