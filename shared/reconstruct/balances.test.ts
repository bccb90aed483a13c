import { describe, expect, it } from 'vitest';
import { events } from '../testing/events';
import { openingOf, replayed } from '../testing/stages';

describe('card balances', () => {
  it('the platform’s closing per card is its last Balance After on or before the period end', async () => {
    const r = await replayed(events(`
      platform GT-1 09-29 10:00 activation 30.00 card=6006000000000001 bal=30.00
      platform GT-2 10-02 10:00 redemption 10.00 card=6006000000000001 bal=20.00
    `));
    expect(r.cards).toEqual([{ card: '6006000000000001', instrument: 'gift_card', reconstructed_cents: 3000, platform_reported_cents: 3000 }]);
  });

  it('every card any system knows has a line, even at zero; a sale on no known card has its own line', async () => {
    const r = await replayed(
      events(`
        platform   GT-1 07-01 10:00 redemption 5.00 card=SC0000000002 bal=0.00
        storefront S-4  07-03 09:00 gift_card_sold 25.00 last4=0044 order=#4
      `),
      openingOf({ SC0000000002: '5.00', '6006000000000003': '0.00' }),
    );
    expect(r.cards).toEqual([
      { card: '6006000000000003', instrument: 'gift_card', reconstructed_cents: 0, platform_reported_cents: 0 },
      { card: 'SC0000000002', instrument: 'store_credit', reconstructed_cents: 0, platform_reported_cents: 0 },
      { card: null, instrument: 'gift_card', reconstructed_cents: 2500, platform_reported_cents: 0, last_four: '0044', order: '#4' },
    ]);
    expect(r.byInstrument).toEqual({ gift_card: 2500, store_credit: 0 });
  });
});
