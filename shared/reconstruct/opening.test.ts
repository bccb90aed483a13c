import { describe, expect, it } from 'vitest';
import { events } from '../testing/events';
import { SETTINGS } from '../testing/stages';
import { inferOpening } from './opening';

describe('opening balances without an opening file', () => {
  it('each card opens at its last Balance After before the period, else its first row’s less that row', () => {
    const ev = events(`
      platform GT-1 06-20 10:00 activation 30.00 card=6006000000000001 bal=30.00
      platform GT-2 06-25 10:00 redemption 10.00 card=6006000000000001 bal=20.00
      platform GT-3 07-02 10:00 redemption  5.00 card=6006000000000002 bal=15.00
      platform GT-4 07-03 10:00 activation 10.00 card=6006000000000003 bal=10.00
    `);
    expect(inferOpening(ev, SETTINGS)).toEqual([
      { card: '6006000000000001', instrument: 'gift_card', cents: 2000, row: 0 },
      { card: '6006000000000002', instrument: 'gift_card', cents: 2000, row: 0 },
    ]);
  });
});
