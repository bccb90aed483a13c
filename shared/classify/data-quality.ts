// Data-quality findings that are notes, not exceptions: an ERP journal whose debits and credits differ.
import type { CanonicalEvent } from '../events';
import { byCodePoints } from '../order';

/**
 * One note per unbalanced journal, in journal order (by code point, as SQLite's BINARY collation orders the
 * same text). One pass over the events: the SQL GROUP BY it replaces scanned and sorted the whole table.
 */
export function unbalancedJournals(ev: readonly CanonicalEvent[]): string[] {
  const net = new Map<string, number>();
  for (const e of ev) {
    if (e.system !== 'erp') continue;
    const journal = e.journal ?? '';
    net.set(journal, (net.get(journal) ?? 0) + e.amount);
  }
  return [...net]
    .filter(([, cents]) => cents !== 0)
    .sort(([a], [b]) => byCodePoints(a, b))
    .map(([journal, cents]) => `Data quality: journal ${journal} does not balance (credits exceed debits by ${cents} cents).`);
}
