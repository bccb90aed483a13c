// A file's bytes to a header row and data rows: CSV through papaparse, XLSX through SheetJS.
// CSV is decoded and parsed in chunks, so that no whole-file string is ever built and each chunk's rows can be
// turned into events and let go before the next. Every row carries its number as a spreadsheet shows it (blank
// lines count; a sheet's rows are its own), and a row the reader could not split into fields is handed on as
// damaged, with the reason, to be quarantined: nothing is swallowed into a neighbour. Hostile files end in a
// one-line InputError naming the file, never a stack trace.
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { InputError } from '../types';
import { decoderFor, detectEncoding } from './decode';
import { ownString } from './own-string';
import { checkWorkbook } from './workbook-check';
import { ZipProblem } from './zip-check';

/** A row the reader could not take as it stands: it is quarantined with this reason. */
export interface RowDamage {
  reason: string;
  column: string | null;
}

export interface TableChunk {
  /** Data rows; cells are strings (CSV) or raw cell values (XLSX: numbers, strings, booleans, null). */
  rows: unknown[][];
  /** Each row's number as a spreadsheet shows it (the header's own row and blank rows count). */
  rowNos: number[];
  /** Damaged rows, by their index in `rows` (whose cells are then the raw text of the line). */
  damaged?: Map<number, RowDamage>;
  /** How far through the file's bytes the chunk ends. */
  bytesDone: number;
  /** The chunk's text was checked whole and holds no NUL character, so its cells need no check one by one. */
  noNul?: boolean;
  /** No row of the chunk holds a line break (none ran across lines), so its cells need no check for one. */
  noBreaks?: boolean;
}

export interface Table {
  headers: string[];
  rows: unknown[][];
  rowNos: number[];
  encoding: string;
  format: 'csv' | 'xlsx';
}

/** A table read chunk by chunk: the header row is known at once, the data rows come in file order. */
export interface TableStream {
  headers: string[];
  /** The header's row number (1 unless blank rows or a title block come first). */
  headerRow: number;
  /** Non-blank rows above the header (a report's title block), as the header chooser saw them. */
  titleRows: RawRow[];
  encoding: string;
  format: 'csv' | 'xlsx';
  /** CSV: the field delimiter found. */
  delimiter?: string;
  /** XLSX: the sheet read, the workbook's other sheets (hidden ones marked), and its date system. */
  sheet?: string;
  otherSheets?: string[];
  date1904?: boolean;
  /**
   * What the reader found and did about it, for the report (a sheet chosen among several, rows split at a
   * stray line end, undecodable bytes). Complete once the chunks have all been read.
   */
  notes: string[];
  chunks(): Iterable<TableChunk>;
}

/** A row as a spreadsheet numbers it (1-based, blank rows and a title block counted) with its raw cells. */
export interface RawRow {
  row: number;
  cells: unknown[];
}

/** Which of a table's first non-blank rows is its header, and how well the table fits (to choose among sheets). */
export type HeaderChooser = (rows: RawRow[], sheet?: string) => { at: number; score: number };

/** How many non-blank rows a header chooser is shown: a report's title block is a few lines. */
export const HEADER_WINDOW = 50;

export interface OpenOptions {
  chunkBytes?: number;
  /** How well a sheet's header row fits the file's role (higher is better): the best-fitting sheet is read. */
  fit?: (headers: string[]) => number;
  /**
   * Which row is the header, from the first HEADER_WINDOW non-blank rows (an import profile's detection decides,
   * so that a title block is not taken for the header); the rows above it are the title block. Without it, the
   * first non-blank row is the header. For a workbook it also chooses the sheet (the best score; `fit` is unused).
   */
  header?: HeaderChooser;
}

/**
 * Bytes of a CSV decoded and parsed at a time (a setting, so that tests can make chunk boundaries fall often).
 * Small on purpose: a chunk's text and its parsed rows are still in the processor's cache when they are turned
 * into events, and still young when the garbage collector runs (docs/performance.md).
 */
export const CSV_READING = { chunkBytes: 256 * 1024 };

/** Limits that keep a hostile file from exhausting memory or time: stated in the error when passed. */
export const LIMITS = {
  maxColumns: 1_000,
  /** A CSV is streamed, but every row becomes an event in memory: past this, a quarter needs a bigger engine. */
  maxTextBytes: 500 * 1024 * 1024,
  /** One CSV row (a record, quoted line breaks and all), in characters: no export has a row near this. */
  maxRowChars: 64 * 1024 * 1024,
  maxXlsxBytes: 200 * 1024 * 1024,
  /** What a workbook's parts may inflate to, from the zip's central directory, before SheetJS sees it. */
  maxXlsxInflatedBytes: 512 * 1024 * 1024,
  /** How many times its stored size a part may inflate to (Apache POI's default), for parts over 1 MiB. */
  maxInflateRatio: 100,
  maxXlsxCells: 30_000_000,
  /**
   * Unique shared strings, which SheetJS holds as objects: a 100k-event ERP workbook has 59,527 unique texts,
   * so a million-event one about 600,000. Three to five million took 17-23 s and 2.5-3.5 GB to parse.
   */
  maxSharedStrings: 2_000_000,
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

export function openTable(name: string, bytes: Uint8Array, opts: OpenOptions = {}): TableStream {
  if (bytes.length === 0) throw new InputError(`${name}: the file is empty`, name);
  const looksXlsx = /\.(xls[xmb]?|ods)$/i.test(name);
  if (isZip(bytes)) {
    const t = readXlsx(name, bytes, opts.fit, opts.header);
    const { rows, rowNos, ...rest } = t;
    return { ...rest, chunks: () => [{ rows, rowNos, bytesDone: bytes.length }] };
  }
  if (looksXlsx) {
    const what = bytes[0] === 0xd0 && bytes[1] === 0xcf ? 'an old binary Excel file (.xls)' : 'not a zip archive';
    throw new InputError(`${name}: not a valid .xlsx workbook (it is ${what}); save it as .xlsx or CSV`, name);
  }
  return openCsv(name, bytes, opts.chunkBytes ?? CSV_READING.chunkBytes, opts.header);
}

/** The whole table at once: for previews and small files. */
export function readTable(name: string, bytes: Uint8Array, opts: OpenOptions = {}): Table {
  const t = openTable(name, bytes, opts);
  const rows: unknown[][] = [];
  const rowNos: number[] = [];
  for (const chunk of t.chunks()) {
    for (const r of chunk.rows) rows.push(r);
    for (const n of chunk.rowNos) rowNos.push(n);
  }
  return { headers: t.headers, rows, rowNos, encoding: t.encoding, format: t.format };
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

/**
 * The field delimiter: of comma, semicolon, tab and pipe, the one that splits the header into the most fields
 * while most of the next rows split into as many (or, under a title block, most rows into as many as each
 * other); a comma when none splits the header. papaparse's own guess
 * picks the comma for a `;` file whose amounts have decimal commas (`1.025,50;1.025,50` is 3 fields by comma).
 */
function guessDelimiter(text: string, newline: '\n' | '\r' | '\r\n'): string {
  let best = ',';
  let bestFields = 1;
  for (const d of [',', ';', '\t', '|']) {
    const rows = (new Papa.Parser({ delimiter: d, newline, preview: 21 }).parse(text, 0, true) as ParseResult).data.filter((r) => !blankRow(r));
    if (rows.length === 0) continue;
    const fields = rows[0].length;
    const alike = rows.slice(1).filter((r) => r.length === fields).length;
    if (fields > bestFields && (rows.length === 1 || alike >= (rows.length - 1) / 2)) [best, bestFields] = [d, fields];
    else {
      // A title block above the header (a report's name and date range, unpadded): the width most rows share.
      const mode = modalWidth(rows);
      if (mode.width > bestFields && mode.rows >= rows.length / 2) [best, bestFields] = [d, mode.width];
    }
  }
  return best;
}

/** The number of fields most rows have (the larger on a tie), and how many rows have it. */
function modalWidth(rows: string[][]): { width: number; rows: number } {
  const count = new Map<number, number>();
  for (const r of rows) count.set(r.length, (count.get(r.length) ?? 0) + 1);
  let out = { width: 0, rows: 0 };
  for (const [width, n] of count) if (n > out.rows || (n === out.rows && width > out.width)) out = { width, rows: n };
  return out;
}

/** A row of empty or blank fields only (papaparse gives a blank line as one empty field). */
function blankRow(row: string[]): boolean {
  for (const f of row) if (f !== '' && f.trim() !== '') return false;
  return true;
}

function hasLineBreak(row: string[]): boolean {
  for (const f of row) if (f.includes('\n') || f.includes('\r')) return true;
  return false;
}

/** True when every field from `from` on is empty (a trailing comma, say). */
function restEmpty(row: string[], from: number): boolean {
  for (let i = from; i < row.length; i++) if (row[i].trim() !== '') return false;
  return true;
}

const LINE_END_NAMES: Record<string, string> = { '\r\n': 'CRLF', '\r': 'CR', '\n': 'LF' };

interface ParseResult {
  data: string[][];
  errors: { type: string; code: string; row: number; index: number }[];
  meta: { cursor: number };
}

function openCsv(name: string, bytes: Uint8Array, chunkBytes: number, chooser?: HeaderChooser): TableStream {
  if (bytes.length > LIMITS.maxTextBytes) {
    throw new InputError(`${name}: ${formatBytes(bytes.length)} of text is over the limit of ${formatBytes(LIMITS.maxTextBytes)} per CSV file`, name);
  }
  const found = detectEncoding(bytes);
  if (!found) throw new InputError(`${name}: not a text file (binary content); expected CSV`, name);
  const mixed = found.mixedFrom !== undefined;
  const reader = new CsvReader(name, bytes, found.offset, decoderFor(found.encoding), chunkBytes, mixed, chooser);
  // The header row is needed before anything else: read chunks until it appears.
  const buffered: TableChunk[] = [];
  let last = false;
  while (!reader.header && !last) {
    const c = reader.next();
    last = c.last;
    buffered.push(c);
  }
  if (!reader.header) throw new InputError(`${name}: the file has no header row`, name);
  const headers = reader.header.map((h) => ownString(h));
  checkHeaders(name, headers);
  if (mixed) {
    reader.notes.push(`${name} is UTF-8 but holds bytes that are not (from byte ${found.mixedFrom}): mixed encodings; the rows holding them were quarantined, the rest read as UTF-8`);
  }
  let used = false;
  return {
    headers,
    headerRow: reader.headerRow,
    titleRows: reader.titleRows,
    encoding: found.encoding,
    format: 'csv',
    get delimiter() {
      return reader.delimiter;
    },
    notes: reader.notes,
    *chunks() {
      if (used) throw new Error(`${name}: the table was already read`);
      used = true;
      for (const c of buffered) yield c;
      while (!last) {
        const c = reader.next();
        last = c.last;
        yield c;
      }
      reader.finish();
    },
  };
}

/**
 * The CSV parse loop. Text is decoded a chunk at a time and parsed up to its last complete row; the rest waits
 * for more. A row that will not complete (a quote that never closes, a field with no line end) is parsed again
 * only once the waiting text has doubled, so that the work stays linear in the file's size, and it is refused
 * past LIMITS.maxRowChars. A record papaparse reports a quote error in, or one that does not fit the header
 * and runs across a line end, is taken apart line by line: its first line is read alone (as a row when it fits
 * the header, as a damaged row otherwise) and parsing goes on from the next line.
 */
class CsvReader {
  header: string[] | null = null;
  headerRow = 0;
  titleRows: RawRow[] = [];
  /** With a header chooser: the first non-blank rows, held until it has seen enough of them to choose. */
  private candidates: RawRow[] = [];
  /** Chunks read so far, the chunk the first held row came from, and whether held rows went into this one. */
  private chunkNo = 0;
  private heldFrom = 0;
  private heldIn = false;
  delimiter = ',';
  readonly notes: string[] = [];
  private newline: '\n' | '\r' | '\r\n' = '\n';
  private parser: InstanceType<typeof Papa.Parser> | null = null;
  private pending: string[] = [];
  private pendingLen = 0;
  /** Parse again once this much text waits (twice what last failed to complete a row). */
  private waitFor = 0;
  private offset: number;
  /** Rows as a spreadsheet numbers them, blank ones included, emitted so far. */
  private record = 0;
  private repairs = { count: 0, firstRow: 0, work: 0 };
  private splits = { count: 0, firstRow: 0, kinds: new Set<string>() };
  private out!: TableChunk;

  constructor(
    private readonly name: string,
    private readonly bytes: Uint8Array,
    offset: number,
    private readonly decoder: { decode(b: Uint8Array, o?: { stream?: boolean }): string },
    private readonly chunkBytes: number,
    private readonly mixed: boolean,
    private readonly chooser?: HeaderChooser,
  ) {
    this.offset = offset;
  }

  next(): TableChunk & { last: boolean } {
    const end = Math.min(this.offset + this.chunkBytes, this.bytes.length);
    const last = end >= this.bytes.length;
    const piece = this.decoder.decode(this.bytes.subarray(this.offset, end), { stream: !last });
    this.offset = end;
    if (piece) {
      this.pending.push(piece);
      this.pendingLen += piece.length;
    }
    this.out = { rows: [], rowNos: [], bytesDone: end, noBreaks: true };
    this.chunkNo++;
    this.heldIn = false;
    if (!last && this.pendingLen < this.waitFor) return { ...this.out, last };
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    if (!this.parser) {
      if (!last && text.length < 64 * 1024 && (text.slice(0, -1).match(/\r\n|\r|\n/g)?.length ?? 0) < 2) {
        // Too little to guess from (a chunk boundary inside the first lines): wait for more text.
        this.waitFor = this.pendingLen + 1;
        return { ...this.out, last };
      }
      this.newline = guessNewline(text);
      this.delimiter = guessDelimiter(text.substring(0, 64 * 1024), this.newline);
      this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline });
    }
    this.pending = [];
    this.pendingLen = 0;
    const before = this.record;
    const rest = this.parse(text, last);
    if (rest) {
      this.pending.push(rest);
      this.pendingLen = rest.length;
      if (rest.length > LIMITS.maxRowChars) {
        throw new InputError(
          `${this.name}: the row that starts at row ${this.record + 1} runs past ${formatBytes(LIMITS.maxRowChars)} without ending (a quote that never closes, or no line ends); refused`,
          this.name, this.record + 1,
        );
      }
    }
    this.waitFor = this.record === before ? 2 * this.pendingLen : 0;
    if (last && !this.header && this.candidates.length) this.chooseHeader();
    // Rows held from earlier text for the header chooser were not part of this text's checks.
    this.out.noNul = !this.heldIn && !text.includes('\u0000');
    return { ...this.out, last };
  }

  /** Parses `text`, emitting its complete rows; returns the incomplete rest. */
  private parse(text: string, last: boolean): string {
    let pos = 0;
    for (;;) {
      const seg = pos === 0 ? text : text.substring(pos);
      const res = this.parser!.parse(seg, 0, !last) as ParseResult;
      const bad = this.firstDamaged(res);
      this.emit(res.data, bad < 0 ? res.data.length : bad);
      if (bad < 0) {
        const consumed = last ? seg.length : res.meta.cursor;
        if (pos > 0 || !oneLinePerRecord(seg, consumed, res.data.length, this.newline)) this.out.noBreaks = false;
        return last ? '' : seg.substring(consumed);
      }
      this.out.noBreaks = false;
      const start = this.recordStart(seg, bad);
      const lineEnd = firstLineEnd(seg, start);
      // The line's end must be known whole (a CR at the very end may be half a CRLF): else wait for more text.
      if (!last && lineEnd >= seg.length - 1) return seg.substring(start);
      const ending = seg[lineEnd] === '\r' && seg[lineEnd + 1] === '\n' ? '\r\n' : seg.substring(lineEnd, lineEnd + 1);
      const after = lineEnd + ending.length;
      this.emitLine(seg.substring(start, lineEnd), ending, res.errors.find((e) => e.row === bad && e.type === 'Quotes')?.code, res.data[bad].length);
      this.repairs.work += seg.length - start;
      if (this.repairs.work > 4 * this.bytes.length + LIMITS.maxRowChars) {
        throw new InputError(
          `${this.name}: quotes or line ends are broken on ${this.repairs.count} rows from row ${this.repairs.firstRow} on; the file cannot be read reliably`,
          this.name, this.repairs.firstRow,
        );
      }
      pos += after;
      if (pos >= text.length) return '';
    }
  }

  /**
   * The index of the first complete record that cannot be taken as it stands: one with a quote error, or one
   * whose field count differs from the header's while a field holds a line break (two records run together at
   * a stray line end, or a quote that opened in one row and closed in another). -1 when there is none.
   */
  private firstDamaged(res: ParseResult): number {
    let bad = -1;
    for (const e of res.errors) {
      if (e.type === 'Quotes' && e.row < res.data.length) {
        bad = e.row;
        break;
      }
    }
    let width = this.header?.length ?? this.candidates[0]?.cells.length ?? 0;
    const upto = bad < 0 ? res.data.length : bad;
    for (let i = 0; i < upto; i++) {
      const r = res.data[i];
      if (width === 0) {
        if (!blankRow(r)) width = r.length;
        continue;
      }
      if (r.length !== width && !(r.length > width && restEmpty(r, width)) && hasLineBreak(r)) return i;
    }
    return bad;
  }

  /** Emits data rows [0, upto): blank rows count but are not rows; the first other row is the header. */
  private emit(data: string[][], upto: number): void {
    let record = this.record;
    for (let i = 0; i < upto; i++) {
      const r = data[i];
      record++;
      if (blankRow(r)) continue;
      if (!this.header) {
        if (!this.chooser) {
          this.header = r;
          this.headerRow = record;
          continue;
        }
        if (this.candidates.length === 0) this.heldFrom = this.chunkNo;
        this.candidates.push({ row: record, cells: r });
        if (this.candidates.length >= HEADER_WINDOW) {
          this.record = record;
          this.chooseHeader();
        }
        continue;
      }
      this.record = record;
      this.dataRow(r);
    }
    this.record = record;
  }

  /** A data row into the chunk (quarantined when it holds undecodable bytes in a mixed-encoding file). */
  private dataRow(r: string[]): void {
    if (this.mixed && r.some((f) => f.includes('\ufffd'))) {
      this.damage(r, 'the row holds bytes that are not UTF-8, in a file that is UTF-8 elsewhere (mixed encodings)', null);
      return;
    }
    this.out.rows.push(r);
    this.out.rowNos.push(this.record);
  }

  /** The chooser's header among the rows held: those above it are the title block, those after it data rows. */
  private chooseHeader(): void {
    const rows = this.candidates;
    this.candidates = [];
    const { at } = this.chooser!(rows);
    this.header = rows[at].cells as string[];
    this.headerRow = rows[at].row;
    this.titleRows = rows.slice(0, at);
    if (this.heldFrom !== this.chunkNo) {
      this.heldIn = true;
      this.out.noBreaks = false;
    }
    const record = this.record;
    for (const r of rows.slice(at + 1)) {
      this.record = r.row;
      this.dataRow(r.cells as string[]);
    }
    this.record = record;
  }

  private damage(cells: unknown[], reason: string, column: string | null): void {
    const out = this.out;
    out.damaged ??= new Map();
    out.damaged.set(out.rows.length, { reason, column });
    out.rows.push(cells);
    out.rowNos.push(this.record);
  }

  /** Where record `k` of `seg` begins: parsed again up to it, in the rare case that needs it. */
  private recordStart(seg: string, k: number): number {
    if (k === 0) return 0;
    let n = 0;
    let at = 0;
    const p: InstanceType<typeof Papa.Parser> = new Papa.Parser({
      delimiter: this.delimiter,
      newline: this.newline,
      step: (r: { meta: { cursor: number } }) => {
        if (++n === k) {
          at = r.meta.cursor;
          p.abort();
        }
      },
    } as Papa.ParseConfig);
    p.parse(seg, 0, false);
    this.repairs.work += at;
    return at;
  }

  /**
   * The first line of a record that could not be taken whole, read alone: a row when it fits the header (a
   * stray line end had joined two rows), else a damaged row with the reason.
   */
  private emitLine(line: string, ending: string, quoteError: string | undefined, fields: number): void {
    if (!this.header && this.candidates.length) this.chooseHeader();
    if (!this.header) {
      throw new InputError(`${this.name}: the header row ${quoteError ? 'has a quote that does not close' : 'runs across lines'}; the file cannot be read`, this.name, this.record + 1);
    }
    const width = this.header.length;
    const alone = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline }).parse(line, 0, false) as ParseResult;
    const row = alone.data[0] ?? [''];
    this.record++;
    if (alone.errors.length === 0 && alone.data.length === 1 && (row.length === width || (row.length > width && restEmpty(row, width)))) {
      if (this.splits.count++ === 0) this.splits.firstRow = this.record;
      if (ending && ending !== this.newline) this.splits.kinds.add(ending);
      this.out.rows.push(row);
      this.out.rowNos.push(this.record);
      return;
    }
    if (blankRow(row)) return;
    if (this.repairs.count++ === 0) this.repairs.firstRow = this.record;
    const error = alone.errors[0];
    const column = error ? this.columnAt(line, error.index) : null;
    const where = column ? ` in column ${column}` : '';
    const reason =
      error?.code === 'MissingQuotes' || quoteError === 'MissingQuotes'
        ? `a quote opened${where} never closes (it would swallow the rows after it); the line is quarantined and the next read as a new row`
        : error?.code === 'InvalidQuotes' || quoteError === 'InvalidQuotes'
          ? `a quoted field${where} is malformed (a quote inside it is not doubled); the line is quarantined and the next read as a new row`
          : `the row runs across a line end with ${fields} fields (the header has ${width}); read line by line, this line has ${row.length}`;
    this.damage([line], reason, column);
  }

  /** The header name of the field in which `index` of `line` falls. */
  private columnAt(line: string, index: number): string | null {
    const before = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline }).parse(line.substring(0, Math.max(0, index - 1)), 0, false) as ParseResult;
    const k = Math.max(0, (before.data[0]?.length ?? 1) - 1);
    return this.header?.[k]?.trim() || `column ${k + 1}`;
  }

  /** Notes for what was found over the whole file. */
  finish(): void {
    if (this.splits.count) {
      const kinds = [...this.splits.kinds].map((k) => LINE_END_NAMES[k]).join(' and ');
      this.notes.push(
        `${this.name}: ${this.splits.count} row(s) ran into the next at a stray line end${kinds ? ` (${kinds})` : ''} in a file whose lines end in ${LINE_END_NAMES[this.newline]} (first at row ${this.splits.firstRow}); each line was read as its own row, as a spreadsheet shows it`,
      );
    }
    if (this.repairs.count) {
      this.notes.push(`${this.name}: ${this.repairs.count} line(s) with broken quotes or fields were quarantined (first at row ${this.repairs.firstRow}); the lines after each were read as rows`);
    }
  }
}

/**
 * Whether each of `records` records in text[0, end) takes exactly one line: as many line ends of the file's
 * kind as records (the last may lack one) and none of another kind. Then no field holds a line break.
 */
function oneLinePerRecord(text: string, end: number, records: number, newline: string): boolean {
  const ends = countOf(text, newline, end);
  if (ends > records) return false;
  if (newline === '\n') return countOf(text, '\r', end) === 0;
  if (newline === '\r') return countOf(text, '\n', end) === 0;
  return countOf(text, '\r', end) === ends && countOf(text, '\n', end) === ends;
}

function countOf(text: string, needle: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < end; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** The first CR or LF at or after `from` (text.length when none). */
function firstLineEnd(text: string, from: number): number {
  const r = text.indexOf('\r', from);
  const n = text.indexOf('\n', from);
  if (r < 0) return n < 0 ? text.length : n;
  return n < 0 ? r : Math.min(r, n);
}

interface XlsxTable {
  headers: string[];
  headerRow: number;
  titleRows: RawRow[];
  rows: unknown[][];
  rowNos: number[];
  encoding: string;
  format: 'xlsx';
  sheet: string;
  otherSheets: string[];
  date1904: boolean;
  notes: string[];
}

/** The archive checked (workbook-check.ts) before SheetJS sees it; a problem becomes the file's one line. */
function checkWorkbookZip(name: string, bytes: Uint8Array): void {
  if (bytes.length > LIMITS.maxXlsxBytes) {
    throw new InputError(`${name}: ${formatBytes(bytes.length)} is over the limit of ${formatBytes(LIMITS.maxXlsxBytes)} per workbook`, name);
  }
  try {
    checkWorkbook(bytes, { ...LIMITS, ratioFloorBytes: 1024 * 1024 });
  } catch (err) {
    if (err instanceof ZipProblem) throw new InputError(`${name}: ${err.damaged ? `not a readable .xlsx workbook (${err.message})` : err.message}`, name);
    throw new InputError(`${name}: not a readable .xlsx workbook (the zip archive is damaged or truncated)`, name);
  }
}

interface SheetInfo {
  name: string;
  hidden: boolean;
  data: (XLSX.CellObject | undefined)[][];
  headerAt: number;
  headers: string[];
  titleRows: RawRow[];
  score: number;
}

/** The sheet's first non-empty rows (up to HEADER_WINDOW), as a header chooser sees them. */
function firstRows(data: (XLSX.CellObject | undefined)[][]): RawRow[] {
  const out: RawRow[] = [];
  for (let R = 0; R < data.length && out.length < HEADER_WINDOW; R++) {
    const r = data[R];
    if (!r || emptyRow(r)) continue;
    out.push({ row: R + 1, cells: r.map((c) => (c === undefined || c.t === 'z' || c.t === 'e' || c.v === undefined ? null : c.v)) });
  }
  return out;
}

function readXlsx(name: string, bytes: Uint8Array, fit?: (headers: string[]) => number, chooser?: HeaderChooser): XlsxTable {
  checkWorkbookZip(name, bytes);
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, raw: true, cellDates: false, cellHTML: false, cellFormula: false, cellStyles: false, sheetRows: 0 });
  } catch (err) {
    throw new InputError(`${name}: not a readable .xlsx workbook (${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 120)})`, name);
  }
  const sheets: SheetInfo[] = [];
  wb.SheetNames.forEach((sheetName, i) => {
    const ws = wb.Sheets[sheetName];
    const data = ((ws && ws['!data']) ?? []) as (XLSX.CellObject | undefined)[][];
    let headerAt = data.findIndex((r) => r !== undefined && !emptyRow(r));
    let titleRows: RawRow[] = [];
    let score = 0;
    if (chooser && headerAt >= 0) {
      const rows = firstRows(data);
      const choice = chooser(rows, sheetName);
      headerAt = rows[choice.at].row - 1;
      titleRows = rows.slice(0, choice.at);
      score = choice.score;
    }
    sheets.push({
      name: sheetName,
      hidden: Boolean(wb.Workbook?.Sheets?.[i]?.Hidden),
      data,
      headerAt,
      headers: headerAt < 0 ? [] : data[headerAt].map((c) => (c === undefined || c.v == null ? '' : String(c.v))),
      titleRows,
      score,
    });
  });
  const withData = sheets.filter((s) => s.headerAt >= 0);
  if (withData.length === 0) throw new InputError(`${name}: the workbook has no sheet with data`, name);
  const visible = withData.filter((s) => !s.hidden);
  if (visible.length === 0) {
    throw new InputError(`${name}: the only sheet${withData.length > 1 ? 's' : ''} with data (${withData.map((s) => `'${s.name}'`).join(', ')}) ${withData.length > 1 ? 'are' : 'is'} hidden; unhide the one to read or save it as its own file`, name);
  }
  // The visible sheet whose header row fits the role best; on a tie, the first.
  let chosen = visible[0];
  if ((fit || chooser) && visible.length > 1) {
    let best = -Infinity;
    for (const s of visible) {
      const score = chooser ? s.score : fit!(s.headers);
      if (score > best) [chosen, best] = [s, score];
    }
  }
  const otherSheets = sheets.filter((s) => s !== chosen).map((s) => `'${s.name}'${s.hidden ? ' (hidden)' : s.headerAt < 0 ? ' (empty)' : ''}`);
  const notes: string[] = [];
  if (otherSheets.length) {
    const hidden = sheets.filter((s) => s.hidden);
    notes.push(
      `${name}: read sheet '${chosen.name}'${hidden.length ? `; hidden sheet${hidden.length > 1 ? 's' : ''} ${hidden.map((s) => `'${s.name}'`).join(', ')} skipped` : ''}; the workbook's sheets: ${sheets.map((s) => `'${s.name}'`).join(', ')}`,
    );
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  if (date1904) notes.push(`${name}: the workbook uses the 1904 date system; its date cells were read in it`);
  const data = chosen.data;
  let cells = 0;
  for (const r of data) cells += r ? r.length : 0;
  if (cells > LIMITS.maxXlsxCells) {
    throw new InputError(`${name}: the workbook has ${cells} cells, over the limit of ${LIMITS.maxXlsxCells}`, name);
  }
  const headers = chosen.headers;
  checkHeaders(name, headers);
  const rows: unknown[][] = [];
  const rowNos: number[] = [];
  for (let R = chosen.headerAt + 1; R < data.length; R++) {
    const r = data[R];
    if (!r || emptyRow(r)) continue;
    const out = new Array<unknown>(Math.max(r.length, headers.length)).fill(null);
    for (let i = 0; i < r.length; i++) {
      const c = r[i];
      const v = c === undefined || c.t === 'z' || c.t === 'e' ? null : c.v;
      out[i] = v === undefined ? null : v;
    }
    // A sheet row stops at its last filled cell: the empty cells after it are fields all the same (the fill).
    rows.push(out);
    rowNos.push(R + 1); // the sheet's own row number
  }
  return {
    headers, headerRow: chosen.headerAt + 1, titleRows: chosen.titleRows, rows, rowNos, encoding: 'xlsx', format: 'xlsx', sheet: chosen.name, otherSheets, date1904, notes,
  };
}

function emptyRow(r: (XLSX.CellObject | undefined)[]): boolean {
  for (const c of r) {
    if (c === undefined || c.t === 'z' || c.t === 'e') continue;
    if (c.v != null && c.v !== '') return false;
  }
  return true;
}

function checkHeaders(name: string, headers: string[]): void {
  if (headers.length > LIMITS.maxColumns) {
    throw new InputError(`${name}: ${headers.length} columns, over the limit of ${LIMITS.maxColumns}`, name);
  }
  if (headers.every((h) => h.trim() === '')) throw new InputError(`${name}: the header row is empty`, name);
}
