import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../types';
import { events } from '../testing/events';
import { classified, openingOf } from '../testing/stages';

// One small quarter with every kind of exception in it, each from a handful of rows.
const ev = events(`
  platform   GT-1  07-01 18:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
  storefront S-1   07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
  payments   ch_1  07-01 09:58 charge 50.00 order=#1
  erp        J-1:1 07-01 credit 50.00 ref=GT-1
  storefront S-4   07-03 09:00 gift_card_sold 25.00 last4=0044 order=#4
  platform   GT-5  07-03 10:00 activation 25.00 card=6006000000000005 channel=pos bal=25.00
  erp        J-5:1 07-03 credit 25.00 ref=GT-5
  storefront S-6   07-04 15:00 gift_card_applied 12.00 last4=0001 order=#6
  platform   GT-7  07-05 12:00 redemption 20.00 card=6006000000000001 order=#7 bal=30.00
  storefront S-7   07-05 11:59 gift_card_applied 20.00 last4=0001 order=#7
  storefront S-7v  07-05 13:00 order_voided 20.00 last4=0001 order=#7
  erp        J-7:1 07-05 debit 20.00 ref=GT-7
  platform   GT-8  07-06 12:00 redemption 5.00 card=6006000000000001 order=#8 bal=25.00
  platform   GT-8r 07-06 12:02 redemption 5.00 card=6006000000000001 order=#8 bal=20.00
  erp        J-8:1 07-06 debit 5.00 ref=GT-8
  platform   GT-9  07-07 10:00 adjustment 7.50 card=6006000000000009 operator=csr:ana bal=7.50
  erp        J-9:1 07-08 credit 10.00 memo="Manual accrual"
  platform   GT-10 07-09 12:00 redemption 2.00 card=6006000000000005 order=#10 bal=23.00
  storefront S-10  07-09 11:59 gift_card_applied 2.00 last4=0005 order=#10
  erp        J-10:1 07-09 debit 2.20 ref=GT-10
  platform   GT-11 07-10 12:00 redemption 3.00 card=6006000000000005 order=#11 bal=21.00
  storefront S-11  07-10 11:59 gift_card_applied 3.00 last4=0005 order=#11
  platform   GT-12 09-30 23:00 redemption 1.00 card=6006000000000005 order=#12 bal=19.00
  storefront S-12  09-30 22:59 gift_card_applied 1.00 last4=0005 order=#12
  erp        J-12:1 10-01 debit 1.00 ref=GT-12
`);

describe('classify', () => {
  it('reaches every category of the vocabulary from a handful of rows', async () => {
    const c = await classified(ev, openingOf({ '6006000000000005': '1.00' }));
    expect(new Set(c.findings.map((f) => f.category))).toEqual(new Set(CATEGORIES));
  });

  it('returns the movements as classified: only the lagging activation moved, to its sale', async () => {
    const c = await classified(ev);
    const moved = c.movements.filter((m) => m.trueAtMs !== c.events[m.anchor ?? m.members[0].event].at);
    expect(moved.map((m) => c.events[m.anchor!].key)).toEqual(['GT-1']);
  });

  it('every finding about a movement names one of the movements it returns', async () => {
    const c = await classified(ev);
    const returned = new Set(c.movements);
    expect(c.findings.every((f) => f.movement === null || returned.has(f.movement))).toBe(true);
  });
});
