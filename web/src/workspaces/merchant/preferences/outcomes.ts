/**
 * What each plan of a standing choice does, as the merchant may know it: keyed by exception type and
 * plan (never a subtype), the catalog effects that always follow, those that follow only in some
 * cases, and the merchant's follow-up (task category). Labels come from the catalog (useLabels).
 * test/unit/web-plan-outcomes.test.ts keeps this table equal to src/domain/catalog.ts.
 */
export interface PlanOutcome {
  effects: string[];
  /** Effects that follow only in some cases of this type (e.g. compensation after transport damage). */
  sometimes?: string[];
  taskCategory: 'RETURN_ONLY' | 'RETURN_AND_RESEND' | 'RESEND_ONLY' | 'NONE';
}

export const PLAN_OUTCOMES: Record<string, PlanOutcome> = {
  'LOGISTICS/CONTINUE_DELIVERY': { effects: ['VOID_NOTE', 'REPLENISH'], sometimes: ['COMPENSATE'], taskCategory: 'RESEND_ONLY' },
  'LOGISTICS/TERMINATE_DELIVERY': { effects: ['VOID_NOTE'], sometimes: ['COMPENSATE'], taskCategory: 'NONE' },
  'PACKAGE/IN_WAREHOUSE_RECEIVE': { effects: ['VOID_NOTE', 'NEW_NOTE'], taskCategory: 'NONE' },
  'PACKAGE/TERMINATE_DELIVERY': { effects: ['VOID_NOTE', 'RETURN'], taskCategory: 'RETURN_ONLY' },
  'PACKAGE/AUTO_ORDER_RECEIVE': { effects: ['REINSTATE_NOTE'], taskCategory: 'NONE' },
  'PACKAGE/PROBLEM_PACKAGE_RETURN': { effects: ['VOID_NOTE', 'RETURN'], taskCategory: 'RETURN_ONLY' },
  'GOODS/AUTO_ORDER_RECEIVE': { effects: ['RECEIVE_REST', 'NEW_ORDER_AND_NOTE'], taskCategory: 'NONE' },
  'GOODS/PROBLEM_GOODS_RETURN': { effects: ['RECEIVE_REST', 'RETURN'], taskCategory: 'RETURN_ONLY' },
  'GOODS/IN_WAREHOUSE_RECEIVE': { effects: ['RECEIVE_REST', 'NEW_NOTE'], taskCategory: 'NONE' },
  'GOODS/CONTINUE_DELIVERY': { effects: ['RECEIVE_REST', 'REPLENISH'], taskCategory: 'RESEND_ONLY' },
  'GOODS/TERMINATE_DELIVERY': { effects: ['RECEIVE_REST'], taskCategory: 'NONE' },
  'GOODS/PROBLEM_GOODS_REPAIR': { effects: ['RECEIVE_REST', 'RETURN', 'REPLENISH'], taskCategory: 'RETURN_AND_RESEND' },
  'QUALITY/DEFECTIVE_RETURN': { effects: ['RECEIVE_REST', 'RETURN'], taskCategory: 'RETURN_ONLY' },
  'QUALITY/DEFECTIVE_REPAIR': { effects: ['RECEIVE_REST', 'RETURN', 'REPLENISH'], taskCategory: 'RETURN_AND_RESEND' },
  'QUALITY/ALL_RETURN': { effects: ['RETURN_NOTE', 'RETURN'], taskCategory: 'RETURN_ONLY' },
  'QUALITY/ALL_REPAIR': { effects: ['RETURN_NOTE', 'RETURN', 'REPLENISH'], taskCategory: 'RETURN_AND_RESEND' },
  'RECEIVED_PACKAGE/CONTINUE_DELIVERY': { effects: ['RECEIVE_REST', 'REPLENISH'], taskCategory: 'RESEND_ONLY' },
  'RECEIVED_PACKAGE/TERMINATE_DELIVERY': { effects: ['RECEIVE_REST'], taskCategory: 'NONE' },
};

export const outcomeOf = (type: string, plan: string): PlanOutcome | undefined => PLAN_OUTCOMES[`${type}/${plan}`];
