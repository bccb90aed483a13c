import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';
import { rowsByCard } from './card-allocation';
import { platformRetries, platformRowsInTimeOrder } from './retries';

describe('platform retries', () => {
  const ev = events(`
    platform GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
    platform GT-2 07-02 12:03 redemption 20.00 card=6006000000000001 order=#2 bal=10.00
    platform GT-3 07-03 12:00 redemption 10.00 card=6006000000000001 order=#3 bal=0.00
    platform GT-4 07-03 12:30 redemption 10.00 card=6006000000000001 order=#3 bal=-10.00
  `);

  it('a second identical row within minutes, unconfirmed, repeats the first; half an hour later it does not', () => {
    const { duplicateOf, linked } = platformRetries(ev, rowsByCard(ev, platformRowsInTimeOrder(ev)), new Int32Array(ev.length).fill(-1));
    expect(duplicateOf[at(ev, 'GT-2')]).toBe(at(ev, 'GT-1'));
    expect(duplicateOf[at(ev, 'GT-4')]).toBe(-1);
    expect(linked).toEqual({ platformRetry: 1 });
  });

  it('the row the storefront confirms is the original', () => {
    const plToSf = new Int32Array(ev.length).fill(-1);
    plToSf[at(ev, 'GT-2')] = 99;
    const { duplicateOf } = platformRetries(ev, rowsByCard(ev, platformRowsInTimeOrder(ev)), plToSf);
    expect(duplicateOf[at(ev, 'GT-1')]).toBe(at(ev, 'GT-2'));
    expect(duplicateOf[at(ev, 'GT-2')]).toBe(-1);
  });

  it('two rows the storefront confirms both are two events', () => {
    const plToSf = new Int32Array(ev.length).fill(-1);
    plToSf[at(ev, 'GT-1')] = 98;
    plToSf[at(ev, 'GT-2')] = 99;
    expect(platformRetries(ev, rowsByCard(ev, platformRowsInTimeOrder(ev)), plToSf).duplicateOf[at(ev, 'GT-2')]).toBe(-1);
  });
});

describe('platform retries in a run of repeats', () => {
  it('each repeat is of the original, and the window runs from the original, not from the repeat before', () => {
    const ev = events(`
      platform GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      platform GT-2 07-02 12:06 redemption 20.00 card=6006000000000001 order=#2 bal=10.00
      platform GT-3 07-02 12:08 redemption 20.00 card=6006000000000001 order=#2 bal=-10.00
      platform GT-4 07-02 12:12 redemption 20.00 card=6006000000000001 order=#2 bal=-30.00
      platform GT-5 07-02 12:13 redemption 20.00 card=6006000000000002 order=#2 bal=0.00
    `);
    const { duplicateOf, linked } = platformRetries(ev, rowsByCard(ev, platformRowsInTimeOrder(ev)), new Int32Array(ev.length).fill(-1));
    expect(duplicateOf[at(ev, 'GT-2')]).toBe(at(ev, 'GT-1'));
    expect(duplicateOf[at(ev, 'GT-3')]).toBe(at(ev, 'GT-1'));
    expect(duplicateOf[at(ev, 'GT-4')]).toBe(-1);
    expect(duplicateOf[at(ev, 'GT-5')]).toBe(-1);
    expect(linked).toEqual({ platformRetry: 2 });
  });
});

describe('repeated storefront rows', () => {
  it('a tender repeating, seconds later, one the platform confirms is a movement of no effect on that card', async () => {
    const ev = events(`
      platform   GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      storefront S-1  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
      storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
    `);
    const m = await matched(ev);
    const repeat = m.movements.find((x) => x.kind === 'storefront_duplicate')!;
    expect(repeat).toMatchObject({ card: '6006000000000001', trueEffectCents: 0, duplicateOf: at(ev, 'S-1') });
    expect(m.byRule['duplicate: repeated storefront row']).toBe(1);
  });
});
