/** Auto-decision rules, standing choices and the penalty rule, as pure functions. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDER_TYPE_MATRIX, SUBTYPES, SUBTYPE_CODES, type OrderTypeMatrix } from '../../src/domain/catalog.js';
import {
  choiceOf, choosePlan, matches, shareBp, STANDING_CHOICES, subtypesWithoutPlan, type ExceptionFacts, type PolicyRule,
} from '../../src/domain/policies.js';
import { penaltyAmount } from '../../src/domain/settings.js';

const rule = (over: Partial<PolicyRule> = {}): PolicyRule => ({
  id: 'pol_1', name: 'surplus ≤ 10 %', enabled: true, applyAt: 'REGISTRATION', subtypes: ['SURPLUS'],
  orderTypes: null, merchantIds: null, minQty: null, maxQty: null, minPercentBp: null, maxPercentBp: null,
  plan: 'AUTO_ORDER_RECEIVE', honourMerchantPreference: false, ...over,
});
const facts = (over: Partial<ExceptionFacts> = {}): ExceptionFacts => ({
  subtype: 'SURPLUS', orderType: 'REPEAT', merchantId: 'm1', lines: [{ qty: 1, declared: 10 }], ...over,
});

describe('matches: one condition at a time', () => {
  const cases: [string, Partial<PolicyRule>, Partial<ExceptionFacts>, boolean][] = [
    ['subtype listed', {}, {}, true],
    ['subtype not listed', {}, { subtype: 'SHORTAGE' }, false],
    ['disabled', { enabled: false }, {}, false],
    ['order type listed', { orderTypes: ['REPEAT', 'JIT_REPEAT'] }, {}, true],
    ['order type not listed', { orderTypes: ['FIRST'] }, {}, false],
    ['merchant listed', { merchantIds: ['m1'] }, {}, true],
    ['merchant not listed', { merchantIds: ['m2'] }, {}, false],
    ['qty at minQty', { minQty: 3 }, { lines: [{ qty: 3, declared: 100 }] }, true],
    ['qty below minQty', { minQty: 3 }, { lines: [{ qty: 2, declared: 100 }] }, false],
    ['qty at maxQty', { maxQty: 3 }, { lines: [{ qty: 2, declared: 100 }, { qty: 1, declared: 5 }] }, true],
    ['qty above maxQty', { maxQty: 3 }, { lines: [{ qty: 2, declared: 100 }, { qty: 2, declared: 5 }] }, false],
    ['exactly 10 % with max 10 %', { maxPercentBp: 1000 }, { lines: [{ qty: 1, declared: 10 }] }, true],
    ['just over 10 % (11/100)', { maxPercentBp: 1000 }, { lines: [{ qty: 11, declared: 100 }] }, false],
    ['10.01 % against max 10 %', { maxPercentBp: 1000 }, { lines: [{ qty: 1001, declared: 10000 }] }, false],
    ['12.5 % with max 12.5 %', { maxPercentBp: 1250 }, { lines: [{ qty: 1, declared: 8 }] }, true],
    ['every line must be within max %', { maxPercentBp: 1000 }, { lines: [{ qty: 1, declared: 10 }, { qty: 2, declared: 10 }] }, false],
    ['a SKU not on the note is beyond any max %', { maxPercentBp: 10000 }, { lines: [{ qty: 1, declared: 0 }] }, false],
    ['exactly min %', { minPercentBp: 5000 }, { lines: [{ qty: 5, declared: 10 }] }, true],
    ['below min %', { minPercentBp: 5000 }, { lines: [{ qty: 4, declared: 10 }] }, false],
    ['one line reaching min % is enough', { minPercentBp: 5000 }, { lines: [{ qty: 1, declared: 10 }, { qty: 5, declared: 10 }] }, true],
    ['a SKU not on the note meets any min %', { minPercentBp: 10000 }, { lines: [{ qty: 1, declared: 0 }] }, true],
    ['all conditions at once', { orderTypes: ['REPEAT'], merchantIds: ['m1'], minQty: 1, maxQty: 1, minPercentBp: 1000, maxPercentBp: 1000 }, {}, true],
  ];
  for (const [name, r, f, want] of cases) it(name, () => expect(matches(rule(r), facts(f))).toBe(want));

  it('shares are the largest line share in basis points', () => {
    expect(shareBp(facts({ lines: [{ qty: 1, declared: 10 }, { qty: 1, declared: 4 }] }))).toBe(2500);
    expect(shareBp(facts({ lines: [{ qty: 3, declared: 0 }] }))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('choosePlan', () => {
  const none = new Map();
  it('takes the first rule in order that matches', () => {
    const a = rule({ id: 'a', subtypes: ['SHORTAGE'], plan: 'TERMINATE_DELIVERY' });
    const b = rule({ id: 'b', plan: 'PROBLEM_GOODS_RETURN' });
    const c = rule({ id: 'c', plan: 'AUTO_ORDER_RECEIVE' });
    expect(choosePlan([a, b, c], facts(), none)).toMatchObject({ rule: { id: 'b' }, plan: 'PROBLEM_GOODS_RETURN', merchantPreference: false });
    expect(choosePlan([a], facts(), none)).toBeNull();
  });

  it('honours the merchant preference when the rule says so and the plan is allowed', () => {
    const prefs = new Map([[choiceOf('SURPLUS'), 'PROBLEM_GOODS_RETURN' as const]]);
    expect(choosePlan([rule({ honourMerchantPreference: true })], facts(), prefs)).toMatchObject({ plan: 'PROBLEM_GOODS_RETURN', merchantPreference: true });
    expect(choosePlan([rule()], facts(), prefs)).toMatchObject({ plan: 'AUTO_ORDER_RECEIVE', merchantPreference: false });
    // a preference-only rule acts only when there is a preference
    expect(choosePlan([rule({ honourMerchantPreference: true, plan: null })], facts(), none)).toBeNull();
    // a preference for another choice does not apply
    const other = new Map([[choiceOf('SHORTAGE'), 'TERMINATE_DELIVERY' as const]]);
    expect(choosePlan([rule({ honourMerchantPreference: true })], facts(), other)).toMatchObject({ plan: 'AUTO_ORDER_RECEIVE' });
  });

  it('skips a rule whose plan the order-type matrix forbids, falling through to the next', () => {
    const matrix: OrderTypeMatrix = { ...DEFAULT_ORDER_TYPE_MATRIX, AUTO_ORDER_RECEIVE: ['FIRST'] };
    const rules = [rule({ id: 'a' }), rule({ id: 'b', plan: 'PROBLEM_GOODS_RETURN' })];
    expect(choosePlan(rules, facts(), none, matrix)).toMatchObject({ rule: { id: 'b' } });
    const prefs = new Map([[choiceOf('SURPLUS'), 'AUTO_ORDER_RECEIVE' as const]]);
    expect(choosePlan([rule({ honourMerchantPreference: true, plan: 'PROBLEM_GOODS_RETURN' })], facts(), prefs, matrix))
      .toMatchObject({ plan: 'PROBLEM_GOODS_RETURN', merchantPreference: false });
  });

  it('a plan outside the subtype never decides, even if saved somehow', () => {
    expect(choosePlan([rule({ plan: 'CONTINUE_DELIVERY' })], facts(), none)).toBeNull();
  });
});

describe('save-time plan check', () => {
  it('names the subtypes that cannot take the plan', () => {
    expect(subtypesWithoutPlan(['SURPLUS', 'WRONG_GOODS'], 'AUTO_ORDER_RECEIVE')).toEqual([]);
    expect(subtypesWithoutPlan(['SURPLUS', 'SHORTAGE'], 'AUTO_ORDER_RECEIVE')).toEqual(['SHORTAGE']);
  });
});

describe('standing choices', () => {
  it('cover every subtype, by type and plan pair, without naming a subtype', () => {
    for (const s of SUBTYPES) {
      const c = STANDING_CHOICES.find((x) => x.code === choiceOf(s.code));
      expect(c, s.code).toBeDefined();
      expect(c!.type).toBe(s.type);
      expect(c!.plans.map((p) => p.code)).toEqual([...s.plans]);
    }
    const text = JSON.stringify(STANDING_CHOICES);
    for (const code of SUBTYPE_CODES.filter((c) => c !== 'RECEIVED_PACKAGE')) expect(text).not.toContain(code);
    for (const s of SUBTYPES.filter((x) => x.code !== 'RECEIVED_PACKAGE')) expect(text).not.toContain(s.label['zh-CN']);
    expect(STANDING_CHOICES.length).toBe(new Set(STANDING_CHOICES.map((c) => c.code)).size);
    expect(choiceOf('SURPLUS')).toBe('GOODS:AUTO_ORDER_RECEIVE|PROBLEM_GOODS_RETURN');
    expect(choiceOf('WRONG_GOODS')).toBe(choiceOf('SURPLUS'));
    expect(choiceOf('SHORTAGE')).not.toBe(choiceOf('PLATFORM_TRANSPORT_TIMEOUT'));
  });
});

describe('penaltyAmount', () => {
  it('fixed or a rounded percentage of the order value', () => {
    expect(penaltyAmount({ mode: 'FIXED', amount: 5000, currency: 'CNY' }, { totalAmount: 123, currency: 'USD' })).toEqual({ amount: 5000, currency: 'CNY' });
    expect(penaltyAmount({ mode: 'PERCENT', percent: 5 }, { totalAmount: 10_000, currency: 'CNY' })).toEqual({ amount: 500, currency: 'CNY' });
    expect(penaltyAmount({ mode: 'PERCENT', percent: 2.5 }, { totalAmount: 333, currency: 'CNY' })).toEqual({ amount: 8, currency: 'CNY' });
  });
});
