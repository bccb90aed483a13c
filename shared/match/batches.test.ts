import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';
import { coveringSets } from './batches';

const id = (x: number) => x;

describe('which redemptions an ERP batch line left out', () => {
  it('finds the one set of the fewest rows that makes up the gap', () => {
    expect(coveringSets([500, 1200, 700, 300], id, 1200)).toEqual({ size: 1, sets: [[1200]], complete: true });
    // 700 + 300 and 1000 both make 1000: one row is the smaller explanation, and it is the only one.
    expect(coveringSets([700, 1000, 300], id, 1000)).toEqual({ size: 1, sets: [[1000]], complete: true });
    expect(coveringSets([6361, 8736, 736, 208, 1111, 12345], id, 6361 + 736)).toEqual({ size: 2, sets: [[6361, 736]], complete: true });
  });

  it('refuses to pick where several sets of that size fit: equal amounts, or other sums', () => {
    const rows = [{ a: 250, t: 1 }, { a: 250, t: 2 }];
    expect(coveringSets(rows, (r) => r.a, 250)).toEqual({ size: 1, sets: [[rows[1]], [rows[0]]], complete: true });
    const two = coveringSets([100, 400, 200, 300], id, 500);
    expect(two.size).toBe(2);
    expect(two.sets.map((x) => [...x].sort((p, q) => p - q))).toEqual([[100, 400], [200, 300]]);
    expect(two.complete).toBe(true);
  });

  it('stops at a bound: more sets than it lists, or a search too long, is said to be incomplete', () => {
    // 30 rows of 1.00: any 3 of them make 3.00 — far more sets than are listed.
    const many = coveringSets(Array.from({ length: 30 }, (_, i) => ({ i, a: 100 })), (r) => r.a, 300, { maxSets: 5, budget: 1_000_000 });
    expect([many.size, many.sets.length, many.complete]).toEqual([3, 6, false]);
    // Even amounts and an odd gap: nothing fits, but only a search through many sizes can tell.
    const cut = coveringSets(Array.from({ length: 200 }, (_, i) => 100 + 2 * i), id, 2001, { maxSets: 5, budget: 500 });
    expect(cut).toEqual({ size: 0, sets: [], complete: false });
  });

  it('gives nothing when no set of rows fits the gap', () => {
    expect(coveringSets([500, 700], id, 1100)).toEqual({ size: 0, sets: [], complete: true });
    expect(coveringSets([], id, 100).sets).toEqual([]);
    expect(coveringSets([100], id, 0).sets).toEqual([]);
  });

  it('finds the fewest among many rows quickly', () => {
    const amounts = Array.from({ length: 3000 }, (_, i) => 200 + ((i * 7919) % 19800));
    const gap = amounts[10] + amounts[2000] + amounts[2999];
    const got = coveringSets(amounts, id, gap);
    expect(got.sets.length).toBeGreaterThan(0);
    for (const set of got.sets) expect(set.reduce((a, b) => a + b, 0)).toBe(gap);
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

describe('ERP daily batch lines that leave out redemptions the totals cannot name', () => {
  const day = events(`
    platform GT-1 07-02 10:00 redemption 20.00 card=6006000000000001 order=#1 bal=30.00
    platform GT-2 07-02 11:00 redemption 15.00 card=6006000000000002 order=#2 bal=10.00
    platform GT-3 07-02 12:00 redemption 15.00 card=6006000000000003 order=#3 bal=0.00
    platform GT-4 07-02 13:00 redemption  5.00 card=6006000000000004 order=#4 bal=0.00
    erp      B-1:1 07-02 debit 40.00 memo="Gift card redemptions batch 2026-07-02"
  `);

  it('names none where two redemptions of 15.00 could each be the one left out, and says so', async () => {
    const m = await matched(day);
    const residual = m.movements.find((x) => x.kind === 'batch_residual')!;
    expect(residual).toMatchObject({ members: [{ event: at(day, 'B-1:1'), shareCents: 1500, rule: 'batch' }] });
    expect(residual.kind === 'batch_residual' && residual.omission).toEqual({
      gap: 1500, size: 1, sets: [[at(day, 'GT-3')], [at(day, 'GT-2')]], complete: true, candidates: [at(day, 'GT-2'), at(day, 'GT-3')],
      redemptions: ['GT-1', 'GT-2', 'GT-3', 'GT-4'].map((k) => at(day, k)),
    });
    expect(m.movements.some((x) => x.kind === 'platform' && x.batchOmitted)).toBe(false);
    expect(m.notes).toContain("ERP batch B-1:1 (2026-07-02) differs from that day's platform redemptions by -1500 cents. 2 set(s) of 1 of them make that up: which ones it left out cannot be told from the totals.");
  });

  it('takes the reviewer’s choice where it makes up the gap', async () => {
    const m = await matched(day, [], new Map([[at(day, 'B-1:1'), [at(day, 'GT-2')]]]));
    expect(m.movements.find((x) => x.anchor === at(day, 'GT-2'))).toMatchObject({ batchOmitted: true });
    expect(m.movements.find((x) => x.anchor === at(day, 'GT-3'))).toMatchObject({ batchOmitted: false });
    expect(m.movements.some((x) => x.kind === 'batch_residual')).toBe(false);
  });
});
