import { describe, expect, it } from 'vitest';
import type { ExceptionItem } from '../../shared/types';
import { filterExceptions, hasSearchText, NO_FILTERS, warmSearchText } from '../../renderer/src/state/review';

function item(i: number): ExceptionItem {
  return {
    id: `EX-${String(i).padStart(5, '0')}`,
    category: i % 2 ? 'MANUAL_OVERRIDE' : 'DUPLICATE',
    card: `600649${String(i).padStart(10, '0')}`,
    amount_cents: 100 + i,
    records: [{ system: 'platform', ref: `GT-${i}` }],
    explanation: i % 2 ? 'Manual adjustment by csr:ann' : 'The platform recorded the transaction twice',
    suggested_resolution: 'x',
    key: `k${i}`,
  } as ExceptionItem;
}

describe('search text warmed in idle time', () => {
  it('builds every exception’s search text over several idle slices, each within its deadline', () => {
    const all = Array.from({ length: 5_000 }, (_, i) => item(i));
    const slices: ((d: { timeRemaining(): number }) => void)[] = [];
    warmSearchText(all, (work) => slices.push(work));
    let ran = 0;
    // Each slice has a budget of 3 "calls" to timeRemaining: the work must yield and ask for another slice.
    while (slices.length) {
      let budget = 3;
      slices.shift()!({ timeRemaining: () => (budget-- > 0 ? 5 : 0) });
      ran++;
    }
    expect(ran).toBeGreaterThan(1);
    expect(all.every(hasSearchText)).toBe(true);
    // The search finds what it found before warming.
    expect(filterExceptions(all, { ...NO_FILTERS, search: 'csr:ann' })).toHaveLength(2_500);
    expect(filterExceptions(all, { ...NO_FILTERS, search: 'gt-4999' }).map((x) => x.id)).toEqual(['EX-04999']);
  });

  it('stops when told, leaving the rest to be built by the search itself', () => {
    const all = Array.from({ length: 5_000 }, (_, i) => item(i));
    const slices: ((d: { timeRemaining(): number }) => void)[] = [];
    const stop = warmSearchText(all, (work) => slices.push(work));
    let budget = 2;
    slices.shift()!({ timeRemaining: () => (budget-- > 0 ? 5 : 0) });
    stop();
    while (slices.length) slices.shift()!({ timeRemaining: () => 5 });
    expect(all.some((x) => !hasSearchText(x))).toBe(true);
    expect(filterExceptions(all, { ...NO_FILTERS, search: 'twice' })).toHaveLength(2_500);
  });

  it('without requestIdleCallback (Node, older browsers) it works in short timeouts and still yields', async () => {
    expect(typeof (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback).toBe('undefined');
    const all = Array.from({ length: 100_000 }, (_, i) => item(i));
    warmSearchText(all);
    await new Promise((r) => setTimeout(r, 5));
    // One 8 ms slice cannot build 100k search texts: the work gave the thread back.
    expect(all.every(hasSearchText)).toBe(false);
    await expect.poll(() => all.every(hasSearchText), { timeout: 20_000 }).toBe(true);
  });
});
