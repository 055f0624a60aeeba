/** Every document's allowed moves as a transition table (SPEC §3). */
import { conflict } from './errors.js';

export interface Machine<S extends string> {
  name: string;
  /** States a document can be created in. */
  initial: readonly S[];
  transitions: Readonly<Record<S, readonly S[]>>;
  labels: Readonly<Record<S, { 'zh-CN': string; 'en-US': string }>>;
}

function machine<S extends string>(m: Machine<S>): Machine<S> {
  return m;
}

export const stockingOrderMachine = machine({
  name: 'stocking order',
  initial: ['PENDING_ACCEPT', 'ACCEPTED'],
  transitions: {
    PENDING_ACCEPT: ['ACCEPTED', 'CANCELLED'],
    ACCEPTED: ['SHIPPED', 'CANCELLED'],
    // back to ACCEPTED when its delivery note is cancelled before arrival
    SHIPPED: ['COMPLETED', 'ACCEPTED'],
    COMPLETED: [],
    CANCELLED: [],
  },
  labels: {
    PENDING_ACCEPT: { 'zh-CN': '待确认', 'en-US': 'To accept' },
    ACCEPTED: { 'zh-CN': '待发货', 'en-US': 'To ship' },
    SHIPPED: { 'zh-CN': '已发货', 'en-US': 'Shipped' },
    COMPLETED: { 'zh-CN': '已完成', 'en-US': 'Completed' },
    CANCELLED: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
  },
});

export const deliveryNoteMachine = machine({
  name: 'delivery note',
  // notes made by a plan are created already at the warehouse
  initial: ['CREATED', 'ARRIVED'],
  transitions: {
    CREATED: ['IN_TRANSIT', 'CANCELLED', 'ARRIVED', 'VOIDED'],
    IN_TRANSIT: ['ARRIVED', 'CANCELLED', 'VOIDED'],
    ARRIVED: ['RECEIVING', 'COMPLETED', 'VOIDED'],
    RECEIVING: ['COMPLETED', 'RETURNED'],
    // a cancelled note whose goods arrived anyway is reinstated or returned by a plan
    CANCELLED: ['ARRIVED', 'VOIDED'],
    COMPLETED: [],
    VOIDED: [],
    RETURNED: [],
  },
  labels: {
    CREATED: { 'zh-CN': '未确认送货', 'en-US': 'Not confirmed' },
    IN_TRANSIT: { 'zh-CN': '已确认送货', 'en-US': 'In transit' },
    ARRIVED: { 'zh-CN': '已到货', 'en-US': 'Arrived' },
    RECEIVING: { 'zh-CN': '收货中', 'en-US': 'Receiving' },
    COMPLETED: { 'zh-CN': '已入库', 'en-US': 'Stocked' },
    CANCELLED: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
    VOIDED: { 'zh-CN': '作废完结', 'en-US': 'Voided' },
    RETURNED: { 'zh-CN': '已退货', 'en-US': 'Returned' },
  },
});

export const exceptionMachine = machine({
  name: 'exception',
  initial: ['PENDING'],
  transitions: {
    PENDING: ['PROCESSING', 'COMPLETED', 'CANCELLED'],
    PROCESSING: ['COMPLETED'],
    COMPLETED: [],
    CANCELLED: [],
  },
  labels: {
    PENDING: { 'zh-CN': '待处理', 'en-US': 'Pending' },
    PROCESSING: { 'zh-CN': '处理中', 'en-US': 'Processing' },
    COMPLETED: { 'zh-CN': '已完结', 'en-US': 'Completed' },
    CANCELLED: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
  },
});

export const returnOrderMachine = machine({
  name: 'return order',
  initial: ['PENDING_METHOD'],
  transitions: {
    PENDING_METHOD: ['AWAITING_SHIPMENT', 'AWAITING_PICKUP', 'AWAITING_DISPOSAL'],
    // the merchant may change its mind until the warehouse acts; abandoning is final
    AWAITING_SHIPMENT: ['SHIPPED', 'AWAITING_PICKUP', 'AWAITING_DISPOSAL'],
    AWAITING_PICKUP: ['PICKED_UP', 'AWAITING_SHIPMENT', 'AWAITING_DISPOSAL'],
    AWAITING_DISPOSAL: ['DISPOSED'],
    SHIPPED: ['SIGNED'],
    SIGNED: [],
    PICKED_UP: [],
    DISPOSED: [],
  },
  labels: {
    PENDING_METHOD: { 'zh-CN': '待确认', 'en-US': 'Method to enter' },
    AWAITING_SHIPMENT: { 'zh-CN': '待发货', 'en-US': 'To ship' },
    AWAITING_PICKUP: { 'zh-CN': '待自提', 'en-US': 'To pick up' },
    AWAITING_DISPOSAL: { 'zh-CN': '待弃货', 'en-US': 'To dispose' },
    SHIPPED: { 'zh-CN': '已发货', 'en-US': 'Shipped' },
    SIGNED: { 'zh-CN': '已签收', 'en-US': 'Signed' },
    PICKED_UP: { 'zh-CN': '已自提', 'en-US': 'Picked up' },
    DISPOSED: { 'zh-CN': '已弃货', 'en-US': 'Disposed' },
  },
});

export const compensationMachine = machine({
  name: 'compensation',
  initial: ['PENDING'],
  transitions: { PENDING: ['PAID'], PAID: [] },
  labels: {
    PENDING: { 'zh-CN': '待赔付', 'en-US': 'To pay' },
    PAID: { 'zh-CN': '已赔付', 'en-US': 'Paid' },
  },
});

export const penaltyMachine = machine({
  name: 'penalty',
  initial: ['ISSUED'],
  transitions: { ISSUED: ['WAIVED', 'CONFIRMED'], WAIVED: [], CONFIRMED: [] },
  labels: {
    ISSUED: { 'zh-CN': '已处罚', 'en-US': 'Issued' },
    WAIVED: { 'zh-CN': '已豁免', 'en-US': 'Waived' },
    CONFIRMED: { 'zh-CN': '已确认', 'en-US': 'Confirmed' },
  },
});

export const ticketMachine = machine({
  name: 'ticket',
  initial: ['OPEN'],
  transitions: { OPEN: ['ANSWERED', 'CLOSED'], ANSWERED: ['OPEN', 'CLOSED'], CLOSED: [] },
  labels: {
    OPEN: { 'zh-CN': '待回复', 'en-US': 'Open' },
    ANSWERED: { 'zh-CN': '已回复', 'en-US': 'Answered' },
    CLOSED: { 'zh-CN': '已关闭', 'en-US': 'Closed' },
  },
});

/** A merchant's dispute (申诉) of an exception, penalty or fee: ops accept or reject it, once. */
export const disputeMachine = machine({
  name: 'dispute',
  initial: ['OPEN'],
  transitions: { OPEN: ['ACCEPTED', 'REJECTED'], ACCEPTED: [], REJECTED: [] },
  labels: {
    OPEN: { 'zh-CN': '待处理', 'en-US': 'Open' },
    ACCEPTED: { 'zh-CN': '已通过', 'en-US': 'Accepted' },
    REJECTED: { 'zh-CN': '已驳回', 'en-US': 'Rejected' },
  },
});

/** A per-unit fee (扣费) charged with an exception's plan: ops or an accepted dispute waive it, once. */
export const feeMachine = machine({
  name: 'fee',
  initial: ['CHARGED'],
  transitions: { CHARGED: ['WAIVED'], WAIVED: [] },
  labels: {
    CHARGED: { 'zh-CN': '已扣费', 'en-US': 'Charged' },
    WAIVED: { 'zh-CN': '已豁免', 'en-US': 'Waived' },
  },
});

export const MACHINES = {
  stockingOrder: stockingOrderMachine,
  deliveryNote: deliveryNoteMachine,
  exception: exceptionMachine,
  returnOrder: returnOrderMachine,
  compensation: compensationMachine,
  penalty: penaltyMachine,
  ticket: ticketMachine,
  dispute: disputeMachine,
  fee: feeMachine,
} as const;

export type StockingOrderStatus = keyof typeof stockingOrderMachine.transitions;
export type DeliveryNoteStatus = keyof typeof deliveryNoteMachine.transitions;
export type ExceptionStatus = keyof typeof exceptionMachine.transitions;
export type ReturnOrderStatus = keyof typeof returnOrderMachine.transitions;
export type CompensationStatus = keyof typeof compensationMachine.transitions;
export type PenaltyStatus = keyof typeof penaltyMachine.transitions;
export type TicketStatus = keyof typeof ticketMachine.transitions;
export type DisputeStatus = keyof typeof disputeMachine.transitions;
export type FeeStatus = keyof typeof feeMachine.transitions;

export function statesOf<S extends string>(m: Machine<S>): S[] {
  return Object.keys(m.transitions) as S[];
}

export function isTerminal<S extends string>(m: Machine<S>, state: S): boolean {
  return (m.transitions[state] ?? []).length === 0;
}

export function canTransition<S extends string>(m: Machine<S>, from: S, to: S): boolean {
  return (m.transitions[from] ?? []).includes(to);
}

/** Guard: throws 409 ILLEGAL_TRANSITION naming both states. */
export function assertTransition<S extends string>(m: Machine<S>, from: string, to: S): void {
  if (!canTransition(m, from as S, to)) {
    throw conflict('ILLEGAL_TRANSITION', `A ${m.name} in status ${from} cannot move to ${to}`, {
      from,
      to,
    });
  }
}
