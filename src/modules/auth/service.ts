/**
 * Logging in and out, and a user's own password and sessions. Passwords are argon2id; a failed
 * login is throttled (./throttle.ts) and recorded in the audit trail like every success, logout,
 * ended session and password change (documentType `user` / `session`, with the client's IP).
 */
import { hash, verify } from '@node-rs/argon2';
import { AppError, notFound } from '../../domain/errors.js';
import type { Db } from '../../db/create-db.js';
import type { SessionKind, UserRow } from '../../db/types.js';
import { inTransaction } from '../shared/command.js';
import { nowIso, type Actor, type Clock, type Ctx, type Role } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';
import { assertPasswordPolicy } from './password-policy.js';
import { endSessions, openSession, sessionsOf, type SessionActor } from './sessions.js';
import { recordFailure, recordSuccess, retryAfterSeconds, tooManyAttempts } from './throttle.js';

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | undefined;

export const hashPassword = (password: string) => hash(password);

export interface UserView {
  id: string;
  username: string;
  role: Role;
  merchantId?: string;
  warehouseId?: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role as Role,
    ...(u.merchantId ? { merchantId: u.merchantId } : {}),
    ...(u.warehouseId ? { warehouseId: u.warehouseId } : {}),
    disabled: u.disabledAt !== null,
    mustChangePassword: u.mustChangePassword === 1,
  };
}

export interface Client { db: Db; clock: Clock; ip: string; userAgent?: string }

const actorOf = (u: UserRow): Actor => ({ id: u.id, username: u.username, role: u.role as Role, merchantId: u.merchantId, warehouseId: u.warehouseId });

export async function login(c: Client, input: { username: string; password: string; session?: SessionKind }) {
  const now = c.clock.now();
  const wait = await retryAfterSeconds(c.db, now, input.username, c.ip);
  if (wait > 0) throw tooManyAttempts(wait);
  const user = await c.db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
  dummyHash ??= hash('not-a-password');
  const ok = user ? await verify(user.passwordHash, input.password) : (await verify(await dummyHash, input.password), false);
  if (!user || !ok) {
    await inTransaction(c.db, async (tx) => {
      await recordFailure(tx, now, input.username, c.ip);
      await recordEvent(tx, { clock: c.clock, ip: c.ip, actor: { id: null, username: input.username.slice(0, 64), role: 'ANONYMOUS' } }, {
        documentType: 'user', documentId: user?.id ?? '-', action: 'LOGIN_FAILED', data: { username: input.username.slice(0, 64) },
      });
    });
    throw new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
  }
  if (user.disabledAt) throw new AppError(403, 'ACCOUNT_DISABLED', 'This account is disabled; ask your administrator');
  const kind = input.session ?? 'bearer';
  const opened = await inTransaction(c.db, async (tx) => {
    await recordSuccess(tx, input.username, c.ip);
    const s = await openSession(tx, c.clock, user.id, kind, c);
    await recordEvent(tx, { clock: c.clock, ip: c.ip, actor: actorOf(user) }, {
      documentType: 'session', documentId: s.id, action: 'LOGIN', data: { kind, userAgent: c.userAgent?.slice(0, 300) ?? null },
    });
    return s;
  });
  return { ...opened, user: toUserView(user) };
}

const sessionOf = (actor: Actor) => {
  const s = (actor as SessionActor).session;
  if (!s) throw new AppError(401, 'UNAUTHENTICATED', 'This request has no session');
  return s;
};

export async function logout(ctx: Ctx): Promise<void> {
  const { id } = sessionOf(ctx.actor);
  await inTransaction(ctx.db, async (tx) => {
    await endSessions(tx, ctx.actor.id!, { only: id });
    await recordEvent(tx, ctx, { documentType: 'session', documentId: id, action: 'LOGOUT' });
  });
}

export async function mySessions(ctx: Ctx) {
  return { items: await sessionsOf(ctx.db, ctx.clock, ctx.actor.id!, sessionOf(ctx.actor).id) };
}

export async function endMySession(ctx: Ctx, sessionId: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const ended = await endSessions(tx, ctx.actor.id!, { only: sessionId });
    if (!ended) throw notFound('session');
    await recordEvent(tx, ctx, { documentType: 'session', documentId: sessionId, action: 'SESSION_ENDED', data: { by: 'owner' } });
  });
}

/** The user's own password: the current one first; every other session of theirs ends. */
export async function changePassword(ctx: Ctx, input: { currentPassword: string; newPassword: string }) {
  const current = sessionOf(ctx.actor);
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', ctx.actor.id!).executeTakeFirstOrThrow();
  if (!(await verify(user.passwordHash, input.currentPassword))) {
    throw new AppError(422, 'WRONG_PASSWORD', 'The current password is wrong', [{ field: 'currentPassword', code: 'WRONG_PASSWORD', message: 'Wrong password' }]);
  }
  assertPasswordPolicy(input.newPassword, user.username, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new AppError(422, 'SAME_PASSWORD', 'Choose a password other than the current one', [{ field: 'newPassword', code: 'SAME_PASSWORD', message: 'Same as the current password' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('users').set({ passwordHash, mustChangePassword: 0, passwordChangedAt: nowIso(ctx) }).where('id', '=', user.id).execute();
    const ended = await endSessions(tx, user.id, { except: current.id });
    await recordEvent(tx, ctx, { documentType: 'user', documentId: user.id, action: 'PASSWORD_CHANGED', data: { sessionsEnded: ended } });
    return { sessionsEnded: ended };
  });
}

export { authenticate } from './sessions.js';
