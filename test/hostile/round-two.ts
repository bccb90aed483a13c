// The corpus's second round (issue #17): inputs built as an adversary would, each with what the import must do.
// The shapes are those of test/hostile/corpus.ts (refused in one line, or imported with quarantine), plus the
// notes the report must carry and a check of the values read, since a silent wrong value is the failure here.
import { strToU8 } from 'fflate';
import type { ImportResult } from '../../shared/import/import-files';
import type { FileRole, InputFile } from '../../shared/types';
import { ERP_HEADER, PLATFORM_HEADER, csv, erpRow, platformRow, xlsxBomb } from './corpus';
import { book, bookParts, partData, patch, sheetXml, zipParts, type Cell } from './workbook';

export const STOREFRONT_HEADER = ['Order', 'Transaction ID', 'Created At', 'Event', 'Card Last Four', 'Amount', 'Currency', 'Status', 'Location'];
export const PAYMENTS_HEADER = ['id', 'Type', 'Created (UTC)', 'Amount', 'Fee', 'Net', 'Currency', 'Description', 'Order ID', 'Status'];
export const OPENING_HEADER = ['Card Number', 'Instrument', 'Balance', 'As Of'];

export function storefrontRow(n: number, over: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    Order: `#${1000 + n}`, 'Transaction ID': String(5550000 + n), 'Created At': '2026-04-02 09:00:00 -0500', Event: 'gift_card_sold',
    'Card Last Four': String(1000 + n).slice(-4), Amount: '50.00', Currency: 'USD', Status: 'success', Location: 'online',
  };
  return STOREFRONT_HEADER.map((h) => over[h] ?? base[h]);
}

export function paymentsRow(n: number, over: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    id: `txn_${n}`, Type: 'charge', 'Created (UTC)': '2026-04-02 14:00:00', Amount: '50.00', Fee: '1.00', Net: '49.00', Currency: 'usd',
    Description: `Gift card purchase #${1000 + n}`, 'Order ID': `#${1000 + n}`, Status: 'available',
  };
  return PAYMENTS_HEADER.map((h) => over[h] ?? base[h]);
}

export type Expect2 =
  | { kind: 'error'; message: RegExp; row?: number; column?: string }
  | {
      kind: 'import';
      rows: number;
      imported: number;
      quarantine: { row: number; column: string | null; reason: RegExp }[];
      encoding?: string;
      /** Each must match one of the file's notes; without it, the file must have none. */
      notes?: RegExp[];
      /** The values read, checked against what the file says. */
      check?: (r: ImportResult) => void;
    };

export interface Case2 {
  /** The heading the case belongs to (docs/hostile-input.md groups them so). */
  group: 'rows lost' | 'silent wrong values' | 'whole file quarantined' | 'hangs and blow-ups' | 'internal errors' | 'row numbers';
  name: string;
  outcome: string;
  file: () => InputFile;
  expect: Expect2;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const file = (role: FileRole, name: string, bytes: Uint8Array): InputFile => ({ role, name, bytes });
const platform = (text: string) => file('platform', 'platform.csv', utf8(text));
const lines = (rows: string[][], eol = '\r\n') => rows.map((r) => r.join(',')).join(eol) + eol;
const good = (from: number, n: number) => Array.from({ length: n }, (_, i) => platformRow(from + i));

/** The Excel serial (1900 date system) of a date. */
export function serialOf(date: string): number {
  return (Date.parse(`${date}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function expectEqual(a: unknown, b: unknown, what: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: ${JSON.stringify(a)} where ${JSON.stringify(b)} was expected`);
}

const erpXlsxRows = (n: number, over: (i: number) => Partial<Record<string, Cell>> = () => ({})): Cell[][] => [
  ERP_HEADER,
  ...Array.from({ length: n }, (_, i) => {
    const row: Cell[] = erpRow(i + 1, { Account: '2410 Gift Card Liability' });
    const o = over(i);
    for (const [k, v] of Object.entries(o)) row[ERP_HEADER.indexOf(k)] = v ?? null;
    return row;
  }),
];

/** A UTF-8 text with one line in Windows-1252 (é as the single byte 0xE9). */
function mixedBytes(): Uint8Array {
  const head = utf8(csv([PLATFORM_HEADER, platformRow(1, { Note: 'café' }), platformRow(2)]));
  const bad = utf8(csv([platformRow(3, { Note: 'caf#' })]));
  bad[bad.indexOf(0x23)] = 0xe9;
  const tail = utf8(csv([platformRow(4, { Note: 'crème' })]));
  return new Uint8Array([...head, ...bad, ...tail]);
}

function utf32(text: string, bigEndian: boolean, bom = true): Uint8Array {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const out = new Uint8Array((cps.length + (bom ? 1 : 0)) * 4);
  const view = new DataView(out.buffer);
  (bom ? [0xfeff, ...cps] : cps).forEach((cp, i) => view.setUint32(i * 4, cp, !bigEndian));
  return out;
}

export const CASES_2: Case2[] = [
  // ── Rows lost before counting ──────────────────────────────────────────────────────────────────
  {
    group: 'rows lost',
    name: 'a quote that opens and never closes',
    outcome: 'the line where the quote opened is quarantined ("a quote opened in column Note never closes …") and every row after it is read; a note counts the repaired lines. Was: the rest of the file became one Note of one row',
    file: () => platform(csv([PLATFORM_HEADER, ...good(1, 3)]) + lines([platformRow(4, { Note: '"Customer called, ref 12' })]) + csv(good(5, 236))),
    expect: {
      kind: 'import', rows: 240, imported: 239,
      quarantine: [{ row: 5, column: 'Note', reason: /^a quote opened in column Note never closes/ }],
      notes: [/1 line\(s\) with broken quotes or fields were quarantined \(first at row 5\)/],
      check: (r) => expectEqual(r.events.at(-1)?.key, 'GT-0000240', 'the last row'),
    },
  },
  {
    group: 'rows lost',
    name: 'a stray quote that pairs with a later quoted field',
    outcome: 'the same: the damaged line is quarantined and the rows between it and the later quote are read one by one. Was: the rows in between became one field',
    file: () => platform(csv([PLATFORM_HEADER, ...good(1, 2)]) + lines([platformRow(3, { Note: '"Customer called' })]) + csv([...good(4, 5), platformRow(9, { Note: 'refund, see ticket' }), platformRow(10)])),
    expect: {
      kind: 'import', rows: 10, imported: 9,
      quarantine: [{ row: 4, column: 'Note', reason: /a quote opened in column Note never closes/ }],
      notes: [/broken quotes/],
      check: (r) => expectEqual(r.events.find((e) => e.key === 'GT-0000009')?.memo, 'refund, see ticket', 'the later quoted Note'),
    },
  },
  {
    group: 'rows lost',
    name: 'a quoted field with an undoubled quote inside',
    outcome: 'that row is quarantined: "a quoted field in column Note is malformed (a quote inside it is not doubled)"',
    file: () => platform(csv([PLATFORM_HEADER, platformRow(1)]) + lines([platformRow(2, { Note: '"said "hi" twice"' })]) + csv([platformRow(3)])),
    expect: {
      kind: 'import', rows: 3, imported: 2,
      quarantine: [{ row: 3, column: 'Note', reason: /^a quoted field in column Note is malformed/ }],
      notes: [/broken quotes/],
    },
  },
  {
    group: 'rows lost',
    name: 'a bare CR joining two rows of a CRLF file',
    outcome: 'read as two rows (a spreadsheet shows two), with a note naming the row and the stray line end. Was: one row of 23 fields quarantined, holding two records',
    file: () => platform([PLATFORM_HEADER, ...good(1, 4)].map((r) => r.join(',')).join('\r\n').replace('\r\nGT-0000003', '\rGT-0000003') + '\r\n'),
    expect: {
      kind: 'import', rows: 4, imported: 4, quarantine: [],
      notes: [/1 row\(s\) ran into the next at a stray line end \(CR\) in a file whose lines end in CRLF \(first at row 3\)/],
    },
  },
  {
    group: 'rows lost',
    name: 'a bare LF joining two rows of a CRLF file, one of them short',
    outcome: 'the fitting line is read as a row, the short one quarantined with its field count',
    file: () => platform([PLATFORM_HEADER, platformRow(1), [...platformRow(2).slice(0, 5)], platformRow(3)].map((r) => r.join(',')).join('\r\n').replace('\r\nGT-0000003', '\nGT-0000003') + '\r\n'),
    expect: {
      kind: 'import', rows: 3, imported: 2,
      quarantine: [{ row: 3, column: null, reason: /runs across a line end with 16 fields \(the header has 12\); read line by line, this line has 5/ }],
      notes: [/broken quotes or fields were quarantined/],
    },
  },
  {
    group: 'rows lost',
    name: 'an xlsx whose first sheet is hidden',
    outcome: 'the visible sheet is read; a note names it and the hidden sheet skipped. Was: the hidden sheet (stale lines) was read',
    file: () => file('erp', 'erp.xlsx', book([
      { name: 'Old GL', state: 'hidden', rows: erpXlsxRows(2, () => ({ Credit: '999.00' })) },
      { name: 'GL', rows: erpXlsxRows(3) },
    ])),
    expect: {
      kind: 'import', rows: 3, imported: 3, quarantine: [], encoding: 'xlsx',
      notes: [/^erp\.xlsx: read sheet 'GL'; hidden sheet 'Old GL' skipped; the workbook's sheets: 'Old GL', 'GL'$/],
      check: (r) => expectEqual(r.events.map((e) => e.amount), [1000, 1000, 1000], 'the visible sheet\'s credits'),
    },
  },
  {
    group: 'rows lost',
    name: 'an xlsx whose first sheet is veryHidden',
    outcome: 'the same for state="veryHidden"',
    file: () => file('erp', 'erp.xlsx', book([
      { name: 'Stale', state: 'veryHidden', rows: erpXlsxRows(5) },
      { name: 'Sheet2', rows: erpXlsxRows(2) },
    ])),
    expect: { kind: 'import', rows: 2, imported: 2, quarantine: [], notes: [/read sheet 'Sheet2'; hidden sheet 'Stale' skipped/] },
  },
  {
    group: 'rows lost',
    name: 'an xlsx whose only sheet with data is hidden',
    outcome: 'refused: "the only sheet with data (\'GL\') is hidden; unhide the one to read or save it as its own file"',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'GL', state: 'hidden', rows: erpXlsxRows(2) }, { name: 'Blank', rows: [] }])),
    expect: { kind: 'error', message: /^erp\.xlsx: the only sheet with data \('GL'\) is hidden; unhide the one to read or save it as its own file$/ },
  },

  // ── Silent wrong values ────────────────────────────────────────────────────────────────────────
  {
    group: 'silent wrong values',
    name: 'an xlsx in the 1904 date system',
    outcome: 'dates read in the workbook\'s own system (serial + 1,462 days), with a note. Was: every ERP date four years early',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'GL', rows: erpXlsxRows(2, () => ({ Date: serialOf('2026-04-02') - 1462 })) }], { date1904: true })),
    expect: {
      kind: 'import', rows: 2, imported: 2, quarantine: [],
      notes: [/the workbook uses the 1904 date system/],
      check: (r) => expectEqual(r.events.map((e) => e.bdate), ['2026-04-02', '2026-04-02'], 'the posting dates'),
    },
  },
  {
    group: 'silent wrong values',
    name: 'a stored xlsx part with a wrong CRC-32',
    outcome: 'refused: "not a readable .xlsx workbook (the zip archive is damaged (part xl/worksheets/sheet1.xml fails its CRC-32 check))". Was: read, one digit changed (+1,000.00)',
    file: () => file('erp', 'erp.xlsx', patch(book([{ name: 'GL', rows: erpXlsxRows(2, (i) => ({ Credit: i === 1 ? 1000 : 10 })) }], { store: true }), '<v>1000</v>', '<v>2000</v>')),
    expect: { kind: 'error', message: /^erp\.xlsx: not a readable \.xlsx workbook \(the zip archive is damaged \(part xl\/worksheets\/sheet1\.xml fails its CRC-32 check\)\)$/ },
  },
  {
    group: 'silent wrong values',
    name: 'numeric card numbers in an xlsx',
    outcome: 'rows quarantined: "Card Number 6006500000000000 is a number cell: a card number stored as a number loses its digits past the 15th". Was: a 19-digit card collapsed to a float and was read',
    file: () => file('platform', 'platform.xlsx', book([{ name: 'Sheet1', rows: [PLATFORM_HEADER, platformRow(1), ((r) => ((r[1] as Cell) = 6.0065e15, r))(platformRow(2) as Cell[]), ((r) => ((r[1] as Cell) = Number('6006490000000000123'), r))(platformRow(3) as Cell[])] }])),
    expect: {
      kind: 'import', rows: 3, imported: 1,
      quarantine: [
        { row: 3, column: 'Card Number', reason: /^Card Number 6006500000000000 is a number cell: a card number stored as a number loses its digits past the 15th; format the column as text$/ },
        { row: 4, column: 'Card Number', reason: /is a number cell/ },
      ],
    },
  },
  {
    group: 'silent wrong values',
    name: 'card numbers in scientific notation and number cells in opening balances',
    outcome: 'quarantined as in the platform file: "Card Number \'6.0065E+15\' is in scientific notation …". Was: accepted as a card in opening balances',
    file: () => file('opening', 'opening_balances.xlsx', book([{ name: 'Sheet1', rows: [OPENING_HEADER, ['6006490000000001', 'gift_card', 10, '2026-03-31'], ['6.0065E+15', 'gift_card', 5, '2026-03-31'], [6006490000000002, 'gift_card', 5, '2026-03-31']] }])),
    expect: {
      kind: 'import', rows: 3, imported: 1,
      quarantine: [
        { row: 3, column: 'Card Number', reason: /'6\.0065E\+15' is in scientific notation: it went through a spreadsheet as a number and lost its digits/ },
        { row: 4, column: 'Card Number', reason: /^Card Number 6006490000000002 is a number cell/ },
      ],
    },
  },
  {
    group: 'silent wrong values',
    name: 'a card listed twice in opening balances',
    outcome: 'the later row quarantined, naming the earlier: "Card Number \'…\' already has an opening balance at row 2 (10.00); a card has one: not summed". Was: the two were summed',
    file: () => file('opening', 'opening_balances.csv', utf8(csv([OPENING_HEADER, ['6006490000000001', 'gift_card', '10.00', '2026-03-31'], ['6006490000000002', 'gift_card', '7.00', '2026-03-31'], ['6006490000000001', 'gift_card', '5.00', '2026-03-31']]))),
    expect: {
      kind: 'import', rows: 3, imported: 2,
      quarantine: [{ row: 4, column: 'Card Number', reason: /^Card Number '6006490000000001' already has an opening balance at row 2 \(10\.00\); a card has one: not summed$/ }],
      check: (r) => expectEqual(r.opening.map((o) => o.cents), [1000, 700], 'the opening balances'),
    },
  },
  {
    group: 'silent wrong values',
    name: 'a storefront last four written as a number',
    outcome: '`479` is read as 0479 and `5756.0` as 5756 (never `56.0`), a workbook\'s number 479 as 0479, with a note',
    file: () => file('storefront', 'storefront.csv', utf8(csv([STOREFRONT_HEADER, storefrontRow(1, { 'Card Last Four': '479' }), storefrontRow(2, { 'Card Last Four': '5756.0' }), storefrontRow(3, { 'Card Last Four': '0042' })]))),
    expect: {
      kind: 'import', rows: 3, imported: 3, quarantine: [],
      notes: [/^storefront\.csv: Card Last Four held values written as numbers: 2 rows \(first at row 2: '479' read as 0479\); each was read as its digits, left-padded to four$/],
      check: (r) => expectEqual(r.events.map((e) => e.last4), ['0479', '5756', '0042'], 'the last fours'),
    },
  },
  {
    group: 'silent wrong values',
    name: 'a storefront last four as a number cell in an xlsx',
    outcome: 'the number 479 is read as 0479, with the note',
    file: () => file('storefront', 'storefront.xlsx', book([{ name: 'Sheet1', rows: [STOREFRONT_HEADER, ((r) => ((r[4] as Cell) = 479, r))(storefrontRow(1) as Cell[])] }])),
    expect: { kind: 'import', rows: 1, imported: 1, quarantine: [], notes: [/'479' read as 0479/], check: (r) => expectEqual(r.events[0].last4, '0479', 'the last four') },
  },
  {
    group: 'silent wrong values',
    name: 'the opening file\'s As Of checked against the period start',
    outcome: 'As Of the day before the period (or its first day) is accepted; another date is quarantined ("As Of 2026-02-28 is not the period\'s opening (2026-03-31, the day before 2026-04-01)"), and so is `not a date`. Was: never read',
    file: () => file('opening', 'opening_balances.csv', utf8(csv([OPENING_HEADER, ['6006490000000001', 'gift_card', '10.00', '2026-03-31'], ['6006490000000002', 'gift_card', '10.00', '2026-04-01'], ['6006490000000003', 'gift_card', '10.00', '2026-02-28'], ['6006490000000004', 'gift_card', '10.00', 'not a date'], ['6006490000000005', 'gift_card', '10.00', '03/31/2026']]))),
    expect: {
      kind: 'import', rows: 5, imported: 3,
      quarantine: [
        { row: 4, column: 'As Of', reason: /^As Of 2026-02-28 is not the period's opening \(2026-03-31, the day before 2026-04-01\): the balance is from another date$/ },
        { row: 5, column: 'As Of', reason: /^As Of 'not a date' is not a date$/ },
      ],
    },
  },
  {
    group: 'silent wrong values',
    name: 'a negative opening balance',
    outcome: 'imported as given, with a note naming the card and the row',
    file: () => file('opening', 'opening_balances.csv', utf8(csv([OPENING_HEADER, ['6006490000000001', 'gift_card', '-12.00', '2026-03-31'], ['6006490000000002', 'gift_card', '(3.00)', '2026-03-31'], ['6006490000000003', 'gift_card', '3.00', '2026-03-31']]))),
    expect: {
      kind: 'import', rows: 3, imported: 3, quarantine: [],
      notes: [/^opening_balances\.csv: negative opening balances: 2 rows \(first at row 2: card 6006490000000001, -12\.00\); imported as given/],
    },
  },
  {
    group: 'silent wrong values',
    name: 'Windows-1252 amounts with a euro sign',
    outcome: '`€8,251.46` (0x80) is read as 8,251.46 by the project\'s own Windows-1252 decoder, the same in Node and in Chromium. Was: Node\'s decoder gave a C1 control and every amount was quarantined in the command line',
    file: () => {
      const b = utf8(csv([ERP_HEADER, erpRow(1, { Credit: '#8,251.46', Memo: 'Gift card #' }), erpRow(2)]));
      for (let i = b.indexOf(0x23); i >= 0; i = b.indexOf(0x23)) b[i] = 0x80; // € in Windows-1252
      return file('erp', 'erp.csv', b);
    },
    expect: {
      kind: 'import', rows: 2, imported: 2, quarantine: [], encoding: 'windows-1252',
      check: (r) => {
        expectEqual(r.events[0].amount, 825146, 'the euro amount');
        expectEqual(r.events[0].memo?.endsWith('€'), true, 'the memo\'s euro sign');
      },
    },
  },
  {
    group: 'silent wrong values',
    name: 'UTF-32 LE with a BOM',
    outcome: 'read as UTF-32 (encoding utf-32le), é intact. Was: taken for UTF-16 LE',
    file: () => file('platform', 'platform.csv', utf32(csv([PLATFORM_HEADER, platformRow(1, { Note: 'café 🎁' }), platformRow(2)]), false)),
    expect: { kind: 'import', rows: 2, imported: 2, quarantine: [], encoding: 'utf-32le', check: (r) => expectEqual(r.events[0].memo, 'café 🎁', 'the note') },
  },
  {
    group: 'silent wrong values',
    name: 'UTF-32 BE without a BOM',
    outcome: 'detected from its zero bytes (encoding utf-32be)',
    file: () => file('platform', 'platform.csv', utf32(csv([PLATFORM_HEADER, platformRow(1, { Note: 'Zoë' })]), true, false)),
    expect: { kind: 'import', rows: 1, imported: 1, quarantine: [], encoding: 'utf-32be', check: (r) => expectEqual(r.events[0].memo, 'Zoë', 'the note') },
  },
  {
    group: 'silent wrong values',
    name: 'a file mixing UTF-8 and Windows-1252',
    outcome: 'read as UTF-8: the row holding bytes that are not UTF-8 is quarantined, the others keep their accents, and a note says so. Was: the whole file re-decoded as Windows-1252 (café became cafÃ©)',
    file: () => file('platform', 'platform.csv', mixedBytes()),
    expect: {
      kind: 'import', rows: 4, imported: 3, encoding: 'utf-8',
      quarantine: [{ row: 4, column: null, reason: /^the row holds bytes that are not UTF-8, in a file that is UTF-8 elsewhere \(mixed encodings\)$/ }],
      notes: [/platform\.csv is UTF-8 but holds bytes that are not \(from byte \d+\): mixed encodings/],
      check: (r) => expectEqual(r.events.map((e) => e.memo), ['café', null, 'crème'], 'the notes'),
    },
  },

  // ── Whole file quarantined, exit 0, no hint ────────────────────────────────────────────────────
  {
    group: 'whole file quarantined',
    name: 'a semicolon-delimited CSV with decimal commas (European Excel)',
    outcome: 'the delimiter and the decimal comma are found and read (`1.025,50` = 1025.50), with a note saying so. Was: every row quarantined, exit 0',
    file: () => platform([PLATFORM_HEADER, ...good(1, 3).map((r) => [...r.slice(0, 3), '1.025,50', '1.025,50', ...r.slice(5)]), platformRow(4, { Amount: '7,5', 'Balance After': '7,50' })].map((r) => r.join(';')).join('\r\n') + '\r\n'),
    expect: {
      kind: 'import', rows: 4, imported: 4, quarantine: [],
      notes: [/^platform\.csv: amounts are written with a decimal comma \(row 2: '1\.025,50'\); read as such, with dots grouping thousands \(1\.234,56 = 1234\.56\)$/],
      check: (r) => expectEqual(r.events.map((e) => e.amount), [102550, 102550, 102550, 750], 'the amounts'),
    },
  },
  {
    group: 'whole file quarantined',
    name: 'a decimal point in a file of decimal commas',
    outcome: 'that amount is quarantined ("… is not an amount with a decimal comma, as the file\'s other amounts are"), never read as 1.25 or 1250',
    file: () => platform([PLATFORM_HEADER, platformRow(1, { Amount: '25,00', 'Balance After': '25,00' }), platformRow(2, { Amount: '12.5', 'Balance After': '' }), platformRow(3, { Amount: '1.250', 'Balance After': '' })].map((r) => r.join(';')).join('\n') + '\n'),
    expect: {
      kind: 'import', rows: 3, imported: 2,
      quarantine: [{ row: 3, column: 'Amount', reason: /^Amount '12\.5' is not an amount with a decimal comma, as the file's other amounts are$/ }],
      notes: [/^platform\.csv: amounts mix decimal commas \(row 2: '25,00'\) and decimal points \(row 3: '12\.5'\); read with a decimal comma, as most are, so the others are quarantined$/],
      check: (r) => expectEqual(r.events.map((e) => e.amount), [2500, 125000], 'the amounts'),
    },
  },
  {
    group: 'whole file quarantined',
    name: 'amounts mixing decimal commas and points',
    outcome: 'read with a decimal point; the comma ones quarantined; a note names both',
    file: () => platform([PLATFORM_HEADER, platformRow(1, { Amount: '25,50', 'Balance After': '' }), platformRow(2, { Amount: '25.50', 'Balance After': '' })].map((r) => r.join(';')).join('\n') + '\n'),
    expect: {
      kind: 'import', rows: 2, imported: 1,
      quarantine: [{ row: 2, column: 'Amount', reason: /'25,50' is not a number/ }],
      notes: [/amounts mix decimal commas \(row 2: '25,50'\) and decimal points \(row 3: '25\.50'\)/],
    },
  },
  {
    group: 'whole file quarantined',
    name: 'Excel date serials in a platform Timestamp column',
    outcome: 'each row quarantined with what was found and how to fix it ("Timestamp is an Excel date serial (46114.5 = 2026-04-02 12:00:00) with no time zone; save the column as text with its offset …"), and a note that every row was',
    file: () => file('platform', 'platform.xlsx', book([{ name: 'Sheet1', rows: [PLATFORM_HEADER, ...[1, 2].map((n) => ((r) => ((r[6] as Cell) = serialOf('2026-04-02') + 0.5, r))(platformRow(n) as Cell[]))] }])),
    expect: {
      kind: 'import', rows: 2, imported: 0,
      quarantine: [
        { row: 2, column: 'Timestamp', reason: /^Timestamp is an Excel date serial \(46114\.5 = 2026-04-02 12:00:00\) with no time zone; save the column as text with its offset/ },
        { row: 3, column: 'Timestamp', reason: /Excel date serial/ },
      ],
      notes: [/^platform\.xlsx: every one of its 2 rows was quarantined; 2 for the same reason \(first at row 2: Timestamp is an Excel date serial/],
    },
  },
  {
    group: 'whole file quarantined',
    name: 'Excel date serials in the processor\'s Created (UTC) column, 1904 system',
    outcome: 'read as UTC in the workbook\'s date system, as the column states, with a note',
    file: () => file('payments', 'payments.xlsx', book([{ name: 'Sheet1', rows: [PAYMENTS_HEADER, ((r) => ((r[2] as Cell) = serialOf('2026-04-02') - 1462 + 0.25, r))(paymentsRow(1) as Cell[])] }], { date1904: true })),
    expect: {
      kind: 'import', rows: 1, imported: 1, quarantine: [],
      notes: [/1904 date system/, /^payments\.xlsx: Created \(UTC\) held Excel date serials: 1 row \(first at row 2: 44652\.25 = 2026-04-02 06:00:00\); read in the workbook's date system as UTC/],
      check: (r) => expectEqual(new Date(r.events[0].at).toISOString(), '2026-04-02T06:00:00.000Z', 'the instant'),
    },
  },

  // ── Hangs and blow-ups ─────────────────────────────────────────────────────────────────────────
  {
    group: 'hangs and blow-ups',
    name: 'a sheet that inflates hundreds of times its stored size',
    outcome: 'refused from the central directory before anything is inflated: "part xl/worksheets/sheet1.xml inflates to N times its stored size (over 100); refused unread as a zip bomb". Was: 505 MiB of one-cell rows, still parsing after 300 s',
    file: () => file('erp', 'erp.xlsx', bomb(505 * 1024 * 1024)),
    expect: { kind: 'error', message: /^erp\.xlsx: part xl\/worksheets\/sheet1\.xml inflates to \d+ times its stored size \(over 100\); refused unread as a zip bomb$/ },
  },
  {
    group: 'hangs and blow-ups',
    name: 'a row numbered past 1,048,576',
    outcome: 'refused while the sheet streams past: "xl/worksheets/sheet1.xml has rows past 1,048,576, more than any spreadsheet can hold; refused unread"',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'GL', rows: erpXlsxRows(2), rowNos: [1, 2, 1_048_577] }])),
    expect: { kind: 'error', message: /^erp\.xlsx: xl\/worksheets\/sheet1\.xml has rows past 1,048,576, more than any spreadsheet can hold; refused unread$/ },
  },
  {
    group: 'hangs and blow-ups',
    name: 'a cell past column XFD',
    outcome: 'refused: "… has a cell at XFE1, outside the largest spreadsheet (XFD1048576)"',
    file: () => file('erp', 'erp.xlsx', zipParts(bookParts([{ name: 'GL', xml: sheetXml(erpXlsxRows(1)).replace('<c r="A1"', '<c r="XFE1"') }]))),
    expect: { kind: 'error', message: /^erp\.xlsx: xl\/worksheets\/sheet1\.xml has a cell at XFE1, outside the largest spreadsheet \(XFD1048576\); refused unread$/ },
  },
  {
    group: 'hangs and blow-ups',
    name: 'a row of more than 16,384 cells',
    outcome: 'refused: "… has a row of more than 16,384 cells, more than any spreadsheet can hold"',
    file: () => file('erp', 'erp.xlsx', zipParts(bookParts([{ name: 'GL', xml: sheetXml(erpXlsxRows(1)).replace('</row>', '<c><v>1</v></c>'.repeat(16_400) + '</row>') }]))),
    expect: { kind: 'error', message: /^erp\.xlsx: xl\/worksheets\/sheet1\.xml has a row of more than 16,384 cells, more than any spreadsheet can hold; refused unread$/ },
  },
  {
    group: 'hangs and blow-ups',
    name: 'a shared-string table far larger than its text cells',
    outcome: 'refused before SheetJS parses it: "the workbook\'s shared-string table has 20,003 entries for 3 text cells; refused unread". Was: millions of unique strings took 17-23 s and 2.5-3.5 GB',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'GL', rows: [['Journal', 'Line', 'Date'], [1, 1, 46114]] }], { sharedStrings: true, padStrings: 20_000 })),
    expect: { kind: 'error', message: /^erp\.xlsx: the workbook's shared-string table has 20,003 entries for 3 text cells; refused unread$/ },
  },

  // ── Internal errors shown to the user ──────────────────────────────────────────────────────────
  {
    group: 'internal errors',
    name: 'random bytes after a zip signature, named .xlsx',
    outcome: 'refused: "not a readable .xlsx workbook (the zip archive is damaged or truncated)". Was: "Cannot read properties of undefined (reading \'toLowerCase\')"',
    file: () => {
      const b = new Uint8Array(8192);
      let x = 7;
      for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      b.set([0x50, 0x4b, 0x03, 0x04]);
      return file('erp', 'erp.xlsx', b);
    },
    expect: { kind: 'error', message: /^erp\.xlsx: not a readable \.xlsx workbook \(the zip archive is damaged or truncated\)$/ },
  },
  {
    group: 'internal errors',
    name: 'an OpenDocument spreadsheet',
    outcome: 'refused: "an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as .xlsx or CSV". Was: "Cannot find file styles.xml"',
    file: () => file('erp', 'erp.ods', zipParts({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<office:document-content/>'), 'META-INF/manifest.xml': strToU8('<manifest/>') }, true)),
    expect: { kind: 'error', message: /^erp\.ods: an OpenDocument spreadsheet \(\.ods\), not an \.xlsx workbook; save it as \.xlsx or CSV$/ },
  },
  {
    group: 'internal errors',
    name: 'a damaged deflate stream inside an xlsx',
    outcome: 'refused: "not a readable .xlsx workbook (the zip archive is damaged (part … does not inflate))" or its CRC-32 check. Was: "the workbook has no sheet with data"',
    file: () => {
      const b = book([{ name: 'GL', rows: erpXlsxRows(40) }]);
      const sheet = partData(b, 'xl/worksheets/sheet1.xml');
      if (sheet.size < 60) throw new Error('the sheet compressed to too few bytes to damage');
      for (let i = 8; i < 48; i++) b[sheet.start + i] ^= 0x5a; // inside the sheet's deflate stream only
      return file('erp', 'erp.xlsx', b);
    },
    expect: { kind: 'error', message: /^erp\.xlsx: not a readable \.xlsx workbook \(the zip archive is damaged/ },
  },
  {
    group: 'internal errors',
    name: 'a Summary sheet before the GL',
    outcome: 'the sheet whose headers fit the role is read, and a note names it and the others. Was: the Summary sheet was read and refused for missing columns, naming no sheet',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'Summary', rows: [['Account', 'Total'], ['2410', 1234.5]] }, { name: 'GL', rows: erpXlsxRows(2) }])),
    expect: { kind: 'import', rows: 2, imported: 2, quarantine: [], notes: [/^erp\.xlsx: read sheet 'GL'; the workbook's sheets: 'Summary', 'GL'$/] },
  },
  {
    group: 'internal errors',
    name: 'no sheet fits the role',
    outcome: 'refused naming the sheet read and the others: "missing required columns … in sheet \'Summary\'; columns found: …; the workbook\'s other sheets: \'Notes\'"',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'Summary', rows: [['Account', 'Total'], ['2410', 1]] }, { name: 'Notes', rows: [['Text'], ['hello']] }])),
    expect: { kind: 'error', message: /^erp\.xlsx: missing required columns 'Journal', 'Line', 'Date', 'Debit', 'Credit' for the erp layout in sheet 'Summary'; columns found: 'Account', 'Total'; the workbook's other sheets: 'Notes'$/, row: 1, column: 'Journal' },
  },

  // ── Row numbers ────────────────────────────────────────────────────────────────────────────────
  {
    group: 'row numbers',
    name: 'blank lines after the header',
    outcome: 'rows keep the line number a spreadsheet shows: `abc` on line 8 is reported as row 8. Was: row 6',
    file: () => platform([PLATFORM_HEADER.join(','), '', '', platformRow(1).join(','), '', ',,,', platformRow(2).join(','), platformRow(3, { Amount: 'abc' }).join(',')].join('\r\n') + '\r\n'),
    expect: { kind: 'import', rows: 3, imported: 2, quarantine: [{ row: 8, column: 'Amount', reason: /'abc' is not a number/ }] },
  },
  {
    group: 'row numbers',
    name: 'blank lines before the header',
    outcome: 'the header is row 3, the first data row 4',
    file: () => platform('\r\n\r\n' + csv([PLATFORM_HEADER, platformRow(1, { Amount: 'abc' })])),
    expect: { kind: 'import', rows: 1, imported: 0, quarantine: [{ row: 4, column: 'Amount', reason: /'abc' is not a number/ }], notes: [/every one of its 1 rows was quarantined/] },
  },
  {
    group: 'row numbers',
    name: 'an xlsx with empty sheet rows',
    outcome: 'the sheet\'s own row number is reported: sheet row 700 is row 700. Was: 699',
    file: () => file('erp', 'erp.xlsx', book([{ name: 'GL', rows: [...erpXlsxRows(1), erpRow(3, { Credit: 'abc' })], rowNos: [1, 2, 700] }])),
    expect: { kind: 'import', rows: 2, imported: 1, quarantine: [{ row: 700, column: 'Credit', reason: /'abc' is not a number/ }] },
  },
];

/**
 * A workbook whose one sheet inflates to about `inflatedBytes` of one-cell rows from a few hundred KiB, by the
 * construction of corpus.ts's xlsxBomb but under the inflated-size limit, so that the ratio is what refuses it.
 */
function bomb(inflatedBytes: number): Uint8Array {
  return xlsxBomb(inflatedBytes);
}
