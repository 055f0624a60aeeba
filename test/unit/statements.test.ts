/** The statement's pure rules (src/domain/statements.ts): month bounds in a zone, close dates, signs, totals. */
import { describe, expect, it } from 'vitest';
import {
  addMonths, assignedMonth, byCurrency, closeDueAt, closingOf, formatMoney, isMonth, lastDueMonth, monthBounds, monthEnded,
  monthOf, monthsFrom, signedAmount, startOfDay, totalsOf,
} from '../../src/domain/statements.js';

describe('statement months', () => {
  it('bounds in a zone without DST (Asia/Shanghai, UTC+8) and in UTC', () => {
    expect(monthBounds('2026-11', 'Asia/Shanghai')).toEqual({ start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
    expect(monthBounds('2026-12', 'UTC')).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
    expect(monthBounds('2028-02', 'UTC').end).toBe('2028-03-01T00:00:00.000Z');
  });

  it('bounds in fixed UTC-offset zones (Etc/GMT-8 is UTC+8, Etc/GMT+5 is UTC−5)', () => {
    expect(monthBounds('2026-11', 'Etc/GMT-8').start).toBe('2026-10-31T16:00:00.000Z');
    expect(monthBounds('2026-11', 'Etc/GMT+5')).toEqual({ start: '2026-11-01T05:00:00.000Z', end: '2026-12-01T05:00:00.000Z' });
  });

  it('bounds across a DST change (America/New_York: EST in March 1st, EDT on April 1st)', () => {
    expect(monthBounds('2026-03', 'America/New_York')).toEqual({ start: '2026-03-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z' });
    expect(monthBounds('2026-10', 'America/New_York')).toEqual({ start: '2026-10-01T04:00:00.000Z', end: '2026-11-01T04:00:00.000Z' });
    // a zone whose DST starts at midnight (America/Santiago, September): the day starts at 01:00 local
    const s = startOfDay('2026-09-06', 'America/Santiago');
    expect(monthOf(s, 'America/Santiago')).toBe('2026-09');
    expect(monthOf(new Date(Date.parse(s) - 1), 'America/Santiago')).toBe('2026-09');
  });

  it('the edges: 23:59:59.999 local on the last day is that month, 00:00 the next', () => {
    const { end } = monthBounds('2026-11', 'Asia/Shanghai');
    expect(monthOf(new Date(Date.parse(end) - 1), 'Asia/Shanghai')).toBe('2026-11');
    expect(monthOf(end, 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf('2026-11-30T16:00:00.000Z', 'UTC')).toBe('2026-11');
  });

  it('month arithmetic', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
    expect(monthsFrom('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsFrom('2027-02', '2026-11')).toEqual([]);
    expect(['2026-00', '2026-13', '26-01', '2026-1'].some(isMonth)).toBe(false);
    expect(isMonth('2026-09')).toBe(true);
  });

  it('close dates: the Nth day of the next month at local midnight; the last due month', () => {
    const rules = { statementCloseDay: 5 };
    expect(closeDueAt('2026-11', rules, 'Asia/Shanghai')).toBe('2026-12-04T16:00:00.000Z');
    expect(lastDueMonth('2026-12-04T15:59:59.999Z', rules, 'Asia/Shanghai')).toBe('2026-10');
    expect(lastDueMonth('2026-12-04T16:00:00.000Z', rules, 'Asia/Shanghai')).toBe('2026-11');
    expect(lastDueMonth('2027-01-01T00:00:00.000Z', { statementCloseDay: 1 }, 'UTC')).toBe('2026-12');
    expect(monthEnded('2026-11', '2026-11-30T15:59:59.999Z', 'Asia/Shanghai')).toBe(false);
    expect(monthEnded('2026-11', '2026-11-30T16:00:00.000Z', 'Asia/Shanghai')).toBe(true);
  });
});

describe('statement lines', () => {
  it('signs: compensation +, penalty and fee −, their waivers +; unknown kinds refused', () => {
    expect(signedAmount('COMPENSATION', 500)).toBe(500);
    expect(signedAmount('PENALTY', 400)).toBe(-400);
    expect(signedAmount('PENALTY_WAIVER', 400)).toBe(400);
    expect(signedAmount('FEE', 30)).toBe(-30);
    expect(signedAmount('FEE_WAIVER', 30)).toBe(30);
    expect(signedAmount('BONUS', 30, { BONUS: 1 })).toBe(30);
    expect(() => signedAmount('BONUS', 30)).toThrow(/BONUS/);
  });

  it('totals per kind and closing = opening + Σ lines', () => {
    const lines = [
      { kind: 'COMPENSATION', amount: 1000, currency: 'CNY', occurredAt: '2026-11-02T00:00:00.000Z' },
      { kind: 'PENALTY', amount: -400, currency: 'CNY', occurredAt: '2026-11-01T00:00:00.000Z' },
      { kind: 'PENALTY_WAIVER', amount: 400, currency: 'CNY', occurredAt: '2026-11-03T00:00:00.000Z' },
      { kind: 'PENALTY', amount: -250, currency: 'USD', occurredAt: '2026-11-01T00:00:00.000Z' },
    ];
    expect(totalsOf(lines)).toEqual({ COMPENSATION: 1000, PENALTY: -650, PENALTY_WAIVER: 400, FEE: 0, FEE_WAIVER: 0 });
    expect(closingOf(-100, lines)).toBe(650);
    const grouped = byCurrency(lines);
    expect([...grouped.keys()]).toEqual(['CNY', 'USD']);
    expect(grouped.get('CNY')!.map((l) => l.kind)).toEqual(['PENALTY', 'COMPENSATION', 'PENALTY_WAIVER']);
    expect(closingOf(0, grouped.get('USD')!)).toBe(-250);
  });

  it('a line of a closed month goes to the first open month', () => {
    expect(assignedMonth('2026-10', null)).toBe('2026-10');
    expect(assignedMonth('2026-10', '2026-10')).toBe('2026-11');
    expect(assignedMonth('2026-08', '2026-10')).toBe('2026-11');
    expect(assignedMonth('2026-12', '2026-10')).toBe('2026-12');
  });

  it('money in major units', () => {
    expect(formatMoney(123456)).toBe('1,234.56');
    expect(formatMoney(-5)).toBe('-0.05');
    expect(formatMoney(0)).toBe('0.00');
  });
});
