/**
 * Headers for the installable web app's files (web/public → web/dist): the service worker and the
 * manifest are asked for again on every check (`no-cache`; the worker's scope is the whole site),
 * and the chunks served only to staff sessions (src/http/staff-assets.ts) say `private`, which the
 * service worker reads as "ask the server each time, keep a copy only for when it cannot be reached".
 * @fastify/static already answers `.webmanifest` as application/manifest+json and `.js` as JavaScript.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { staffOnlyAssets } from './staff-assets.js';

/** The gated chunks per build (the assets folder's mtime): test suites build many apps on one build. */
const memo = new Map<string, { built: number; gated: Set<string> }>();

function gatedAssets(dist: string): Set<string> {
  let built = 0;
  try { built = statSync(join(dist, 'assets')).mtimeMs; } catch { /* no build: nothing gated */ }
  const hit = memo.get(dist);
  if (hit && hit.built === built) return hit.gated;
  const gated = staffOnlyAssets(dist);
  memo.set(dist, { built, gated });
  return gated;
}

export function installPwaHeaders(app: FastifyInstance, dist: string): void {
  const gated = gatedAssets(dist);
  app.addHook('onSend', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const path = req.url.split('?')[0];
    if (path === '/sw.js') {
      reply.header('cache-control', 'no-cache');
      reply.header('service-worker-allowed', '/');
    } else if (path === '/manifest.webmanifest') {
      reply.header('cache-control', 'no-cache');
    } else if (gated.has(path) && reply.statusCode < 400) {
      reply.header('cache-control', 'private, no-cache');
    }
  });
}
