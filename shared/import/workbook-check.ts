// What a workbook's archive must pass before SheetJS parses it (see zip-check.ts for why): a readable central
// directory, parts that inflate to what they declare with the right CRC-32, no part inflating more than a
// hundred times its stored size (a zip bomb; the ratio Apache POI refuses by default), sheets no spreadsheet
// program could have made (past 1,048,576 rows or 16,384 columns), and no more cells or shared strings than
// the stated limits. Each is refused with a reason, and the scan stops at the first.
import { readCentralDirectory, streamEntry, ZipProblem, type ZipEntry } from './zip-check';

export interface WorkbookLimits {
  maxXlsxInflatedBytes: number;
  maxXlsxCells: number;
  maxZipEntries: number;
  maxInflateRatio: number;
  /** Parts smaller than this inflated are not held to the ratio (tiny XML parts compress very well). */
  ratioFloorBytes: number;
  maxSharedStrings: number;
}

/** Excel's own grid: no spreadsheet program writes a sheet larger than this. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

export interface WorkbookScan {
  entries: ZipEntry[];
  cells: number;
  sharedStrings: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Checks the archive and scans its sheets; throws ZipProblem with a one-line reason. */
export function checkWorkbook(bytes: Uint8Array, limits: WorkbookLimits): WorkbookScan {
  const entries = readCentralDirectory(bytes, limits.maxZipEntries);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('content.xml') && names.has('mimetype')) {
      throw new ZipProblem('an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as .xlsx or CSV', false);
    }
    throw new ZipProblem(names.has('xl/workbook.bin') ? 'a binary workbook (.xlsb), not an .xlsx workbook; save it as .xlsx or CSV' : 'a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)', false);
  }
  const inflated = entries.reduce((a, e) => a + e.size, 0);
  if (inflated > limits.maxXlsxInflatedBytes) {
    throw new ZipProblem(`the workbook inflates to ${formatSize(inflated)}, over the limit of ${formatSize(limits.maxXlsxInflatedBytes)}; refused unread`, false);
  }
  for (const e of entries) {
    if (e.size > limits.ratioFloorBytes && e.size > e.compressedSize * limits.maxInflateRatio) {
      throw new ZipProblem(`part ${e.name} inflates to ${Math.round(e.size / Math.max(1, e.compressedSize))} times its stored size (over ${limits.maxInflateRatio}); refused unread as a zip bomb`, false);
    }
  }
  const scan: WorkbookScan = { entries, cells: 0, sharedStrings: 0 };
  let stringCells = 0;
  for (const e of entries) {
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) {
      const sheet = new SheetScan(e.name, () => {
        if (scan.cells + sheet.cells > limits.maxXlsxCells) {
          throw new ZipProblem(`the workbook has more cells than the limit of ${limits.maxXlsxCells}; refused unread`, false);
        }
      });
      const tags = new TagScanner((kind, buf, at, end) => sheet.tag(kind, buf, at, end));
      streamEntry(bytes, e, (piece) => tags.push(piece));
      scan.cells += sheet.cells;
      stringCells += sheet.stringCells;
      if (scan.cells > limits.maxXlsxCells) throw new ZipProblem(`the workbook has ${scan.cells} cells, over the limit of ${limits.maxXlsxCells}`, false);
    } else if (/^xl\/sharedStrings\.xml$/i.test(e.name)) {
      let count = 0;
      const tags = new TagScanner((kind) => {
        if (kind === SI && ++count > limits.maxSharedStrings) {
          throw new ZipProblem(`the workbook's shared-string table has over ${fmt(limits.maxSharedStrings)} entries, over the limit; refused unread`, false);
        }
      });
      streamEntry(bytes, e, (piece) => tags.push(piece));
      scan.sharedStrings = count;
    } else {
      streamEntry(bytes, e, () => {});
    }
  }
  // Strings no cell can show: a table padded to make the parse slow. Excel keeps a few unused ones after edits.
  if (scan.sharedStrings > 2 * stringCells + 10_000) {
    throw new ZipProblem(`the workbook's shared-string table has ${fmt(scan.sharedStrings)} entries for ${fmt(stringCells)} text cells; refused unread`, false);
  }
  return scan;
}

function formatSize(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${Math.round(n / 2 ** 20)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

const LT = 0x3c, GT = 0x3e, SLASH = 0x2f, COLON = 0x3a;
const ROW = 1, CELL = 2, SI = 3, OTHER = 0;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/**
 * The value of attribute `name` (one ASCII letter) in the start tag buf[at, end), or null. Attribute names are
 * matched whole: ` r="…"` but not ` xr="…"`.
 */
function attribute(buf: Uint8Array, at: number, end: number, name: number): [number, number] | null {
  for (let i = at + 2; i < end - 3; i++) {
    if (buf[i] === name && isSpace(buf[i - 1]) && buf[i + 1] === 0x3d) {
      const q = buf[i + 2];
      if (q !== 0x22 && q !== 0x27) continue;
      const close = buf.indexOf(q, i + 3);
      if (close < 0 || close >= end) return null;
      return [i + 3, close];
    }
  }
  return null;
}

/** Counts a sheet's rows and cells as its XML streams past, and refuses a grid no spreadsheet can have. */
class SheetScan {
  cells = 0;
  stringCells = 0;
  private rows = 0;
  private row = 0;
  private inRow = 0;
  constructor(
    private readonly part: string,
    private readonly onCells: () => void,
  ) {}

  tag(kind: number, buf: Uint8Array, at: number, end: number): void {
    if (kind === ROW) {
      this.rows++;
      const r = attribute(buf, at, end, 0x72);
      this.row = r ? digits(buf, r[0], r[1]) : this.row + 1;
      if (this.rows > EXCEL_MAX_ROWS || this.row > EXCEL_MAX_ROWS) {
        throw new ZipProblem(`${this.part} has rows past ${fmt(EXCEL_MAX_ROWS)}, more than any spreadsheet can hold; refused unread`, false);
      }
      this.inRow = 0;
    } else if (kind === CELL) {
      this.cells++;
      if ((this.cells & 0xffff) === 0) this.onCells();
      if (++this.inRow > EXCEL_MAX_COLUMNS) {
        throw new ZipProblem(`${this.part} has a row of more than ${fmt(EXCEL_MAX_COLUMNS)} cells, more than any spreadsheet can hold; refused unread`, false);
      }
      const r = attribute(buf, at, end, 0x72);
      if (r) this.checkReference(buf, r[0], r[1]);
      const t = attribute(buf, at, end, 0x74);
      if (t && t[1] - t[0] === 1 && buf[t[0]] === 0x73) this.stringCells++;
    }
  }

  /** A cell reference (`XFD1048576`): column letters up to XFD, a row up to 1,048,576. */
  private checkReference(buf: Uint8Array, from: number, to: number): void {
    let col = 0;
    let i = from;
    for (; i < to && buf[i] >= 0x41 && buf[i] <= 0x5a; i++) col = col * 26 + (buf[i] - 0x40);
    const row = digits(buf, i, to);
    if (col > EXCEL_MAX_COLUMNS || row > EXCEL_MAX_ROWS) {
      const ref = new TextDecoder().decode(buf.subarray(from, Math.min(to, from + 20)));
      throw new ZipProblem(`${this.part} has a cell at ${ref}, outside the largest spreadsheet (XFD${EXCEL_MAX_ROWS}); refused unread`, false);
    }
  }
}

/** The decimal number in buf[from, to), capped so that a thousand digits cannot overflow it. */
function digits(buf: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    v = Math.min(v * 10 + d, 1e12);
  }
  return v;
}

/**
 * Finds the start tags of rows, cells and shared strings in XML arriving in pieces, calling `onTag(kind, buf,
 * at, end)` with `at` at the `<` and `end` at the `>`. Other tags are passed over on their name alone. A tag
 * cut by a piece boundary is carried over; one longer than 64 KiB (no row or cell tag is) is skipped.
 */
class TagScanner {
  private tail: Uint8Array | null = null;
  constructor(private readonly onTag: (kind: number, buf: Uint8Array, at: number, end: number) => void) {}

  push(piece: Uint8Array): void {
    let buf = piece;
    if (this.tail) {
      buf = new Uint8Array(this.tail.length + piece.length);
      buf.set(this.tail);
      buf.set(piece, this.tail.length);
      this.tail = null;
    }
    const n = buf.length;
    for (let i = buf.indexOf(LT); i >= 0; i = buf.indexOf(LT, i + 1)) {
      // The name, a namespace prefix aside; an end tag, a declaration or a comment is no element's start.
      let j = i + 1;
      let start = j;
      for (; j < n; j++) {
        const b = buf[j];
        if (b === COLON) start = j + 1;
        else if (b === 0x20 || b === GT || b === SLASH || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x3f || b === 0x21) break;
      }
      if (j === n) {
        this.carry(buf, i);
        return;
      }
      if (j === i + 1) continue;
      const len = j - start;
      const a = buf[start];
      const kind =
        len === 1 && a === 0x63 ? CELL : len === 3 && a === 0x72 && buf[start + 1] === 0x6f && buf[start + 2] === 0x77 ? ROW : len === 2 && a === 0x73 && buf[start + 1] === 0x69 ? SI : OTHER;
      if (kind === OTHER) continue;
      const end = buf.indexOf(GT, j);
      if (end < 0) {
        this.carry(buf, i);
        return;
      }
      this.onTag(kind, buf, i, end);
      i = end;
    }
  }

  private carry(buf: Uint8Array, from: number): void {
    if (buf.length - from <= 64 * 1024) this.tail = buf.slice(from);
  }
}
