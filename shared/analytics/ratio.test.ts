import { describe, expect, it } from 'vitest';
import { Ratio, centsTimes } from './ratio';

describe('exact rates', () => {
  it('reads decimals exactly, the number 0.1 as one tenth', () => {
    expect(Ratio.parse('0.02')!.toString()).toBe('1/50');
    expect(Ratio.parse(0.1)!.toString()).toBe('1/10');
    expect(Ratio.parse('-1.5')!.toString()).toBe('-3/2');
    expect(Ratio.parse('2e-3')!.toString()).toBe('1/500');
    expect(Ratio.parse('2%')).toBeNull();
    expect(Ratio.parse('')).toBeNull();
  });

  it('rounds half to even, the same for negatives', () => {
    const r = (n: number, d: number) => Ratio.of(n, d).roundHalfEven();
    expect([r(5, 2), r(7, 2), r(-5, 2), r(-7, 2), r(11, 4), r(-11, 4), r(9, 4)]).toEqual([2n, 4n, -2n, -4n, 3n, -3n, 2n]);
    expect(centsTimes(1001, Ratio.parse('0.6')!)).toBe(601);
    expect(centsTimes(25, Ratio.of(1, 10))).toBe(2);
    expect(centsTimes(35, Ratio.of(1, 10))).toBe(4);
  });

  it('shows a rate to fixed decimals, rounded half-even', () => {
    expect(Ratio.of(47, 26).toFixed(6)).toBe('1.807692');
    expect(Ratio.of(1, 8).toFixed(2)).toBe('0.12');
    expect(Ratio.of(-1, 3).toFixed(3)).toBe('-0.333');
    expect(Ratio.ONE.toFixed(0)).toBe('1');
  });

  it('keeps products of many factors exact where a float would drift', () => {
    let p = Ratio.ONE;
    for (let i = 0; i < 60; i++) p = p.mul(Ratio.of(1_000_000_007 + i, 1_000_000_000 + i));
    let q = p;
    for (let i = 0; i < 60; i++) q = q.div(Ratio.of(1_000_000_007 + i, 1_000_000_000 + i));
    expect(q.cmp(Ratio.ONE)).toBe(0);
  });
});
