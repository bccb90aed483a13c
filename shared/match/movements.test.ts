import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';

// A card's quarter: sold and paid, activated, spent twice (once retried by the platform), each booked by the ERP.
const ev = events(`
  platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
  platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
  platform   GT-3 07-02 12:02 redemption 20.00 card=6006000000000001 order=#2 bal=10.00
  storefront S-1  07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
  storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
  payments   ch_1 07-01 09:58 charge 50.00 order=#1
  erp        J-1:1 07-01 credit 50.00 ref=GT-1
  erp        J-2:1 07-02 debit  20.00 ref=GT-2
`);

describe('buildMovements', () => {
  it('makes one movement per platform row, in time order, with every row linked to it', async () => {
    const m = await matched(ev);
    expect(m.movements.map((x) => [x.id, x.kind, x.anchor])).toEqual([
      [1, 'platform', at(ev, 'GT-1')],
      [2, 'platform', at(ev, 'GT-2')],
      [3, 'duplicate', at(ev, 'GT-3')],
    ]);
    expect(m.movements[0].members.map((x) => [ev[x.event].key, x.rule, x.shareCents])).toEqual([
      ['GT-1', 'anchor', 0], ['S-1', 'storefrontPlatform', 0], ['ch_1', 'paymentSale', 0], ['J-1:1', 'erpReference', 5000],
    ]);
    expect(m.movements[2]).toMatchObject({ duplicateOf: at(ev, 'GT-2'), trueEffectCents: 0 });
  });

  it('counts the links per rule under the names report.json shows', async () => {
    expect((await matched(ev)).byRule).toEqual({
      'identity: order + last four + amount': 2,
      'identity: order + last four (amount differs)': 0,
      'identity: last four + amount + time window': 0,
      'reference: payment Order ID = storefront Order': 1,
      'reference: ERP Reference = platform Transaction ID': 2,
      'duplicate: repeated platform row': 1,
    });
  });

  it("keeps each card's platform rows in time order", async () => {
    expect((await matched(ev)).platformRowsByCard).toEqual(new Map([['6006000000000001', ['GT-1', 'GT-2', 'GT-3'].map((k) => at(ev, k))]]));
  });

  it('does not write into the events it was given', async () => {
    const before = JSON.stringify(ev);
    await matched(ev);
    expect(JSON.stringify(ev)).toBe(before);
  });
});
