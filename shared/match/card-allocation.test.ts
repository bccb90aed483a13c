import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { CardLedger, rowsByCard } from './card-allocation';
import { platformRowsInTimeOrder } from './retries';

// Two gift cards end in 0001; a storefront spend the platform never recorded could be either.
const ev = events(`
  platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
  platform   GT-2 07-01 11:00 activation 30.00 card=7006000000000001 bal=30.00
  platform   GT-3 07-05 11:00 redemption 10.00 card=7006000000000001 bal=20.00
  storefront S-1  07-03 12:00 gift_card_applied 15.00 last4=0001 order=#1
  storefront S-2  07-03 12:00 gift_card_applied 25.00 last4=0001 order=#2
  storefront S-3  07-03 12:00 gift_card_applied  5.00 last4=0009 order=#3
`);
const ledger = (openingCards = new Map(), openingCents = new Map()) => new CardLedger(ev, rowsByCard(ev, platformRowsInTimeOrder(ev)), openingCards, openingCents);

describe('CardLedger.allocate', () => {
  it('takes the card whose balance the spend fits most tightly, naming the others', () => {
    // 15.00 fits 7006…0001 (30.00 then) more tightly than 6006…0001 (50.00).
    expect(ledger().allocate(ev[at(ev, 'S-1')])).toEqual({ card: '7006000000000001', ambiguous: true, alternatives: ['6006000000000001'] });
  });

  it('passes over a card whose later platform balance the spend would have taken below zero', () => {
    // 25.00 fits 7006…0001's 30.00 then, but the platform later reports 20.00 on it: it cannot have been spent there.
    expect(ledger().allocate(ev[at(ev, 'S-2')])).toEqual({ card: '6006000000000001', ambiguous: false, alternatives: null });
  });

  it('last four no card ends in: no card', () => {
    expect(ledger().allocate(ev[at(ev, 'S-3')])).toEqual({ card: null, ambiguous: false, alternatives: null });
  });

  it('a card known only from the opening balances counts with its opening balance', () => {
    const l = ledger(new Map([['8006000000000009', 'gift_card']]), new Map([['8006000000000009', 700]]));
    expect(l.balanceAt('8006000000000009', ev[at(ev, 'S-3')].at)).toBe(700);
    expect(l.allocate(ev[at(ev, 'S-3')])).toMatchObject({ card: '8006000000000009' });
  });
});
