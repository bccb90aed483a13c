// Data-quality findings that are notes, not exceptions: an ERP journal whose debits and credits differ.
import type { CanonicalEvent } from '../events';
import { byCodePoints } from '../order';
import { ExactSum } from '../exact-cents';

/**
 * One note per unbalanced journal, in journal order (by code point, as SQLite's BINARY collation orders the
 * same text). One pass over the events, whose lines of a journal come together: no sort of the whole table, as a
 * GROUP BY would need.
 */
export function unbalancedJournals(ev: readonly CanonicalEvent[]): string[] {
  // Exact however large the lines: a note tells the sum, nothing adds it on.
  const net = new Map<string, ExactSum>();
  // A journal's lines come one after another: the map is touched once per run of them.
  let run: string | null = null;
  let sum = new ExactSum();
  for (const e of ev) {
    if (e.system !== 'erp') continue;
    const journal = e.journal ?? '';
    if (journal !== run) {
      run = journal;
      sum = net.get(journal) ?? new ExactSum();
      net.set(journal, sum);
    }
    sum.add(e.amount);
  }
  return [...net]
    .map(([journal, sum]) => [journal, sum.value()] as const)
    .filter(([, cents]) => cents !== 0 && cents !== 0n)
    .sort(([a], [b]) => byCodePoints(a, b))
    .map(([journal, cents]) => `Data quality: journal ${journal} does not balance (credits exceed debits by ${cents} cents).`);
}
