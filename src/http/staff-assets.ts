/**
 * The web app's chunks that name internal exception subtypes (the warehouse's and the platform's
 * workspaces: hints and labels keyed by subtype code, SPEC §2) are served only to a warehouse or
 * platform session. The eager code and the merchant's chunks name none (test/api/security-contract),
 * but every chunk's name is in the eager code's preload map, so without this gate anyone could fetch
 * them. Which chunks those are is read from the build itself at start, so a rebuild needs no list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SUBTYPE_CODES } from '../domain/catalog.js';
import { AppError } from '../domain/errors.js';
import { authenticate } from '../modules/auth/sessions.js';
import { credentialOf } from './auth.js';

const STAFF = new Set(['WAREHOUSE', 'OPS', 'ADMIN']);

/** A subtype code as a whole token in code: quoted, or an object key. RECEIVED_PACKAGE is also a type code. */
const CODE = new RegExp(`["'\`](?:${SUBTYPE_CODES.filter((c) => c !== 'RECEIVED_PACKAGE').join('|')})["'\`]|[{,\\s](?:${SUBTYPE_CODES.filter((c) => c !== 'RECEIVED_PACKAGE').join('|')})\\s*:`);

export const namesSubtypes = (js: string) => CODE.test(js);

/** `/assets/<file>` paths of the build's chunks that name a subtype. */
export function staffOnlyAssets(dist: string): Set<string> {
  const dir = join(dist, 'assets');
  const out = new Set<string>();
  let files: string[];
  try { files = readdirSync(dir); } catch { return out; }
  for (const f of files) if (/\.(js|map)$/.test(f) && namesSubtypes(readFileSync(join(dir, f), 'utf8'))) out.add(`/assets/${f}`);
  return out;
}

export function installStaffAssets(app: FastifyInstance, dist: string): void {
  const gated = staffOnlyAssets(dist);
  if (!gated.size) return;
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0];
    if (!gated.has(path)) return;
    const cred = credentialOf(req);
    const actor = cred && (await authenticate(app.tally.db, app.tally.clock, cred.token));
    // answered as a file that is not there: its existence is nothing a merchant needs to learn
    if (!actor || !STAFF.has(actor.role)) throw new AppError(404, 'NOT_FOUND', `No route GET ${path}`);
  });
}
