// Import: every file read, its columns resolved, its rows turned into events or quarantined rows with reasons.
import type { FileInspection } from '../types';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { sha256Hex, sha256HexFast } from '../hash';
import type { BusinessCalendar } from '../time';
import { InputError, type FileRole, type InputFile, type InputSummary, type Mapping } from '../types';
import { checkMapping, LAYOUTS, resolveColumns } from './layouts';
import { createNormalizer, type RowNormalizer } from './normalize';
import { ownString, ownStringRuns } from './own-string';
import { oneLine } from './one-line';
import { openTable, type TableStream } from './read-table';

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

export async function importFiles(
  files: InputFile[],
  mapping: Mapping | undefined,
  calendar: BusinessCalendar,
  opts: {
    /** The case currency; when absent, the one most rows of the first file with a Currency column use. */
    currency?: string;
    /** The period's first day: opening balances must be as of it (or the day before). */
    periodStart?: string;
    liabilityAccounts: string[];
    onFile?: (name: string, i: number) => Promise<void> | void;
    /** After each chunk of file `i`: how far through its bytes, and its rows read so far. */
    onChunk?: (i: number, bytesDone: number, rows: number) => Promise<void> | void;
  },
): Promise<ImportResult> {
  const out: ImportResult = { files: [], events: [], opening: [] };
  if (mapping !== undefined) mapping = checkMapping(mapping);
  const shared = new Map<string, string>();
  const intern = (v: string): string => {
    const known = shared.get(v);
    if (known !== undefined) return known;
    const copy = ownString(v); // the map keeps it for good: not a view into a chunk of the file
    shared.set(copy, copy);
    return copy;
  };
  for (let fileId = 0; fileId < files.length; fileId++) {
    const file = files[fileId];
    await opts.onFile?.(file.name, fileId);
    const bytes = file.bytes; // taken once: it may be read from disk (InputFile)
    const sha = await sha256HexFast(bytes);
    const table = openTable(file.name, bytes, { fit: fitOf(file.role, mapping) });
    const cols = resolveColumns(file.role, table.headers, mapping);
    if (cols.missingRequired.length) {
      const sheet = table.sheet !== undefined ? ` in sheet '${table.sheet}'` : '';
      const others = table.otherSheets?.length ? `; the workbook's other sheets: ${table.otherSheets.join(', ')}` : '';
      throw new InputError(
        `${file.name}: missing required column${cols.missingRequired.length > 1 ? 's' : ''} ${cols.missingRequired.map((c) => `'${c}'`).join(', ')} for the ${file.role} layout${sheet}; columns found: ${table.headers.map((h) => `'${oneLine(h.trim())}'`).join(', ')}${others}`,
        file.name, table.headerRow, cols.missingRequired[0],
      );
    }
    if (cols.duplicates.length) {
      const d = cols.duplicates[0];
      const where = d.at.map((i) => i + 1);
      throw new InputError(
        `${file.name}: the column '${d.column}' appears ${where.length === 2 ? 'twice' : `${where.length} times`} (columns ${where.slice(0, -1).join(', ')} and ${where[where.length - 1]}); rename or remove one`,
        file.name, table.headerRow, d.column,
      );
    }
    let normalizer: RowNormalizer | null = null;
    for (const chunk of table.chunks()) {
      if (!normalizer) {
        // The case currency, when not given: what most rows of the first file's first chunk state.
        out.currency ??= opts.currency?.toUpperCase() ?? majorityCurrency(chunk.rows, cols.index['Currency']);
        normalizer = createNormalizer(file.role, cols, {
          fileId, calendar, currency: out.currency ?? 'USD', liabilityAccounts: opts.liabilityAccounts, format: table.format, intern,
          journalCopy: ownStringRuns(), memoCopy: ownStringRuns(), fileName: file.name, date1904: table.date1904, periodStart: opts.periodStart,
        });
      }
      normalizer.push(chunk);
      await opts.onChunk?.(fileId, chunk.bytesDone, normalizer.rows);
    }
    normalizer!.finish();
    const n = normalizer!.result;
    const rowsRead = normalizer!.rows;
    for (const e of n.events) out.events.push(e);
    for (const o of n.opening) out.opening.push(o);
    const imported = n.events.length + n.opening.length;
    const notes = fileNotes(file.name, table, normalizer!.notes(), rowsRead, imported, n.quarantine);
    out.files.push({
      sha256: sha,
      headers: table.headers,
      quarantineRaw: n.quarantine.map((q) => q.raw),
      quarantineCols: n.quarantine.map((q) => q.column),
      summary: {
        system: file.role, file: file.name, sha256: sha, rows: rowsRead, imported, quarantined: n.quarantine.length,
        quarantine: n.quarantine.map((q) => ({ row: q.row, column: q.column, reason: q.column && !q.reason.includes(q.column) ? `${q.column}: ${q.reason}` : q.reason })),
        layout: cols.layout, encoding: table.encoding,
        ...(notes.length ? { notes } : {}),
      },
    });
    if (rowsRead !== imported + n.quarantine.length) {
      throw new Error(`${file.name}: ${rowsRead} rows read but ${imported} imported and ${n.quarantine.length} quarantined`);
    }
  }
  return out;
}

/** How well a sheet's headers fit a role: its required columns found, then its other columns (to choose a sheet). */
function fitOf(role: FileRole, mapping: Mapping | undefined): (headers: string[]) => number {
  return (headers) => {
    const r = resolveColumns(role, headers, mapping);
    const found = LAYOUTS[role].columns.filter((c) => r.index[c] >= 0).length;
    return (LAYOUTS[role].required.length - r.missingRequired.length) * 100 + found;
  };
}

/**
 * The file's notes for the report: what the reader and the normalizer found and how they read it, and, when
 * every row was quarantined, that fact with the reason most rows share (a file read wrong as a whole says so).
 */
function fileNotes(name: string, table: TableStream, found: string[], rows: number, imported: number, quarantine: { row: number; reason: string }[]): string[] {
  const notes = [...table.notes, ...found];
  if (rows > 0 && imported === 0) {
    const counts = new Map<string, { n: number; row: number; reason: string }>();
    for (const q of quarantine) {
      const key = q.reason.replace(/'[^']*'|\d+(\.\d+)?/g, '…');
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { n: 1, row: q.row, reason: q.reason });
    }
    const top = [...counts.values()].sort((a, b) => b.n - a.n)[0];
    notes.push(`${name}: every one of its ${rows} rows was quarantined; ${top.n} for the same reason (first at row ${top.row}: ${top.reason})`);
  }
  return notes;
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
  const bytes = file.bytes;
  const sha = sha256Hex(bytes);
  const table = openTable(file.name, bytes, { fit: fitOf(file.role, mapping) });
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
