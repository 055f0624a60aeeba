import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PLANS } from '../../domain/catalog.js';
import { STANDING_CHOICE_CODES } from '../../domain/policies.js';
import { exec, read } from '../../http/exec.js';
import { Id } from '../shared/schemas.js';
import * as service from './service.js';

const Put = z.strictObject({
  instructions: z.array(z.strictObject({
    choice: z.enum(STANDING_CHOICE_CODES as [string, ...string[]]),
    plan: z.enum(PLANS).nullable(),
  })).min(1).max(STANDING_CHOICE_CODES.length).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((l, i) => {
      if (seen.has(l.choice)) ctx.addIssue({ code: 'custom', path: [i, 'choice'], message: 'This choice is already on another line' });
      seen.add(l.choice);
    });
  }),
});

export async function standingInstructionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['standing-instructions'];
  r.get('/api/standing-instructions', { schema: { tags, summary: 'The choices offered and the preferred plans (MERCHANT own; OPS, ADMIN with merchantId)', querystring: z.strictObject({ merchantId: Id.optional() }) } },
    (req, reply) => read(req, reply, (ctx) => service.getStandingInstructions(ctx, req.query)));
  r.put('/api/standing-instructions', { schema: { tags, summary: 'State preferred plans (MERCHANT); plan null clears one', body: Put } },
    (req, reply) => exec(req, reply, (ctx) => service.putStandingInstructions(ctx, req.body)));
}
