import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';

const ev = events(`
  platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
  platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
  storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
  storefront S-3  07-02 13:00 order_voided 20.00 last4=0001 order=#2
  storefront S-4  07-03 09:00 gift_card_sold 25.00 last4=0044 order=#4
  payments   ch_4 07-03 09:00 charge 25.00 order=#4
  storefront S-5  07-04 15:00 gift_card_applied 12.00 last4=0001 order=#5
  storefront S-6  07-04 16:00 order_voided 9.00 last4=0077 order=#6
  storefront S-7  07-04 17:00 gift_card_applied 9.00 last4=0001 order=#7 status=failed
`);

describe('storefront rows the platform never recorded', () => {
  it('a voided order whose tender the platform never reversed puts the tender back on its card', async () => {
    const m = await matched(ev);
    const v = m.movements.find((x) => x.kind === 'void_missing')!;
    expect(v).toMatchObject({ card: '6006000000000001', trueEffectCents: 2000, flow: 'voided', storefrontVoid: at(ev, 'S-3') });
    expect(v.members.map((x) => x.rule)).toEqual(['unmatched', 'voidedTender']);
  });

  it('a paid sale never activated is a liability on no known card, with its payment', async () => {
    const m = await matched(ev);
    expect(m.movements.find((x) => x.kind === 'unactivated')).toMatchObject({
      card: null, sale: at(ev, 'S-4'), payments: [at(ev, 'ch_4')], trueEffectCents: 2500, flow: 'issued',
    });
  });

  it('a tender the platform never recorded happened, on the card that ends in its four', async () => {
    const m = await matched(ev);
    expect(m.movements.find((x) => x.kind === 'missing_in_platform')).toMatchObject({
      card: '6006000000000001', sale: at(ev, 'S-5'), trueEffectCents: -1200, ambiguousCard: false,
    });
  });

  it('a voided order with no tender in the platform is a note; a failed tender is noise', async () => {
    const m = await matched(ev);
    expect(m.notes).toContain('Storefront S-6: order #6 was voided but no gift card tender of it is in the platform; nothing to reverse.');
    expect(m.movements.some((x) => x.members.some((y) => y.event === at(ev, 'S-7')))).toBe(false);
  });
});
