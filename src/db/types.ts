/**
 * Row types as the application sees them (CamelCasePlugin maps snake_case columns). Statuses,
 * types, subtypes, plans and stages are the domain's unions: a typo'd status does not compile.
 * The web app imports these unions from the domain too (web/src/api/types.ts).
 */
import type { ExceptionType, OrderType, Plan, Stage, Subtype, TaskCategory } from '../domain/catalog.js';
import type {
  CompensationStatus, DeliveryNoteStatus, ExceptionStatus, PenaltyStatus, ReturnOrderStatus, StockingOrderStatus, TicketStatus,
} from '../domain/state-machines.js';


interface Doc {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MerchantRow { id: string; name: string; createdAt: string }
export interface WarehouseRow { id: string; name: string; code: string; createdAt: string }
export interface SkuRow { id: string; merchantId: string; code: string; name: string; barcode: string; createdAt: string }
export interface UserRow {
  id: string; username: string; passwordHash: string; role: string;
  merchantId: string | null; warehouseId: string | null; createdAt: string;
  disabledAt: string | null; mustChangePassword: number; passwordChangedAt: string | null;
}
export type SessionKind = 'cookie' | 'bearer';
export interface SessionRow {
  id: string; tokenHash: string; userId: string; kind: SessionKind; csrfToken: string | null;
  ip: string | null; userAgent: string | null;
  createdAt: string; lastSeenAt: string; idleExpiresAt: string; expiresAt: string;
  /** The primary's WAL position after this session's last write; its reads wait for the replica to pass it (src/http/read-routing.ts). */
  readAfterLsn?: string | null;
}
export interface LoginThrottleRow { key: string; failures: number; windowStart: string; lastFailureAt: string }
export interface SequenceRow { name: string; value: number }

export interface StockingOrderRow extends Doc {
  id: string; no: string; merchantId: string; warehouseId: string; type: OrderType; status: StockingOrderStatus;
  currency: string; totalAmount: number; sourceExceptionId: string | null;
  acceptBy: string | null; shipBy: string | null; acceptedAt: string | null; shippedAt: string | null;
  completedAt: string | null; cancelledAt: string | null; createdBy: string | null;
}
export interface StockingOrderLineRow { id: string; stockingOrderId: string; lineNo: number; skuId: string; qty: number; unitPrice: number }

export interface DeliveryNoteRow extends Doc {
  id: string; no: string; stockingOrderId: string; merchantId: string; warehouseId: string;
  logistics: 'PLATFORM' | 'SELF'; expectedArrivalAt: string; status: DeliveryNoteStatus; sourceExceptionId: string | null;
  confirmedAt: string | null; arrivedAt: string | null; completedAt: string | null;
  cancelledAt: string | null; voidedAt: string | null; returnedAt: string | null;
}
export interface DeliveryNoteLineRow {
  id: string; deliveryNoteId: string; skuId: string; unitPrice: number;
  declared: number; arrived: number; received: number; passed: number; failed: number;
  inProcess: number; onHold: number; stocked: number; returned: number; transferred: number; short: number;
}
export const BOX_STATUSES = ['PACKED', 'IN_TRANSIT', 'AT_DOCK', 'OPENED', 'HELD', 'CANCELLED', 'VOIDED', 'REFUSED', 'RETURNED', 'TRANSFERRED'] as const;
export type BoxStatus = (typeof BOX_STATUSES)[number];
export interface BoxRow { id: string; deliveryNoteId: string; boxNo: number; labelCode: string; status: BoxStatus; contents: string }

export interface ExceptionRow extends Doc {
  id: string; no: string; deliveryNoteId: string; deliveryNoteNo: string; stockingOrderId: string;
  merchantId: string; warehouseId: string; orderType: OrderType; type: ExceptionType; subtype: Subtype;
  stage: Stage; status: ExceptionStatus; plan: Plan | null; taskCategory: TaskCategory | null; totalQty: number;
  remark: string | null; registeredBy: string; decidedBy: string | null; decidedAt: string | null;
  decisionDueAt: string | null; completedAt: string | null; cancelledAt: string | null; cancelReason: string | null;
  /** Set once by the decision-SLA job (migration 0002). */
  overdueFlaggedAt: string | null;
  /** The policy that decided it, when one did (migration 0002). */
  decidedByPolicyId: string | null;
}
/** Exceptions per status, summed over `slot` (migration 0005; modules/exceptions/counts.ts). */
export interface ExceptionCountRow { merchantId: string; warehouseId: string; status: ExceptionStatus; slot: number; n: number }
export interface ExceptionLineRow { id: string; exceptionId: string; skuId: string; qty: number }
export interface PhotoRow {
  id: string; warehouseId: string | null; uploadedBy: string; exceptionId: string | null;
  contentType: string; size: number; fileName: string; createdAt: string;
}

export interface ReturnOrderRow extends Doc {
  id: string; no: string; merchantId: string; warehouseId: string; sourceExceptionId: string;
  deliveryNoteId: string; status: ReturnOrderStatus; sealed: number; method: string | null;
  addressId: string | null; addressSnapshot: string | null; pickupAt: string | null;
  carrier: string | null; trackingNo: string | null; methodDueAt: string | null; methodEnteredAt: string | null;
  shippedAt: string | null; signedAt: string | null; pickedUpAt: string | null; disposedAt: string | null;
}
export interface ReturnOrderLineRow { id: string; returnOrderId: string; skuId: string; qty: number }

export interface CompensationRow extends Doc {
  id: string; no: string; merchantId: string; sourceExceptionId: string; amount: number; currency: string;
  status: CompensationStatus; reference: string | null; paidAt: string | null; paidBy: string | null;
}
export interface PenaltyRow extends Doc {
  id: string; no: string; merchantId: string; stockingOrderId: string; reason: string; amount: number;
  currency: string; status: PenaltyStatus; waivedBy: string | null; waivedAt: string | null; waiveReason: string | null;
}
export interface TicketRow extends Doc {
  id: string; no: string; merchantId: string; subject: string; documentType: string | null;
  documentId: string | null; status: TicketStatus; openedBy: string;
}
export interface TicketReplyRow { id: string; ticketId: string; authorId: string; authorRole: string; body: string; createdAt: string }
export interface AddressRow extends Doc {
  id: string; merchantId: string; name: string; phone: string; region: string; detail: string;
  isDefault: number; deletedAt: string | null;
}
export interface EventRow {
  id: string; documentType: string; documentId: string; action: string; actorId: string | null;
  actorName: string; actorRole: string; fromStatus: string | null; toStatus: string | null;
  data: string; createdAt: string; ip: string | null;
}
export interface IdempotencyRow { userId: string; key: string; requestHash: string; statusCode: number; response: string; createdAt: string }

// deadlines and policies (migration 2026_11_26_0002)
export interface SettingRow { key: string; value: string; updatedAt: string; updatedBy: string | null }
export interface DecisionPolicyRow extends Doc {
  id: string; name: string; position: number; enabled: number; applyAt: string; subtypes: string;
  orderTypes: string | null; merchantIds: string | null; minQty: number | null; maxQty: number | null;
  minPercentBp: number | null; maxPercentBp: number | null; plan: Plan | null; honourMerchantPreference: number;
  createdBy: string | null; updatedBy: string | null;
}
export interface StandingInstructionRow { merchantId: string; choice: string; plan: Plan; updatedAt: string; updatedBy: string | null }

// notifications (migration 2026_11_26_0003)
export interface OutboxRow { id: string; type: string; merchantId: string; documentType: string; documentId: string; payload: string; createdAt: string }
export interface NotificationRow {
  id: string; userId: string; outboxId: string; code: string; documentType: string; documentId: string; documentNo: string | null;
  params: string; titleZh: string; titleEn: string; readAt: string | null; createdAt: string;
}
export interface WebhookEndpointRow extends Doc {
  id: string; merchantId: string; url: string; events: string; enabled: number; description: string | null; deletedAt: string | null;
  // migration 2026_12_03_0008: sealed by src/security/secret-box.ts; legacySecret is an earlier version's plaintext, '' once sealed
  legacySecret: string; secretSealed: string | null; secretHint: string; previousSecretSealed: string | null; previousSecretExpiresAt: string | null;
}
export interface WebhookDeliveryRow {
  id: string; endpointId: string; merchantId: string; outboxId: string; eventType: string; documentId: string; status: string;
  attempts: number; nextAttemptAt: string | null; claimedUntil: string | null; claimToken: string | null; lastAttemptAt: string | null;
  lastStatusCode: number | null; lastError: string | null; deliveredAt: string | null; replayOf: string | null; createdAt: string; updatedAt: string;
}

export interface Database {
  merchants: MerchantRow;
  warehouses: WarehouseRow;
  skus: SkuRow;
  users: UserRow;
  sessions: SessionRow;
  loginThrottle: LoginThrottleRow;
  sequences: SequenceRow;
  stockingOrders: StockingOrderRow;
  stockingOrderLines: StockingOrderLineRow;
  deliveryNotes: DeliveryNoteRow;
  deliveryNoteLines: DeliveryNoteLineRow;
  deliveryNoteBoxes: BoxRow;
  exceptions: ExceptionRow;
  exceptionLines: ExceptionLineRow;
  exceptionCounts: ExceptionCountRow;
  photos: PhotoRow;
  returnOrders: ReturnOrderRow;
  returnOrderLines: ReturnOrderLineRow;
  compensations: CompensationRow;
  penalties: PenaltyRow;
  tickets: TicketRow;
  ticketReplies: TicketReplyRow;
  addresses: AddressRow;
  events: EventRow;
  idempotencyKeys: IdempotencyRow;
  settings: SettingRow;
  decisionPolicies: DecisionPolicyRow;
  standingInstructions: StandingInstructionRow;
  outbox: OutboxRow;
  notifications: NotificationRow;
  webhookEndpoints: WebhookEndpointRow;
  webhookDeliveries: WebhookDeliveryRow;
}
