// Import: every file read, its columns resolved, its rows turned into events or quarantined rows with reasons.
import type { FileInspection } from '../api';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { sha256Hex, sha256HexFast } from '../hash';
import { BusinessCalendar } from '../time';
import { InputError, type FileRole, type InputFile, type InputSummary, type Mapping } from '../types';
import { LAYOUTS, resolveColumns } from './layouts';
import { createNormalizer, type RowNormalizer } from './normalize';
import { ownString, ownStringRuns } from './own-string';
import { packEvents, unpackEvents, type PackedEvents } from './pack-events';
import { openTable } from './read-table';

export interface ImportedFile {
  summary: InputSummary;
  headers: string[];
  sha256: string;
  quarantineRaw: string[];
  quarantineCols: (string | null)[];
}

export interface ImportResult {
  /** The case currency, given or detected; rows in another currency are quarantined. */
  currency?: string;
  files: ImportedFile[];
  events: CanonicalEvent[];
  opening: OpeningBalance[];
}

/** One file read: its summary for the case, and its events and opening balances. */
export interface FileRead {
  imported: ImportedFile;
  events: CanonicalEvent[];
  opening: OpeningBalance[];
}

/** What reading one file needs besides the file: given to a reader in another thread (read-elsewhere.ts). */
export interface ReadSettings {
  mapping?: Mapping;
  liabilityAccounts: string[];
}

/**
 * A host that can read a file in another thread (a second core): returns the file read there, packed. Given
 * to importFiles, it is used for the ERP file, whose reading depends on no other file; the rest are read here
 * meanwhile. The signal aborts when its result is no longer wanted.
 */
export type ReadElsewhere = (file: InputFile, fileId: number, timezone: string, settings: ReadSettings, signal: AbortSignal) => Promise<PackedFileRead>;

export interface PackedFileRead {
  imported: ImportedFile;
  events: PackedEvents;
  opening: OpeningBalance[];
}

/** Roles a file can be read elsewhere for: their rows are read without the case currency (the ERP has none). */
const READ_ALONE: ReadonlySet<FileRole> = new Set(['erp']);

export async function importFiles(
  files: InputFile[],
  mapping: Mapping | undefined,
  calendar: BusinessCalendar,
  opts: {
    /** The case currency; when absent, the one most rows of the first file with a Currency column use. */
    currency?: string;
    liabilityAccounts: string[];
    onFile?: (name: string, i: number) => Promise<void> | void;
    /** After each chunk of file `i`: how far through its bytes, and its rows read so far. */
    onChunk?: (i: number, bytesDone: number, rows: number) => Promise<void> | void;
    readElsewhere?: ReadElsewhere;
  },
): Promise<ImportResult> {
  const out: ImportResult = { files: [], events: [], opening: [] };
  const intern = interner();
  const currency = { value: opts.currency?.toUpperCase() };
  // Files read in another thread start at once; their results are taken in file order, so the outcome (and the
  // first error, should there be one) is the same as reading every file here in turn.
  const away = new AbortController();
  const elsewhere = new Map<number, Promise<PackedFileRead>>();
  if (opts.readElsewhere)
    files.forEach((file, fileId) => {
      if (!READ_ALONE.has(file.role)) return;
      const read = opts.readElsewhere!(file, fileId, calendar.zone, { mapping, liabilityAccounts: opts.liabilityAccounts }, away.signal);
      read.catch(() => undefined); // a failure is reported when its turn comes, not as an unhandled rejection
      elsewhere.set(fileId, read);
    });
  try {
    for (let fileId = 0; fileId < files.length; fileId++) {
      const file = files[fileId];
      await opts.onFile?.(file.name, fileId);
      const p = await readThere(elsewhere.get(fileId));
      let read: FileRead;
      if (p) {
        read = { imported: p.imported, events: unpackEvents(p.events), opening: p.opening };
        await opts.onChunk?.(fileId, file.bytes.length, p.imported.summary.rows);
      } else {
        read = await readFile(file, fileId, calendar, { mapping, liabilityAccounts: opts.liabilityAccounts }, intern, currency, opts.onChunk);
      }
      for (const e of read.events) out.events.push(e);
      for (const o of read.opening) out.opening.push(o);
      out.files.push(read.imported);
    }
  } finally {
    away.abort();
  }
  if (currency.value !== undefined) out.currency = currency.value;
  return out;
}

/**
 * The result of a read in another thread, if there was one. The file's own problems (InputError) are reported
 * as they would be here; if the other thread failed for reasons of its own (it could not start, say), undefined:
 * the file is then read here.
 */
async function readThere(read: Promise<PackedFileRead> | undefined): Promise<PackedFileRead | undefined> {
  if (!read) return undefined;
  try {
    return await read;
  } catch (err) {
    if (err instanceof InputError) throw err;
    return undefined;
  }
}

/** One shared copy of each repeated value (a type, an operator, an account), owned (ownString). */
function interner(): (v: string) => string {
  const shared = new Map<string, string>();
  return (v: string): string => {
    const known = shared.get(v);
    if (known !== undefined) return known;
    const copy = ownString(v); // the map keeps it for good: not a view into a chunk of the file
    shared.set(copy, copy);
    return copy;
  };
}

/**
 * Reads one file: its columns resolved, its rows turned into events or quarantined rows. `currency` is the case
 * currency, set by the first file whose rows state one when it was not given.
 */
async function readFile(
  file: InputFile,
  fileId: number,
  calendar: BusinessCalendar,
  settings: ReadSettings,
  intern: (v: string) => string,
  currency: { value: string | undefined },
  onChunk?: (i: number, bytesDone: number, rows: number) => Promise<void> | void,
): Promise<FileRead> {
  const sha = await sha256HexFast(file.bytes);
  const table = openTable(file.name, file.bytes);
  const cols = resolveColumns(file.role, table.headers, settings.mapping);
  if (cols.missingRequired.length) {
    throw new InputError(
      `${file.name}: missing required column${cols.missingRequired.length > 1 ? 's' : ''} ${cols.missingRequired.map((c) => `'${c}'`).join(', ')} for the ${file.role} layout; columns found: ${table.headers.map((h) => `'${h.trim()}'`).join(', ')}`,
      file.name, 1, cols.missingRequired[0],
    );
  }
  if (cols.duplicates.length) {
    const d = cols.duplicates[0];
    const where = d.at.map((i) => i + 1);
    throw new InputError(
      `${file.name}: the column '${d.column}' appears ${where.length === 2 ? 'twice' : `${where.length} times`} (columns ${where.slice(0, -1).join(', ')} and ${where[where.length - 1]}); rename or remove one`,
      file.name, 1, d.column,
    );
  }
  let normalizer: RowNormalizer | null = null;
  for (const chunk of table.chunks()) {
    if (!normalizer) {
      // The case currency, when not given: what most rows of the first file's first chunk state.
      currency.value ??= majorityCurrency(chunk.rows, cols.index['Currency']);
      normalizer = createNormalizer(file.role, cols, {
        fileId, calendar, currency: currency.value ?? 'USD', liabilityAccounts: settings.liabilityAccounts, format: table.format, intern,
        journalCopy: ownStringRuns(), memoCopy: ownStringRuns(),
      });
    }
    normalizer.push(chunk.rows, chunk.noNul);
    await onChunk?.(fileId, chunk.bytesDone, normalizer.rows);
  }
  const n = normalizer!.result;
  const rowsRead = normalizer!.rows;
  const imported = n.events.length + n.opening.length;
  if (rowsRead !== imported + n.quarantine.length) {
    throw new Error(`${file.name}: ${rowsRead} rows read but ${imported} imported and ${n.quarantine.length} quarantined`);
  }
  return {
    events: n.events,
    opening: n.opening,
    imported: {
      sha256: sha,
      headers: table.headers,
      quarantineRaw: n.quarantine.map((q) => q.raw),
      quarantineCols: n.quarantine.map((q) => q.column),
      summary: {
        system: file.role, file: file.name, sha256: sha, rows: rowsRead, imported, quarantined: n.quarantine.length,
        quarantine: n.quarantine.map((q) => ({ row: q.row, column: q.column, reason: q.column && !q.reason.includes(q.column) ? `${q.column}: ${q.reason}` : q.reason })),
        layout: cols.layout, encoding: table.encoding,
      },
    },
  };
}

/**
 * Reads one file alone, as a reader in another thread does, and packs the result to be handed back
 * (ReadElsewhere). Only for roles in READ_ALONE: their rows need no case currency.
 */
export async function readFilePacked(file: InputFile, fileId: number, timezone: string, settings: ReadSettings): Promise<PackedFileRead> {
  if (!READ_ALONE.has(file.role)) throw new Error(`A ${file.role} file cannot be read apart from the others`);
  const read = await readFile(file, fileId, new BusinessCalendar(timezone), settings, interner(), { value: undefined });
  return { imported: read.imported, events: packEvents(read.events), opening: read.opening };
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

/** What the import screen shows before a run: layout, headers, mapping, first rows. Never throws for bad data. */
export function inspectFile(file: InputFile, mapping?: Mapping): FileInspection {
  const sha = sha256Hex(file.bytes);
  const table = openTable(file.name, file.bytes);
  const cols = resolveColumns(file.role, table.headers, mapping);
  const preview: string[][] = [];
  for (const chunk of table.chunks()) {
    for (const r of chunk.rows.slice(0, 8 - preview.length)) preview.push(r.map((c) => (c == null ? '' : String(c))));
    if (preview.length >= 8) break; // the first rows are enough: the rest of the file is not parsed
  }
  return {
    role: file.role as FileRole, name: file.name, sha256: sha, encoding: table.encoding, layout: cols.layout,
    headers: table.headers, columns: { ...cols.found }, requiredMissing: cols.missingRequired, preview,
  };
}

export { LAYOUTS };
