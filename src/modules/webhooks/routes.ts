import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exec, read } from '../../http/exec.js';
import { WEBHOOK_EVENT_TYPES } from '../../domain/notification-events.js';
import { IdParams, PageQuery, Version } from '../shared/schemas.js';
import { DELIVERY_STATUSES } from './service.js';
import * as service from './service.js';
import { MAX_ROTATION_GRACE_SECONDS } from './secrets.js';

const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;

/** An absolute http(s) URL without credentials or control characters in it. */
const Url = z.string().trim().max(2048).regex(NO_CONTROL, 'No control characters').refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !!u.hostname;
  } catch {
    return false;
  }
}, 'An absolute http:// or https:// URL without user or password');

const Secret = z.string().min(16, 'At least 16 characters').max(200).regex(/^[\x21-\x7e]+$/, 'Visible ASCII characters only');

const Events = z.array(z.enum(WEBHOOK_EVENT_TYPES as unknown as [string, ...string[]])).min(1).max(WEBHOOK_EVENT_TYPES.length)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t)) ctx.addIssue({ code: 'custom', path: [i], message: 'This event type is already listed' });
      seen.add(t);
    });
  });

const fields = {
  url: Url,
  secret: Secret.optional(),
  events: Events,
  enabled: z.boolean().optional(),
  description: z.string().trim().max(200).regex(NO_CONTROL, 'No control characters').nullish(),
};

const DeliveryQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES as unknown as [string, ...string[]]).optional(),
});

const DELIVERY_DOC = [
  'Each subscribed event is POSTed as JSON `{id, type, createdAt, merchantId, documentType, document, data}` with headers',
  '`X-Tally-Event` (the type), `X-Tally-Delivery` (the delivery id; the same on every retry) and',
  '`X-Tally-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`.',
  'After a secret change the replaced secret still signs for a grace period (`rotationGraceSeconds`, default 24 h):',
  'meanwhile the header carries one `v1=` per secret, the new one first (`t=…,v1=<new>,v1=<previous>`) — accept when any matches.',
  'Verify the signature over the raw body, reject old timestamps, and dedupe on the event `id`.',
  'The secret is stored encrypted and shown only in the answer that set it: a replay of that request (same `Idempotency-Key`)',
  'answers without `secret` and with `secretShownOnce: true`; if that answer was lost, rotate the secret.',
  'Only public addresses are called: a URL whose host is a loopback, private, link-local or reserved IP (or `localhost`) is refused',
  'with 422 `WEBHOOK_URL_NOT_PUBLIC`, and a name resolving to such an address fails its delivery attempts with',
  '`lastError: "destination not allowed"` (the same words whatever the address).',
  'A 2xx answer within 10 s is delivered; anything else is retried after 10 s, 20 s, 40 s … (at most 1 h apart, 12 attempts),',
  'and events of one document arrive in order: a later one waits until the earlier one is delivered or given up.',
].join(' ');

export async function webhookRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  const opts = (req: FastifyRequest): service.WebhookOptions => ({
    secrets: req.server.tally.secrets, destinations: { allowPrivate: req.server.tally.allowPrivateWebhookDestinations },
  });

  r.get('/api/webhooks', { schema: { tags, summary: 'My webhook endpoints (MERCHANT)', querystring: z.strictObject(PageQuery) } },
    (req, reply) => read(req, reply, (ctx) => service.listEndpoints(ctx, req.query)));
  r.get('/api/webhooks/:id', { schema: { tags, params: IdParams } },
    (req, reply) => read(req, reply, (ctx) => service.getEndpoint(ctx, req.params.id)));
  r.post('/api/webhooks', {
    schema: {
      tags, summary: 'Add an endpoint; the secret (given, or generated when omitted) is shown only in this answer',
      description: DELIVERY_DOC, body: z.strictObject(fields),
    },
  }, (req, reply) => exec(req, reply, (ctx) => service.createEndpoint(ctx, req.body as service.EndpointInput, opts(req)), 201));
  r.put('/api/webhooks/:id', {
    schema: {
      tags, params: IdParams,
      summary: 'Replace an endpoint; `secret` or `rotateSecret: true` changes the secret (shown once), the old one signing on for `rotationGraceSeconds`',
      body: z.strictObject({
        ...fields, rotateSecret: z.boolean().optional(),
        rotationGraceSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).optional(),
        version: Version.optional(),
      }),
    },
  }, (req, reply) => exec(req, reply, (ctx) => service.updateEndpoint(ctx, req.params.id, req.body as service.EndpointChange, opts(req))));
  r.delete('/api/webhooks/:id', {
    schema: { tags, summary: 'Delete (pending deliveries are cancelled)', params: IdParams, querystring: z.strictObject({ version: z.coerce.number().pipe(Version).optional() }) },
  }, (req, reply) => exec(req, reply, async (ctx) => { await service.deleteEndpoint(ctx, req.params.id, req.query); }, 204));
  r.get('/api/webhooks/:id/deliveries', {
    schema: { tags, summary: 'Delivery log: event, attempts, last status code or error, next attempt, delivered at', params: IdParams, querystring: DeliveryQuery },
  }, (req, reply) => read(req, reply, (ctx) => service.listDeliveries(ctx, req.params.id, req.query)));
  r.post('/api/webhook-deliveries/:id/replay', {
    schema: { tags, summary: 'Send this event again as a new delivery', params: IdParams, body: z.strictObject({}).nullish() },
  }, (req, reply) => exec(req, reply, (ctx) => service.replayDelivery(ctx, req.params.id), 201));
}
