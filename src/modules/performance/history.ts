/** A merchant's coaching levels now, with the rules that move them and its level changes (its history). */
import { EXCEPTION_TYPES } from '../../domain/catalog.js';
import { notFound } from '../../domain/errors.js';
import { COACHING_LABELS, COACHING_TRANSITIONS } from '../../domain/performance/coaching.js';
import { requireRole } from '../shared/access.js';
import type { Ctx } from '../shared/context.js';
import { toEventView } from '../shared/events.js';
import { loadSettings } from '../settings/service.js';
import { levelsOf } from './coaching.js';
import { coachingHistoryOf, merchantById } from './coaching-repository.js';

export async function coachingOf(ctx: Ctx, merchantId: string) {
  requireRole(ctx.actor, 'OPS', 'ADMIN', 'MERCHANT');
  if (ctx.actor.role === 'MERCHANT' && ctx.actor.merchantId !== merchantId) throw notFound('Merchant');
  const merchant = await merchantById(ctx.db, merchantId);
  if (!merchant) throw notFound('Merchant');
  const [levels, settings, events] = await Promise.all([
    levelsOf(ctx.db, [merchantId]),
    loadSettings(ctx.db),
    coachingHistoryOf(ctx.db, merchantId),
  ]);
  const level = levels.get(merchantId)!;
  return {
    merchant,
    levels: EXCEPTION_TYPES.map((type) => ({ type, ...level[type], ...COACHING_LABELS[level[type].level] })),
    rules: settings.coaching,
    transitions: COACHING_TRANSITIONS,
    levelLabels: COACHING_LABELS,
    history: events.map(toEventView),
  };
}
