/**
 * The events a merchant's webhook may subscribe to, as in src/domain/notification-events.ts
 * (WEBHOOK_EVENT_TYPES; test/unit/web-plan-outcomes.test.ts keeps them equal), and the delivery states.
 */
export const WEBHOOK_EVENT_TYPES = [
  'exception.registered', 'exception.decided', 'exception.completed', 'exception.cancelled',
  'return_order.created', 'return_order.defaulted', 'stocking_order.created',
  'penalty.issued', 'penalty.waived', 'penalty.confirmed', 'compensation.created', 'compensation.paid',
  'merchant.coaching_level_changed', 'dispute.opened', 'dispute.accepted', 'dispute.rejected',
  'fee.charged', 'fee.waived',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** i18n key of an event's label (`webhooks.eventLabels.exception_registered`): a dot would split the key. */
export const eventKey = (type: string) => `webhooks.eventLabels.${type.replace('.', '_')}`;

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
