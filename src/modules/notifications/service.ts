/**
 * The in-app inbox (通知): every user reads, counts and marks only its own notifications, which
 * `emit` fanned out in the transaction of the change they announce.
 */
import type { Selectable } from 'kysely';
import type { NotificationRow } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { paginate, type PageQuery } from '../shared/pagination.js';

const WHAT = 'Notification';

/** Inbox entries belong to a logged-in user; the system actor has none. */
function userOf(ctx: Ctx): string {
  if (!ctx.actor.id) throw new AppError(401, 'UNAUTHENTICATED', 'Log in to read notifications');
  return ctx.actor.id;
}

export function toNotificationView(n: Selectable<NotificationRow>) {
  return {
    id: n.id,
    code: n.code,
    title: { 'zh-CN': n.titleZh, 'en-US': n.titleEn },
    params: JSON.parse(n.params) as Record<string, unknown>,
    document: { type: n.documentType, id: n.documentId, no: n.documentNo },
    read: n.readAt !== null,
    readAt: n.readAt,
    createdAt: n.createdAt,
  };
}

const own = (ctx: Ctx, userId: string) => ctx.db.selectFrom('notifications').selectAll().where('userId', '=', userId);

export async function listNotifications(ctx: Ctx, q: PageQuery & { unread?: boolean }) {
  const userId = userOf(ctx);
  let query = own(ctx, userId);
  if (q.unread === true) query = query.where('readAt', 'is', null);
  if (q.unread === false) query = query.where('readAt', 'is not', null);
  const page = await paginate(query, 'id', q);
  return { items: page.items.map(toNotificationView), nextCursor: page.nextCursor };
}

export async function unreadCount(ctx: Ctx) {
  const userId = userOf(ctx);
  const row = await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId).where('readAt', 'is', null).executeTakeFirstOrThrow();
  return { count: Number(row.n) };
}

/** Marking read is idempotent: a notification already read keeps its first read time. */
export async function markRead(ctx: Ctx, id: string) {
  const userId = userOf(ctx);
  return command(ctx, async (tx) => {
    const n = await tx.selectFrom('notifications').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
    if (!n) throw notFound(WHAT);
    if (n.readAt === null) {
      await tx.updateTable('notifications').set({ readAt: nowIso(ctx) }).where('id', '=', id).where('readAt', 'is', null).execute();
    }
    return toNotificationView((await tx.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst())!);
  });
}

export async function markAllRead(ctx: Ctx) {
  const userId = userOf(ctx);
  return command(ctx, async (tx) => {
    const res = await tx.updateTable('notifications').set({ readAt: nowIso(ctx) })
      .where('userId', '=', userId).where('readAt', 'is', null).executeTakeFirst();
    return { updated: Number(res.numUpdatedRows) };
  });
}
