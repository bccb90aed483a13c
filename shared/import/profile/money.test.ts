import { describe, expect, it } from 'vitest';
import { moneyFormat, parseMoney } from './money';
import type { MoneyOptions } from './types';

const read = (raw: unknown, opts: MoneyOptions = {}) => {
  const r = parseMoney(raw, moneyFormat(opts));
  return r.ok ? (r.code ? `${r.text} ${r.code}` : r.text) : `refused: ${r.reason}`;
};

describe('money cells to exact decimal text', () => {
  it('reads the forms exports write, in the reference layout\'s text form', () => {
    expect(read('1,250.00')).toBe('1250.00');
    expect(read('$1,250.00')).toBe('1250.00');
    expect(read('-$53,277.15')).toBe('-53277.15');
    expect(read('$(250.00)')).toBe('-250.00');
    expect(read('(25.00)')).toBe('-25.00');
    expect(read('44.9')).toBe('44.90');
    expect(read('20')).toBe('20.00');
    expect(read('$1,149.00 ')).toBe('1149.00');
    expect(read('.5')).toBe('0.50');
    expect(read('0.00')).toBe('0.00');
    expect(read('-0.00')).toBe('0.00');
    expect(read('12.340')).toBe('12.34');
    expect(read('5.00-')).toBe('-5.00');
  });

  it('keeps every digit of large amounts (no float in the way)', () => {
    expect(read('9,999,999,999,999.99')).toBe('9999999999999.99');
    expect(read('9007199254740.99')).toBe('9007199254740.99');
    expect(read('-$9,007,199,254,740.99')).toBe('-9007199254740.99');
    expect(read('90071992547409.93')).toBe("refused: '90071992547409.93' is out of range (at most 13 digits before the decimal mark)");
  });

  it('reads minor units by moving the digits', () => {
    expect(read('10000', { minorUnits: true })).toBe('100.00');
    expect(read('5', { minorUnits: true })).toBe('0.05');
    expect(read('-505', { minorUnits: true })).toBe('-5.05');
    expect(read('0', { minorUnits: true })).toBe('0.00');
    expect(read(2850, { minorUnits: true })).toBe('28.50');
    expect(read('2850', { minorUnits: true, negate: true })).toBe('-28.50');
    expect(read('28.50', { minorUnits: true })).toBe("refused: '28.50' is not a whole number of minor units (cents): this profile reads the column in cents");
  });

  it('reads decimal commas and other thousands separators', () => {
    expect(read('1.250,50', { decimal: ',' })).toBe('1250.50');
    expect(read('12,5', { decimal: ',' })).toBe('12.50');
    expect(read('12 345,67', { decimal: ',', thousands: ' ' })).toBe('12345.67');
    expect(read('12\u202f345,67 €', { decimal: ',', thousands: ' ' })).toBe('12345.67');
    expect(read("1'234.50", { thousands: "'" })).toBe('1234.50');
    // A comma where the profile reads a point is refused, not read as a thousands separator or a decimal.
    expect(read('12,50')).toBe("refused: '12,50' is not an amount in the form this profile reads (decimal mark '.', thousands ',')");
    expect(read('1,234.50', { thousands: '' })).toBe(
      "refused: '1,234.50' is not an amount in the form this profile reads (decimal mark '.') (this profile reads no thousands separator; ',' is not a digit)",
    );
  });

  it('reads currency symbols and ISO codes, and tells the code', () => {
    expect(read('USD 12.00')).toBe('12.00 USD');
    expect(read('12.00 eur')).toBe('12.00 EUR');
    expect(read('€12,00', { decimal: ',' })).toBe('12.00');
    expect(read('£5')).toBe('5.00');
    expect(read('USD 12.00 EUR')).toBe("refused: 'USD 12.00 EUR' names two currencies");
    expect(read('$12.00', { symbols: false })).toMatch(/^refused: '\$12\.00' is not an amount/);
  });

  it('refuses what it cannot read exactly, with the reason', () => {
    expect(read('12.345')).toBe("refused: '12.345' has more than two decimals");
    expect(read('(25.00', {})).toBe("refused: '(25.00' has unbalanced parentheses");
    expect(read('-(25.00)')).toBe("refused: '-(25.00)' has more than one sign");
    expect(read('(25.00)', { parentheses: false })).toBe("refused: '(25.00)' is in parentheses, which this profile does not read as negative");
    expect(read('1,25.00')).toMatch(/^refused: '1,25\.00' is not an amount/);
    expect(read('abc')).toMatch(/^refused: 'abc' is not an amount/);
    expect(read(true)).toBe('refused: true is not an amount');
  });

  it('reads spreadsheet numbers to the cent, and refuses sub-cent ones', () => {
    expect(read(0.1 + 0.2)).toBe('0.30');
    expect(read(8251.46)).toBe('8251.46');
    expect(read(-59.26)).toBe('-59.26');
    expect(read(12.345)).toBe('refused: 12.345 has more than two decimals');
    expect(read(1.5, { minorUnits: true })).toBe('refused: 1.5 is not a whole number of minor units (cents)');
  });
});
