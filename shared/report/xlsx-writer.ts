// A small SpreadsheetML (.xlsx) writer for the workpapers: text, numbers and money cells, one bold, frozen and
// filterable header row per sheet, column widths. SheetJS still reads every workbook the app is given, but does
// not write this one: it makes a cell object per value, then XML, then its own deflate, and fflate had to open
// the zip again to add the frozen panes its Community Edition cannot write. Here the XML is written straight
// from the rows and zipped once.
// Reference: ECMA-376 Part 1, §18 (SpreadsheetML). Every text cell is an inline string, never a formula.
import { strToU8, Zip, zipSync, type ZipInputFile, type Zippable } from 'fflate';
import { safeText } from './cells';

/** A cell: text, a number, money in integer cents (shown with the currency format), or empty. */
export type XCell = string | number | null | { cents: number };

export interface XSheet {
  name: string;
  headers: string[];
  /** The rows: an array, or anything with a length and `at` (made as the sheet is written, not held). */
  rows: Rows;
  /** Column widths in characters; a column without one gets its header's width. */
  widths?: number[];
  /**
   * A protected sheet: every cell locked but the data cells of the `editable` columns (shaded, so the reader sees
   * where to write). Filtering stays allowed. No password: protection guides; a fingerprint detects edits.
   */
  protection?: { editable: number[] };
  /** Columns hidden from view (0-based). */
  hiddenColumns?: number[];
  /**
   * Drop-down lists (data validation): the cells of `column` in data rows `rows` (0-based, after the header)
   * take one of the values in the cells `source` names (e.g. `Lists!$A$1:$A$9`); anything else is refused.
   */
  lists?: { column: number; rows: number[]; source: string; title?: string; prompt?: string }[];
  /** Not among the workbook's tabs: a sheet the drop-downs read their lists from. */
  hidden?: boolean;
}

/**
 * A sheet's rows. An array is one; a large sheet can give each row as it is written instead. The writer is done
 * with each row before it asks for the next, so such a sheet may fill and give the same array each time.
 */
export interface Rows {
  readonly length: number;
  at(i: number): XCell[] | undefined;
}

/** Excel's limit: rows per sheet. A longer table continues on sheets named "Name (2)", "Name (3)"… */
export const MAX_SHEET_ROWS = 1_048_576;

const MONEY_FORMAT = '#,##0.00;(#,##0.00);-';
// Style indexes into styles.xml's cellXfs: 0 plain, 1 money, 2 header.
const MONEY_STYLE = 1;
const HEADER_STYLE = 2;
/** A money cell's attributes and value tag, after its reference. */
const MONEY_OPEN = ` s="${MONEY_STYLE}"><v>`;
// A fixed date for every zip entry, so the same report gives the same bytes.
const ENTRY_TIME = new Date(Date.UTC(2000, 0, 1));

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A host's own raw deflate (RFC 1951, no header) at the workbook's level, and CRC-32: Node's zlib, given by the
 * command line. fflate's deflate, in JavaScript, is the workbook's largest cost, and native zlib does the same
 * work in much less. The browser keeps fflate.
 */
export interface NativeDeflate {
  deflateRaw(data: Uint8Array, level: number): Uint8Array<ArrayBuffer>;
  crc32(data: Uint8Array): number;
}

export interface WriteOptions {
  /** Deflate level: 1 by default: far quicker than 6 on long sheets, for somewhat more bytes. */
  level?: 0 | 1 | 6;
  /** Rows per sheet, the header included (Excel's limit unless a test sets less). */
  maxRows?: number;
  /** Deflate with this instead of fflate (the zip itself is still fflate's). */
  deflate?: NativeDeflate;
  /** What each text cell of the rows shows (the masking of card numbers); the headers are written as they are. */
  cellText?: (text: string) => string;
}

export function writeXlsx(input: XSheet[], opts: WriteOptions = {}): Uint8Array {
  const { level = 1, maxRows = MAX_SHEET_ROWS, cellText } = opts;
  const sheets = splitLongSheets(input, maxRows);
  const native = opts.deflate && level > 0 ? opts.deflate : undefined;
  // With a native deflate each sheet's XML is deflated before the next is written, so one buffer serves them all
  // (a long sheet's is tens of megabytes, taken once, not per sheet); fflate's zipSync holds every part at once.
  const sink = new Utf8Sink();
  const sheetPart = native ? (s: XSheet) => sheetXml(s, sink, cellText) : (s: XSheet) => sheetXml(s, sink, cellText).slice();
  // Each part is made when it is zipped: with a native deflate, one sheet's XML at a time is held.
  const parts: [string, () => Uint8Array][] = [
    ['[Content_Types].xml', () => strToU8(contentTypes(sheets.length))],
    ['_rels/.rels', () => strToU8(
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    )],
    ['xl/workbook.xml', () => strToU8(workbook(sheets))],
    ['xl/_rels/workbook.xml.rels', () => strToU8(workbookRels(sheets.length))],
    ['xl/styles.xml', () => strToU8(sheets.some((s) => s.protection) ? STYLES_WITH_EDITABLE : STYLES)],
    ...sheets.map((s, i): [string, () => Uint8Array] => [`xl/worksheets/sheet${i + 1}.xml`, () => sheetPart(s)]),
  ];
  if (native) return zipDeflated(parts, level, native);
  const files: Zippable = {};
  for (const [name, make] of parts) files[name] = make();
  return zipSync(files, { level, mtime: ENTRY_TIME });
}

/**
 * The same archive as zipSync's (entries in order, deflated, the fixed entry time), each entry made, compressed
 * by `native` and handed to fflate's Zip as already-deflated data, then let go.
 */
function zipDeflated(files: [string, () => Uint8Array][], level: number, native: NativeDeflate): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [filename, make] of files) {
    const data = make();
    const entry: ZipInputFile = {
      filename, size: data.length, crc: native.crc32(data), compression: 8, mtime: ENTRY_TIME, terminate: () => {},
    };
    zip.add(entry);
    entry.ondata!(null, native.deflateRaw(data, level), true);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function splitLongSheets(sheets: XSheet[], maxRows: number): XSheet[] {
  const out: XSheet[] = [];
  const perSheet = maxRows - 1; // the header row takes one
  for (const s of sheets) {
    if (s.rows.length <= perSheet) {
      out.push(s);
      continue;
    }
    for (let i = 0, part = 1; i < s.rows.length; i += perSheet, part++)
      out.push({
        ...s,
        name: part === 1 ? s.name : `${s.name} (${part})`,
        rows: slice(s.rows, i, Math.min(i + perSheet, s.rows.length)),
      });
  }
  return out;
}

/** Rows `from` to `to` (exclusive) of `rows`, without copying them. */
function slice(rows: Rows, from: number, to: number): Rows {
  return { length: to - from, at: (i) => (i >= 0 && i < to - from ? rows.at(from + i) : undefined) };
}

function contentTypes(n: number): string {
  const sheets = Array.from(
    { length: n },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${sheets}</Types>`
  );
}

function workbook(sheets: XSheet[]): string {
  const list = sheets
    .map((s, i) => `<sheet name="${attr(sheetName(s.name))}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
    .join('');
  // Excel keeps each sheet's filter range as this hidden name too.
  const filters = sheets
    .map(
      (s, i) =>
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${text(`'${sheetName(s.name).replace(/'/g, "''")}'!${absRange(s)}`)}</definedName>`,
    )
    .join('');
  return `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${list}</sheets><definedNames>${filters}</definedNames></workbook>`;
}

function workbookRels(n: number): string {
  const sheets = Array.from(
    { length: n },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${sheets}<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
}

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS}">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="${MONEY_FORMAT}"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The styles of a workbook with a protected sheet: besides, 3 is an unlocked cell on a pale fill (to write in). */
const STYLES_WITH_EDITABLE = STYLES.replace(
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>',
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF7D6"/><bgColor indexed="64"/></patternFill></fill></fills>',
).replace(
  '<cellXfs count="3">',
  '<cellXfs count="4">',
).replace(
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>',
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1" applyProtection="1"><protection locked="0"/></xf></cellXfs>',
);
const EDITABLE_STYLE = 3;

/**
 * UTF-8 bytes written piece by piece into a growing buffer: a long sheet is tens of megabytes of XML, and joining
 * it into one string before encoding it would cost as much again as building it. The rows' fragments (tags,
 * numbers, plain ASCII texts) are written as bytes, no string made for them: a long sheet's rows would otherwise
 * leave hundreds of megabytes of short-lived strings for the collector.
 */
class Utf8Sink {
  private buf = new Uint8Array(1 << 20);
  private len = 0;
  private readonly encoder = new TextEncoder();
  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }
  /** Starts again at the first byte, keeping the room taken. */
  clear(): void {
    this.len = 0;
  }
  /** Makes room for about `bytes` in all at once, rather than by doubling (each doubling copies the whole). */
  reserve(bytes: number): void {
    if (bytes > this.buf.length) this.grow(bytes);
  }
  write(text: string): void {
    // UTF-8 needs at most three bytes per UTF-16 unit.
    this.room(text.length * 3);
    this.len += this.encoder.encodeInto(text, this.buf.subarray(this.len)).written;
  }
  /** Text known to be ASCII (the writer's own tags and attributes), a byte per unit. */
  ascii(text: string): void {
    this.room(text.length);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i);
    this.len = at;
  }
  /** A safe integer's decimal digits, as `${n}` writes them. */
  integer(n: number): void {
    this.room(17);
    if (n < 0) {
      this.buf[this.len++] = 0x2d; // '-'
      n = -n;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    const buf = this.buf;
    let at = (this.len += digits);
    do {
      const q = Math.floor(n / 10);
      buf[--at] = 0x30 + (n - q * 10);
      n = q;
    } while (n > 0);
  }
  /** A number cell's value as `${v}` writes it. */
  number(v: number): void {
    if (Number.isSafeInteger(v)) this.integer(v);
    else this.ascii(String(v));
  }
  /** Integer cents as decimalOfCents writes them. */
  cents(c: number): void {
    if (!Number.isSafeInteger(c)) return this.ascii(decimalOfCents(c));
    const abs = Math.abs(c);
    const whole = Math.floor(abs / 100);
    const frac = abs - whole * 100;
    if (c < 0) this.ascii('-');
    this.integer(whole);
    if (frac === 0) return;
    this.room(3);
    const buf = this.buf;
    buf[this.len++] = 0x2e; // '.'
    buf[this.len++] = 0x30 + Math.floor(frac / 10);
    buf[this.len++] = 0x30 + (frac % 10);
  }
  /**
   * A cell's text element, byte for byte as textElement makes it. A text with nothing to escape, no white space
   * at either end and no surrogate (most cells, masked card numbers among them) is encoded as it is scanned; any
   * other goes through textElement.
   */
  textElement(value: string): void {
    const n = value.length;
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(n - 1);
    // White space at an end (as \s means it, non-ASCII spaces too) is left to textElement: printable ASCII but the
    // space at both ends, or no text at all.
    if (n <= 32_767 && (n === 0 || (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f))) {
      this.room(n * 3 + 7);
      const buf = this.buf;
      const from = this.len;
      buf[from] = 0x3c; // '<t>'
      buf[from + 1] = 0x74;
      buf[from + 2] = 0x3e;
      let at = from + 3;
      let plain = true;
      for (let i = 0; i < n; i++) {
        const u = value.charCodeAt(i);
        if (u >= 0x80) {
          // Outside ASCII: UTF-8's two or three bytes, up to the surrogates and U+FFFE/U+FFFF (escaped, or pairs).
          if (u >= 0xd800 && (u <= 0xdfff || u >= 0xfffe)) {
            plain = false;
            break;
          }
          if (u < 0x800) {
            buf[at++] = 0xc0 | (u >> 6);
          } else {
            buf[at++] = 0xe0 | (u >> 12);
            buf[at++] = 0x80 | ((u >> 6) & 0x3f);
          }
          buf[at++] = 0x80 | (u & 0x3f);
          continue;
        }
        // A control, an XML special (& < > "), an underscore that may start an _xHHHH_ escape: textElement's.
        if (u < 0x20 || u === 0x7f || u === 0x26 || u === 0x3c || u === 0x3e || u === 0x22 || (u === 0x5f && value.charCodeAt(i + 1) === 0x78)) {
          plain = false;
          break;
        }
        buf[at++] = u;
      }
      if (plain) {
        buf[at] = 0x3c; // '</t>'
        buf[at + 1] = 0x2f;
        buf[at + 2] = 0x74;
        buf[at + 3] = 0x3e;
        this.len = at + 4;
        return;
      }
    }
    this.write(textElement(value));
  }
  private room(bytes: number): void {
    if (this.len + bytes > this.buf.length) this.grow(Math.max(this.buf.length * 1.5, this.len + bytes));
  }
  private grow(capacity: number): void {
    const next = new Uint8Array(Math.ceil(capacity));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Rows written before a sheet's XML is sized from them. */
const SAMPLE_ROWS = 1000;

/** A sheet's XML, written into `out` from its start: the bytes returned are `out`'s until it is written again. */
function sheetXml(s: XSheet, out: Utf8Sink, cellText: (text: string) => string = (t) => t): Uint8Array {
  const width = Math.max(s.headers.length, 1);
  const letters = Array.from({ length: width }, (_, i) => columnName(i));
  const editable = new Set(s.protection?.editable ?? []);
  const hidden = new Set(s.hiddenColumns ?? []);
  const cols = letters
    .map((_, i) => {
      const w = s.widths?.[i] ?? Math.max(12, (s.headers[i] ?? '').length + 2);
      return `<col min="${i + 1}" max="${i + 1}" width="${w}"${editable.has(i) ? ` style="${EDITABLE_STYLE}"` : ''}${hidden.has(i) ? ' hidden="1"' : ''} customWidth="1"/>`;
    })
    .join('');
  // Each column's style attribute, if it has one (an editable column's).
  const styleOf = letters.map((_, c) => (editable.has(c) ? ` s="${EDITABLE_STYLE}"` : ''));
  // A cell's opening as written right after the previous cell (`<c` and its style), and after a gap (`<c r="B`).
  const plainOpen = styleOf.map((style) => `<c${style}`);
  const refOpen = letters.map((letter) => `<c r="${letter}`);
  const refClose = styleOf.map((style) => `"${style}`);
  out.clear();
  for (const part of [
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><dimension ref="${range(s)}"/>`,
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    `<row r="1">${s.headers.map((h, c) => `<c r="${letters[c]}1" s="${HEADER_STYLE}" t="inlineStr"><is>${textElement(h)}</is></c>`).join('')}</row>`,
  ])
    out.write(part);
  const start = out.length;
  for (let r = 0; r < s.rows.length; r++) {
    // A long sheet's XML is large: its room is taken once, from the size of its first rows, not grown by copying.
    if (r === SAMPLE_ROWS) out.reserve(start + ((out.length - start) / SAMPLE_ROWS) * s.rows.length * 1.05 + 4096);
    const row = s.rows.at(r) ?? [];
    const n = r + 2;
    out.ascii('<row r="');
    out.integer(n);
    out.ascii('">');
    // A cell's reference is optional (§18.3.1.4): without one it is the cell after the previous. Written only
    // after an empty cell, which makes a long sheet's XML much shorter, and so its deflating.
    let next = 0;
    for (let c = 0; c < row.length && c < width; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (c === next) out.ascii(plainOpen[c]);
      else {
        out.ascii(refOpen[c]);
        out.integer(n);
        out.ascii(refClose[c]);
      }
      next = c + 1;
      if (typeof v === 'string') {
        out.ascii(' t="inlineStr"><is>');
        out.textElement(cellText(v));
        out.ascii('</is></c>');
      } else if (typeof v === 'number') {
        if (Number.isFinite(v)) {
          out.ascii('><v>');
          out.number(v);
          out.ascii('</v></c>');
        } else out.ascii(` t="inlineStr"><is><t>${v}</t></is></c>`);
      } else {
        out.ascii(MONEY_OPEN);
        out.cents(v.cents);
        out.ascii('</v></c>');
      }
    }
    out.ascii('</row>');
  }
  out.write('</sheetData>');
  if (s.protection) out.write('<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" autoFilter="0" sort="0"/>');
  out.write(`<autoFilter ref="${range(s)}"/>`);
  if (s.lists?.length) out.write(listValidations(s.lists, letters));
  out.write('</worksheet>');
  return out.bytes();
}

/** The drop-down lists of a sheet: one validation per list, over the runs of consecutive rows it covers. */
function listValidations(lists: NonNullable<XSheet['lists']>, letters: string[]): string {
  const items = lists
    .filter((l) => l.rows.length)
    .map((l) => {
      const col = letters[l.column];
      const sorted = [...l.rows].sort((a, b) => a - b);
      const runs: string[] = [];
      for (let i = 0; i < sorted.length; ) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
        const a = sorted[i] + 2;
        const b = sorted[j] + 2;
        runs.push(a === b ? `${col}${a}` : `${col}${a}:${col}${b}`);
        i = j + 1;
      }
      const prompt = l.prompt ? ` showInputMessage="1" promptTitle="${attr((l.title ?? '').slice(0, 32))}" prompt="${attr(l.prompt.slice(0, 255))}"` : '';
      return (
        `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="Not one of the choices" ` +
        `error="Choose a value from the list."${prompt} sqref="${runs.join(' ')}"><formula1>${text(l.source)}</formula1></dataValidation>`
      );
    });
  return items.length ? `<dataValidations count="${items.length}">${items.join('')}</dataValidations>` : '';
}

/** Integer cents as an exact decimal (12345 → "123.45"), without passing through a float. */
function decimalOfCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs - whole * 100;
  return frac === 0 ? `${sign}${whole}` : `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

function range(s: XSheet): string {
  return `A1:${columnName(Math.max(s.headers.length, 1) - 1)}${s.rows.length + 1}`;
}

function absRange(s: XSheet): string {
  return `$A$1:$${columnName(Math.max(s.headers.length, 1) - 1)}$${s.rows.length + 1}`;
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnName(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
}

/** A cell's text element: within Excel's 32,767 characters a cell (safeText), spaces kept at either end. */
function textElement(value: string): string {
  const v = safeText(value);
  const t = text(v);
  return spaceAtAnEnd(v) ? `<t xml:space="preserve">${t}</t>` : `<t>${t}</t>`;
}

/** Whether a text starts or ends with white space (as \s means it), which a reader keeps only when told to. */
function spaceAtAnEnd(v: string): boolean {
  if (v.length === 0) return false;
  // Printable ASCII but the space is never white space: most texts are decided without the expression.
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return false;
  return /^\s|\s$/.test(v);
}

// Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/U+FFFF) are written as OOXML's _xHHHH_
// escape, and a literal "_xHHHH_" in the text has its underscore escaped, so every reader gets the text back.
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]|_x[0-9a-fA-F]{4}_/;
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /[&<>"]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|_(?=x[0-9a-fA-F]{4}_)/g;

function text(v: string): string {
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(ESCAPES, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    }
  });
}

function attr(v: string): string {
  return text(v).replace(/'/g, '&apos;');
}
