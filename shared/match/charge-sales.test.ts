// Sales only the processor records: a storefront export with no gift_card_sold row (Shopify writes a gift card
// bought as a product as the card payment of its order).
import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { classified, matched, replayed } from '../testing/stages';

describe('a gift card charge the storefront has no sale for', () => {
  it('is the sale of the activation of its order: the liability begins at the charge when the activation lags', async () => {
    const ev = events(`
      platform   GT-1 07-01 18:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
      payments   ch_1 07-01 09:58 charge 50.00 order=#1
      erp        J-1:1 07-01 credit 50.00 ref=GT-1
    `);
    const c = await classified(ev);
    expect(c.findings.map((f) => [f.category, f.records.map((r) => r.ref)])).toEqual([['ACTIVATION_LAG', ['ch_1', 'GT-1']]]);
    expect(c.movements[0].trueAtMs).toBe(ev[at(ev, 'ch_1')].at);
    expect(c.findings[0].explanation).toContain('was paid at');
    expect(c.byRule['reference: payment Order ID = platform Order Ref']).toBe(1);
  });

  it('paid and never activated is an UNACTIVATED_SALE on no card, by its order; a repeat of the charge counts once', async () => {
    const r = await replayed(
      events(`
        platform   GT-1 07-01 10:00 activation 25.00 card=6006000000000001 order=#1 bal=25.00
        payments   ch_1 07-01 09:58 charge 25.00 order=#1
        payments   ch_2 07-03 12:00 charge 40.00 order=#2
        payments   ch_3 07-03 12:04 charge 40.00 order=#2
        storefront R9   07-04 12:00 gift_card_applied 5.00 order=#9
      `),
    );
    const sale = r.exceptions.filter((x) => x.category === 'UNACTIVATED_SALE');
    expect(sale.map((x) => [x.card, x.order, x.last_four, x.amount_cents, x.records.map((y) => y.ref)])).toEqual([[null, '#2', undefined, 4000, ['ch_2']]]);
    expect(r.exceptions.find((x) => x.category === 'DUPLICATE')!.records.map((y) => y.ref)).toEqual(['ch_2', 'ch_3']);
    expect(r.cards.find((c) => c.card === null && c.order === '#2')).toEqual({
      card: null, instrument: 'gift_card', reconstructed_cents: 4000, platform_reported_cents: 0, order: '#2',
    });
    expect(r.rollforward.issued_cents).toBe(6500);
  });

  it('a reload paid and never loaded is an UNACTIVATED_SALE too, reloaded', async () => {
    const m = await matched(events(`payments ch_5 07-05 10:00 charge 30.00 order=R-5 memo="Gift card reload R-5"`));
    expect(m.movements).toMatchObject([{ kind: 'unactivated', card: null, order: 'R-5', trueEffectCents: 3000, flow: 'reloaded' }]);
  });

  it('refunded in full, it sold nothing: a note, no liability', async () => {
    const m = await matched(
      events(`
        payments ch_2 07-03 12:00 charge 40.00 order=#2
        payments re_2 07-04 12:00 refund -40.00 order=#2 memo="REFUND FOR CHARGE (Gift card purchase #2)"
      `),
    );
    expect(m.movements).toEqual([]);
    expect(m.notes).toEqual(['Processor charge ch_2 (order #2, 4000 cents) was refunded in full by re_2 and no card was activated for it: no liability.']);
    expect(m.byRule['reference: refund Order ID = gift card charge']).toBe(1);
  });

  it('where the storefront records its sales, an unlinked charge is left as before', async () => {
    const m = await matched(
      events(`
        storefront S-1  07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
        payments   ch_1 07-01 09:58 charge 50.00 order=#1
        payments   ch_2 07-03 12:00 charge 40.00 order=#2
      `),
    );
    expect(m.movements.map((x) => [x.kind, x.members.map((y) => m.events[y.event].key)])).toEqual([['unactivated', ['S-1', 'ch_1']]]);
  });
});
