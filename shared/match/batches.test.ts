import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';
import { omittedSubset } from './batches';

const id = (x: number) => x;

describe('which redemptions an ERP batch line left out', () => {
  it('finds the fewest rows that make up the gap, preferring the latest', () => {
    expect(omittedSubset([500, 1200, 700, 300], id, 1200)).toEqual([1200]);
    // 700 + 300 and 1000 both make 1000: one row is the smaller explanation.
    expect(omittedSubset([700, 1000, 300], id, 1000)).toEqual([1000]);
    // Two rows of equal amount: the later one.
    const rows = [{ a: 250, t: 1 }, { a: 250, t: 2 }];
    expect(omittedSubset(rows, (r) => r.a, 250)).toEqual([{ a: 250, t: 2 }]);
  });

  it('finds four or more rows when it takes that many', () => {
    const amounts = [6361, 8736, 736, 208, 1111, 2222, 3333, 4444, 5555, 999, 12345];
    const gap = 6361 + 8736 + 736 + 208;
    const got = omittedSubset(amounts, id, gap);
    expect(got.reduce((a, b) => a + b, 0)).toBe(gap);
    expect(got.length).toBeLessThanOrEqual(4);
  });

  it('gives nothing when no set of rows fits the gap', () => {
    expect(omittedSubset([500, 700], id, 1100)).toEqual([]);
    expect(omittedSubset([], id, 100)).toEqual([]);
    expect(omittedSubset([100], id, 0)).toEqual([]);
  });
});

describe('ERP daily batch lines', () => {
  const day = (batch: string) =>
    events(`
      platform GT-1 07-02 10:00 redemption 20.00 card=6006000000000001 order=#1 bal=30.00
      platform GT-2 07-02 11:00 redemption 15.00 card=6006000000000002 order=#2 bal=10.00
      platform GT-3 07-02 12:00 redemption  5.00 card=6006000000000003 order=#3 bal=0.00
      erp      B-1:1 07-02 debit ${batch} memo="Gift card redemptions batch 2026-07-02"
    `);

  it('a batch line equal to the day\'s redemptions gives each its share', async () => {
    const ev = day('40.00');
    const m = await matched(ev);
    for (const [key, cents] of [['GT-1', -2000], ['GT-2', -1500], ['GT-3', -500]] as const) {
      const r = m.movements.find((x) => x.anchor === at(ev, key))!;
      expect(r.members.at(-1)).toEqual({ event: at(ev, 'B-1:1'), shareCents: cents, rule: 'batch' });
    }
    expect(m.byRule['aggregate: ERP batch line = the day’s platform redemptions']).toBe(3);
    expect(m.movements.some((x) => x.kind === 'batch_residual' || x.kind === 'erp_only')).toBe(false);
  });

  it('a batch short of the day finds the redemption it left out; the others share the line', async () => {
    const ev = day('25.00');
    const m = await matched(ev);
    const left = m.movements.find((x) => x.anchor === at(ev, 'GT-2'))!;
    expect(left).toMatchObject({ batchLine: at(ev, 'B-1:1'), batchOmitted: true });
    expect(left.members).toHaveLength(1);
    expect(m.movements.find((x) => x.anchor === at(ev, 'GT-1'))).toMatchObject({ batchOmitted: false });
    expect(m.movements.some((x) => x.kind === 'batch_residual')).toBe(false);
  });

  it('a difference no set of redemptions explains is a residual of its own, and a note', async () => {
    const ev = day('41.00');
    const m = await matched(ev);
    const residual = m.movements.find((x) => x.kind === 'batch_residual')!;
    expect(residual).toMatchObject({ card: null, trueEffectCents: 0, erpLines: [at(ev, 'B-1:1')], members: [{ event: at(ev, 'B-1:1'), shareCents: -100, rule: 'batch' }] });
    expect(m.notes).toContain("ERP batch B-1:1 (2026-07-02) differs from that day's platform redemptions by 100 cents.");
  });
});
