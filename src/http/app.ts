/** The Fastify application: plugins, auth, error mapping, and every module's routes. */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db, Dialect } from '../db/create-db.js';
import { systemClock, type Clock } from '../modules/shared/context.js';
import type { SecretBox } from '../security/secret-box.js';
import type { PhotoStore } from '../modules/photos/storage.js';
import { openSecrets } from '../security/secret-key.js';
import { frameworkError, installErrorHandling } from './problem.js';
import { installAuth } from './auth.js';
import { installSecurityHeaders } from './security-headers.js';
import { installStaffAssets } from './staff-assets.js';
import { installPwaHeaders } from './pwa.js';
import { rejectNulBytes } from './nul-bytes.js';
import { publicOpenApi } from './openapi.js';
import { routeModules } from './routes.js';
import { installRequestId, requestIdOf } from './request-id.js';
import { installLifecycle, Lifecycle } from './lifecycle.js';
import { installMetrics } from './metrics.js';
import { installReadRouting, type ReadRouting } from './read-routing.js';

declare module 'fastify' {
  interface FastifyInstance {
    tally: { db: Db; dialect: Dialect; clock: Clock; dataDir: string; photos?: PhotoStore; allowPrivateWebhookDestinations: boolean; secrets: SecretBox };
  }
}

export interface AppOptions {
  db: Db;
  dialect: Dialect;
  dataDir: string;
  /** Where photos are kept (TALLY_S3_*); default `<dataDir>/photos/`. */
  photos?: PhotoStore;
  clock?: Clock;
  logger?: boolean;
  /** Accept webhook URLs on loopback/private addresses (TALLY_WEBHOOK_ALLOW_PRIVATE); default false. */
  allowPrivateWebhookDestinations?: boolean;
  /** The key webhook secrets are sealed with (TALLY_SECRET_KEY); default: `<dataDir>/secret.key`, created when missing. */
  secrets?: SecretBox;
  /** Which proxies' X-Forwarded-For/-Proto to believe (TALLY_TRUST_PROXY); default none. */
  trustProxy?: boolean | number | string[];
  /** Shared with the entry point: shutting down, the job loop, requests in flight (./lifecycle.ts); default a fresh one. */
  lifecycle?: Lifecycle;
  /** Also export the process's own metrics (CPU, memory, event loop lag, GC) on /metrics; the server turns it on. */
  processMetrics?: boolean;
  /** Reads of lists, details, counts, the dashboard and exports on this replica (DATABASE_READ_URL; ./read-routing.ts). */
  readReplica?: ReadRouting;
}

/** The built web app (npm install / npm start build it); served at / with the SPA's routes falling back to index.html. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: 1024 * 1024,
    ajv: undefined,
    frameworkErrors: frameworkError,
    // the request id of every log line and answer: a safe X-Request-Id from the caller, else a UUID (./request-id.ts)
    genReqId: requestIdOf,
    // a hop count trusts that many proxies nearest to us
    trustProxy: typeof opts.trustProxy === 'number' ? ((_: string, hop: number) => hop < (opts.trustProxy as number)) : opts.trustProxy ?? false,
  });
  app.decorate('tally', {
    db: opts.db, dialect: opts.dialect, clock: opts.clock ?? systemClock, dataDir: opts.dataDir, photos: opts.photos,
    allowPrivateWebhookDestinations: opts.allowPrivateWebhookDestinations === true,
    secrets: opts.secrets ?? openSecrets({ dataDir: opts.dataDir }).box,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installRequestId(app);
  installLifecycle(app, opts.lifecycle ?? new Lifecycle());
  installReadRouting(app, opts.readReplica); // before the metrics, which count its reads
  installMetrics(app, app.lifecycle, { processMetrics: opts.processMetrics });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tally API', description: 'Inbound exception management (SPEC §9)', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // /docs, /docs/json and /docs/yaml show the public document, as /api/openapi.json does (subtype codes are internal, SPEC §2);
  // the page runs no inline script (its initializer is /docs/static/swagger-initializer.js)
  await app.register(swaggerUi, { routePrefix: '/docs', transformSpecification: (doc) => publicOpenApi(doc), transformSpecificationClone: false });
  await app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5 } });
  await app.register(cookie);
  await installSecurityHeaders(app);
  installAuth(app);
  rejectNulBytes(app);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => publicOpenApi(app.swagger()));
  app.get('/api/health', { schema: { hide: true }, config: { public: true } }, async () => ({ ok: true }));
  for (const register of routeModules) await app.register(register);
  if (existsSync(WEB_DIST)) {
    installStaffAssets(app, WEB_DIST);
    installPwaHeaders(app, WEB_DIST);
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  }
  return app;
}
