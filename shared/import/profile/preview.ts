// The profile editor's live preview: the first rows of a table beside what each becomes (the reference record,
// or why it is out of scope or quarantined), and the control totals over every row given.
import { compileProfile, type CompiledProfile } from './compile';
import { ProfileRun } from './run';
import type { ApplySummary, Marker, RawRow } from './types';

export interface PreviewRow {
  row: number;
  /** The source cells as text. */
  cells: string[];
  outcome: 'record' | 'outOfScope' | 'quarantine';
  /** Reference column → value, for a record. */
  record?: Record<string, string>;
  markers?: Record<string, Marker>;
  /** Why it is out of scope or quarantined. */
  reason?: string;
  /** The source column a quarantine names, and the reference column it was making. */
  column?: string | null;
  field?: string | null;
}

export type Preview =
  | {
      ok: true;
      profile: { id: string; name: string; role: string; version: number };
      headerRow: number;
      headers: string[];
      /** The reference columns of a record, in order, and the source columns each is made from. */
      columns: string[];
      sources: Record<string, string[]>;
      absent: string[];
      rows: PreviewRow[];
      /** Counts by outcome, out-of-scope reasons, money totals, file problems: over all rows given. */
      summary: ApplySummary;
    }
  | { ok: false; error: string };

const cellText = (c: unknown): string => (c == null ? '' : typeof c === 'string' ? c : String(c));

/**
 * Applies a profile (JSON or compiled) to the rows given and shows the first `n` rows after the header.
 * A profile that does not compile, or does not fit the table, gives its one-line error instead.
 */
export function previewProfile(profile: unknown, table: RawRow[], n = 50): Preview {
  let compiled: CompiledProfile;
  try {
    compiled = compileProfile(profile);
    const run = new ProfileRun(compiled);
    if (run.needsPrescan) {
      run.scan(table);
      run.endScan();
    }
    const outcomes = run.push(table);
    const summary = run.finish();
    const bound = run.bound!;
    const byRow = new Map(table.map((r) => [r.row, r.cells] as const));
    const rows: PreviewRow[] = [];
    for (const o of outcomes) {
      if (o.row < run.headerRow) continue;
      if (rows.length >= n) break;
      const p: PreviewRow = { row: o.row, cells: (byRow.get(o.row) ?? []).map(cellText), outcome: o.kind };
      if (o.kind === 'record') {
        p.record = Object.fromEntries(compiled.columns.map((c, i) => [c, o.values[i]]));
        if (o.markers) p.markers = o.markers;
      } else {
        p.reason = o.reason;
        if (o.kind === 'quarantine') {
          p.column = o.column;
          p.field = o.field;
        }
      }
      rows.push(p);
    }
    return {
      ok: true,
      profile: { id: compiled.id, name: compiled.name, role: compiled.role, version: compiled.version },
      headerRow: run.headerRow,
      headers: (byRow.get(run.headerRow) ?? []).map(cellText),
      columns: [...compiled.columns],
      sources: Object.fromEntries(compiled.columns.map((c, i) => [c, bound.sources[i]])),
      absent: [...compiled.absent],
      rows,
      summary,
    };
  } catch (err) {
    if (err instanceof Error && err.name === 'ProfileError') return { ok: false, error: err.message };
    throw err;
  }
}
