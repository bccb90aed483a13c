// What the import screen shows before a run. inspectFile is quick (the first rows): the profile that reads the
// file and how it was chosen, the header row, the columns. examineFile reads the whole file as the run would:
// its counts by outcome, its notes, the problems that would stop the run, and the profile's preview — the first
// rows beside the reference record each becomes (or why not) — with control totals over every row.
import { sha256Hex } from '../hash';
import { BusinessCalendar, parseDate } from '../time';
import { missingOptional } from './column-costs';
import { DEFAULT_SETTINGS, InputError, type CaseSettings, type DetectionView, type FileInspection, type FileRole, type InputFile, type Mapping } from '../types';
import { mappingProfile, profileText, ProfileChooser, type ProfileChoice } from './choose-profile';
import { rawChunks, readFile, sharedState } from './import-files';
import { checkMapping, resolveColumns } from './layouts';
import { bindProfile, compileProfile, ProfileRun, type CompiledProfile, type Detection, type Preview, type PreviewRow } from './profile';
import { openTable, type TableStream } from './read-table';

export interface InspectOptions {
  /** A profile to read the file with (the editor's), instead of the one detection would choose. */
  profile?: unknown;
  /** The settings the run would use (liability accounts, currency, period, time zone); the defaults otherwise. */
  settings?: Partial<CaseSettings>;
  /** Rows shown in the profile preview (default 50). */
  rows?: number;
}

/** An inspection with the profile's preview: the first rows beside the record each becomes, or why not, and control totals over the whole file. */
export type Inspection = FileInspection & { profilePreview?: Preview };

const isProfileProblem = (err: unknown): err is Error => err instanceof InputError || (err instanceof Error && err.name === 'ProfileError');

function detectionView(d: Detection | null): DetectionView | undefined {
  if (!d) return undefined;
  return {
    best: d.best ? { id: d.best.id, name: d.best.name, kind: d.best.kind, score: d.best.score, headerRow: d.best.headerRow } : null,
    candidates: d.candidates.map(({ id, name, role, kind, score, matched, of, headerRow, fits, missing }) => ({ id, name, role, kind, score, matched, of, headerRow, fits, missing })),
    refusal: d.refusal,
  };
}

/** The first rows as text, for the mapping editor (the rest of the file is not parsed); a workbook's dates as dates. */
function firstRows(table: TableStream, dates: Set<number> = new Set(), n = 8): string[][] {
  const preview: string[][] = [];
  for (const chunk of table.chunks()) {
    for (const r of chunk.rows.slice(0, n - preview.length)) preview.push(r.map((c, i) => previewCell(c, dates.has(i), table.date1904)));
    if (preview.length >= n) break;
  }
  return preview;
}

/** The profile JSON of a choice, for a fast-path file read under a mapping (made from the columns found). */
function choiceJson(role: FileRole, choice: ProfileChoice, headers: string[]): unknown {
  return choice.json ?? mappingProfile(role, resolveColumns(role, headers, choice.mapping));
}

/** The profile, the header and the first rows of a file, quickly. Throws InputError only for a file that cannot be opened. */
export function inspectFile(file: InputFile, mapping?: Mapping, opts: InspectOptions = {}): FileInspection {
  const bytes = file.bytes;
  const sha = sha256Hex(bytes);
  let chooser: ProfileChooser | null = null;
  let error: string | undefined;
  try {
    if (mapping !== undefined) mapping = checkMapping(mapping);
    const accounts = opts.settings?.liabilityAccounts ?? DEFAULT_SETTINGS.liabilityAccounts;
    chooser = new ProfileChooser(file.name, file.role, mapping, opts.profile !== undefined ? { profile: opts.profile } : undefined, accounts);
  } catch (err) {
    if (!isProfileProblem(err)) throw err;
    error = err.message;
  }
  const table = openTable(file.name, bytes, chooser ? { header: chooser.choose } : {});
  const base = resolveColumns(file.role, table.headers, chooser ? mapping : undefined);
  const out: FileInspection = {
    role: file.role, name: file.name, sha256: sha, encoding: table.encoding, layout: base.layout, headers: table.headers,
    columns: { ...base.found }, requiredMissing: base.missingRequired, headerRow: table.headerRow,
    preview: firstRows(table, previewDates(file.role, base.index, table.format)),
  };
  if (!chooser) return { ...out, error };
  let choice: ProfileChoice;
  try {
    choice = chooser.choice(table);
  } catch (err) {
    if (!isProfileProblem(err)) throw err;
    return { ...out, error: err.message, requiredMissing: base.missingRequired.length ? base.missingRequired : ['(no profile reads this file)'] };
  }
  out.detection = detectionView(choice.detection);
  const json = choiceJson(file.role, choice, table.headers);
  const { sha256 } = profileText(json);
  const def = json as { id: string; name: string; version: number };
  out.profile = { id: def.id, name: def.name, version: def.version, detected: choice.detected, sha256, json };
  if (choice.path === 'fast') {
    const cols = resolveColumns(file.role, table.headers, choice.mapping);
    // What each optional column the file lacks costs the run, said before it (column-costs.ts).
    return { ...out, layout: cols.layout, columns: { ...cols.found }, requiredMissing: cols.missingRequired, missingOptional: missingOptional(file.role, cols.found) };
  }
  try {
    const bound = bindProfile(choice.profile, table.headers);
    const columns: Record<string, string | null> = {};
    choice.profile.columns.forEach((c, i) => (columns[c] = bound.sources[i].length ? bound.sources[i].join(' + ') : null));
    return { ...out, layout: 'profile', columns, requiredMissing: [] };
  } catch (err) {
    if (!isProfileProblem(err)) throw err;
    return { ...out, layout: 'incomplete', error: err.message, requiredMissing: ['(the profile does not fit this file)'] };
  }
}

/**
 * The file read whole, as the run would read it: inspectFile's answer with the counts, notes and problems of the
 * import, and the profile preview with control totals. A file or profile that cannot be read gives `error`.
 */
export async function examineFile(file: InputFile, mapping?: Mapping, opts: InspectOptions = {}): Promise<Inspection> {
  const out: Inspection = inspectFile(file, mapping, opts);
  if (out.error || out.requiredMissing.length) return out;
  const s = { ...DEFAULT_SETTINGS, ...opts.settings };
  const given = opts.profile !== undefined ? { [file.role]: { profile: opts.profile } } : undefined;
  try {
    const shared = sharedState(new BusinessCalendar(s.timezone ?? 'UTC'), { liabilityAccounts: s.liabilityAccounts, currency: s.currency, periodStart: s.periodStart });
    const r = await readFile(file, 0, mapping && checkMapping(mapping), shared, { liabilityAccounts: s.liabilityAccounts, profiles: given });
    const sum = r.file.summary;
    out.counts = {
      rows: sum.rows, imported: sum.imported, in_scope: sum.in_scope ?? 0, out_of_scope: sum.out_of_scope ?? 0,
      out_of_scope_reasons: sum.out_of_scope_reasons ?? {}, quarantined: sum.quarantined,
    };
    const pending = r.derive.length ? [`${file.name}: ${r.derive.length} amount(s) are to be taken from the balance chain once the other files are read`] : [];
    out.notes = [...(sum.notes ?? []), ...pending];
    out.problems = r.file.problems.map((p) => ({ kind: p.kind, message: p.message }));
    out.profilePreview = previewFile(file, mapping, opts.profile, opts.rows ?? 50, s);
  } catch (err) {
    if (!isProfileProblem(err)) throw err;
    out.error = err.message;
  }
  return out;
}

/**
 * A profile applied to a loaded file, streamed: the first `n` rows after the header with what each becomes, and
 * the summary (counts, out-of-scope reasons, money totals per money field, problems) over every row. `profile`:
 * the one to try (JSON); without it, the one the file would be read with.
 */
export function previewFile(file: InputFile, mapping: Mapping | undefined, profile: unknown, n = 50, settings: Partial<CaseSettings> = {}): Preview {
  try {
    const accounts = settings.liabilityAccounts ?? DEFAULT_SETTINGS.liabilityAccounts;
    const chooser = new ProfileChooser(file.name, file.role, profile === undefined ? mapping : undefined, profile !== undefined ? { profile } : undefined, accounts);
    const table = openTable(file.name, file.bytes, { header: chooser.choose });
    const choice = chooser.choice(table);
    const compiled = compileProfile(choiceJson(file.role, choice, table.headers));
    return streamPreview(file, compiled, chooser, table, n);
  } catch (err) {
    if (isProfileProblem(err)) return { ok: false, error: err.message };
    throw err;
  }
}

function streamPreview(file: InputFile, p: CompiledProfile, chooser: ProfileChooser, first: TableStream, n: number): Preview {
  const run = new ProfileRun(p, { file: file.name, format: first.format, date1904: first.date1904 });
  if (run.needsPrescan) {
    for (const { rows } of rawChunks(first)) run.scan(rows);
    run.endScan();
  }
  const table = run.needsPrescan ? openTable(file.name, file.bytes, { header: chooser.choose }) : first;
  const shown: PreviewRow[] = [];
  const text = (c: unknown) => (c == null ? '' : String(c));
  for (const { rows, damaged } of rawChunks(table)) {
    const outcomes = run.push(rows);
    // By row number, not position: a profile that does not take the table's header row as its own gives that
    // row an outcome too (then fails with its one line once no header is found).
    const cellsOf = new Map(rows.map((r) => [r.row, r.cells] as const));
    for (let i = 0; i < outcomes.length && shown.length < n; i++) {
      const o = outcomes[i];
      if (o.row < table.headerRow) continue;
      const row: PreviewRow = { row: o.row, cells: (cellsOf.get(o.row) ?? []).map(text), outcome: o.kind };
      if (o.kind === 'record') {
        row.record = Object.fromEntries(p.columns.map((c, j) => [c, o.values[j]]));
        if (o.markers) row.markers = o.markers;
      } else {
        row.reason = o.reason;
        if (o.kind === 'quarantine') [row.column, row.field] = [o.column, o.field];
      }
      shown.push(row);
    }
    for (const d of damaged) if (shown.length < n) shown.push({ row: d.row, cells: [], outcome: 'quarantine', reason: d.reason, column: d.column, field: null });
  }
  const summary = run.finish();
  const bound = run.bound!;
  return {
    ok: true, profile: { id: p.id, name: p.name, role: p.role, version: p.version }, headerRow: table.headerRow, headers: table.headers,
    columns: [...p.columns], sources: Object.fromEntries(p.columns.map((c, i) => [c, bound.sources[i]])), absent: [...p.absent],
    rows: shown.sort((a, b) => a.row - b.row), summary,
  };
}

/** A workbook's date cells are Excel serials (46113): the preview shows them as the date Excel shows. */
function previewDates(role: FileRole, index: Record<string, number>, format: 'csv' | 'xlsx'): Set<number> {
  if (format !== 'xlsx') return new Set();
  return new Set((DATE_COLUMNS[role] ?? []).map((c) => index[c]).filter((i) => i >= 0));
}

/** The columns of each layout that hold a calendar date (not an instant). */
const DATE_COLUMNS: Partial<Record<FileRole, string[]>> = { erp: ['Date'], opening: ['As Of'] };

function previewCell(c: unknown, isDate: boolean, date1904 = false): string {
  if (c == null) return '';
  if (isDate && typeof c === 'number') {
    // A 1904 workbook counts its days from 1904: 1,462 days later than the 1900 system parseDate reads.
    const d = parseDate(date1904 ? c + 1462 : c);
    if (d.ok) return d.date;
  }
  return String(c);
}
