// The bad-input corpus: every hostile file is made here in code (nothing binary is committed), with what the
// import must do with it: refuse it with a one-line InputError naming the file (and the row and column where
// one applies), or import it with the bad rows quarantined and the reason given. See docs/hostile-input.md.
import zlib from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import type { FileRole, InputFile } from '../../shared/types';

export const PLATFORM_HEADER = ['Transaction ID', 'Card Number', 'Type', 'Amount', 'Balance After', 'Currency', 'Timestamp', 'Order Ref', 'Voids Txn', 'Channel', 'Operator', 'Note'];
export const ERP_HEADER = ['Journal', 'Line', 'Date', 'Period', 'Account', 'Debit', 'Credit', 'Memo', 'Reference', 'Source', 'Created By'];

/** A valid platform row: an activation of card 60064900000000NN. */
export function platformRow(n: number, over: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    'Transaction ID': `GT-${String(n).padStart(7, '0')}`, 'Card Number': `60064900000${String(n).padStart(5, '0')}`, Type: 'Activation',
    Amount: '25.00', 'Balance After': '25.00', Currency: 'USD', Timestamp: '2026-04-02T14:00:00Z', 'Order Ref': '', 'Voids Txn': '',
    Channel: 'online', Operator: 'system', Note: '',
  };
  return PLATFORM_HEADER.map((h) => over[h] ?? base[h]);
}

export function erpRow(n: number, over: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    Journal: `JE-2026-${String(n).padStart(6, '0')}`, Line: '1', Date: '04/20/2026', Period: 'Apr 2026', Account: '4000 Sales', Debit: '',
    Credit: '10.00', Memo: 'ok', Reference: '', Source: 'Manual', 'Created By': 'jdoe',
  };
  return ERP_HEADER.map((h) => over[h] ?? base[h]);
}

function quote(f: string): string {
  return /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** CSV text: rows of fields, quoted as needed, joined by `eol`. */
export function csv(rows: string[][], eol = '\r\n'): string {
  return rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[2 + i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

/** Windows-1252 for the Latin-1 range plus £ (0xA3) and é (0xE9): enough for the corpus. */
function cp1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new Error('cp1252: outside the corpus range');
    out[i] = c;
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function sheetXml(rows: string[][]): string {
  const body = rows
    .map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) => `<c r="${colName(ci)}${ri + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

function xlsxParts(sheetName: string): Record<string, Uint8Array> {
  return {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  };
}

/** A minimal .xlsx written by hand (inline strings), so sheet and header names are exactly what we say. */
export function xlsx(sheetName: string, rows: string[][]): Uint8Array {
  return zipSync({ ...xlsxParts(sheetName), 'xl/worksheets/sheet1.xml': strToU8(sheetXml(rows)) });
}

/** A zip archive written by hand: stored or raw-deflate entries with the sizes and CRCs given. */
function zipOf(entries: { name: string; data: Uint8Array[]; method: 0 | 8; crc: number; size: number }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const csize = e.data.reduce((a, d) => a + d.length, 0);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, csize, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(10, e.method, true);
    cd.setUint32(16, e.crc, true);
    cd.setUint32(20, csize, true);
    cd.setUint32(24, e.size, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, ...e.data);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + csize;
  }
  const cdSize = central.reduce((a, d) => a + d.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((a, d) => a + d.length, 0));
  let at = 0;
  for (const d of all) {
    out.set(d, at);
    at += d.length;
  }
  return out;
}

/**
 * A zip bomb: a valid workbook whose one sheet inflates to about `inflatedBytes` (default 1 GiB) of XML from
 * about a megabyte. One 4 MiB chunk is deflated once, flushed to a byte boundary with no reference back, and its
 * blocks repeated: a real deflate stream, made in milliseconds without ever holding the inflated bytes.
 */
export function xlsxBomb(inflatedBytes = 1024 * 1024 * 1024): Uint8Array {
  const row = '<row><c t="inlineStr"><is><t>A</t></is></c></row>';
  const chunk = strToU8(row.repeat(Math.floor((4 << 20) / row.length)));
  const head = strToU8('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = strToU8('</sheetData></worksheet>');
  const sync = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const data: Uint8Array[] = [zlib.deflateRawSync(head, sync)];
  const body = zlib.deflateRawSync(chunk, sync);
  let size = head.length;
  let crc = zlib.crc32(head);
  const copies = Math.ceil((inflatedBytes - head.length - tail.length) / chunk.length);
  for (let i = 0; i < copies; i++) {
    data.push(body);
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
  }
  data.push(zlib.deflateRawSync(tail));
  crc = zlib.crc32(tail, crc);
  size += tail.length;
  const parts = Object.entries(xlsxParts('Sheet1')).map(([name, d]) => ({ name, data: [d], method: 0 as const, crc: zlib.crc32(d), size: d.length }));
  return zipOf([...parts, { name: 'xl/worksheets/sheet1.xml', data, method: 8, crc: crc >>> 0, size }]);
}

export type Expect =
  | { kind: 'error'; message: RegExp; row?: number; column?: string }
  | {
      kind: 'import';
      rows: number;
      imported: number;
      quarantine: { row: number; column: string | null; reason: RegExp }[];
      encoding?: string;
    };

export interface HostileCase {
  /** The test's name (docs/hostile-input.md refers to it). */
  name: string;
  /** What happens, for the docs table. */
  outcome: string;
  file: () => InputFile;
  expect: Expect;
}

const file = (role: FileRole, name: string, bytes: Uint8Array): InputFile => ({ role, name, bytes });
const platform = (rows: string[][], eol = '\r\n') => file('platform', 'platform.csv', utf8(csv([PLATFORM_HEADER, ...rows], eol)));
const good = (n: number) => Array.from({ length: n }, (_, i) => platformRow(i + 1));

const MB = 1024 * 1024;

export const CASES: HostileCase[] = [
  { name: 'empty file', outcome: 'refused: "the file is empty"', file: () => file('platform', 'platform.csv', new Uint8Array(0)), expect: { kind: 'error', message: /^platform\.csv: the file is empty$/ } },
  { name: 'blank lines only', outcome: 'refused: "the file has no header row"', file: () => file('platform', 'platform.csv', utf8('\r\n\r\n  \r\n')), expect: { kind: 'error', message: /^platform\.csv: the file has no header row$/ } },
  { name: 'header only', outcome: 'imports 0 rows', file: () => platform([]), expect: { kind: 'import', rows: 0, imported: 0, quarantine: [] } },
  {
    name: 'missing required column',
    outcome: 'refused, naming the column and listing the columns found',
    file: () => file('platform', 'platform.csv', utf8(csv([PLATFORM_HEADER.filter((h) => h !== 'Amount'), ...good(2).map((r) => r.filter((_, i) => i !== 3))]))),
    expect: { kind: 'error', message: /^platform\.csv: missing required column 'Amount' for the platform layout; columns found: 'Transaction ID', 'Card Number', 'Type', 'Balance After'/, row: 1, column: 'Amount' },
  },
  {
    name: 'duplicate header names',
    outcome: 'refused: "the column \'Amount\' appears twice (columns 4 and 13)"',
    file: () => file('platform', 'platform.csv', utf8(csv([[...PLATFORM_HEADER, ' amount'], ...good(2).map((r) => [...r, '99.00'])]))),
    expect: { kind: 'error', message: /^platform\.csv: the column 'Amount' appears twice \(columns 4 and 13\); rename or remove one$/, row: 1, column: 'Amount' },
  },
  {
    name: 'ragged rows',
    outcome: 'a row with too few fields or with extra non-empty fields is quarantined with both counts; an extra empty trailing field is accepted',
    file: () => platform([platformRow(1), platformRow(2).slice(0, 7), [...platformRow(3), 'extra', 'more'], [...platformRow(4), ''], platformRow(5).slice(0, 1)]),
    expect: {
      kind: 'import', rows: 5, imported: 2,
      quarantine: [
        { row: 3, column: null, reason: /the row has 7 fields; the header has 12/ },
        { row: 4, column: null, reason: /the row has 14 fields; the header has 12/ },
        { row: 6, column: null, reason: /the row has 1 field; the header has 12/ },
      ],
    },
  },
  {
    name: 'quoted newlines inside a field',
    outcome: 'imported; the field keeps its line breaks; row numbers count records',
    file: () => platform([platformRow(1, { Note: 'line one\r\nline two\nline "three"' }), platformRow(2, { Amount: 'abc' })]),
    expect: { kind: 'import', rows: 2, imported: 1, quarantine: [{ row: 3, column: 'Amount', reason: /'abc' is not a number/ }] },
  },
  {
    name: 'UTF-8 with a BOM',
    outcome: 'imported; encoding utf-8; the BOM does not reach the first header',
    file: () => file('platform', 'platform.csv', utf8('\uFEFF' + csv([PLATFORM_HEADER, ...good(3)]))),
    expect: { kind: 'import', rows: 3, imported: 3, quarantine: [], encoding: 'utf-8' },
  },
  {
    name: 'UTF-16 LE with BOM',
    outcome: 'imported; encoding utf-16le',
    file: () => file('platform', 'platform.csv', utf16(csv([PLATFORM_HEADER, ...good(3).map((r, i) => (i === 0 ? platformRow(1, { Note: 'café £5' }) : r))]), false)),
    expect: { kind: 'import', rows: 3, imported: 3, quarantine: [], encoding: 'utf-16le' },
  },
  {
    name: 'UTF-16 BE with BOM',
    outcome: 'imported; encoding utf-16be',
    file: () => file('platform', 'platform.csv', utf16(csv([PLATFORM_HEADER, ...good(3).map((r, i) => (i === 0 ? platformRow(1, { Note: 'café £5' }) : r))]), true)),
    expect: { kind: 'import', rows: 3, imported: 3, quarantine: [], encoding: 'utf-16be' },
  },
  {
    name: 'Windows-1252 text',
    outcome: 'detected (not valid UTF-8); é and £ read correctly; encoding windows-1252',
    file: () => file('platform', 'platform.csv', cp1252(csv([PLATFORM_HEADER, platformRow(1, { Note: 'Remboursé £5' }), platformRow(2)]))),
    expect: { kind: 'import', rows: 2, imported: 2, quarantine: [], encoding: 'windows-1252' },
  },
  {
    name: 'binary garbage named .csv',
    outcome: 'refused: "not a text file (binary content); expected CSV"',
    file: () => {
      const b = new Uint8Array(4096);
      let x = 12345;
      for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      return file('platform', 'platform.csv', b);
    },
    expect: { kind: 'error', message: /^platform\.csv: not a text file \(binary content\); expected CSV$/ },
  },
  {
    name: 'xlsx that is not a zip',
    outcome: 'refused: "not a valid .xlsx workbook (it is not a zip archive)"',
    file: () => file('erp', 'erp.xlsx', utf8(csv([ERP_HEADER, erpRow(1)]))),
    expect: { kind: 'error', message: /^erp\.xlsx: not a valid \.xlsx workbook \(it is not a zip archive\); save it as \.xlsx or CSV$/ },
  },
  {
    name: 'truncated xlsx zip',
    outcome: 'refused: "not a readable .xlsx workbook (…)"',
    file: () => file('erp', 'erp.xlsx', xlsx('Sheet1', [ERP_HEADER, erpRow(1)]).slice(0, 200)),
    expect: { kind: 'error', message: /^erp\.xlsx: not a readable \.xlsx workbook/ },
  },
  {
    name: 'xlsx zip bomb',
    outcome: 'refused before SheetJS parses it: the central directory says the parts inflate past the stated limit',
    file: () => file('erp', 'erp.xlsx', xlsxBomb()),
    expect: { kind: 'error', message: /^erp\.xlsx: the workbook inflates to 1\.0 GiB, over the limit of 512 MiB; refused unread$/ },
  },
  {
    name: '__proto__ and constructor sheet and header names',
    outcome: 'imported as plain names; no prototype is polluted',
    file: () => file('erp', 'erp.xlsx', xlsx('__proto__', [[...ERP_HEADER, '__proto__', 'constructor', 'prototype'], [...erpRow(1), '{"polluted":1}', 'x', 'y'], [...erpRow(2), 'a', 'b', 'c']])),
    expect: { kind: 'import', rows: 2, imported: 2, quarantine: [], encoding: 'xlsx' },
  },
  {
    name: '__proto__ header in CSV',
    outcome: 'missing-column error lists the names found; no prototype is polluted',
    file: () => file('platform', 'platform.csv', utf8(csv([['__proto__', 'constructor', 'polluted'], ['1', '2', '3']]))),
    expect: { kind: 'error', message: /^platform\.csv: missing required columns 'Transaction ID', .* columns found: '__proto__', 'constructor', 'polluted'$/, row: 1, column: 'Transaction ID' },
  },
  {
    name: 'non-numeric and over-precise amounts',
    outcome: 'rows quarantined: "Amount \'abc\' is not a number", "Amount \'12.345\' has more than two decimals"',
    file: () => platform([platformRow(1, { Amount: 'abc' }), platformRow(2, { Amount: '12.345' }), platformRow(3, { Amount: '1e5' }), platformRow(4, { Amount: 'NaN' }), platformRow(5)]),
    expect: {
      kind: 'import', rows: 5, imported: 1,
      quarantine: [
        { row: 2, column: 'Amount', reason: /'abc' is not a number/ },
        { row: 3, column: 'Amount', reason: /'12\.345' has more than two decimals/ },
        { row: 4, column: 'Amount', reason: /'1e5' is not a number/ },
        { row: 5, column: 'Amount', reason: /'NaN' is not a number/ },
      ],
    },
  },
  {
    name: 'impossible dates',
    outcome: 'rows quarantined: "\'2026-02-30T…\' is not a real date and time"',
    file: () => platform([platformRow(1, { Timestamp: '2026-02-30T10:00:00Z' }), platformRow(2, { Timestamp: '2026-04-01T25:00:00Z' }), platformRow(3)]),
    expect: {
      kind: 'import', rows: 3, imported: 1,
      quarantine: [
        { row: 2, column: 'Timestamp', reason: /'2026-02-30T10:00:00Z' is not a real date and time/ },
        { row: 3, column: 'Timestamp', reason: /is not a real date and time/ },
      ],
    },
  },
  {
    name: 'impossible ERP posting date',
    outcome: 'row quarantined: "Date \'02/30/2026\' is not a real date"',
    file: () => file('erp', 'erp.csv', utf8(csv([ERP_HEADER, erpRow(1, { Date: '02/30/2026' }), erpRow(2, { Date: '2026-13-01' }), erpRow(3)]))),
    expect: {
      kind: 'import', rows: 3, imported: 1,
      quarantine: [
        { row: 2, column: 'Date', reason: /'02\/30\/2026' is not a real date/ },
        { row: 3, column: 'Date', reason: /'2026-13-01' is not a real date/ },
      ],
    },
  },
  {
    name: 'timestamp without a zone',
    outcome: 'platform rows quarantined: "Timestamp \'…\' has no time zone"',
    file: () => platform([platformRow(1, { Timestamp: '2026-04-02T14:00:00' }), platformRow(2, { Timestamp: '2026-04-02 14:00:00' }), platformRow(3)]),
    expect: {
      kind: 'import', rows: 3, imported: 1,
      quarantine: [
        { row: 2, column: 'Timestamp', reason: /'2026-04-02T14:00:00' has no time zone/ },
        { row: 3, column: 'Timestamp', reason: /has no time zone/ },
      ],
    },
  },
  {
    name: 'a currency other than the case\'s',
    outcome: 'EUR rows quarantined: "Currency EUR is not the case\'s USD"',
    file: () => platform([platformRow(1, { Currency: 'EUR' }), platformRow(2, { Currency: 'usd' }), platformRow(3, { Currency: '' })]),
    expect: { kind: 'import', rows: 3, imported: 2, quarantine: [{ row: 2, column: 'Currency', reason: /Currency EUR is not the case's USD/ }] },
  },
  {
    name: 'same natural key twice',
    outcome: 'the later row quarantined: "Transaction ID \'…\' already appears at row 2 with different content" (or "exact repeat of row 2")',
    file: () => platform([platformRow(1), platformRow(1, { Amount: '30.00' }), platformRow(1), platformRow(2)]),
    expect: {
      kind: 'import', rows: 4, imported: 2,
      quarantine: [
        { row: 3, column: 'Transaction ID', reason: /Transaction ID 'GT-0000001' already appears at row 2 with different content/ },
        { row: 4, column: 'Transaction ID', reason: /exact repeat of row 2/ },
      ],
    },
  },
  {
    name: 'CR-only line ends',
    outcome: 'imported: old Mac line ends are detected',
    file: () => platform([...good(3), platformRow(4, { Amount: 'x' })], '\r'),
    expect: { kind: 'import', rows: 4, imported: 3, quarantine: [{ row: 5, column: 'Amount', reason: /'x' is not a number/ }] },
  },
  {
    name: 'NUL bytes in a field',
    outcome: 'the row is quarantined: "<column> contains a NUL byte"; the file is still text',
    file: () => platform([platformRow(1), platformRow(2, { Note: 'bad\u0000note' }), platformRow(3, { 'Transaction ID': 'GT-\u00003' }), platformRow(4)]),
    expect: {
      kind: 'import', rows: 4, imported: 2,
      quarantine: [
        { row: 3, column: 'Note', reason: /Note contains a NUL byte/ },
        { row: 4, column: 'Transaction ID', reason: /Transaction ID contains a NUL byte/ },
      ],
    },
  },
  {
    name: 'a 1 MB field',
    outcome: 'a 1 MB Note imports; a 1 MB Timestamp is quarantined with a clipped reason; workbook cells stay under 32,767 characters',
    file: () => platform([platformRow(1, { Note: 'N'.repeat(MB) }), platformRow(2, { Timestamp: '2026-04-02T14:00:00' + '0'.repeat(MB) }), platformRow(3)]),
    expect: { kind: 'import', rows: 3, imported: 2, quarantine: [{ row: 3, column: 'Timestamp', reason: /^Timestamp '2026-04-02T14:00:00000.{0,200}' is not a timestamp$/ }] },
  },
  {
    name: '100,000 columns',
    outcome: 'refused: "100000 columns, over the limit of 1000"',
    file: () => file('platform', 'platform.csv', utf8(csv([[...PLATFORM_HEADER, ...Array.from({ length: 100_000 - PLATFORM_HEADER.length }, (_, i) => `x${i}`)], platformRow(1)]))),
    expect: { kind: 'error', message: /^platform\.csv: 100000 columns, over the limit of 1000$/ },
  },
  {
    name: 'a row of 100,000 fields',
    outcome: 'that row is quarantined (extra non-empty fields); the others import',
    file: () => platform([platformRow(1), [...platformRow(2), ...Array.from({ length: 100_000 - 12 }, () => 'x')]]),
    expect: { kind: 'import', rows: 2, imported: 1, quarantine: [{ row: 3, column: null, reason: /the row has 100000 fields; the header has 12/ }] },
  },
];
