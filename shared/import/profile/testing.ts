// Helpers for the profile tests: a CSV text as the raw rows read-table gives (physical rows, blank ones kept),
// and a profile applied to them in chunks of a chosen size.
import Papa from 'papaparse';
import { compileProfile } from './compile';
import { applyProfile } from './run';
import { PROFILE_FORMAT, type ApplySummary, type RawRow, type RowOutcome } from './types';

export function table(csv: string): RawRow[] {
  const text = csv.replace(/^\n/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data.map((cells, i) => ({ row: i + 1, cells }));
  if (rows.length && rows[rows.length - 1].cells.length === 1 && rows[rows.length - 1].cells[0] === '') rows.pop();
  return rows;
}

export interface Applied {
  summary: ApplySummary;
  outcomes: RowOutcome[];
  /** Records as reference column → value. */
  records: Record<string, string>[];
  /** Outcome by physical row. */
  at: (row: number) => RowOutcome;
}

export function apply(profile: unknown, rows: RawRow[], chunkSize = 1000): Applied {
  const p = compileProfile(profile);
  const outcomes: RowOutcome[] = [];
  const summary = applyProfile(p, function* () {
    for (let i = 0; i < rows.length; i += chunkSize) yield rows.slice(i, i + chunkSize);
  }, (o) => outcomes.push(...o), { format: 'csv' });
  const records = outcomes.flatMap((o) => (o.kind === 'record' ? [Object.fromEntries(p.columns.map((c, i) => [c, o.values[i]]))] : []));
  return { summary, outcomes, records, at: (row) => outcomes.find((o) => o.row === row)! };
}

/** A profile with the boilerplate filled in. */
export function profile(role: string, rest: Record<string, unknown>): Record<string, unknown> {
  return { format: PROFILE_FORMAT, id: 'test', name: 'Test', role, version: 1, ...rest };
}
