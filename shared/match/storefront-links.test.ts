import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';
import { linkStorefront, type FallbackRule } from './storefront-links';

const ev = events(`
  platform   GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
  platform   GT-2 07-03 12:00 redemption 15.00 card=6006000000000002 order=#3 bal=10.00
  platform   GT-3 07-04 12:00 redemption  9.00 card=6006000000000003 bal=1.00
  storefront S-1  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
  storefront S-2  07-02 12:01 gift_card_applied 20.00 last4=0001 order=#2
  storefront S-3  07-03 11:59 gift_card_applied 15.50 last4=0002 order=#3
  storefront S-4  07-04 12:10 gift_card_applied  9.00 last4=0003 order=#4
`);

describe('linkStorefront', () => {
  it('links one to one, nearest first: a second tender for the same platform row is left', () => {
    const asked: [FallbackRule, number[], number[]][] = [];
    const exact: [number, number][] = [[at(ev, 'S-1'), at(ev, 'GT-1')], [at(ev, 'S-2'), at(ev, 'GT-1')]];
    const links = linkStorefront(ev, { exact, noLast4: [], voidedTenders: [], voidOf: new Map() }, (rule, s, p) => {
      asked.push([rule, s, p]);
      return [];
    });
    expect(links.plToSf[at(ev, 'GT-1')]).toBe(at(ev, 'S-1'));
    expect(links.sfToPl[at(ev, 'S-2')]).toBe(-1);
    // The fallback rules are asked only about the rows still free.
    expect(asked[0]).toEqual(['storefrontPlatformAmountOff', ['S-2', 'S-3', 'S-4'].map((k) => at(ev, k)), ['GT-2', 'GT-3'].map((k) => at(ev, k))]);
    expect(links.linked).toEqual({ storefrontPlatform: 1, storefrontPlatformAmountOff: 0, storefrontPlatformWindow: 0 });
  });

  it('through the rules: the exact identity, then the amount that differs, then the time window without the order', async () => {
    const m = await matched(ev);
    const rule = (key: string) => m.movements.find((x) => x.anchor === at(ev, key))!.members[1]?.rule;
    expect(rule('GT-1')).toBe('storefrontPlatform');
    expect(rule('GT-2')).toBe('storefrontPlatformAmountOff');
    expect(rule('GT-3')).toBe('storefrontPlatformWindow');
    expect(m.byRule['identity: order + last four + amount']).toBe(1);
    expect(m.byRule['identity: order + last four (amount differs)']).toBe(1);
    expect(m.byRule['identity: last four + amount + time window']).toBe(1);
  });
});
