// Import: every file read through its profile (given, a mapping, or detected by its headers), its rows turned
// into events, out of scope with a reason, or quarantined with the column and the reason; then what the files
// left to settle together (amounts from the balance chain), and what makes a file's reading implausible.
import { pushAll } from '../arrays';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { sha256HexFast } from '../hash';
import type { BusinessCalendar } from '../time';
import { InputError, type FileRole, type InputFile, type InputSummary, type Mapping, type MoneyTotal, type ProfileUsed } from '../types';
import { settleBalanceDeltas, type Derivation } from './balance-delta';
import { mappingProfile, profileText, ProfileChooser, type GivenProfile, type ProfileChoice } from './choose-profile';
import { checkMapping, LAYOUTS, normalizeHeader, resolveColumns, type ColumnResolution } from './layouts';
import { liabilityAccountsProblem } from '../accounts';
import { LiabilityAccounts } from './liability-accounts';
import { MoneyTotals } from './money-totals';
import { createNormalizer, type Normalized, type RowBatch, type RowNormalizer } from './normalize';
import { oneLine } from './one-line';
import { ownString, ownStringRuns } from './own-string';
import { fileProblems, type InputProblem } from './plausibility';
import { ProfileRun, TITLE_REASON } from './profile';
import type { RawRow as ProfileRow, RowOutcome } from './profile';
import { openTable, type TableStream } from './read-table';

/** The profile a file was read with, as the case keeps it. */
export interface ProfileRecord extends ProfileUsed {
  role: FileRole;
  /** The profile's JSON as saved (profileText), and its SHA-256. */
  text: string;
  sha256: string;
  /** A General Ledger read for its liability accounts: its journals show one side only. */
  oneSided: boolean;
}

export interface ImportedFile {
  summary: InputSummary;
  headers: string[];
  sha256: string;
  quarantineRaw: string[];
  quarantineCols: (string | null)[];
  profile: ProfileRecord;
  /** What makes this file's reading implausible (the run stops on them unless accepted). */
  problems: InputProblem[];
}

export interface ImportResult {
  /** The case currency, given or detected; rows in another currency are quarantined. */
  currency?: string;
  files: ImportedFile[];
  events: CanonicalEvent[];
  opening: OpeningBalance[];
  /** Every file's problems, in file order. */
  problems: InputProblem[];
}

export interface ImportOptions {
  /** The case currency; when absent, the one most rows of the first file with a Currency column use. */
  currency?: string;
  /** The period's first day: opening balances must be as of it (or the day before). */
  periodStart?: string;
  /** The ERP's liability accounts (CaseSettings.liabilityAccounts). */
  liabilityAccounts: string[];
  /** A profile per role, given (a user's file, or the one a saved case was read with). */
  profiles?: Partial<Record<FileRole, GivenProfile>>;
  onFile?: (name: string, i: number) => Promise<void> | void;
  /** After each chunk of file `i`: how far through its bytes, and its rows read so far. */
  onChunk?: (i: number, bytesDone: number, rows: number) => Promise<void> | void;
  /**
   * The events as they are read, each final when given and given in the order of the result's `events` (so a
   * load can number them in turn): events[start] to events[end - 1] of one file's. Given up to the first event
   * whose amount waits for the balance chain, which is settled once every file is read: that one and those
   * after it are in the result only.
   */
  onEvents?: (events: readonly CanonicalEvent[], start: number, end: number) => void;
}

/** What the files of a run share while they are read. */
export interface Shared {
  currency: string | undefined;
  given: string | undefined;
  intern: (s: string) => string;
  liability: LiabilityAccounts;
  periodStart?: string;
  calendar: BusinessCalendar;
}

/** One file read, before the files are settled together. */
export interface FileRead {
  file: ImportedFile;
  result: Normalized;
  derive: Derivation[];
}

export async function importFiles(files: InputFile[], mapping: Mapping | undefined, calendar: BusinessCalendar, opts: ImportOptions): Promise<ImportResult> {
  const out: ImportResult = { files: [], events: [], opening: [], problems: [] };
  if (mapping !== undefined) mapping = checkMapping(mapping);
  const shared = sharedState(calendar, opts);
  const reads: FileRead[] = [];
  const stream = new EventStream(opts.onEvents);
  for (let fileId = 0; fileId < files.length; fileId++) {
    const file = files[fileId];
    await opts.onFile?.(file.name, fileId);
    const r = await readFile(file, fileId, mapping, shared, opts, stream);
    stream.fileEnd(r.result);
    reads.push(r);
    pushAll(out.events, r.result.events);
    pushAll(out.opening, r.result.opening);
  }
  out.currency = shared.currency;
  settleDerived(reads, out);
  for (const r of reads) {
    out.files.push(r.file);
    for (const p of r.file.problems) out.problems.push(p);
  }
  return out;
}

export function sharedState(calendar: BusinessCalendar, opts: ImportOptions): Shared {
  const problem = liabilityAccountsProblem(opts.liabilityAccounts);
  if (problem) throw new InputError(problem);
  const known = new Map<string, string>();
  const intern = (v: string): string => {
    const had = known.get(v);
    if (had !== undefined) return had;
    const copy = ownString(v); // the map keeps it for good: not a view into a chunk of the file
    known.set(copy, copy);
    return copy;
  };
  const given = opts.currency?.trim().toUpperCase() || undefined;
  return { currency: given, given, intern, liability: new LiabilityAccounts(opts.liabilityAccounts), periodStart: opts.periodStart, calendar };
}

/** Reads one file through its profile: the fast path, or row by row. */
export async function readFile(
  file: InputFile, fileId: number, mapping: Mapping | undefined, shared: Shared, opts: ImportOptions, stream = new EventStream(undefined),
): Promise<FileRead> {
  const bytes = file.bytes; // taken once: it may be read from disk (InputFile)
  const sha = file.sha256 ?? (await sha256HexFast(bytes)); // the host's digest of these bytes, where it made one
  const chooser = new ProfileChooser(file.name, file.role, mapping, opts.profiles?.[file.role], shared.liability.list);
  const table = openTable(file.name, bytes, { header: chooser.choose });
  const choice = chooser.choice(table);
  const onChunk = (done: number, rows: number, read: Normalized | undefined) => {
    if (read) stream.more(read);
    return opts.onChunk?.(fileId, done, rows);
  };
  const read = choice.path === 'fast'
    ? await readFast(file, fileId, table, choice, shared, onChunk)
    : await readRecords(file, fileId, bytes, table, choice, chooser, shared, onChunk);
  return finishRead(file, sha, table, choice, read, shared);
}

/** After each chunk of a file: how far through its bytes, its rows so far, and what they were read into. */
type ChunkRead = (done: number, rows: number, read: Normalized | undefined) => unknown;

/**
 * Gives each file's events on (ImportOptions.onEvents) while the files are read, in the order and so with the
 * ids of the result's: an event is final once its normalizer has it, except one whose amount waits for the
 * balance chain (settleDerived), which may yet be refused. From the first such event on, nothing more is given.
 */
export class EventStream {
  /** Of the file being read, its events given on. */
  private given = 0;
  private stopped: boolean;

  constructor(private readonly onEvents: ImportOptions['onEvents']) {
    this.stopped = !onEvents;
  }

  /** The file's events read so far. */
  more(read: Normalized): void {
    if (this.stopped) return;
    if (read.derive.length) {
      this.stopped = true;
      return;
    }
    const n = read.events.length;
    if (n > this.given) this.onEvents!(read.events, this.given, n);
    this.given = n;
  }

  /** The file read to its end (its normalizer finished, which may have given it more). */
  fileEnd(read: Normalized): void {
    this.more(read);
    this.given = 0;
  }
}

/** What a path gives back. */
interface PathRead {
  result: Normalized;
  headers: string[];
  /** Rows that became records or reference rows (given to the normalizer), and rows set aside before. */
  normalized: number;
  outOfScope: number;
  outOfScopeReasons: Record<string, number>;
  /** Rows quarantined before the normalizer (the profile's, the reader's), with their raw cells. */
  quarantine: (Normalized['quarantine'][number])[];
  layout: string;
  json: unknown;
  notes: string[];
  problems: InputProblem[];
  /** payments: the file has a column that decides which rows are gift card payments. */
  scopeColumn: boolean;
  /** The control totals of its money columns (the reference layout's and a mapping's), and what they leave out. */
  money?: { totals: MoneyTotal[]; notes: string[] };
}

/** The normalizer's context for a file; the case currency decided by its first rows when not given. */
function normalizerFor(file: InputFile, fileId: number, cols: ColumnResolution, table: TableStream, shared: Shared, extra: { absent?: readonly string[]; format?: 'csv' | 'xlsx' }): RowNormalizer {
  return createNormalizer(file.role, cols, {
    fileId, calendar: shared.calendar, currency: shared.currency ?? 'USD', liability: shared.liability, format: extra.format, intern: shared.intern,
    journalCopy: ownStringRuns(), memoCopy: ownStringRuns(), fileName: file.name, date1904: table.date1904, periodStart: shared.periodStart,
    absent: extra.absent, instrumentAt: cols.index.Instrument,
  });
}

/** The reference layout, a mapping, or a rename-only profile: the file's rows are reference rows. */
async function readFast(file: InputFile, fileId: number, table: TableStream, choice: ProfileChoice, shared: Shared, onChunk: ChunkRead): Promise<PathRead> {
  const cols = resolveColumns(file.role, table.headers, choice.mapping);
  if (cols.missingRequired.length) throw missingColumns(file, table, cols, choice);
  if (cols.duplicates.length) {
    const d = cols.duplicates[0];
    const where = d.at.map((i) => i + 1);
    throw new InputError(
      `${file.name}: the column '${d.column}' appears ${where.length === 2 ? 'twice' : `${where.length} times`} (columns ${where.slice(0, -1).join(', ')} and ${where[where.length - 1]}); rename or remove one`,
      file.name, table.headerRow, d.column,
    );
  }
  let normalizer: RowNormalizer | null = null;
  const money = new MoneyTotals(file.name, file.role, cols, table.headers);
  for (const chunk of table.chunks()) {
    money.push(chunk);
    if (!normalizer) {
      shared.currency ??= majorityCurrency(chunk.rows, cols.index['Currency']);
      normalizer = normalizerFor(file, fileId, cols, table, shared, { format: table.format });
    }
    normalizer.push(chunk);
    await onChunk(chunk.bytesDone, normalizer.rows, normalizer.result);
  }
  normalizer!.finish();
  const titles = table.titleRows.length;
  return {
    result: normalizer!.result, headers: table.headers, normalized: normalizer!.rows, outOfScope: titles,
    outOfScopeReasons: titles ? { [TITLE_REASON]: titles } : {}, quarantine: [], layout: cols.layout,
    json: choice.json ?? mappingProfile(file.role, cols), notes: [...normalizer!.notes(), ...dateOrderNote(file, normalizer!)], problems: fastProblems(file, cols, choice, normalizer!),
    scopeColumn: file.role !== 'payments' || cols.index.Description >= 0,
    money: { totals: money.result(), notes: money.notes() },
  };
}

/** The one line for a file that lacks a required column: today's, with the closest preset when one came near. */
function missingColumns(file: InputFile, table: TableStream, cols: ColumnResolution, choice: ProfileChoice): InputError {
  const sheet = table.sheet !== undefined ? ` in sheet '${table.sheet}'` : '';
  const others = table.otherSheets?.length ? `; the workbook's other sheets: ${table.otherSheets.join(', ')}` : '';
  const near = choice.detection?.candidates.find((c) => c.kind !== 'reference' && c.score >= 0.5);
  const preset = near ? `; nor does any preset fit (the closest, ${near.id}, lacks ${near.missing.map((m) => `'${m}'`).join(', ')})` : '';
  return new InputError(
    `${file.name}: missing required column${cols.missingRequired.length > 1 ? 's' : ''} ${cols.missingRequired.map((c) => `'${c}'`).join(', ')} for the ${file.role} layout${sheet}; columns found: ${table.headers.map((h) => `'${oneLine(h.trim())}'`).join(', ')}${others}${preset}`,
    file.name, table.headerRow, cols.missingRequired[0],
  );
}

/** What the fast path's reading shows: a mapped header the file lacks, cents read as dollars, day-first dates. */
function fastProblems(file: InputFile, cols: ColumnResolution, choice: ProfileChoice, n: RowNormalizer): InputProblem[] {
  const out: InputProblem[] = [];
  const add = (kind: InputProblem['kind'], message: string) => out.push({ role: file.role, file: file.name, kind, message: `${file.name}: ${message}` });
  const renames = choice.mapping?.[file.role] ?? {};
  for (const [col, header] of Object.entries(renames)) {
    if (normalizeHeader(String(cols.found[col] ?? '')) === normalizeHeader(header)) continue;
    const instead = cols.found[col] ? `it was read from '${cols.found[col]}' instead` : 'the column is left empty';
    add('mapped-header-missing', `the mapping reads ${col} from '${header}', which is not a column of the file; ${instead}: correct the mapping`);
  }
  const cents = n.minorUnitsSuspect();
  if (cents) {
    add('minor-units-suspect', `all ${cents.count} amounts looked at are whole numbers with no decimal mark (row ${cents.row}: '${cents.text}'): if they are cents, read the file with a profile that sets money.minorUnits; as it stands every amount is read 100 times too large`);
  }
  const d = n.dayMonth;
  if (d.dayFirst) {
    const both = d.monthFirst ? ` and month-first in others (row ${d.monthFirst.row}: '${d.monthFirst.text}')` : '';
    add('day-first-dates', `Date '${d.dayFirst.text}' (row ${d.dayFirst.row}) is day-first${both}, but the layout reads dates month-first: a date such as '01/02/2026' would be read as January 2; read the file with a profile that declares dates.order "DMY"`);
  }
  return out;
}

/** Day/month dates read month-first, as the layout writes them, when no date in the file shows the order: said. */
function dateOrderNote(file: InputFile, n: RowNormalizer): string[] {
  const d = n.dayMonth;
  if (!d.ambiguous || d.dayFirst || d.monthFirst) return [];
  const a = d.ambiguous;
  return [`${file.name}: ${a.count} date${a.count === 1 ? '' : 's'} such as '${a.text}' (row ${a.row}) could be day-first or month-first: read month-first, as the layout writes them; no date in the file shows the order`];
}

/** Rows as the profile engine takes them, and their outcomes put to the normalizer or set aside. */
async function readRecords(
  file: InputFile, fileId: number, bytes: Uint8Array, first: TableStream, choice: ProfileChoice, chooser: ProfileChooser, shared: Shared,
  onChunk: ChunkRead,
): Promise<PathRead> {
  const p = choice.profile;
  const run = new ProfileRun(p, { file: file.name, format: first.format, date1904: first.date1904 });
  const cols = recordColumns(p.columns);
  const quarantine: PathRead['quarantine'] = [];
  let normalizer: RowNormalizer | null = null;
  const size = bytes.length;
  const twice = run.needsPrescan;
  if (twice) {
    for (const { rows } of rawChunks(first)) run.scan(rows);
    run.endScan();
  }
  const table = twice ? openTable(file.name, bytes, { header: chooser.choose }) : first;
  let records = 0;
  const put = (rows: ProfileRow[], outcomes: RowOutcome[]): void => {
    const batch: Required<Pick<RowBatch, 'rows' | 'rowNos' | 'markers' | 'raw'>> = { rows: [], rowNos: [], markers: [], raw: [] };
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i];
      const cells = rows[i].cells;
      if (o.kind === 'record') {
        batch.rows.push(o.values);
        batch.rowNos.push(o.row);
        batch.markers.push(o.markers);
        batch.raw.push(cells);
      } else if (o.kind === 'quarantine') {
        quarantine.push({ row: o.row, column: o.column ?? o.field, reason: oneLine(o.reason), raw: JSON.stringify(cells) });
      }
    }
    if (batch.rows.length === 0) return;
    if (!normalizer) {
      shared.currency ??= majorityCurrency(batch.rows, p.columns.indexOf('Currency'));
      normalizer = normalizerFor(file, fileId, cols, table, shared, { absent: p.absent });
    }
    records += batch.rows.length;
    normalizer.push(batch);
  };
  for (const { rows, damaged, done, header } of rawChunks(table)) {
    for (const d of damaged) quarantine.push(d);
    // The header row has no outcome: the rows before it (a title block) have theirs.
    const outcomes = run.push(rows);
    put(header ? rows.filter((r) => r.row !== table.headerRow) : rows, outcomes);
    await onChunk(twice ? Math.round((size + done) / 2) : done, records, (normalizer as RowNormalizer | null)?.result);
  }
  const summary = run.finish();
  (normalizer as RowNormalizer | null)?.finish();
  const n = normalizer as RowNormalizer | null;
  const result = n?.result ?? { events: [], opening: [], quarantine: [], derive: [] };
  const notes: string[] = [];
  const problems: InputProblem[] = [];
  for (const pr of summary.problems) {
    if (pr.kind === 'inferred-date-order') notes.push(`${file.name}: ${pr.message}`);
    else if (pr.kind === 'ambiguous-dates' || pr.kind === 'mixed-date-orders' || pr.kind === 'minor-units-suspect') {
      problems.push({ role: file.role, file: file.name, kind: pr.kind, message: `${file.name}: ${pr.message}` });
    }
  }
  const voids = summary.markers['Voids Txn: voidedRedemption'];
  if (voids) notes.push(`${file.name}: ${voids} Void${voids === 1 ? ' names' : 's name'} no voided transaction (profile ${p.id}): each is matched to the latest earlier redemption of its card and amount not yet voided or refunded`);
  return {
    result, headers: table.headers, normalized: records, outOfScope: summary.outOfScope, outOfScopeReasons: summary.outOfScopeReasons,
    quarantine, layout: 'profile', json: choice.json, notes: [...(n?.notes() ?? []), ...notes], problems, scopeColumn: true,
  };
}

/** A record's columns (profile.columns, reference names) as the normalizer resolves a header row. */
function recordColumns(columns: readonly string[]): ColumnResolution {
  const index: Record<string, number> = Object.create(null);
  const found: Record<string, string | null> = Object.create(null);
  columns.forEach((c, i) => {
    index[c] = i;
    found[c] = c;
  });
  return { index, found, missingRequired: [], layout: 'reference', width: columns.length, duplicates: [] };
}

/**
 * A table's rows as the profile engine takes them: the title block and the header first, then each chunk's
 * rows; rows the reader could not split into fields are quarantined with its reason instead.
 */
export function* rawChunks(t: TableStream): Iterable<{ rows: ProfileRow[]; damaged: PathRead['quarantine']; done: number; header: boolean }> {
  yield { rows: [...t.titleRows, { row: t.headerRow, cells: t.headers }], damaged: [], done: 0, header: true };
  for (const chunk of t.chunks()) {
    const rows: ProfileRow[] = [];
    const damaged: PathRead['quarantine'] = [];
    for (let i = 0; i < chunk.rows.length; i++) {
      const d = chunk.damaged?.get(i);
      if (d) damaged.push({ row: chunk.rowNos[i], column: d.column, reason: oneLine(d.reason), raw: JSON.stringify(chunk.rows[i]) });
      else rows.push({ row: chunk.rowNos[i], cells: chunk.rows[i] });
    }
    yield { rows, damaged, done: chunk.bytesDone, header: false };
  }
}

/** A file's summary, counts checked, and its problems. */
function finishRead(file: InputFile, sha: string, table: TableStream, choice: ProfileChoice, r: PathRead, shared: Shared): FileRead {
  const n = r.result;
  const quarantine = r.quarantine.length ? [...r.quarantine, ...n.quarantine].sort((a, b) => a.row - b.row) : n.quarantine;
  const imported = n.events.length + n.opening.length;
  let inScope = n.opening.length;
  for (let i = 0; i < n.events.length; i++) inScope += n.events[i].scope;
  const rows = r.normalized + r.outOfScope + r.quarantine.length;
  const { text, sha256 } = profileText(r.json);
  const def = r.json as { id?: string; name?: string; version?: number; otherAccounts?: unknown };
  const profile: ProfileRecord = {
    role: file.role, id: String(def.id ?? choice.profile.id), name: String(def.name ?? choice.profile.name), version: Number(def.version ?? 1),
    detected: choice.detected, text, sha256, oneSided: def.otherAccounts !== undefined,
  };
  const summary: InputSummary = {
    system: file.role, file: file.name, sha256: sha, rows, imported, in_scope: inScope, out_of_scope: r.outOfScope,
    out_of_scope_reasons: r.outOfScopeReasons, quarantined: quarantine.length,
    quarantine: quarantine.map((q) => ({ row: q.row, column: q.column, reason: q.column && !q.reason.includes(q.column) ? `${q.column}: ${q.reason}` : q.reason })),
    layout: r.layout, encoding: table.encoding,
    profile: { id: profile.id, name: profile.name, version: profile.version, detected: profile.detected }, header_row: table.headerRow,
  };
  if (r.money) summary.money = r.money.totals;
  const notes = [...table.notes, ...r.notes, ...(r.money?.notes ?? [])];
  const allQuarantined = fileNote(file.name, summary.rows - r.outOfScope, imported, quarantine);
  if (allQuarantined) notes.push(allQuarantined);
  if (notes.length) summary.notes = notes;
  const accounts = file.role === 'erp' ? [...new Set(n.events.map((e) => e.account ?? ''))].filter(Boolean).sort() : [];
  const problems = [
    ...r.problems,
    ...fileProblems({
      role: file.role, file: file.name, dataRows: rows - table.titleRows.length, imported, inScope, quarantine, outOfScope: r.outOfScope,
      outOfScopeReasons: r.outOfScopeReasons, liabilityAccounts: shared.liability.list, accountsSeen: accounts,
      noScopeColumn: !r.scopeColumn,
    }),
  ];
  if (rows !== imported + r.outOfScope + quarantine.length) {
    throw new Error(`${file.name}: ${rows} rows read but ${imported} imported, ${r.outOfScope} out of scope and ${quarantine.length} quarantined`);
  }
  const read: ImportedFile = {
    summary, headers: r.headers, sha256: sha, quarantineRaw: quarantine.map((q) => q.raw), quarantineCols: quarantine.map((q) => q.column), profile, problems,
  };
  return { file: read, result: n, derive: n.derive };
}

/** When every data row was quarantined: that fact, with the reason most rows share (a file read wrong as a whole). */
function fileNote(name: string, rows: number, imported: number, quarantine: { row: number; reason: string }[]): string | null {
  if (rows <= 0 || imported > 0 || quarantine.length === 0) return null;
  const counts = new Map<string, { n: number; row: number; reason: string }>();
  for (const q of quarantine) {
    const key = q.reason.replace(/'[^']*'|\d+(\.\d+)?/g, '…');
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { n: 1, row: q.row, reason: q.reason });
  }
  const top = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return `${name}: every one of its ${rows} rows was quarantined; ${top.n} for the same reason (first at row ${top.row}: ${top.reason})`;
}

/** The amounts the platform left out, settled from the balance chain; the rows that cannot be, quarantined. */
function settleDerived(reads: FileRead[], out: ImportResult): void {
  const pending = reads.flatMap((r) => r.derive);
  if (pending.length === 0) return;
  const platform = out.events.filter((e) => e.system === 'platform');
  const settled = settleBalanceDeltas(pending, platform, out.opening);
  const refused = new Set(settled.refused.map((r) => r.event));
  if (refused.size) {
    const kept = out.events.filter((e) => !refused.has(e));
    out.events.length = 0;
    pushAll(out.events, kept);
  }
  for (const r of reads) {
    if (r.derive.length === 0) continue;
    const f = r.file;
    const s = f.summary;
    const mine = settled.refused.filter((x) => x.event.fileId === r.derive[0].event.fileId);
    if (mine.length) {
      const q = [
        ...s.quarantine.map((e, i) => ({ ...e, raw: f.quarantineRaw[i], col: f.quarantineCols[i] })),
        ...mine.map((x) => ({ row: x.event.row, column: 'Amount', reason: x.reason, raw: x.raw, col: 'Amount' as string | null })),
      ].sort((a, b) => a.row - b.row);
      s.quarantine = q.map(({ row, column, reason }) => ({ row, column, reason }));
      f.quarantineRaw = q.map((e) => e.raw);
      f.quarantineCols = q.map((e) => e.col);
      s.quarantined += mine.length;
      s.imported -= mine.length;
      s.in_scope = (s.in_scope ?? 0) - mine.length;
    }
    const derived = r.derive.length - mine.length;
    const note = `${s.file}: ${derived} amount${derived === 1 ? '' : 's'} taken from the balance chain (profile ${f.profile.id}: the card's previous Balance After, or its opening balance, less the row's Balance After)${mine.length ? `; ${mine.length} could not be and ${mine.length === 1 ? 'is' : 'are'} quarantined` : ''}`;
    s.notes = [...(s.notes ?? []), note];
  }
}

/** The currency most rows state (a quarter is in one currency; the odd row in another is the exception). */
function majorityCurrency(rows: unknown[][], column: number | undefined): string | undefined {
  if (column === undefined || column < 0) return undefined;
  const counts = new Map<string, number>();
  for (const r of rows) {
    const c = String(r[column] ?? '').trim().toUpperCase();
    if (/^[A-Z]{3}$/.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

export { LAYOUTS };
