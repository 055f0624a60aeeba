/**
 * Merchant standing instructions: for each choice it is offered (an exception type and the two
 * plans it chooses between — never a subtype), the plan the merchant prefers. A policy that
 * honours them decides with that plan when it is allowed; ops can always decide otherwise.
 */
import type { Plan } from '../../domain/catalog.js';
import { notFound, ruleViolation } from '../../domain/errors.js';
import { STANDING_CHOICES } from '../../domain/policies.js';
import type { Executor } from '../../db/create-db.js';
import { requireRole } from '../shared/access.js';
import { command } from '../shared/command.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { recordEvent } from '../shared/events.js';

export interface InstructionInput {
  choice: string;
  /** null clears the instruction. */
  plan: Plan | null;
}

async function viewOf(db: Executor, merchantId: string) {
  const rows = await db.selectFrom('standingInstructions').selectAll().where('merchantId', '=', merchantId).execute();
  const byChoice = new Map(rows.map((r) => [r.choice, r]));
  return {
    merchantId,
    choices: STANDING_CHOICES.map((c) => ({
      choice: c.code, type: c.type, typeLabel: c.typeLabel, plans: c.plans,
      preferredPlan: byChoice.get(c.code)?.plan ?? null,
      updatedAt: byChoice.get(c.code)?.updatedAt ?? null,
    })),
  };
}

/** A merchant reads its own; ops and admin read any merchant's (`merchantId` required). */
export async function getStandingInstructions(ctx: Ctx, q: { merchantId?: string }) {
  requireRole(ctx.actor, 'MERCHANT', 'OPS', 'ADMIN');
  let merchantId = ctx.actor.merchantId;
  if (ctx.actor.role === 'MERCHANT' && q.merchantId && q.merchantId !== merchantId) throw notFound('Merchant');
  if (ctx.actor.role !== 'MERCHANT') {
    if (!q.merchantId) throw ruleViolation('MERCHANT_REQUIRED', 'Name the merchant whose instructions to read', 'merchantId');
    const m = await ctx.db.selectFrom('merchants').select('id').where('id', '=', q.merchantId).executeTakeFirst();
    if (!m) throw notFound('Merchant');
    merchantId = m.id;
  }
  return viewOf(ctx.db, merchantId!);
}

/** Sets (or with `plan: null` clears) the given choices; the others stay as they are. */
export async function putStandingInstructions(ctx: Ctx, input: { instructions: InstructionInput[] }) {
  requireRole(ctx.actor, 'MERCHANT');
  const merchantId = ctx.actor.merchantId!;
  input.instructions.forEach((ins, i) => {
    const choice = STANDING_CHOICES.find((c) => c.code === ins.choice)!;
    if (ins.plan && !choice.plans.some((p) => p.code === ins.plan)) {
      throw ruleViolation('PLAN_NOT_OFFERED', `This choice is between ${choice.plans.map((p) => p.code).join(' and ')}`, `instructions[${i}].plan`);
    }
  });
  return command(ctx, async (tx) => {
    const at = nowIso(ctx);
    for (const ins of input.instructions) {
      if (ins.plan === null) {
        await tx.deleteFrom('standingInstructions').where('merchantId', '=', merchantId).where('choice', '=', ins.choice).execute();
        continue;
      }
      await tx.insertInto('standingInstructions')
        .values({ merchantId, choice: ins.choice, plan: ins.plan, updatedAt: at, updatedBy: ctx.actor.username })
        .onConflict((oc) => oc.columns(['merchantId', 'choice']).doUpdateSet({ plan: ins.plan!, updatedAt: at, updatedBy: ctx.actor.username }))
        .execute();
    }
    await recordEvent(tx, ctx, { documentType: 'standingInstructions', documentId: merchantId, action: 'UPDATED', data: { instructions: input.instructions } });
    return viewOf(tx, merchantId);
  });
}
