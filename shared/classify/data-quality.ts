// Data-quality findings that are notes, not exceptions: an ERP journal whose debits and credits differ.
import type { Database } from 'sql.js';
import { rows } from '../store/sql';

/** One note per unbalanced journal. */
export function unbalancedJournals(db: Database): string[] {
  return rows(
    db,
    `SELECT journal, SUM(amount) AS net FROM events WHERE system = 'erp' GROUP BY journal HAVING SUM(amount) <> 0 ORDER BY journal`,
  ).map(
    ([journal, net]) =>
      `Data quality: journal ${journal} does not balance (credits exceed debits by ${net} cents).`,
  );
}
