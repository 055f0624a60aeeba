/**
 * The web's merchant-facing tables stay equal to the domain: what each plan of a standing choice
 * does (处理偏好) and the events a webhook may subscribe to.
 */
import { describe, expect, it } from 'vitest';
import { PLAN_EFFECTS, SUBTYPES, taskCategoryOf } from '../../src/domain/catalog.js';
import { STANDING_CHOICES, choiceOf } from '../../src/domain/policies.js';
import { WEBHOOK_EVENT_TYPES as DOMAIN_EVENTS } from '../../src/domain/notification-events.js';
import { PLAN_OUTCOMES, outcomeOf } from '../../web/src/workspaces/merchant/preferences/outcomes.js';
import { WEBHOOK_EVENT_TYPES } from '../../web/src/workspaces/merchant/webhooks/events.js';

describe('web tables follow the domain', () => {
  it('each plan of each standing choice: effects in every case, effects in some, and the task category', () => {
    const keys = new Set<string>();
    for (const c of STANDING_CHOICES) {
      const subtypes = SUBTYPES.filter((s) => choiceOf(s.code) === c.code);
      for (const { code: plan } of c.plans) {
        keys.add(`${c.type}/${plan}`);
        const kinds = subtypes.map((s) => new Set(PLAN_EFFECTS[s.code][plan]!.map((e) => e.kind as string)));
        const always = [...kinds[0]].filter((k) => kinds.every((set) => set.has(k)));
        const sometimes = [...new Set(kinds.flatMap((set) => [...set]))].filter((k) => !always.includes(k));
        const cats = new Set(subtypes.map((s) => taskCategoryOf(PLAN_EFFECTS[s.code][plan]!)));
        const o = outcomeOf(c.type, plan);
        expect(o, `${c.type}/${plan}`).toBeDefined();
        expect([...o!.effects].sort(), `${c.type}/${plan}`).toEqual(always.sort());
        expect([...(o!.sometimes ?? [])].sort(), `${c.type}/${plan}`).toEqual(sometimes.sort());
        expect([...cats], `${c.type}/${plan}`).toEqual([o!.taskCategory]);
      }
    }
    expect(Object.keys(PLAN_OUTCOMES).sort()).toEqual([...keys].sort());
  });

  it('webhook event types', () => {
    expect([...WEBHOOK_EVENT_TYPES]).toEqual([...DOMAIN_EVENTS]);
  });
});
