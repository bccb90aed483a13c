import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';

const ev = events(`
  platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
  platform   GT-2 07-02 10:00 reload     25.00 card=6006000000000001 order=R-2 bal=75.00
  storefront S-1  07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
  payments   ch_1 07-01 09:58 charge 50.00 order=#1
  payments   ch_2 07-01 09:59 charge 50.00 order=#1
  payments   ch_3 07-02 09:59 charge 25.00 order=R-2 memo="Gift card reload R-2"
  payments   ch_4 07-02 11:00 charge 80.00 order=#9 memo="Order #9"
`);

describe('payment links', () => {
  it('a charge pays the storefront sale of its order; the sale carries it to the platform activation', async () => {
    const m = await matched(ev);
    const activation = m.movements.find((x) => x.anchor === at(ev, 'GT-1'))!;
    expect(activation.kind === 'platform' && activation.payments).toEqual([at(ev, 'ch_1')]);
    expect(activation.members.map((x) => x.rule)).toEqual(['anchor', 'storefrontPlatform', 'paymentSale']);
  });

  it('a reload with no storefront row is paid straight to the platform', async () => {
    const m = await matched(ev);
    const reload = m.movements.find((x) => x.anchor === at(ev, 'GT-2'))!;
    expect(reload.members.map((x) => [x.event, x.rule])).toEqual([[at(ev, 'GT-2'), 'anchor'], [at(ev, 'ch_3'), 'paymentPlatform']]);
    expect(m.byRule['reference: payment Order ID = platform Order Ref']).toBe(1);
  });

  it('a second charge for one sale is a repeat, not a second payment; an ordinary order charge is noise', async () => {
    const m = await matched(ev);
    const repeat = m.movements.find((x) => x.kind === 'payment_duplicate')!;
    expect(repeat.members).toEqual([{ event: at(ev, 'ch_2'), shareCents: 0, rule: 'repeatedRow' }]);
    expect(repeat.kind === 'payment_duplicate' && repeat.duplicateOf).toBe(at(ev, 'ch_1'));
    expect(m.movements.some((x) => x.members.some((y) => y.event === at(ev, 'ch_4')))).toBe(false);
    expect(m.byRule['reference: payment Order ID = storefront Order']).toBe(1);
  });
});
