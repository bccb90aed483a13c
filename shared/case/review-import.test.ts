// The review workbook out and back: its drop-downs, locked and hidden columns as written, and an edited copy read
// back with a change per row decided and a reason per row refused; applied as one step whose decisions name the
// workbook and its SHA-256, the workbook kept as their evidence.
import { strFromU8, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { sha256Hex } from '../hash';
import { loadSqlJs } from '../node/files';
import { REVIEW_COLUMNS } from '../report/review-workbook';
import { tinyQuarter, TINY_SETTINGS } from '../testing/tiny-quarter';
import { DEFAULT_REASON_CODES } from '../types';
import type { EngineCase } from './api';
import { openCase, runCase } from './pipeline';

let c: EngineCase;
beforeEach(async () => {
  c = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: TINY_SETTINGS });
});

const col = (name: (typeof REVIEW_COLUMNS)[number]) => XLSX.utils.encode_col(REVIEW_COLUMNS.indexOf(name));

/** An edit made by a script: sets cells of the Review sheet by exception id and column, as a reviewer would. */
function edit(bytes: Uint8Array, cells: Record<string, Partial<Record<(typeof REVIEW_COLUMNS)[number], string | number>>>): Uint8Array {
  const wb = XLSX.read(bytes, { type: 'array' });
  const ws = wb.Sheets.Review;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
  for (const [id, values] of Object.entries(cells)) {
    const r = rows.findIndex((row) => row[0] === id) + 1;
    if (r < 2) throw new Error(`no row for ${id}`);
    for (const [name, v] of Object.entries(values)) XLSX.utils.sheet_add_aoa(ws, [[v]], { origin: `${col(name as (typeof REVIEW_COLUMNS)[number])}${r}` });
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

describe('the review workbook', () => {
  it('offers each row its own choices as a drop-down, locks all but the four columns to write, hides the key and fingerprint', () => {
    const bytes = c.closing().reviewWorkbook();
    const wb = XLSX.read(bytes, { type: 'array', cellStyles: true });
    expect(wb.SheetNames).toEqual(['Review', 'About', 'Lists']);
    expect(wb.Workbook?.Sheets?.[2].Hidden).toBe(1);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Review, { header: 1 });
    expect(rows[0]).toEqual([...REVIEW_COLUMNS]);
    expect(rows.length - 1).toBe(c.report.exceptions.length);
    const cols = wb.Sheets.Review['!cols']!;
    expect(cols.map((x, i) => (x?.hidden ? REVIEW_COLUMNS[i] : null)).filter(Boolean)).toEqual(['Key', 'Fingerprint']);
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).toContain('<sheetProtection sheet="1"');
    const lists = [...xml.matchAll(/<dataValidation type="list"[^>]* sqref="([^"]+)"><formula1>([^<]+)<\/formula1>/g)].map((m) => [m[1], m[2]]);
    // One list per category present (its choices in a column of Lists), one for the reason codes over every row.
    const categories = new Set(c.report.exceptions.map((x) => x.category));
    expect(lists).toHaveLength(categories.size + 1);
    expect(lists.at(-1)).toEqual([`N2:N${rows.length}`, `Lists!$A$2:$A$${DEFAULT_REASON_CODES.length + 1}`]);
    const listRows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Lists, { header: 1 });
    const lagColumn = (listRows[0] as string[]).indexOf('ACTIVATION_LAG');
    expect(listRows.slice(1).map((r) => r[lagColumn]).filter(Boolean)).toEqual(['accept', 'defer', 'resolve:liability_at_activation']);
    expect(strFromU8(unzipSync(bytes)['xl/styles.xml'])).toContain('<protection locked="0"/>');
  });

  it('comes back with exactly the changes asked, and a reason for each row refused', () => {
    const [a, b, d, e, f] = c.report.exceptions;
    const out = c.closing().reviewWorkbook();
    // The case moves on after the export: e is decided here, so its row is stale.
    c.decide([{ key: e.key, action: 'defer', user: 'ana', at: '2026-10-01T00:00:00.000Z' }], 'defer');
    const edited = edit(out, {
      [a.id]: { Decision: 'accept', Note: 'Agreed to the order', 'Reason code': DEFAULT_REASON_CODES[1], Reviewer: 'Ravi' },
      [b.id]: { Decision: 'resolve:nonsense', Reviewer: 'Ravi' },
      [d.id]: { Decision: 'defer', Amount: 999.99, Reviewer: 'Ravi' },
      [e.id]: { Decision: 'accept', Reviewer: 'Ravi' },
      [f.id]: { Decision: 'accept', 'Reason code': 'Because', Reviewer: 'Ravi' },
    });
    const preview = c.closing().previewReview('q3-review.xlsx', edited);
    expect(preview.workbook).toEqual({ name: 'q3-review.xlsx', sha256: sha256Hex(edited), size: edited.length });
    expect(preview.changes).toEqual([
      expect.objectContaining({ id: a.id, action: 'accept', note: 'Agreed to the order', reason: DEFAULT_REASON_CODES[1], by: 'Ravi', from: { resolution: a.resolution, status: 'open' }, to: { resolution: a.resolution, status: 'accepted' } }),
    ]);
    const why = Object.fromEntries(preview.refused.map((r) => [r.id, r.reason]));
    expect(why[b.id]).toMatch(/'resolve:nonsense' is not a choice for/);
    expect(why[d.id]).toMatch(/figures were edited in the workbook \(amount 999.99 → /);
    expect(why[e.id]).toMatch(/changed in the case since the export \(status open → deferred\)/);
    expect(why[f.id]).toMatch(/'Because' is not one of the case's reason codes/);
    expect(preview.unchanged).toBe(c.report.exceptions.length - 5);
  });

  it('applies the changes as one step: each decision by the reviewer, naming the workbook and its SHA-256, kept in the case', async () => {
    const [a, b] = c.report.exceptions;
    const edited = edit(c.closing().reviewWorkbook(), {
      [a.id]: { Decision: 'defer', Note: 'Waiting for the platform', Reviewer: 'Ravi' },
      [b.id]: { Decision: 'accept', Reviewer: 'Sun' },
    });
    const { applied } = c.closing().applyReview('q3-review.xlsx', edited, 'ana');
    expect(applied).toBe(2);
    const sha = sha256Hex(edited);
    const entries = c.auditLog().filter((e) => e.action.startsWith('decision:'));
    expect(entries.map((e) => [e.user, e.action])).toEqual([['Ravi', 'decision:defer'], ['Sun', 'decision:accept']]);
    for (const e of entries) expect(JSON.parse(e.detail).evidence).toEqual([{ name: 'q3-review.xlsx', sha256: sha, size: edited.length }]);
    expect(c.auditLog().at(-1)!.detail).toMatch(new RegExp(`^review workbook q3-review.xlsx \\(SHA-256 ${sha.slice(0, 12)}…\\), imported by ana: 2 changes: 2 decisions$`));
    expect(c.history().undo).toMatch(/^review workbook q3-review.xlsx/);
    expect(c.report.evidence?.map((e) => [e.exception_id, e.name, e.sha256])).toEqual([[a.id, 'q3-review.xlsx', sha], [b.id, 'q3-review.xlsx', sha]]);
    // The workbook is in the case file, by its hash, and comes back with it.
    const again = await openCase(await loadSqlJs(), c.exportCase());
    expect(sha256Hex(again.closing().evidenceFile(sha).bytes)).toBe(sha);
    expect(again.report.evidence).toEqual(c.report.evidence);
  });

  it('refuses a workbook of another case, or one that is not a review workbook, in one line', async () => {
    const other = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: { ...TINY_SETTINGS, periodEnd: '2026-12-31' } });
    expect(() => c.closing().previewReview('x.xlsx', other.closing().reviewWorkbook())).toThrow(/was exported from the case for 2026-07-01..2026-12-31/);
    expect(() => c.closing().previewReview('x.xlsx', c.workpapers())).toThrow(/no sheet named 'Review'/);
    expect(() => c.closing().previewReview('x.xlsx', new TextEncoder().encode('a,b\n1,2'))).toThrow(/no sheet named 'Review'|not a readable workbook/);
  });
});
