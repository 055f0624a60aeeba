/** The catalog as served: merchants get types, plans and labels but never subtypes (SPEC §2). */
import {
  DEFAULT_ORDER_TYPE_MATRIX, EFFECT_LABELS, type OrderTypeMatrix, EXCEPTION_TYPES, ORDER_TYPES, PLANS, PLAN_EFFECTS, PLAN_LABELS,
  STAGES, STAGE_LABELS, SUBTYPES, TASK_CATEGORIES, TASK_CATEGORY_LABELS, TYPE_LABELS, taskCategoryOf,
  type Plan,
} from '../../domain/catalog.js';
import { MACHINES } from '../../domain/state-machines.js';
import type { Actor } from '../shared/context.js';

/** `matrix`: the configured plan × order-type matrix (settings). */
export function catalogFor(actor: Actor, matrix: OrderTypeMatrix = DEFAULT_ORDER_TYPE_MATRIX) {
  const internal = actor.role !== 'MERCHANT';
  const statuses = Object.fromEntries(
    Object.entries(MACHINES).map(([doc, m]) => [doc, Object.entries(m.labels).map(([code, label]) => ({ code, label, next: (m.transitions as Record<string, readonly string[]>)[code] }))]),
  );
  return {
    orderTypes: ORDER_TYPES.map((code) => ({ code, label: ORDER_TYPE_LABELS[code] })),
    stages: STAGES.map((code) => ({ code, label: STAGE_LABELS[code] })),
    types: EXCEPTION_TYPES.map((code) => ({
      code,
      label: TYPE_LABELS[code],
      plans: [...new Set(SUBTYPES.filter((s) => s.type === code).flatMap((s) => s.plans))] as Plan[],
    })),
    plans: PLANS.map((code) => ({ code, label: PLAN_LABELS[code], orderTypes: matrix[code] })),
    effects: Object.entries(EFFECT_LABELS).map(([code, label]) => ({ code, label })),
    taskCategories: TASK_CATEGORIES.map((code) => ({ code, label: { 'zh-CN': TASK_CATEGORY_LABELS[code]['zh-CN'], 'en-US': TASK_CATEGORY_LABELS[code]['en-US'] }, todo: TASK_CATEGORY_LABELS[code].todo })),
    statuses,
    ...(internal
      ? {
          subtypes: SUBTYPES.map((s) => ({
            code: s.code,
            type: s.type,
            stages: s.stages,
            label: s.label,
            lines: s.lines,
            noteStatuses: s.noteStatuses,
            plans: s.plans.map((p) => {
              const effects = PLAN_EFFECTS[s.code][p] ?? [];
              return { plan: p, effects, taskCategory: taskCategoryOf(effects) };
            }),
          })),
        }
      : {}),
  };
}

export const ORDER_TYPE_LABELS = {
  FIRST: { 'zh-CN': '首单', 'en-US': 'First order' },
  REPEAT: { 'zh-CN': '返单', 'en-US': 'Repeat order' },
  JIT_REPEAT: { 'zh-CN': 'JIT返单', 'en-US': 'JIT repeat order' },
} as const;
