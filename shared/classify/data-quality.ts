// Data-quality findings that are notes, not exceptions: an ERP journal whose debits and credits differ.
import type { CanonicalEvent } from '../events';
import { byCodePoints } from '../order';
import { ExactSum, withinBound } from '../exact-cents';

/**
 * One note per unbalanced journal, in journal order (by code point, as SQLite's BINARY collation orders the
 * same text). One pass over the events, whose lines of a journal come together: no sort of the whole table, as a
 * GROUP BY would need.
 */
export function unbalancedJournals(ev: readonly CanonicalEvent[]): string[] {
  // Exact however large the lines: a note tells the sum, nothing adds it on. A journal's lines come one after
  // another: each run of them is summed on its own and only a run that does not balance is carried into the
  // journal's total (the others add nothing), so the map is touched for the few journals that may not balance.
  const net = new Map<string, ExactSum>();
  let run: string | null = null;
  let runCents = 0;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system !== 'erp') continue;
    const journal = e.journal ?? '';
    if (journal !== run) {
      if (run !== null) addTo(net, run, runCents);
      run = journal;
      runCents = 0;
    }
    // Two amounts within the bound add to their true sum or to one past it: past it, the total takes it.
    const sum = runCents + e.amount;
    if (withinBound(sum) && withinBound(e.amount)) runCents = sum;
    else {
      addTo(net, journal, runCents);
      addTo(net, journal, e.amount);
      runCents = 0;
    }
  }
  if (run !== null) addTo(net, run, runCents);
  return [...net]
    .map(([journal, sum]) => [journal, sum.value()] as const)
    .filter(([, cents]) => cents !== 0 && cents !== 0n)
    .sort(([a], [b]) => byCodePoints(a, b))
    .map(([journal, cents]) => `Data quality: journal ${journal} does not balance (credits exceed debits by ${cents} cents).`);
}

function addTo(net: Map<string, ExactSum>, journal: string, cents: number): void {
  if (cents === 0) return;
  let sum = net.get(journal);
  if (!sum) net.set(journal, (sum = new ExactSum()));
  sum.add(cents);
}
