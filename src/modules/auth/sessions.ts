/**
 * Sessions: an opaque token (stored only as its SHA-256), a public id to list and end it, an idle
 * expiry pushed forward as it is used and an absolute expiry fixed at login (both durations in
 * settings). A web session lives in an HttpOnly cookie and carries a CSRF token; an API client's
 * is a bearer token. A session ends on logout, when its user ends it, when the user changes their
 * password (the other sessions), and at once when an ADMIN disables the user or ends its sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { SessionKind, SessionRow } from '../../db/types.js';
import { loadSettings } from '../settings/service.js';
import { addSeconds, type Actor, type Clock, type Role } from '../shared/context.js';
import { newId } from '../shared/ids.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The idle expiry is written at most this often per session, not on every request. */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionActor extends Actor {
  session: {
    id: string; kind: SessionKind; csrfToken: string | null; mustChangePassword: boolean;
    /** Where the replica must have replayed to before this session reads from it (src/http/read-routing.ts). */
    readAfterLsn: string | null;
  };
}

export interface OpenedSession { token: string; id: string; csrfToken: string | null; expiresAt: string }

export async function openSession(
  db: Executor, clock: Clock, userId: string, kind: SessionKind, client: { ip?: string; userAgent?: string },
): Promise<OpenedSession> {
  const settings = await loadSettings(db);
  const now = clock.now().toISOString();
  const token = randomBytes(32).toString('base64url');
  const row: SessionRow = {
    id: newId('ses'), tokenHash: sha256(token), userId, kind,
    csrfToken: kind === 'cookie' ? randomBytes(24).toString('base64url') : null,
    ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 300) ?? null,
    createdAt: now, lastSeenAt: now,
    idleExpiresAt: addSeconds(now, settings.sessionIdleSeconds),
    expiresAt: addSeconds(now, settings.sessionAbsoluteSeconds),
  };
  // the user's sessions that ran out are forgotten as it opens a new one
  await db.deleteFrom('sessions').where('userId', '=', userId)
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('idleExpiresAt', '<=', now)])).execute();
  await db.insertInto('sessions').values(row).execute();
  return { token, id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

// every request runs it: compiled once (../../db/precompiled.ts)
const sessionUser = precompiled((db, tokenHash: string) => db
  .selectFrom('sessions')
  .innerJoin('users', 'users.id', 'sessions.userId')
  .select([
    'users.id', 'users.username', 'users.role', 'users.merchantId', 'users.warehouseId',
    'users.disabledAt', 'users.mustChangePassword',
    'sessions.id as sessionId', 'sessions.kind', 'sessions.csrfToken', 'sessions.lastSeenAt', 'sessions.readAfterLsn',
    'sessions.idleExpiresAt', 'sessions.expiresAt',
  ])
  .where('sessions.tokenHash', '=', tokenHash));

/** The actor behind a token, or undefined when it is unknown, expired, idle too long or its user is disabled. */
export async function authenticate(db: Executor, clock: Clock, token: string): Promise<SessionActor | undefined> {
  const row = await sessionUser.first(db, sha256(token));
  const now = clock.now();
  const iso = now.toISOString();
  if (!row || row.disabledAt || row.expiresAt <= iso || row.idleExpiresAt <= iso) return undefined;
  if (now.getTime() - Date.parse(row.lastSeenAt) >= TOUCH_EVERY_SECONDS * 1000) await touch(db, row.sessionId, iso, row.expiresAt);
  return {
    id: row.id, username: row.username, role: row.role as Role, merchantId: row.merchantId, warehouseId: row.warehouseId,
    session: { id: row.sessionId, kind: row.kind, csrfToken: row.csrfToken, mustChangePassword: row.mustChangePassword === 1, readAfterLsn: row.readAfterLsn ?? null },
  };
}

async function touch(db: Executor, sessionId: string, now: string, expiresAt: string): Promise<void> {
  const settings = await loadSettings(db);
  const idle = addSeconds(now, settings.sessionIdleSeconds);
  await db.updateTable('sessions').set({ lastSeenAt: now, idleExpiresAt: idle < expiresAt ? idle : expiresAt })
    .where('id', '=', sessionId).execute();
}

export interface SessionView {
  id: string; kind: SessionKind; current: boolean; ip: string | null; userAgent: string | null;
  createdAt: string; lastSeenAt: string; expiresAt: string;
}

/** A user's live sessions, newest first. */
export async function sessionsOf(db: Executor, clock: Clock, userId: string, currentId?: string): Promise<SessionView[]> {
  const now = clock.now().toISOString();
  const rows = await db.selectFrom('sessions').selectAll().where('userId', '=', userId)
    .where('expiresAt', '>', now).where('idleExpiresAt', '>', now).orderBy('createdAt', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, current: r.id === currentId, ip: r.ip, userAgent: r.userAgent,
    createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, expiresAt: r.idleExpiresAt < r.expiresAt ? r.idleExpiresAt : r.expiresAt,
  }));
}

/** Ends sessions of `userId`: one (`only`), all but one (`except`), or all. Returns how many ended. */
export async function endSessions(db: Executor, userId: string, which: { only?: string; except?: string } = {}): Promise<number> {
  let q = db.deleteFrom('sessions').where('userId', '=', userId);
  if (which.only) q = q.where('id', '=', which.only);
  if (which.except) q = q.where('id', '!=', which.except);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Sessions that ran out; the cleanup job drops them. */
export async function forgetEndedSessions(db: Executor, now: Date): Promise<number> {
  const iso = now.toISOString();
  const res = await db.deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<=', iso), eb('idleExpiresAt', '<=', iso)])).executeTakeFirst();
  return Number(res.numDeletedRows);
}
