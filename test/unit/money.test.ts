import { describe, expect, it } from 'vitest';
import { centsToDecimal, formatCents, parseAmount } from '../../shared/money';
import { daysInMonth } from '../../shared/time';

const cents = (raw: unknown) => {
  const r = parseAmount(raw);
  return r.ok ? r.cents : r.reason;
};

describe('parseAmount', () => {
  it('reads plain amounts on its quick path exactly as the general path reads them', () => {
    // A leading '+' sends the same text through the general path (signs peeled, then digits).
    const plain = ['0', '7', '0.07', '12.3', '12.30', '50.00', '007.50', '9999999999999', '9999999999999.99', '10000000000000', '1.234', '12.', '.5',
      '5.a', '5.1x', '12a', '1/2', '0000000000000.00', '99999999999999', '1.:', '\u0661\u0662'];
    for (let c = 0; c < 20_000; c += 37) plain.push((c / 100).toFixed(2), String(c), (c / 10).toFixed(1));
    for (const t of plain) {
      const general = cents(`+${t}`);
      expect(cents(t), t).toBe(typeof general === 'string' ? general.replace(`'+${t}'`, `'${t}'`) : general);
    }
  });

  it('reads every amount form of the data contract into integer cents', () => {
    expect(cents('1,234.50')).toBe(123450);
    expect(cents('$50.00')).toBe(5000);
    expect(cents('(25.00)')).toBe(-2500);
    expect(cents('-5.00')).toBe(-500);
    expect(cents('+5')).toBe(500);
    expect(cents('12.3')).toBe(1230);
    expect(cents(' 0.07 ')).toBe(7);
    expect(cents('-$1,000,000.01')).toBe(-100000001);
    expect(cents('$(25.00)')).toBe(-2500);
  });
  it('reads spreadsheet numbers without float drift', () => {
    expect(cents(0.1 + 0.2)).toBe(30);
    expect(cents(13400)).toBe(1340000);
    expect(cents(8251.46)).toBe(825146);
    expect(cents(-59.26)).toBe(-5926);
  });
  it('refuses what is not an amount, with a reason', () => {
    expect(cents('abc')).toBe("Amount 'abc' is not a number");
    expect(cents('')).toBe('Amount is empty');
    expect(cents('12.345')).toMatch(/more than two decimals/);
    expect(cents(12.345)).toMatch(/more than two decimals/);
    expect(cents('1.2.3')).toMatch(/not a number/);
    expect(cents('(5.00')).toMatch(/unbalanced/);
    expect(cents('--5')).toMatch(/not a number|more than one sign/);
    expect(cents(Number.NaN)).toMatch(/not a number/);
  });
});

describe('formatting', () => {
  it('writes negatives in parentheses and machine decimals with a sign', () => {
    expect(formatCents(123456789)).toBe('1,234,567.89');
    expect(formatCents(-2500)).toBe('(25.00)');
    expect(formatCents(-2500, { parens: false })).toBe('-25.00');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(centsToDecimal(100)).toBe('1.00');
  });
});

describe('daysInMonth', () => {
  it('agrees with the calendar Date.UTC keeps, leap years and years 0-99 included', () => {
    for (const y of [0, 4, 99, 100, 1900, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9999])
      for (let m = 1; m <= 12; m++) expect(daysInMonth(y, m), `${y}-${m}`).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
  });
});
