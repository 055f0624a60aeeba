/**
 * What an ADMIN does to an account: disable it (its sessions end at once) and enable it again,
 * reset its password (the user must choose a new one at the next login; its sessions end), and end
 * its sessions. Each is one transaction with an audit event.
 *
 * "At least one enabled ADMIN remains" looks at other rows before it acts, so disabling an ADMIN
 * first locks every enabled ADMIN row (ordered by id, FOR UPDATE on PostgreSQL; SQLite has one
 * writer): two admins disabling each other at the same moment serialise, and the second is refused.
 */
import { AppError, notFound, ruleViolation } from '../../domain/errors.js';
import type { Tx } from '../../db/create-db.js';
import { dialectOf } from '../../db/dialect.js';
import type { UserRow } from '../../db/types.js';
import { hashPassword, toUserView } from '../auth/service.js';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { endSessions, sessionsOf } from '../auth/sessions.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';

async function userOr404(tx: Tx, id: string): Promise<UserRow> {
  const row = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('user');
  return row;
}

/** Locks the enabled ADMIN rows in id order and answers how many there are. */
async function lockEnabledAdmins(tx: Tx): Promise<string[]> {
  let q = tx.selectFrom('users').select('id').where('role', '=', 'ADMIN').where('disabledAt', 'is', null).orderBy('id');
  if (dialectOf(tx) === 'postgres') q = q.forUpdate();
  return (await q.execute()).map((r) => r.id);
}

export async function disableUser(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'ADMIN');
  if (id === ctx.actor.id) throw ruleViolation('CANNOT_DISABLE_SELF', 'You cannot disable your own account', 'id');
  return command(ctx, async (tx) => {
    const target = await userOr404(tx, id);
    if (target.role === 'ADMIN') {
      const admins = await lockEnabledAdmins(tx);
      if (admins.includes(id) && admins.length <= 1) {
        throw new AppError(409, 'LAST_ADMIN', 'This is the last enabled ADMIN account; enable or create another first');
      }
    }
    const user = await userOr404(tx, id);
    if (user.disabledAt) return toUserView(user);
    const at = nowIso(ctx);
    await tx.updateTable('users').set({ disabledAt: at }).where('id', '=', id).execute();
    const ended = await endSessions(tx, id);
    await recordEvent(tx, ctx, { documentType: 'user', documentId: id, action: 'DISABLED', data: { username: user.username, sessionsEnded: ended } });
    return toUserView({ ...user, disabledAt: at });
  });
}

export async function enableUser(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'ADMIN');
  return command(ctx, async (tx) => {
    const user = await userOr404(tx, id);
    if (!user.disabledAt) return toUserView(user);
    await tx.updateTable('users').set({ disabledAt: null }).where('id', '=', id).execute();
    await recordEvent(tx, ctx, { documentType: 'user', documentId: id, action: 'ENABLED', data: { username: user.username } });
    return toUserView({ ...user, disabledAt: null });
  });
}

/** A temporary password the ADMIN hands over; the user must replace it at the next login. */
export async function resetPassword(ctx: Ctx, id: string, temporaryPassword: string) {
  requireRole(ctx.actor, 'ADMIN');
  const existing = await ctx.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirst();
  if (!existing) throw notFound('user');
  assertPasswordPolicy(temporaryPassword, existing.username, 'temporaryPassword');
  const passwordHash = await hashPassword(temporaryPassword);
  return command(ctx, async (tx) => {
    const user = await userOr404(tx, id);
    await tx.updateTable('users').set({ passwordHash, mustChangePassword: 1, passwordChangedAt: nowIso(ctx) }).where('id', '=', id).execute();
    const ended = await endSessions(tx, id);
    await recordEvent(tx, ctx, { documentType: 'user', documentId: id, action: 'PASSWORD_RESET', data: { username: user.username, sessionsEnded: ended } });
    return toUserView({ ...user, mustChangePassword: 1 });
  });
}

export async function endUserSessions(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'ADMIN');
  return command(ctx, async (tx) => {
    const user = await userOr404(tx, id);
    const ended = await endSessions(tx, id, id === ctx.actor.id ? { except: currentSessionId(ctx) } : {});
    await recordEvent(tx, ctx, { documentType: 'user', documentId: id, action: 'SESSIONS_ENDED', data: { username: user.username, sessionsEnded: ended } });
    return { sessionsEnded: ended };
  });
}

export async function userSessions(ctx: Ctx, id: string) {
  requireRole(ctx.actor, 'ADMIN');
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user');
  return { items: await sessionsOf(ctx.db, ctx.clock, id, currentSessionId(ctx)) };
}

const currentSessionId = (ctx: Ctx) => (ctx.actor as { session?: { id: string } }).session?.id;
