import { describe, expect, it } from 'vitest';
import { InputError } from '../types';
import { readCardRegister } from './register';

describe('the card register', () => {
  it('reads owner states by code or name, and refuses what it cannot read with the row and column', () => {
    const r = readCardRegister('register.csv', [' card number ', 'OWNER STATE', 'Email'], [
      ['6006-4900-0000-0041', 'nj', 'x@example.com'],
      ['SC00000042', 'New York', ''],
      ['6006490000000043', '', ''],
      ['6006490000000044', 'Ontario', ''],
      ['', 'TX', ''],
      ['6006490000000041', 'PA', ''],
      ['6006490000000041', 'NJ', ''],
    ]);
    expect([...r.register]).toEqual([['6006490000000041', 'NJ'], ['SC00000042', 'NY']]);
    expect(r.unknown).toBe(1);
    expect(r.refused).toEqual([
      { row: 5, column: 'Owner State', reason: "Owner State 'Ontario' is not a US state or DC" },
      { row: 6, column: 'Card Number', reason: 'Card Number is empty' },
      { row: 7, column: 'Owner State', reason: 'card 6006490000000041 is listed before with NJ' },
    ]);
  });

  it('names the missing column in one line', () => {
    const read = () => readCardRegister('register.csv', ['Card Number', 'Zip'], []);
    expect(read).toThrow(InputError);
    expect(read).toThrow("register.csv: missing required column 'Owner State' for the card register; columns found: 'Card Number', 'Zip'");
  });
});
