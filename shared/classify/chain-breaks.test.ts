import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { classified, openingOf } from '../testing/stages';

describe('balance chain breaks', () => {
  const ev = events(`
    platform GT-1 07-01 10:00 redemption 10.00 card=6006000000000001 bal=30.00
    platform GT-2 07-02 10:00 redemption  5.00 card=6006000000000001 bal=28.00
    platform GT-3 07-03 10:00 redemption  3.00 card=6006000000000001
    platform GT-4 07-04 10:00 redemption  3.00 card=6006000000000001 bal=22.00
  `);

  it("names each row whose Balance After does not follow from the one before, by how much", async () => {
    const c = await classified(ev, openingOf({ '6006000000000001': '40.00' }));
    const breaks = c.findings.filter((f) => f.category === 'BALANCE_CHAIN_BREAK');
    // 30.00 - 5.00 = 25.00, but 28.00 is reported: 3.00 appeared. A row without a Balance After says nothing, so
    // the next is read against the last balance known: 28.00 - 3.00 = 25.00, but 22.00 is reported.
    expect(breaks.map((f) => [f.records[0].ref, f.amountCents, f.chainBreak])).toEqual([
      ['GT-2', 300, { event: at(ev, 'GT-2'), cents: 300 }],
      ['GT-4', -300, { event: at(ev, 'GT-4'), cents: -300 }],
    ]);
    expect(breaks[0].explanation).toContain('3.00 appeared without a transaction');
  });

  it('the chain starts from the opening balance: a first row that does not follow from it is a break', async () => {
    const c = await classified(ev, openingOf({ '6006000000000001': '45.00' }));
    expect(c.findings.filter((f) => f.category === 'BALANCE_CHAIN_BREAK').map((f) => [f.records[0].ref, f.amountCents])).toEqual([
      ['GT-1', -500],
      ['GT-2', 300],
      ['GT-4', -300],
    ]);
  });
});
