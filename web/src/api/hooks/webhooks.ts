/**
 * Merchant webhooks: endpoints (URL, subscribed events, enabled; the secret is shown only in the
 * answer that created or rotated it, and a rotated-out secret keeps signing for a grace period) and
 * each endpoint's delivery log with replay.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../client';
import { type DeliveryStatus, type WebhookEventType } from '../../workspaces/merchant/webhooks/events';

export { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, type DeliveryStatus, type WebhookEventType } from '../../workspaces/merchant/webhooks/events';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  description: string | null;
  /** The secret's last four characters, e.g. `…x9Qa`. */
  secretHint: string;
  /** After a rotation: until when the replaced secret still signs deliveries (default 24 h); null when it no longer does. */
  previousSecretExpiresAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The answer to a create or a secret change: the only time the secret is shown. A replay of the
 * same request (same Idempotency-Key) has no `secret`, and `secretShownOnce: true` instead.
 */
export type WithSecret = WebhookEndpoint & { secret?: string; secretShownOnce?: true };

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  description?: string | null;
  /** Omitted: generated on create, unchanged on edit. */
  secret?: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  event: { id: string; type: WebhookEventType; createdAt: string | null };
  document: { type: string | null; id: string };
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  replayOf: string | null;
  createdAt: string;
  /** The JSON body the endpoint receives: `{id, type, createdAt, merchantId, documentType, document, data}`. */
  payload: { document?: { id?: string; no?: string; type?: string } } | null;
}

export const webhooksKey = ['webhooks'] as const;
export const deliveriesKey = (endpointId: string) => ['webhookDeliveries', endpointId] as const;

/** Every endpoint (a merchant has at most 10). */
export function useWebhooks() {
  return useQuery({ queryKey: [...webhooksKey, 'list'], queryFn: () => api.get<Page<WebhookEndpoint>>('/webhooks', { limit: 100 }) });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: [...webhooksKey, 'detail', id], queryFn: () => api.get<WebhookEndpoint>(`/webhooks/${id}`) });
}

export function useWebhookMutations() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: webhooksKey });
  const put = ({ id, ...body }: WebhookInput & { id: string; version?: number; rotateSecret?: boolean; rotationGraceSeconds?: number }) =>
    api.put<WithSecret>(`/webhooks/${id}`, body);
  return {
    create: useMutation({ mutationFn: (body: WebhookInput) => api.post<WithSecret>('/webhooks', body), onSuccess }),
    update: useMutation({ mutationFn: put, onSuccess }),
    /** A new generated secret, keeping everything else; the old one signs on for the server's default grace period (24 h). */
    rotate: useMutation({
      mutationFn: (e: WebhookEndpoint) => put({ id: e.id, version: e.version, url: e.url, events: e.events, enabled: e.enabled, description: e.description, rotateSecret: true }),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (e: WebhookEndpoint) => api.del<void>(`/webhooks/${e.id}?version=${e.version}`), onSuccess }),
  };
}

export function useReplayDelivery(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => api.post<WebhookDelivery>(`/webhook-deliveries/${deliveryId}/replay`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: deliveriesKey(endpointId) }),
  });
}
