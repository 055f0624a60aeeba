/**
 * The exception catalog against SPEC §4's two tables, written out here by hand from the spec
 * (not derived from the catalog's own data).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ORDER_TYPE_MATRIX,
  EFFECT_LABELS,
  EXCEPTION_TYPES,
  ORDER_TYPES,
  PLANS,
  PLAN_EFFECTS,
  PLAN_LABELS,
  STAGES,
  STAGE_LABELS,
  SUBTYPES,
  SUBTYPE_CODES,
  TASK_CATEGORIES,
  TASK_CATEGORY_LABELS,
  TYPE_LABELS,
  allowedPlans,
  effectsOf,
  subtypeDef,
  taskCategoryOf,
  type Effect,
  type OrderTypeMatrix,
  type Plan,
  type Subtype,
} from '../../src/domain/catalog.js';

/** SPEC §4, first table: type, subtype, 中文, stages. */
const SUBTYPE_TABLE: [string, string, string, string[]][] = [
  ['LOGISTICS', 'PLATFORM_TRANSPORT_TIMEOUT', '平台物流运输超时', ['TRANSIT']],
  ['LOGISTICS', 'SELF_TRANSPORT_TIMEOUT', '自配运输超时', ['TRANSIT']],
  ['LOGISTICS', 'TRANSPORT_DAMAGE', '物流运损', ['RECEIVING']],
  ['PACKAGE', 'MULTIPLE_NOTES_ON_PACKAGE', '物流包裹外贴多个送货单', ['RECEIVING']],
  ['PACKAGE', 'BOX_LABEL_UNREADABLE', '送货包裹箱唛无法识别', ['RECEIVING']],
  ['PACKAGE', 'BOX_LABEL_MISSING', '送货包裹未贴箱唛', ['RECEIVING']],
  ['PACKAGE', 'NOTE_NOT_CONFIRMED', '送货单未确认送货', ['RECEIVING']],
  ['PACKAGE', 'NOTE_CANCELLED', '送货单已取消', ['RECEIVING']],
  ['GOODS', 'SURPLUS', '数量异常(多货)', ['RECEIVING']],
  ['GOODS', 'WRONG_GOODS', '错货', ['RECEIVING']],
  ['GOODS', 'BARCODE_WRONG', '条码贴错', ['RECEIVING']],
  ['GOODS', 'BARCODE_DAMAGED', '条码破损/脏污', ['RECEIVING']],
  ['GOODS', 'SHORTAGE', '数量异常(少货)', ['RECEIVING']],
  ['GOODS', 'BLOATED', '产品胀袋', ['RECEIVING', 'QC']],
  ['GOODS', 'DAMAGED_DIRTY', '产品破损/脏污', ['RECEIVING', 'QC']],
  ['QUALITY', 'QUALITY_PARTIAL', '部分异常', ['QC']],
  ['QUALITY', 'QUALITY_ALL', '全部不合格', ['QC']],
  ['RECEIVED_PACKAGE', 'RECEIVED_PACKAGE', '收货包裹异常', ['RECEIVING']],
];

const TYPE_ZH: Record<string, string> = {
  LOGISTICS: '物流异常', PACKAGE: '包裹单据异常', GOODS: '商品异常', QUALITY: '质量异常', RECEIVED_PACKAGE: '收货包裹异常',
};

const PLAN_ZH: Record<string, string> = {
  CONTINUE_DELIVERY: '继续来货', TERMINATE_DELIVERY: '终止来货', IN_WAREHOUSE_RECEIVE: '平台仓内补收',
  AUTO_ORDER_RECEIVE: '自动建单补收', PROBLEM_PACKAGE_RETURN: '问题包裹退货', PROBLEM_GOODS_RETURN: '问题品退货',
  PROBLEM_GOODS_REPAIR: '问题品返修', DEFECTIVE_RETURN: '不良品退货', DEFECTIVE_REPAIR: '不良品返修',
  ALL_RETURN: '全部退货', ALL_REPAIR: '全部返修',
};

type Row = {
  /** what the effects column of SPEC §4's plan table says, as effect kinds (and their basis) */
  effects: string[];
  category: 'RETURN_ONLY' | 'RETURN_AND_RESEND' | 'RESEND_ONLY' | 'NONE';
};

/** SPEC §4, second table: the plans of each subtype group, their effects and task category. */
const GROUPS: { subtypes: string[]; plans: Record<string, Row> }[] = [
  {
    subtypes: ['PLATFORM_TRANSPORT_TIMEOUT', 'SELF_TRANSPORT_TIMEOUT'],
    plans: {
      CONTINUE_DELIVERY: { effects: ['VOID_NOTE', 'REPLENISH:NOTE'], category: 'RESEND_ONLY' },
      TERMINATE_DELIVERY: { effects: ['VOID_NOTE'], category: 'NONE' },
    },
  },
  {
    subtypes: ['TRANSPORT_DAMAGE'],
    plans: {
      CONTINUE_DELIVERY: { effects: ['VOID_NOTE', 'REPLENISH:NOTE', 'COMPENSATE'], category: 'RESEND_ONLY' },
      TERMINATE_DELIVERY: { effects: ['VOID_NOTE', 'COMPENSATE'], category: 'NONE' },
    },
  },
  {
    subtypes: ['MULTIPLE_NOTES_ON_PACKAGE', 'BOX_LABEL_UNREADABLE', 'BOX_LABEL_MISSING'],
    plans: {
      IN_WAREHOUSE_RECEIVE: { effects: ['VOID_NOTE', 'NEW_NOTE:NOTE'], category: 'NONE' },
      TERMINATE_DELIVERY: { effects: ['VOID_NOTE', 'RETURN:NOTE'], category: 'RETURN_ONLY' },
    },
  },
  {
    subtypes: ['NOTE_NOT_CONFIRMED', 'NOTE_CANCELLED'],
    plans: {
      AUTO_ORDER_RECEIVE: { effects: ['REINSTATE_NOTE'], category: 'NONE' },
      PROBLEM_PACKAGE_RETURN: { effects: ['VOID_NOTE', 'RETURN:NOTE'], category: 'RETURN_ONLY' },
    },
  },
  {
    subtypes: ['SURPLUS', 'WRONG_GOODS'],
    plans: {
      AUTO_ORDER_RECEIVE: { effects: ['RECEIVE_REST', 'NEW_ORDER_AND_NOTE'], category: 'NONE' },
      PROBLEM_GOODS_RETURN: { effects: ['RECEIVE_REST', 'RETURN:PROBLEM'], category: 'RETURN_ONLY' },
    },
  },
  {
    subtypes: ['BARCODE_WRONG', 'BARCODE_DAMAGED'],
    plans: {
      IN_WAREHOUSE_RECEIVE: { effects: ['RECEIVE_REST', 'NEW_NOTE:PROBLEM'], category: 'NONE' },
      PROBLEM_GOODS_RETURN: { effects: ['RECEIVE_REST', 'RETURN:PROBLEM'], category: 'RETURN_ONLY' },
    },
  },
  {
    subtypes: ['SHORTAGE', 'RECEIVED_PACKAGE'],
    plans: {
      // Decision: SHORTAGE + CONTINUE_DELIVERY is RESEND_ONLY
      CONTINUE_DELIVERY: { effects: ['RECEIVE_REST', 'REPLENISH:PROBLEM'], category: 'RESEND_ONLY' },
      TERMINATE_DELIVERY: { effects: ['RECEIVE_REST'], category: 'NONE' },
    },
  },
  {
    subtypes: ['BLOATED', 'DAMAGED_DIRTY'],
    plans: {
      IN_WAREHOUSE_RECEIVE: { effects: ['RECEIVE_REST', 'NEW_NOTE:PROBLEM'], category: 'NONE' },
      PROBLEM_GOODS_REPAIR: { effects: ['RECEIVE_REST', 'RETURN:PROBLEM', 'REPLENISH:PROBLEM'], category: 'RETURN_AND_RESEND' },
    },
  },
  {
    subtypes: ['QUALITY_PARTIAL'],
    plans: {
      DEFECTIVE_RETURN: { effects: ['RECEIVE_REST', 'RETURN:PROBLEM'], category: 'RETURN_ONLY' },
      DEFECTIVE_REPAIR: { effects: ['RECEIVE_REST', 'RETURN:PROBLEM', 'REPLENISH:PROBLEM'], category: 'RETURN_AND_RESEND' },
    },
  },
  {
    subtypes: ['QUALITY_ALL'],
    plans: {
      // Decision (QUALITY_ALL): section 4 wins — 全部退货 return only, 全部返修 return + replenishment
      ALL_RETURN: { effects: ['RETURN_NOTE', 'RETURN:PROBLEM'], category: 'RETURN_ONLY' },
      ALL_REPAIR: { effects: ['RETURN_NOTE', 'RETURN:PROBLEM', 'REPLENISH:PROBLEM'], category: 'RETURN_AND_RESEND' },
    },
  },
];

const PAIRS: [string, string, Row][] = GROUPS.flatMap((g) =>
  g.subtypes.flatMap((s) => Object.entries(g.plans).map(([p, row]) => [s, p, row] as [string, string, Row])),
);

const effectKey = (e: Effect): string => ('qty' in e ? `${e.kind}:${e.qty}` : e.kind);

function expectLabels(l: { 'zh-CN': string; 'en-US': string } | undefined, what: string): void {
  expect(l, what).toBeDefined();
  expect(l!['zh-CN'], `${what} zh-CN`).toMatch(/[\u4e00-\u9fff]/);
  expect(l!['en-US'], `${what} en-US`).toMatch(/[A-Za-z]/);
}

describe('types, subtypes and stages (SPEC §4 first table)', () => {
  it('has exactly 18 subtypes in 5 types', () => {
    expect(SUBTYPES).toHaveLength(18);
    expect(new Set(SUBTYPE_CODES).size).toBe(18);
    expect([...EXCEPTION_TYPES].sort()).toEqual(['GOODS', 'LOGISTICS', 'PACKAGE', 'QUALITY', 'RECEIVED_PACKAGE']);
    expect(new Set(SUBTYPES.map((s) => s.type)).size).toBe(5);
  });

  it('lists the same subtype codes as the spec', () => {
    expect([...SUBTYPE_CODES].sort()).toEqual(SUBTYPE_TABLE.map((r) => r[1]).sort());
  });

  it.each(SUBTYPE_TABLE)('%s / %s (%s) at stages %j', (type, code, zh, stages) => {
    const def = subtypeDef(code);
    expect(def).toBeDefined();
    expect(def!.type).toBe(type);
    expect(def!.label['zh-CN']).toBe(zh);
    expect([...def!.stages].sort()).toEqual([...stages].sort());
  });

  it('knows the four stages and the order types of SPEC §1/§3', () => {
    expect([...STAGES].sort()).toEqual(['PUTAWAY', 'QC', 'RECEIVING', 'TRANSIT']);
    expect([...ORDER_TYPES].sort()).toEqual(['FIRST', 'JIT_REPEAT', 'REPEAT']);
  });

  it('answers undefined for an unknown subtype', () => {
    expect(subtypeDef('NOPE')).toBeUndefined();
  });
});

describe('plans and effects (SPEC §4 second table)', () => {
  it('has exactly 36 subtype × plan pairs', () => {
    const n = SUBTYPES.reduce((s, d) => s + d.plans.length, 0);
    expect(n).toBe(36);
    expect(PAIRS).toHaveLength(36);
    const effectPairs = Object.values(PLAN_EFFECTS).reduce((s, m) => s + Object.keys(m).length, 0);
    expect(effectPairs).toBe(36);
  });

  it('has exactly the 11 plans of the spec', () => {
    expect([...PLANS].sort()).toEqual(Object.keys(PLAN_ZH).sort());
  });

  it.each(GROUPS.flatMap((g) => g.subtypes.map((s) => [s, Object.keys(g.plans)] as [string, string[]])))(
    '%s offers exactly %j',
    (code, plans) => {
      expect([...subtypeDef(code)!.plans].sort()).toEqual([...plans].sort());
      expect(Object.keys(PLAN_EFFECTS[code as Subtype]).sort()).toEqual([...plans].sort());
    },
  );

  it.each(PAIRS)('%s + %s has the spec’s effects and task category', (code, plan, row) => {
    const effects = effectsOf(code as Subtype, plan as Plan);
    expect(effects, `${code} + ${plan}`).toBeDefined();
    expect(effects!.map(effectKey).sort()).toEqual([...row.effects].sort());
    expect(taskCategoryOf(effects!)).toBe(row.category);
  });

  it('has no effects for a plan a subtype does not offer', () => {
    expect(effectsOf('SHORTAGE', 'ALL_RETURN')).toBeUndefined();
    expect(effectsOf('QUALITY_ALL', 'CONTINUE_DELIVERY')).toBeUndefined();
    expect(effectsOf('SURPLUS', 'IN_WAREHOUSE_RECEIVE')).toBeUndefined();
  });

  it('Decision: SHORTAGE + CONTINUE_DELIVERY is RESEND_ONLY', () => {
    expect(taskCategoryOf(effectsOf('SHORTAGE', 'CONTINUE_DELIVERY')!)).toBe('RESEND_ONLY');
  });

  it('Decision: QUALITY_ALL — ALL_RETURN is return only, ALL_REPAIR is return + replenishment', () => {
    expect(taskCategoryOf(effectsOf('QUALITY_ALL', 'ALL_RETURN')!)).toBe('RETURN_ONLY');
    expect(taskCategoryOf(effectsOf('QUALITY_ALL', 'ALL_REPAIR')!)).toBe('RETURN_AND_RESEND');
  });

  it('a note has one fate per plan: at most one of void / return / reinstate', () => {
    for (const [code, plan] of PAIRS) {
      const kinds = effectsOf(code as Subtype, plan as Plan)!.map((e) => e.kind);
      const fates = kinds.filter((k) => k === 'VOID_NOTE' || k === 'RETURN_NOTE' || k === 'REINSTATE_NOTE');
      expect(fates.length, `${code} + ${plan}`).toBeLessThanOrEqual(1);
      if (kinds.includes('RECEIVE_REST')) expect(fates, `${code} + ${plan}`).toEqual([]);
    }
  });
});

describe('taskCategoryOf', () => {
  it.each([
    [[], 'NONE'],
    [[{ kind: 'VOID_NOTE' }, { kind: 'COMPENSATE' }], 'NONE'],
    [[{ kind: 'RETURN', qty: 'PROBLEM' }], 'RETURN_ONLY'],
    [[{ kind: 'REPLENISH', qty: 'NOTE' }], 'RESEND_ONLY'],
    [[{ kind: 'REPLENISH', qty: 'PROBLEM' }, { kind: 'RETURN', qty: 'NOTE' }], 'RETURN_AND_RESEND'],
    [[{ kind: 'NEW_NOTE', qty: 'PROBLEM' }, { kind: 'NEW_ORDER_AND_NOTE' }], 'NONE'],
  ] as [Effect[], string][])('%j → %s', (effects, category) => {
    expect(taskCategoryOf(effects)).toBe(category);
  });
});

describe('labels', () => {
  it('labels every type, subtype, plan, stage, task category and effect in zh-CN and en-US', () => {
    for (const t of EXCEPTION_TYPES) expectLabels(TYPE_LABELS[t], `type ${t}`);
    for (const s of SUBTYPES) expectLabels(s.label, `subtype ${s.code}`);
    for (const p of PLANS) expectLabels(PLAN_LABELS[p], `plan ${p}`);
    for (const s of STAGES) expectLabels(STAGE_LABELS[s], `stage ${s}`);
    for (const c of TASK_CATEGORIES) {
      expectLabels(TASK_CATEGORY_LABELS[c], `category ${c}`);
      expectLabels(TASK_CATEGORY_LABELS[c].todo, `category ${c} todo`);
    }
    const kinds = new Set(Object.values(PLAN_EFFECTS).flatMap((m) => Object.values(m).flatMap((es) => es!.map((e) => e.kind))));
    for (const k of kinds) expectLabels(EFFECT_LABELS[k], `effect ${k}`);
  });

  it('uses the spec’s Chinese names for types, plans and task categories', () => {
    for (const [t, zh] of Object.entries(TYPE_ZH)) expect(TYPE_LABELS[t as keyof typeof TYPE_LABELS]['zh-CN']).toBe(zh);
    for (const [p, zh] of Object.entries(PLAN_ZH)) expect(PLAN_LABELS[p as Plan]['zh-CN']).toBe(zh);
    expect(TASK_CATEGORY_LABELS.RETURN_ONLY['zh-CN']).toBe('仅退货');
    expect(TASK_CATEGORY_LABELS.RETURN_AND_RESEND['zh-CN']).toBe('退货且补送');
    expect(TASK_CATEGORY_LABELS.RESEND_ONLY['zh-CN']).toBe('仅补发');
    expect(TASK_CATEGORY_LABELS.NONE['zh-CN']).toBe('无需操作');
  });

  it('subtype labels are distinct in both languages', () => {
    expect(new Set(SUBTYPES.map((s) => s.label['en-US'])).size).toBe(18);
    expect(new Set(SUBTYPES.map((s) => s.label['zh-CN'])).size).toBe(18);
  });
});

describe('allowedPlans and the order-type matrix', () => {
  it('Decision: by default every plan is allowed for every order type', () => {
    for (const p of PLANS) expect([...DEFAULT_ORDER_TYPE_MATRIX[p]].sort()).toEqual(['FIRST', 'JIT_REPEAT', 'REPEAT']);
    for (const [code, plans] of GROUPS.flatMap((g) => g.subtypes.map((s) => [s, Object.keys(g.plans)] as const))) {
      for (const t of ORDER_TYPES) {
        expect(allowedPlans(code as Subtype, t).sort(), `${code} / ${t}`).toEqual([...plans].sort());
        expect(allowedPlans(code as Subtype, t, DEFAULT_ORDER_TYPE_MATRIX).sort()).toEqual([...plans].sort());
      }
    }
  });

  it('honours a restricted matrix', () => {
    const matrix: OrderTypeMatrix = { ...DEFAULT_ORDER_TYPE_MATRIX, CONTINUE_DELIVERY: ['FIRST', 'REPEAT'], TERMINATE_DELIVERY: [] };
    expect(allowedPlans('SHORTAGE', 'FIRST', matrix)).toEqual(['CONTINUE_DELIVERY']);
    expect(allowedPlans('SHORTAGE', 'REPEAT', matrix)).toEqual(['CONTINUE_DELIVERY']);
    expect(allowedPlans('SHORTAGE', 'JIT_REPEAT', matrix)).toEqual([]);
    // plans not restricted stay allowed
    expect(allowedPlans('BLOATED', 'JIT_REPEAT', matrix).sort()).toEqual(['IN_WAREHOUSE_RECEIVE', 'PROBLEM_GOODS_REPAIR']);
    // a restricted plan other subtypes share disappears there too
    expect(allowedPlans('MULTIPLE_NOTES_ON_PACKAGE', 'FIRST', matrix)).toEqual(['IN_WAREHOUSE_RECEIVE']);
  });

  it('treats a plan missing from the matrix as not allowed', () => {
    const matrix = { ALL_RETURN: ['JIT_REPEAT'] } as unknown as OrderTypeMatrix;
    expect(allowedPlans('QUALITY_ALL', 'JIT_REPEAT', matrix)).toEqual(['ALL_RETURN']);
    expect(allowedPlans('QUALITY_ALL', 'FIRST', matrix)).toEqual([]);
  });

  it('never offers a plan the subtype does not have, whatever the matrix allows', () => {
    expect(allowedPlans('SURPLUS', 'FIRST')).not.toContain('CONTINUE_DELIVERY');
  });

  it('answers no plans for an unknown subtype', () => {
    expect(allowedPlans('NOPE' as Subtype, 'FIRST')).toEqual([]);
  });
});
