import { describe, expect, it } from 'vitest';
import { omittedSubset } from '../../shared/match/batches';

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
