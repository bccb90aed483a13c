// Data-quality findings that are notes, not exceptions: an ERP journal whose debits and credits differ.
import type { CanonicalEvent } from '../events';
import { byCodePoints } from '../order';

/**
 * One note per unbalanced journal, in journal order (by code point, as SQLite's BINARY collation orders the
 * same text). One pass over the events, whose lines of a journal come together: no sort of the whole table, as a
 * GROUP BY would need.
 */
export function unbalancedJournals(ev: readonly CanonicalEvent[]): string[] {
  const net = new Map<string, number>();
  // A journal's lines come one after another: each run is summed first, and the map touched once per run.
  let run: string | null = null;
  let sum = 0;
  const close = () => {
    if (run !== null) net.set(run, (net.get(run) ?? 0) + sum);
  };
  for (const e of ev) {
    if (e.system !== 'erp') continue;
    const journal = e.journal ?? '';
    if (journal !== run) {
      close();
      run = journal;
      sum = 0;
    }
    sum += e.amount;
  }
  close();
  return [...net]
    .filter(([, cents]) => cents !== 0)
    .sort(([a], [b]) => byCodePoints(a, b))
    .map(([journal, cents]) => `Data quality: journal ${journal} does not balance (credits exceed debits by ${cents} cents).`);
}
