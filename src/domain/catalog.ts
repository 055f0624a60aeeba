/**
 * The exception catalog of SPEC §4 as data: types, subtypes, stages, plans and their effects.
 * Pages, rules, the API and the docs all read this one table.
 */
export const ORDER_TYPES = ['FIRST', 'REPEAT', 'JIT_REPEAT'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const STAGES = ['TRANSIT', 'RECEIVING', 'QC', 'PUTAWAY'] as const;
export type Stage = (typeof STAGES)[number];

export const EXCEPTION_TYPES = ['LOGISTICS', 'PACKAGE', 'GOODS', 'QUALITY', 'RECEIVED_PACKAGE'] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

export const PLANS = [
  'CONTINUE_DELIVERY',
  'TERMINATE_DELIVERY',
  'IN_WAREHOUSE_RECEIVE',
  'AUTO_ORDER_RECEIVE',
  'PROBLEM_PACKAGE_RETURN',
  'PROBLEM_GOODS_RETURN',
  'PROBLEM_GOODS_REPAIR',
  'DEFECTIVE_RETURN',
  'DEFECTIVE_REPAIR',
  'ALL_RETURN',
  'ALL_REPAIR',
] as const;
export type Plan = (typeof PLANS)[number];

export const TASK_CATEGORIES = ['RETURN_ONLY', 'RETURN_AND_RESEND', 'RESEND_ONLY', 'NONE'] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

/** Which units a quantity-bearing effect works on. */
export type QtyBasis = 'NOTE' | 'PROBLEM';

export type Effect =
  | { kind: 'RECEIVE_REST' } // the note's other units go on through receiving
  | { kind: 'VOID_NOTE' } // original note → VOIDED
  | { kind: 'RETURN_NOTE' } // original note → RETURNED
  | { kind: 'REINSTATE_NOTE' } // original note → ARRIVED, received normally
  | { kind: 'REPLENISH'; qty: QtyBasis } // new stocking order the merchant accepts and ships
  | { kind: 'COMPENSATE' } // compensation for the exception's units × unit price
  | { kind: 'NEW_NOTE'; qty: QtyBasis } // new delivery note (already arrived) on the same order
  | { kind: 'NEW_ORDER_AND_NOTE' } // new accepted order + arrived note for the problem qty
  | { kind: 'RETURN'; qty: QtyBasis }; // return order (NOTE = the sealed package)
export type EffectKind = Effect['kind'];

/**
 * What registering the subtype does to the unit ledger (SPEC §5):
 * PACKAGE — nothing moves (sealed package or nothing arrived);
 * HOLD — received units in process go on hold;
 * HOLD_ARRIVAL — extra units arrive straight onto hold (surplus, wrong goods);
 * SHORT — declared units that never came.
 */
export type HoldKind = 'PACKAGE' | 'HOLD' | 'HOLD_ARRIVAL' | 'SHORT';

/** Which lines the registrant gives: NOTE — filled from the note; REQUIRED — given; ALL_IN_PROCESS — every unit in process. */
export type LinesRule = 'NOTE' | 'REQUIRED' | 'ALL_IN_PROCESS';

export type NoteStatusForRegistration = 'CREATED' | 'IN_TRANSIT' | 'ARRIVED' | 'RECEIVING' | 'CANCELLED';

export interface Labels {
  'zh-CN': string;
  'en-US': string;
}

/** A code's label in `lang` (the code itself when it has none; none → empty). */
export const labelOf = (labels: Partial<Record<string, Labels>>, code: string | null | undefined, lang: keyof Labels): string =>
  (code ? labels[code]?.[lang] ?? code : '');

export interface SubtypeDef {
  code: string;
  type: ExceptionType;
  stages: readonly Stage[];
  hold: HoldKind;
  lines: LinesRule;
  /** The note states in which this subtype can be registered. */
  noteStatuses: readonly NoteStatusForRegistration[];
  /** Whether the subtype may name a SKU that is not on the note (its own line with declared 0). */
  allowsNewSku: boolean;
  plans: readonly Plan[];
  label: Labels;
}

const PACKAGE_STATES = ['IN_TRANSIT', 'ARRIVED'] as const;
const UNIT_STATES = ['ARRIVED', 'RECEIVING'] as const;

const sub = (def: Omit<SubtypeDef, 'allowsNewSku'> & { allowsNewSku?: boolean }): SubtypeDef => ({
  allowsNewSku: false,
  ...def,
});

export const SUBTYPES = [
  sub({ code: 'PLATFORM_TRANSPORT_TIMEOUT', type: 'LOGISTICS', stages: ['TRANSIT'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: ['IN_TRANSIT'], plans: ['CONTINUE_DELIVERY', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '平台物流运输超时', 'en-US': 'Platform logistics transport timeout' } }),
  sub({ code: 'SELF_TRANSPORT_TIMEOUT', type: 'LOGISTICS', stages: ['TRANSIT'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: ['IN_TRANSIT'], plans: ['CONTINUE_DELIVERY', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '自配运输超时', 'en-US': 'Self-delivery transport timeout' } }),
  sub({ code: 'TRANSPORT_DAMAGE', type: 'LOGISTICS', stages: ['RECEIVING'], hold: 'PACKAGE', lines: 'REQUIRED', noteStatuses: PACKAGE_STATES, plans: ['CONTINUE_DELIVERY', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '物流运损', 'en-US': 'Damaged in transport' } }),
  sub({ code: 'MULTIPLE_NOTES_ON_PACKAGE', type: 'PACKAGE', stages: ['RECEIVING'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: PACKAGE_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '物流包裹外贴多个送货单', 'en-US': 'Several delivery notes on one package' } }),
  sub({ code: 'BOX_LABEL_UNREADABLE', type: 'PACKAGE', stages: ['RECEIVING'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: PACKAGE_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '送货包裹箱唛无法识别', 'en-US': 'Box label unreadable' } }),
  sub({ code: 'BOX_LABEL_MISSING', type: 'PACKAGE', stages: ['RECEIVING'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: PACKAGE_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '送货包裹未贴箱唛', 'en-US': 'Box label missing' } }),
  sub({ code: 'NOTE_NOT_CONFIRMED', type: 'PACKAGE', stages: ['RECEIVING'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: ['CREATED'], plans: ['AUTO_ORDER_RECEIVE', 'PROBLEM_PACKAGE_RETURN'], label: { 'zh-CN': '送货单未确认送货', 'en-US': 'Delivery note not confirmed' } }),
  sub({ code: 'NOTE_CANCELLED', type: 'PACKAGE', stages: ['RECEIVING'], hold: 'PACKAGE', lines: 'NOTE', noteStatuses: ['CANCELLED'], plans: ['AUTO_ORDER_RECEIVE', 'PROBLEM_PACKAGE_RETURN'], label: { 'zh-CN': '送货单已取消', 'en-US': 'Delivery note cancelled' } }),
  sub({ code: 'SURPLUS', type: 'GOODS', stages: ['RECEIVING'], hold: 'HOLD_ARRIVAL', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['AUTO_ORDER_RECEIVE', 'PROBLEM_GOODS_RETURN'], label: { 'zh-CN': '数量异常(多货)', 'en-US': 'Quantity: surplus' } }),
  sub({ code: 'WRONG_GOODS', type: 'GOODS', stages: ['RECEIVING'], hold: 'HOLD_ARRIVAL', lines: 'REQUIRED', noteStatuses: UNIT_STATES, allowsNewSku: true, plans: ['AUTO_ORDER_RECEIVE', 'PROBLEM_GOODS_RETURN'], label: { 'zh-CN': '错货', 'en-US': 'Wrong goods' } }),
  sub({ code: 'BARCODE_WRONG', type: 'GOODS', stages: ['RECEIVING'], hold: 'HOLD', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'PROBLEM_GOODS_RETURN'], label: { 'zh-CN': '条码贴错', 'en-US': 'Wrong barcode' } }),
  sub({ code: 'BARCODE_DAMAGED', type: 'GOODS', stages: ['RECEIVING'], hold: 'HOLD', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'PROBLEM_GOODS_RETURN'], label: { 'zh-CN': '条码破损/脏污', 'en-US': 'Barcode damaged or dirty' } }),
  sub({ code: 'SHORTAGE', type: 'GOODS', stages: ['RECEIVING'], hold: 'SHORT', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['CONTINUE_DELIVERY', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '数量异常(少货)', 'en-US': 'Quantity: shortage' } }),
  sub({ code: 'BLOATED', type: 'GOODS', stages: ['RECEIVING', 'QC'], hold: 'HOLD', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'PROBLEM_GOODS_REPAIR'], label: { 'zh-CN': '产品胀袋', 'en-US': 'Bloated packaging' } }),
  sub({ code: 'DAMAGED_DIRTY', type: 'GOODS', stages: ['RECEIVING', 'QC'], hold: 'HOLD', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['IN_WAREHOUSE_RECEIVE', 'PROBLEM_GOODS_REPAIR'], label: { 'zh-CN': '产品破损/脏污', 'en-US': 'Product damaged or dirty' } }),
  sub({ code: 'QUALITY_PARTIAL', type: 'QUALITY', stages: ['QC'], hold: 'HOLD', lines: 'REQUIRED', noteStatuses: ['RECEIVING'], plans: ['DEFECTIVE_RETURN', 'DEFECTIVE_REPAIR'], label: { 'zh-CN': '部分异常', 'en-US': 'Partly failed inspection' } }),
  sub({ code: 'QUALITY_ALL', type: 'QUALITY', stages: ['QC'], hold: 'HOLD', lines: 'ALL_IN_PROCESS', noteStatuses: ['RECEIVING'], plans: ['ALL_RETURN', 'ALL_REPAIR'], label: { 'zh-CN': '全部不合格', 'en-US': 'All failed inspection' } }),
  sub({ code: 'RECEIVED_PACKAGE', type: 'RECEIVED_PACKAGE', stages: ['RECEIVING'], hold: 'SHORT', lines: 'REQUIRED', noteStatuses: UNIT_STATES, plans: ['CONTINUE_DELIVERY', 'TERMINATE_DELIVERY'], label: { 'zh-CN': '收货包裹异常', 'en-US': 'Received package exception' } }),
] as const satisfies readonly SubtypeDef[];

export type Subtype = (typeof SUBTYPES)[number]['code'];
export const SUBTYPE_CODES = SUBTYPES.map((s) => s.code) as Subtype[];

/** Effects of each (subtype group, plan) pair, exactly as the plan table of SPEC §4. */
const RETURN_PROBLEM: Effect = { kind: 'RETURN', qty: 'PROBLEM' };
const REPLENISH_PROBLEM: Effect = { kind: 'REPLENISH', qty: 'PROBLEM' };
const REST: Effect = { kind: 'RECEIVE_REST' };
const VOID: Effect = { kind: 'VOID_NOTE' };

const TIMEOUT_EFFECTS = {
  CONTINUE_DELIVERY: [VOID, { kind: 'REPLENISH', qty: 'NOTE' }],
  TERMINATE_DELIVERY: [VOID],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;
const BOX_LABEL_EFFECTS = {
  IN_WAREHOUSE_RECEIVE: [VOID, { kind: 'NEW_NOTE', qty: 'NOTE' }],
  TERMINATE_DELIVERY: [VOID, { kind: 'RETURN', qty: 'NOTE' }],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;
const NOTE_STATE_EFFECTS = {
  AUTO_ORDER_RECEIVE: [{ kind: 'REINSTATE_NOTE' }],
  PROBLEM_PACKAGE_RETURN: [VOID, { kind: 'RETURN', qty: 'NOTE' }],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;
const SURPLUS_EFFECTS = {
  AUTO_ORDER_RECEIVE: [REST, { kind: 'NEW_ORDER_AND_NOTE' }],
  PROBLEM_GOODS_RETURN: [REST, RETURN_PROBLEM],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;
const BARCODE_EFFECTS = {
  IN_WAREHOUSE_RECEIVE: [REST, { kind: 'NEW_NOTE', qty: 'PROBLEM' }],
  PROBLEM_GOODS_RETURN: [REST, RETURN_PROBLEM],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;
const SHORTAGE_EFFECTS = {
  CONTINUE_DELIVERY: [REST, REPLENISH_PROBLEM],
  TERMINATE_DELIVERY: [REST],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;
const DAMAGED_GOODS_EFFECTS = {
  IN_WAREHOUSE_RECEIVE: [REST, { kind: 'NEW_NOTE', qty: 'PROBLEM' }],
  PROBLEM_GOODS_REPAIR: [REST, RETURN_PROBLEM, REPLENISH_PROBLEM],
} as const satisfies Partial<Record<Plan, readonly Effect[]>>;

export const PLAN_EFFECTS: Record<Subtype, Partial<Record<Plan, readonly Effect[]>>> = {
  PLATFORM_TRANSPORT_TIMEOUT: TIMEOUT_EFFECTS,
  SELF_TRANSPORT_TIMEOUT: TIMEOUT_EFFECTS,
  TRANSPORT_DAMAGE: {
    CONTINUE_DELIVERY: [VOID, { kind: 'REPLENISH', qty: 'NOTE' }, { kind: 'COMPENSATE' }],
    TERMINATE_DELIVERY: [VOID, { kind: 'COMPENSATE' }],
  },
  MULTIPLE_NOTES_ON_PACKAGE: BOX_LABEL_EFFECTS,
  BOX_LABEL_UNREADABLE: BOX_LABEL_EFFECTS,
  BOX_LABEL_MISSING: BOX_LABEL_EFFECTS,
  NOTE_NOT_CONFIRMED: NOTE_STATE_EFFECTS,
  NOTE_CANCELLED: NOTE_STATE_EFFECTS,
  SURPLUS: SURPLUS_EFFECTS,
  WRONG_GOODS: SURPLUS_EFFECTS,
  BARCODE_WRONG: BARCODE_EFFECTS,
  BARCODE_DAMAGED: BARCODE_EFFECTS,
  SHORTAGE: SHORTAGE_EFFECTS,
  RECEIVED_PACKAGE: SHORTAGE_EFFECTS,
  BLOATED: DAMAGED_GOODS_EFFECTS,
  DAMAGED_DIRTY: DAMAGED_GOODS_EFFECTS,
  QUALITY_PARTIAL: {
    DEFECTIVE_RETURN: [REST, RETURN_PROBLEM],
    DEFECTIVE_REPAIR: [REST, RETURN_PROBLEM, REPLENISH_PROBLEM],
  },
  QUALITY_ALL: {
    ALL_RETURN: [{ kind: 'RETURN_NOTE' }, RETURN_PROBLEM],
    ALL_REPAIR: [{ kind: 'RETURN_NOTE' }, RETURN_PROBLEM, REPLENISH_PROBLEM],
  },
};

export function subtypeDef(code: string): SubtypeDef | undefined {
  return SUBTYPES.find((s) => s.code === code);
}

export function effectsOf(subtype: Subtype, plan: Plan): readonly Effect[] | undefined {
  return PLAN_EFFECTS[subtype]?.[plan];
}

/** The merchant's follow-up, derived from a plan's effects (SPEC §4). */
export function taskCategoryOf(effects: readonly Effect[]): TaskCategory {
  const returns = effects.some((e) => e.kind === 'RETURN');
  const resends = effects.some((e) => e.kind === 'REPLENISH');
  if (returns && resends) return 'RETURN_AND_RESEND';
  if (returns) return 'RETURN_ONLY';
  if (resends) return 'RESEND_ONLY';
  return 'NONE';
}

/** Which plans are allowed for which order types. Default: all (SPEC §4 Decision). */
export type OrderTypeMatrix = Record<Plan, readonly OrderType[]>;

export const DEFAULT_ORDER_TYPE_MATRIX: OrderTypeMatrix = Object.fromEntries(
  PLANS.map((p) => [p, ORDER_TYPES]),
) as unknown as OrderTypeMatrix;

export function allowedPlans(
  subtype: Subtype,
  orderType: OrderType,
  matrix: OrderTypeMatrix = DEFAULT_ORDER_TYPE_MATRIX,
): Plan[] {
  const def = subtypeDef(subtype);
  if (!def) return [];
  return def.plans.filter((p) => matrix[p]?.includes(orderType));
}

export const TYPE_LABELS: Record<ExceptionType, Labels> = {
  LOGISTICS: { 'zh-CN': '物流异常', 'en-US': 'Logistics' },
  PACKAGE: { 'zh-CN': '包裹单据异常', 'en-US': 'Package and documents' },
  GOODS: { 'zh-CN': '商品异常', 'en-US': 'Goods' },
  QUALITY: { 'zh-CN': '质量异常', 'en-US': 'Quality' },
  RECEIVED_PACKAGE: { 'zh-CN': '收货包裹异常', 'en-US': 'Received package' },
};

export const PLAN_LABELS: Record<Plan, Labels> = {
  CONTINUE_DELIVERY: { 'zh-CN': '继续来货', 'en-US': 'Continue delivery' },
  TERMINATE_DELIVERY: { 'zh-CN': '终止来货', 'en-US': 'Terminate delivery' },
  IN_WAREHOUSE_RECEIVE: { 'zh-CN': '平台仓内补收', 'en-US': 'Receive in warehouse' },
  AUTO_ORDER_RECEIVE: { 'zh-CN': '自动建单补收', 'en-US': 'Auto-create order and receive' },
  PROBLEM_PACKAGE_RETURN: { 'zh-CN': '问题包裹退货', 'en-US': 'Return problem package' },
  PROBLEM_GOODS_RETURN: { 'zh-CN': '问题品退货', 'en-US': 'Return problem goods' },
  PROBLEM_GOODS_REPAIR: { 'zh-CN': '问题品返修', 'en-US': 'Repair problem goods' },
  DEFECTIVE_RETURN: { 'zh-CN': '不良品退货', 'en-US': 'Return defective goods' },
  DEFECTIVE_REPAIR: { 'zh-CN': '不良品返修', 'en-US': 'Repair defective goods' },
  ALL_RETURN: { 'zh-CN': '全部退货', 'en-US': 'Return everything' },
  ALL_REPAIR: { 'zh-CN': '全部返修', 'en-US': 'Repair everything' },
};

export const STAGE_LABELS: Record<Stage, Labels> = {
  TRANSIT: { 'zh-CN': '运输', 'en-US': 'In transit' },
  RECEIVING: { 'zh-CN': '收货', 'en-US': 'Receiving' },
  QC: { 'zh-CN': '质检', 'en-US': 'Quality inspection' },
  PUTAWAY: { 'zh-CN': '入库', 'en-US': 'Put-away' },
};

export const TASK_CATEGORY_LABELS: Record<TaskCategory, Labels & { todo: Labels }> = {
  RETURN_ONLY: { 'zh-CN': '仅退货', 'en-US': 'Return only', todo: { 'zh-CN': '请在退货管理中录入退货方式并签收', 'en-US': 'Enter the return method in Returns, then sign for the goods' } },
  RETURN_AND_RESEND: { 'zh-CN': '退货且补送', 'en-US': 'Return and resend', todo: { 'zh-CN': '请在退货管理中处理退货,并在备货订单跟进中接单发货', 'en-US': 'Handle the return in Returns and accept and ship the new order in Order follow-up' } },
  RESEND_ONLY: { 'zh-CN': '仅补发', 'en-US': 'Resend only', todo: { 'zh-CN': '请在备货订单跟进中对新订单接单并发货', 'en-US': 'Accept and ship the new order in Order follow-up' } },
  NONE: { 'zh-CN': '无需操作', 'en-US': 'Nothing to do', todo: { 'zh-CN': '无需商家操作', 'en-US': 'No action needed from you' } },
};

export const EFFECT_LABELS: Record<EffectKind, Labels> = {
  RECEIVE_REST: { 'zh-CN': '原送货单剩余商品正常收货入库', 'en-US': "The note's other units are received normally" },
  VOID_NOTE: { 'zh-CN': '原送货单作废完结', 'en-US': 'The original delivery note is voided' },
  RETURN_NOTE: { 'zh-CN': '原送货单退货完结', 'en-US': 'The original delivery note is closed as returned' },
  REINSTATE_NOTE: { 'zh-CN': '平台仓用原单收货入库', 'en-US': 'The warehouse receives under the original note' },
  REPLENISH: { 'zh-CN': '创建新订单,需商家接单发货', 'en-US': 'A new stocking order the merchant accepts and ships' },
  COMPENSATE: { 'zh-CN': '平台主动赔付', 'en-US': 'The platform pays compensation' },
  NEW_NOTE: { 'zh-CN': '创建新送货单,平台仓补打箱唛收货', 'en-US': 'A new delivery note, relabelled and received by the warehouse' },
  NEW_ORDER_AND_NOTE: { 'zh-CN': '多货或错货创建新订单,平台仓用新单收货', 'en-US': 'A new order and note for the extra units, received by the warehouse' },
  RETURN: { 'zh-CN': '创建退货单,商家录入退货方式', 'en-US': 'A return order; the merchant enters the return method' },
};
