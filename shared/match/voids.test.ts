import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched, openingOf, replayed } from '../testing/stages';
import { settleVoids, withSettledVoids } from './voids';

const ev = events(`
  platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
  platform GT-2 07-02 10:00 redemption 20.00 card=6006000000000001 bal=30.00
  platform GT-3 07-02 10:05 void       20.00 card=6006000000000001 bal=50.00 ref=GT-2
  platform GT-4 07-03 10:00 void        5.00 card=6006000000000001 bal=55.00 ref=GT-0
`);
const named = (...pairs: [string, string][]): [number, number][] => pairs.map(([v, p]) => [at(ev, v), at(ev, p)]);

describe('settleVoids: a Void that names what it reverses', () => {
  it('takes the opposite of what it reverses, and its instrument', () => {
    const { settled, linked, voidOf } = settleVoids(ev, { named: named(['GT-3', 'GT-2']), inferred: [] });
    expect(settled.find((s) => s.event === at(ev, 'GT-3'))).toEqual({
      event: at(ev, 'GT-3'), effectCents: 2000, instrument: 'gift_card', inferredRef: null, inferredOrder: null,
    });
    expect(linked).toEqual({ void: 1 });
    expect(voidOf.get(at(ev, 'GT-2'))).toBe(at(ev, 'GT-3'));
  });

  it('takes a Void whose transaction is not in the log as reversing a redemption, and says so', () => {
    const { settled, notes } = settleVoids(ev, { named: named(['GT-3', 'GT-2']), inferred: [] });
    expect(settled.find((s) => s.event === at(ev, 'GT-4'))!.effectCents).toBe(500);
    expect(notes).toEqual(['Void GT-4 reverses GT-0, which is not in the platform log; taken as reversing a redemption of 500 cents.']);
  });

  it('the first pair of a Void decides it', () => {
    const { settled } = settleVoids(ev, { named: named(['GT-3', 'GT-2'], ['GT-3', 'GT-1']), inferred: [] });
    expect(settled.find((s) => s.event === at(ev, 'GT-3'))!.effectCents).toBe(2000);
  });

  it('returns the settled events without writing into the events it was given', () => {
    const before = JSON.stringify(ev);
    const { settled } = settleVoids(ev, { named: named(['GT-3', 'GT-2']), inferred: [] });
    const out = withSettledVoids(ev, settled);
    expect(JSON.stringify(ev)).toBe(before);
    expect(out[at(ev, 'GT-3')].effect).toBe(2000);
    expect(out[at(ev, 'GT-1')]).toBe(ev[at(ev, 'GT-1')]);
    expect(ev[at(ev, 'GT-3')].effect).toBe(0);
  });
});

// Issue #17: two Voids of one activation, a self-void, two Voids voiding each other. None may reverse twice,
// nor reverse a void, nor take the card below zero.
describe('settleVoids: the void pathologies', () => {
  const bad = events(`
    platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
    platform GT-2 07-02 10:00 void       50.00 card=6006000000000001 bal=0.00 ref=GT-1
    platform GT-3 07-02 10:05 void       50.00 card=6006000000000001 bal=-50.00 ref=GT-1
    platform GT-4 07-03 10:00 void        9.00 card=6006000000000001 bal=-50.00 ref=GT-4
    platform GT-5 07-04 10:00 void        7.00 card=6006000000000001 bal=-50.00 ref=GT-6
    platform GT-6 07-04 10:01 void        7.00 card=6006000000000001 bal=-50.00 ref=GT-5
  `);
  const pairs = (...p: [string, string][]): [number, number][] => p.map(([v, x]) => [at(bad, v), at(bad, x)]);
  const s = settleVoids(bad, { named: pairs(['GT-2', 'GT-1'], ['GT-3', 'GT-1'], ['GT-4', 'GT-4'], ['GT-5', 'GT-6'], ['GT-6', 'GT-5']), inferred: [] });
  const effect = (key: string) => s.settled.find((x) => x.event === at(bad, key))!.effectCents;

  it('a transaction is voided once: a second Void of it repeats the first', () => {
    expect(effect('GT-2')).toBe(-5000);
    expect(s.repeatOf).toEqual(new Map([[at(bad, 'GT-3'), at(bad, 'GT-2')]]));
    expect(s.linked).toEqual({ void: 1, voidRepeated: 1 });
  });

  it('a Void naming itself reverses nothing, and says so', () => {
    expect(effect('GT-4')).toBe(0);
    expect(s.notes).toContain('Void GT-4 names itself: a void reverses a transaction, never itself or another void. It is taken as reversing nothing.');
  });

  it('two Voids naming each other reverse nothing', () => {
    expect([effect('GT-5'), effect('GT-6')]).toEqual([0, 0]);
    expect(s.notes).toContain('Void GT-6 names Void GT-5: a void reverses a transaction, never itself or another void. It is taken as reversing nothing.');
  });

  it('through the rules and the replay: the card ends at zero, never below, and the second Void is a DUPLICATE', async () => {
    const r = await replayed(bad);
    expect(r.cards.find((c) => c.card === '6006000000000001')!.reconstructed_cents).toBe(0);
    const dup = r.exceptions.find((x) => x.category === 'DUPLICATE')!;
    expect(dup.records).toEqual([{ system: 'platform', ref: 'GT-2' }, { system: 'platform', ref: 'GT-3' }]);
    expect(dup.explanation).toContain('both reverse GT-1, and a transaction is voided once');
    expect(r.c.byRule['duplicate: second void of one transaction']).toBe(1);
  });
});

describe('settleVoids: a Void that names nothing (inferred)', () => {
  const sq = events(`
    platform GT-1 07-01 10:00 activation 80.00 card=6006000000000001 order=#1 bal=80.00
    platform GT-2 07-02 10:00 redemption 20.00 card=6006000000000001 order=#2 bal=60.00
    platform GT-3 07-02 11:00 redemption 20.00 card=6006000000000001 order=#3 bal=40.00
    platform GT-4 07-02 12:00 refund     20.00 card=6006000000000001 order=#3 bal=60.00
    platform GT-5 07-02 13:00 void       20.00 card=6006000000000001 bal=80.00
    platform GT-6 07-02 14:00 void       20.00 card=6006000000000001 bal=100.00
    platform GT-7 07-02 15:00 void        3.00 card=6006000000000001 bal=103.00
  `);
  // Latest first, as the rule gives them.
  const inferred: [number, number][] = [
    [at(sq, 'GT-5'), at(sq, 'GT-3')], [at(sq, 'GT-5'), at(sq, 'GT-2')],
    [at(sq, 'GT-6'), at(sq, 'GT-3')], [at(sq, 'GT-6'), at(sq, 'GT-2')],
  ];

  it('reverses the latest earlier redemption of its card and amount not yet refunded, and takes its order', () => {
    const s = settleVoids(sq, { named: [], inferred });
    // GT-3 was refunded (GT-4, same card and order) before the void: GT-2 is the one.
    expect(s.settled.find((x) => x.event === at(sq, 'GT-5'))).toEqual({
      event: at(sq, 'GT-5'), effectCents: 2000, instrument: 'gift_card', inferredRef: 'GT-2', inferredOrder: '#2',
    });
    const out = withSettledVoids(sq, s.settled)[at(sq, 'GT-5')];
    expect([out.ref, out.order, out.effect]).toEqual(['GT-2', '#2', 2000]);
    expect(s.linked.voidInferred).toBe(1);
  });

  it('a second such Void with nothing left to reverse repeats the first', () => {
    const s = settleVoids(sq, { named: [], inferred });
    expect(s.repeatOf).toEqual(new Map([[at(sq, 'GT-6'), at(sq, 'GT-5')]]));
    expect(s.linked.voidRepeated).toBe(1);
  });

  it('with no redemption it could reverse, it gives its amount back, and says so', () => {
    const s = settleVoids(sq, { named: [], inferred });
    expect(s.settled.find((x) => x.event === at(sq, 'GT-7'))!.effectCents).toBe(300);
    expect(s.notes).toContain('Void GT-7 names no transaction, and no earlier redemption of card 6006000000000001 for 300 cents is left to reverse; taken as giving back 300 cents.');
  });

  it('a redemption an inferred Void reversed is not reversed again by a later Void that names it', () => {
    const two = events(`
      platform GT-1 07-02 10:00 redemption 20.00 card=6006000000000001 order=#2 bal=0.00
      platform GT-2 07-02 13:00 void       20.00 card=6006000000000001 bal=20.00
      platform GT-3 07-02 14:00 void       20.00 card=6006000000000001 bal=40.00 ref=GT-1
    `);
    const s = settleVoids(two, { named: [[at(two, 'GT-3'), at(two, 'GT-1')]], inferred: [[at(two, 'GT-2'), at(two, 'GT-1')]] });
    expect(s.repeatOf).toEqual(new Map([[at(two, 'GT-3'), at(two, 'GT-2')]]));
    expect(s.linked).toEqual({ voidInferred: 1, voidRepeated: 1 });
  });

  it('through the rules: the candidates come latest first, and the link is named', async () => {
    const m = await matched(sq);
    const v = m.events[at(sq, 'GT-5')];
    expect([v.ref, v.order, v.effect]).toEqual(['GT-2', '#2', 2000]);
    expect(m.byRule['inferred: void → latest earlier redemption']).toBe(1);
    expect(m.settled.find((x) => x.id === at(sq, 'GT-5'))).toMatchObject({ ref: 'GT-2', order: '#2', effect: 2000 });
  });
});

describe('a Void that would take its card below zero', () => {
  it('takes off only what the card held; the rest, already spent, is an AMOUNT_MISMATCH', async () => {
    const r = await replayed(
      events(`
        platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
        platform GT-2 07-02 10:00 redemption 30.00 card=6006000000000001 order=#2 bal=20.00
        platform GT-3 07-03 10:00 void       50.00 card=6006000000000001 bal=-30.00 ref=GT-1
        erp      J-3:1 07-03 debit 50.00 ref=GT-3
      `),
      openingOf({}),
    );
    expect(r.cards.find((c) => c.card === '6006000000000001')!.reconstructed_cents).toBe(0);
    const x = r.exceptions.find((e) => e.records.some((rec) => rec.ref === 'GT-3'))!;
    expect([x.category, x.amount_cents, x.erp_effect_cents]).toEqual(['AMOUNT_MISMATCH', 3000, 3000]);
    expect(x.explanation).toContain('card 6006000000000001 held only 20.00 then');
  });
});
