import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { settleVoids, withSettledVoids } from './voids';

const ev = events(`
  platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
  platform GT-2 07-02 10:00 redemption 20.00 card=6006000000000001 bal=30.00
  platform GT-3 07-02 10:05 void       20.00 card=6006000000000001 bal=50.00 ref=GT-2
  platform GT-4 07-03 10:00 void        5.00 card=6006000000000001 bal=45.00 ref=GT-0
  platform GT-5 07-04 10:00 void       20.00 card=6006000000000001 bal=30.00 ref=GT-3
`);

describe('settleVoids', () => {
  const pairs: [number, number][] = [
    [at(ev, 'GT-3'), at(ev, 'GT-2')],
    [at(ev, 'GT-5'), at(ev, 'GT-3')],
  ];

  it('gives a Void the opposite of what it reverses, and its instrument', () => {
    const { settled, linked } = settleVoids(ev, pairs);
    expect(settled.find((s) => s.event === at(ev, 'GT-3'))).toEqual({ event: at(ev, 'GT-3'), effectCents: 2000, instrument: 'gift_card' });
    expect(linked).toEqual({ void: 2 });
  });

  it('a Void of a Void settled before it reverses the settled effect', () => {
    const { settled } = settleVoids(ev, pairs);
    expect(settled.find((s) => s.event === at(ev, 'GT-5'))!.effectCents).toBe(-2000);
  });

  it('takes a Void whose transaction is not in the log as reversing a redemption, and says so', () => {
    const { settled, notes } = settleVoids(ev, pairs);
    expect(settled.find((s) => s.event === at(ev, 'GT-4'))!.effectCents).toBe(500);
    expect(notes).toEqual(['Void GT-4 reverses GT-0, which is not in the platform log; taken as reversing a redemption of 500 cents.']);
  });

  it('the first pair of a Void decides it', () => {
    const { settled } = settleVoids(ev, [[at(ev, 'GT-3'), at(ev, 'GT-2')], [at(ev, 'GT-3'), at(ev, 'GT-1')]]);
    expect(settled.find((s) => s.event === at(ev, 'GT-3'))!.effectCents).toBe(2000);
  });

  it('returns the settled events without writing into the events it was given', () => {
    const before = JSON.stringify(ev);
    const { settled } = settleVoids(ev, pairs);
    const out = withSettledVoids(ev, settled);
    expect(JSON.stringify(ev)).toBe(before);
    expect(out[at(ev, 'GT-3')].effect).toBe(2000);
    expect(out[at(ev, 'GT-1')]).toBe(ev[at(ev, 'GT-1')]);
    expect(ev[at(ev, 'GT-3')].effect).toBe(0);
  });
});
