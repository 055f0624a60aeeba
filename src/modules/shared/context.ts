/** What every use case receives: the database, who acts, the clock, and the retry key. */
import type { Db } from '../../db/create-db.js';
import type { PhotoStore } from '../photos/storage.js';

export const ROLES = ['ADMIN', 'OPS', 'MERCHANT', 'WAREHOUSE'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string | null;
  username: string;
  role: Role | 'SYSTEM';
  merchantId: string | null;
  warehouseId: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system', role: 'SYSTEM', merchantId: null, warehouseId: null };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IdempotencyRequest {
  key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  requestHash: string;
}

export interface Ctx {
  /** Where the use case reads: the primary, or in a read route (src/http/read-routing.ts) the replica chosen for it. */
  db: Db;
  /** Set when `db` is the read replica's: the primary, where a command writes (./command.ts). */
  primary?: Db;
  actor: Actor;
  clock: Clock;
  /** The data folder: uploaded photos live in its `photos/` unless `photos` names another store. */
  dataDir: string;
  /** The photo store (TALLY_S3_*); unset: the data folder's (../photos/storage.ts). */
  photos?: PhotoStore;
  idempotency?: IdempotencyRequest;
  /** The client's address (through TALLY_TRUST_PROXY when set), recorded with each event. */
  ip?: string;
  /** Set by `command` when the answer is a replay of an earlier identical request. */
  replayed?: boolean;
}

export const nowIso = (ctx: { clock: Clock }) => ctx.clock.now().toISOString();

export const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();
