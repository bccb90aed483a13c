// A file's bytes to a header row and data rows: CSV through papaparse, XLSX through SheetJS.
// CSV is decoded and parsed in chunks, so that no whole-file string is ever built and each chunk's rows can be
// turned into events and let go before the next. Hostile files end in a one-line InputError naming the file,
// never a stack trace.
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { InputError } from '../types';
import { detectEncoding, type DetectedEncoding } from './decode';
import { ownString } from './own-string';

export interface Table {
  headers: string[];
  /** Data rows; cells are strings (CSV) or raw cell values (XLSX: numbers, strings, booleans, null). */
  rows: unknown[][];
  encoding: string;
  format: 'csv' | 'xlsx';
}

/** A table read chunk by chunk: the header row is known at once, the data rows come in file order. */
export interface TableStream {
  headers: string[];
  encoding: string;
  format: 'csv' | 'xlsx';
  /**
   * The data rows, a chunk at a time, with how far through the file's bytes each chunk ends. `noNul`: the
   * chunk's text was checked whole and holds no NUL character, so its cells need no check one by one.
   */
  chunks(): Iterable<{ rows: unknown[][]; bytesDone: number; noNul?: boolean }>;
}

/**
 * Bytes of a CSV decoded and parsed at a time (a setting, so that tests can make chunk boundaries fall often).
 * Small on purpose: a chunk's text and its parsed rows are still in the processor's cache when they are turned
 * into events, and still young when the garbage collector runs. At a million events, reading took 4.4-5.2 s in
 * 8 MB chunks, 4.4-4.7 s in 1 MB ones and 3.8 s in 256 KB ones (docs/performance.md).
 */
export const CSV_READING = { chunkBytes: 256 * 1024 };

/** Limits that keep a hostile workbook from exhausting memory: stated in the error when passed. */
export const LIMITS = {
  maxColumns: 1_000,
  /**
   * A CSV is decoded and parsed in chunks (no whole-file string); its bytes are read whole, once, and every row
   * becomes an event. 1.5 GiB takes a ten-million-event quarter's largest file (its ERP lines) with room, under
   * Node's largest single read (2 GiB). How much a case engine holds in all is its own limit (CaseEngine).
   */
  maxTextBytes: 1536 * 1024 * 1024,
  maxXlsxBytes: 200 * 1024 * 1024,
  /** What a workbook's parts may inflate to, from the zip's central directory, before SheetJS sees it. */
  maxXlsxInflatedBytes: 512 * 1024 * 1024,
  maxXlsxCells: 30_000_000,
  maxZipEntries: 10_000,
};

/** 1.0 GiB, 256 MiB, 12 KiB: sizes as the limits state them. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${Math.round(n / 2 ** 20)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function openTable(name: string, bytes: Uint8Array, opts: { chunkBytes?: number } = {}): TableStream {
  if (bytes.length === 0) throw new InputError(`${name}: the file is empty`, name);
  const looksXlsx = /\.xls[xm]?$/i.test(name);
  if (isZip(bytes)) {
    const table = readXlsx(name, bytes);
    return { ...table, chunks: () => [{ rows: table.rows, bytesDone: bytes.length }] };
  }
  if (looksXlsx) throw new InputError(`${name}: not a valid .xlsx workbook (it is not a zip archive)`, name);
  return openCsv(name, bytes, opts.chunkBytes ?? CSV_READING.chunkBytes);
}

/** The whole table at once: for previews and small files. */
export function readTable(name: string, bytes: Uint8Array): Table {
  const t = openTable(name, bytes);
  const rows: unknown[][] = [];
  for (const chunk of t.chunks()) for (const r of chunk.rows) rows.push(r);
  return { headers: t.headers, rows, encoding: t.encoding, format: t.format };
}

/** papaparse's own guess (ParserHandle.guessLineEndings), which its low-level Parser does not make. */
function guessNewline(text: string): '\n' | '\r' | '\r\n' {
  const sample = text.substring(0, 1024 * 1024).replace(/"[^]*?"/gm, '');
  const r = sample.split('\r');
  const n = sample.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  const withN = r.filter((part) => part[0] === '\n').length;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

/** A row of empty or blank fields only (papaparse gives a blank line as one empty field). */
function blankRow(row: string[]): boolean {
  for (const f of row) if (f !== '' && f.trim() !== '') return false;
  return true;
}

function openCsv(name: string, bytes: Uint8Array, chunkBytes: number): TableStream {
  if (bytes.length > LIMITS.maxTextBytes) {
    throw new InputError(`${name}: ${formatBytes(bytes.length)} of text is over the limit of ${formatBytes(LIMITS.maxTextBytes)} per CSV file`, name);
  }
  const found: DetectedEncoding | null = detectEncoding(bytes);
  if (!found) throw new InputError(`${name}: not a text file (binary content); expected CSV`, name);
  const decoder = new TextDecoder(found.encoding);
  let offset = found.offset;
  let parser: InstanceType<typeof Papa.Parser> | null = null;
  let carry = '';
  // One chunk of text: decoded after what was carried over, parsed up to its last complete row.
  const next = (): { rows: string[][]; bytesDone: number; last: boolean; noNul?: boolean } => {
    const end = Math.min(offset + chunkBytes, bytes.length);
    const last = end >= bytes.length;
    const text = carry + decoder.decode(bytes.subarray(offset, end), { stream: !last });
    offset = end;
    if (!parser && !last && text.length < 64 * 1024 && (text.slice(0, -1).match(/\r\n|\r|\n/g)?.length ?? 0) < 2) {
      // Too little to guess from (a chunk boundary inside the first lines): wait for more text.
      carry = text;
      return { rows: [], bytesDone: end, last };
    }
    if (!parser) {
      // The delimiter as papaparse would guess it (comma, tab, semicolon, pipe), the line ends likewise.
      const delimiter = Papa.parse<string[]>(text.substring(0, 64 * 1024), { preview: 20 }).meta.delimiter || ',';
      parser = new Papa.Parser({ delimiter, newline: guessNewline(text) });
    }
    const res = parser.parse(text, 0, !last) as { data: string[][]; meta: { cursor: number } };
    carry = last ? '' : text.substring(res.meta.cursor);
    return { rows: res.data.filter((r) => !blankRow(r)), bytesDone: end, last, noNul: !text.includes('\u0000') };
  };
  // The header row is needed before anything else: read chunks until it appears.
  let first = next();
  while (first.rows.length === 0 && !first.last) first = next();
  if (first.rows.length === 0) throw new InputError(`${name}: the file has no header row`, name);
  const headers = first.rows[0].map((h) => ownString(String(h ?? '')));
  checkHeaders(name, headers);
  const firstRows = first.rows.slice(1);
  const firstLast = first.last;
  const firstDone = first.bytesDone;
  const firstNoNul = first.noNul;
  let used = false;
  return {
    headers,
    encoding: found.encoding,
    format: 'csv',
    *chunks() {
      if (used) throw new Error(`${name}: the table was already read`);
      used = true;
      yield { rows: firstRows, bytesDone: firstDone, noNul: firstNoNul };
      for (let done = firstLast; !done; ) {
        const c = next();
        done = c.last;
        yield { rows: c.rows, bytesDone: c.bytesDone, noNul: c.noNul };
      }
    },
  };
}

/** Counts `<c ` / `<c>` / `<c/` (cell elements) in a worksheet's XML bytes. */
function countCells(xml: Uint8Array): number {
  let n = 0;
  for (let i = xml.indexOf(0x3c); i >= 0 && i < xml.length - 2; i = xml.indexOf(0x3c, i + 1)) {
    if (xml[i + 1] === 0x63) {
      const b = xml[i + 2];
      if (b === 0x20 || b === 0x3e || b === 0x2f || b === 0x09 || b === 0x0a || b === 0x0d) n++;
    }
  }
  return n;
}

/**
 * Before SheetJS parses a workbook: its central directory must be readable, its parts must inflate to no more
 * than the stated limit (a zip bomb is refused unread), every part must inflate cleanly (SheetJS can spin on a
 * damaged archive), and its sheets must hold no more cells than the limit.
 */
function checkWorkbookZip(name: string, bytes: Uint8Array): void {
  const damaged = () => new InputError(`${name}: not a readable .xlsx workbook (the zip archive is damaged or truncated)`, name);
  if (bytes.length > LIMITS.maxXlsxBytes) {
    throw new InputError(`${name}: ${formatBytes(bytes.length)} is over the limit of ${formatBytes(LIMITS.maxXlsxBytes)} per workbook`, name);
  }
  let inflated = 0;
  let entries = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (++entries > LIMITS.maxZipEntries) throw new InputError(`${name}: the workbook has over ${LIMITS.maxZipEntries} parts; refused unread`, name);
        if (!(f.originalSize >= 0) || (f.compression !== 0 && f.compression !== 8)) throw damaged();
        inflated += f.originalSize;
        return false;
      },
    });
  } catch (err) {
    throw err instanceof InputError ? err : damaged();
  }
  if (inflated > LIMITS.maxXlsxInflatedBytes) {
    throw new InputError(`${name}: the workbook inflates to ${formatBytes(inflated)}, over the limit of ${formatBytes(LIMITS.maxXlsxInflatedBytes)}; refused unread`, name);
  }
  let parts: Record<string, Uint8Array>;
  try {
    // Each part inflates into a buffer of its declared size: an archive that lies about sizes cannot grow it.
    parts = unzipSync(bytes);
  } catch {
    throw damaged();
  }
  let cells = 0;
  for (const [part, data] of Object.entries(parts)) if (/^xl\/worksheets\/[^/]+\.xml$/i.test(part)) cells += countCells(data);
  if (cells > LIMITS.maxXlsxCells) {
    throw new InputError(`${name}: the workbook has ${cells} cells, over the limit of ${LIMITS.maxXlsxCells}`, name);
  }
}

function readXlsx(name: string, bytes: Uint8Array): Table {
  checkWorkbookZip(name, bytes);
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, raw: true, cellDates: false, cellHTML: false, cellFormula: false, cellStyles: false, sheetRows: 0 });
  } catch (err) {
    throw new InputError(`${name}: not a readable .xlsx workbook (${String((err as Error).message ?? err).split('\n')[0]})`, name);
  }
  const sheetName = wb.SheetNames.find((n) => {
    const ws = wb.Sheets[n];
    return ws && (ws['!data']?.length ?? 0) > 0;
  });
  if (!sheetName) throw new InputError(`${name}: the workbook has no sheet with data`, name);
  const ws = wb.Sheets[sheetName];
  const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  let cells = 0;
  for (const r of data) cells += r ? r.length : 0;
  if (cells > LIMITS.maxXlsxCells) {
    throw new InputError(`${name}: the workbook has ${cells} cells, over the limit of ${LIMITS.maxXlsxCells}`, name);
  }
  const rows: unknown[][] = [];
  for (const r of data) {
    if (!r) continue;
    const out = new Array<unknown>(r.length);
    let empty = true;
    for (let i = 0; i < r.length; i++) {
      const c = r[i];
      const v = c === undefined || c.t === 'z' || c.t === 'e' ? null : c.v;
      out[i] = v === undefined ? null : v;
      if (out[i] !== null && out[i] !== '') empty = false;
    }
    if (!empty) rows.push(out);
  }
  if (rows.length === 0) throw new InputError(`${name}: the workbook has no header row`, name);
  const headers = rows[0].map((h) => (h == null ? '' : String(h)));
  checkHeaders(name, headers);
  // A sheet row stops at its last filled cell: the empty cells after it are fields all the same.
  for (const r of rows) while (r.length < headers.length) r.push(null);
  return { headers, rows: rows.slice(1), encoding: 'xlsx', format: 'xlsx' };
}

function checkHeaders(name: string, headers: string[]): void {
  if (headers.length > LIMITS.maxColumns) {
    throw new InputError(`${name}: ${headers.length} columns, over the limit of ${LIMITS.maxColumns}`, name);
  }
  if (headers.every((h) => h.trim() === '')) throw new InputError(`${name}: the header row is empty`, name);
}
