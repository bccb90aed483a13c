// A storefront export that names no card (Shopify's): its rows carry no last four, and order and amount stand in.
import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched, replayed } from '../testing/stages';

const ev = events(`
  platform   GT-1 07-02 12:00 redemption 10.00 card=6006000000000001 order=#2 bal=40.00
  platform   GT-2 07-02 12:00 redemption 10.00 card=SC00000002 order=#2 bal=5.00
  platform   GT-3 07-03 12:00 redemption 15.00 card=6006000000000003 order=#3 bal=10.00
  platform   GT-4 07-04 12:00 redemption  9.00 card=6006000000000004 bal=1.00
  platform   GT-5 07-05 12:00 refund     12.00 card=6006000000000001 order=#5 bal=52.00
  storefront R2   07-02 11:59 store_credit_applied 10.00 order=#2
  storefront R3   07-02 11:59 gift_card_applied 10.00 order=#2
  storefront R4   07-03 11:59 gift_card_applied 15.50 order=#3
  storefront R5   07-04 12:10 gift_card_applied  9.00 order=#4
  storefront R6   07-05 11:58 gift_card_refunded 12.00 order=#5
`);

describe('storefront rows without a last four', () => {
  it('link by order and amount, each tender to the platform row of its instrument', async () => {
    const m = await matched(ev);
    const linkOf = (key: string) => {
      const mv = m.movements.find((x) => x.anchor === at(ev, key))!;
      return [ev[mv.members[1]?.event]?.key, mv.members[1]?.rule];
    };
    expect(linkOf('GT-1')).toEqual(['R3', 'storefrontNoLast4']);
    expect(linkOf('GT-2')).toEqual(['R2', 'storefrontNoLast4']);
    expect(linkOf('GT-5')).toEqual(['R6', 'storefrontNoLast4']);
    expect(linkOf('GT-3')).toEqual(['R4', 'storefrontNoLast4AmountOff']);
    expect(linkOf('GT-4')).toEqual(['R5', 'storefrontNoLast4Window']);
    expect(m.byRule).toMatchObject({
      'identity: order + amount (no last four)': 3,
      'identity: order, no last four (amount differs)': 1,
      'identity: amount + time window (no last four, one candidate)': 1,
      // The rules that need a last four find nothing, as before.
      'identity: order + last four + amount': 0,
    });
  });

  it('the time window links only where one candidate alone fits', async () => {
    const two = events(`
      platform   GT-4 07-04 12:00 redemption 9.00 card=6006000000000004 bal=1.00
      platform   GT-6 07-04 12:05 redemption 9.00 card=6006000000000006 bal=1.00
      storefront R5   07-04 12:10 gift_card_applied 9.00 order=#4
    `);
    const m = await matched(two);
    expect(m.movements.find((x) => x.kind === 'missing_in_platform')).toMatchObject({ card: null, order: '#4', sale: at(two, 'R5') });
    expect(m.byRule['identity: amount + time window (no last four, one candidate)']).toBeUndefined();
  });

  it('a row the platform never recorded names no card: it counts on a line of its order, never on a guessed card', async () => {
    const r = await replayed(
      events(`
        platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
        storefront R2   07-02 11:59 gift_card_applied 20.00 order=#2
      `),
    );
    expect(r.cards.find((c) => c.card === '6006000000000001')!.reconstructed_cents).toBe(5000);
    expect(r.cards.find((c) => c.card === null)).toEqual({
      card: null, instrument: 'gift_card', reconstructed_cents: -2000, platform_reported_cents: 0, order: '#2',
    });
    expect(r.reconstructedCents).toBe(3000);
    const x = r.exceptions.find((e) => e.category === 'MISSING_IN_PLATFORM')!;
    expect([x.card, x.order, x.last_four]).toEqual([null, '#2', undefined]);
    expect(x.explanation).toContain('a card the storefront does not name');
  });
});

describe('a voided order without a last four', () => {
  it('meets the platform Void of its tender, found through what the Void reverses (a Void naming nothing)', async () => {
    const v = events(`
      platform   GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      platform   GT-2 07-02 15:00 void       20.00 card=6006000000000001 bal=50.00
      storefront R2   07-02 11:59 gift_card_applied 20.00 order=#2
      storefront R3   07-02 14:58 order_voided 0.00 order=#2
      erp        J-1:1 07-02 debit 20.00 ref=GT-1
    `);
    const c = await replayed(v);
    const mv = c.c.movements.find((x) => x.anchor === at(v, 'GT-2'))!;
    expect(mv).toMatchObject({ kind: 'platform', order: '#2', storefrontVoid: at(v, 'R3'), trueEffectCents: 2000 });
    expect(mv.members.map((x) => x.rule)).toEqual(['anchor', 'storefrontVoidByTender']);
    // Shopify writes 0.00 on a void: it takes the amount of what it voided.
    expect(c.c.events[at(v, 'R3')]).toMatchObject({ amount: 2000, effect: 2000 });
    expect(c.exceptions.map((x) => [x.category, x.records.map((r) => r.ref), x.amount_cents])).toEqual([['VOID_NOT_PROPAGATED', ['R3', 'GT-2'], 2000]]);
    expect(c.c.byRule).toMatchObject({ 'inferred: void → latest earlier redemption': 1, 'identity: voided order → the void of its tender (no last four)': 1 });
  });

  it('whose tender the platform never reversed puts the tender back on its card, with the tender’s amount', async () => {
    const v = events(`
      platform   GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      storefront R2   07-02 11:59 gift_card_applied 20.00 order=#2
      storefront R3   07-02 14:58 order_voided 0.00 order=#2
    `);
    const m = await matched(v);
    const vm = m.movements.find((x) => x.kind === 'void_missing')!;
    expect(vm).toMatchObject({ card: '6006000000000001', trueEffectCents: 2000, storefrontVoid: at(v, 'R3') });
    expect(vm.members.map((x) => x.rule)).toEqual(['unmatched', 'voidedTenderNoLast4']);
    expect(m.events[at(v, 'R3')].amount).toBe(2000);
    expect(m.settled).toContainEqual({ id: at(v, 'R3'), effect: 2000, instrument: null, amount: 2000, ref: null, order: '#2' });
    expect(m.byRule['reference: voided order → its tender (no last four)']).toBe(1);
  });
});
