/** The fee rule (src/domain/fees.ts): units × unit amount at the coaching level, no photo → no fee, default rules valid. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEES, feeRuleProblem, feesFor, type FeeRules } from '../../src/domain/fees.js';

const input = { subtype: 'BARCODE_DAMAGED', plan: 'IN_WAREHOUSE_RECEIVE', units: 3, coachingLevel: 'STANDARD', photos: 1 } as const;

describe('fees', () => {
  it('prices units × the unit amount of the coaching level, in the rules\' currency', () => {
    expect(feesFor(input, DEFAULT_FEES, true)).toEqual({ skipped: null, fees: [{ service: 'RELABEL', subtype: 'BARCODE_DAMAGED', plan: 'IN_WAREHOUSE_RECEIVE', coachingLevel: 'STANDARD', units: 3, unitAmount: 150, amount: 450, currency: 'CNY' }] });
    expect(feesFor({ ...input, coachingLevel: 'ELEVATED' }, DEFAULT_FEES, true).fees[0]).toMatchObject({ unitAmount: 300, amount: 900 });
    expect(feesFor({ ...input, coachingLevel: 'CRITICAL' }, DEFAULT_FEES, true).fees[0]).toMatchObject({ unitAmount: 300, amount: 900 });
  });

  it('no photo: nothing, and says why — unless the setting is off; no rule: nothing, nothing skipped', () => {
    expect(feesFor({ ...input, photos: 0 }, DEFAULT_FEES, true)).toEqual({ fees: [], skipped: 'NO_PHOTO' });
    expect(feesFor({ ...input, photos: 0 }, DEFAULT_FEES, false).fees).toHaveLength(1);
    expect(feesFor({ ...input, subtype: 'SHORTAGE', plan: 'CONTINUE_DELIVERY', photos: 0 }, DEFAULT_FEES, true)).toEqual({ fees: [], skipped: null });
  });

  it('one fee per matching rule; a zero amount charges nothing', () => {
    const rules: FeeRules = { currency: 'USD', rules: [
      { service: 'RELABEL', subtype: 'BARCODE_DAMAGED', plan: 'IN_WAREHOUSE_RECEIVE', unitAmount: { STANDARD: 20, ELEVATED: 40, CRITICAL: 40 } },
      { service: 'REPACK', subtype: 'BARCODE_DAMAGED', plan: 'IN_WAREHOUSE_RECEIVE', unitAmount: { STANDARD: 0, ELEVATED: 70, CRITICAL: 140 } },
    ] };
    expect(feesFor(input, rules, true).fees.map((f) => [f.service, f.amount, f.currency])).toEqual([['RELABEL', 60, 'USD']]);
    expect(feesFor({ ...input, coachingLevel: 'CRITICAL' }, rules, true).fees.map((f) => [f.service, f.amount])).toEqual([['RELABEL', 120], ['REPACK', 420]]);
  });

  it('the default rules are usable: each plan is its subtype\'s, no rule twice; a wrong plan or a repeat is named', () => {
    for (const r of DEFAULT_FEES.rules) expect(feeRuleProblem(r, DEFAULT_FEES.rules), `${r.subtype} × ${r.plan}`).toBeNull();
    const r = DEFAULT_FEES.rules[0];
    expect(feeRuleProblem({ ...r, plan: 'ALL_RETURN' }, [r])).toMatch(/not a plan of/);
    expect(feeRuleProblem(r, [r, r])).toMatch(/twice/);
  });
});
