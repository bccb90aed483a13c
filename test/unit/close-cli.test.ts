// The close through the command line (docs/formats.md §4, §12): --prior opens the next quarter from a saved case,
// --case with --prior re-performs the continuity, --export-review and --apply-review take the review out and
// back. On two consecutive generated quarters written to disk.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { openCase } from '../../shared/engine';
import { sha256Hex } from '../../shared/hash';
import type { Report } from '../../shared/types';
import { generatePair } from '../fixtures/generate';
import { writeQuarter } from '../fixtures/write-quarter';
import { sql } from './engine-helpers';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-close-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', '--quiet', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => done({ status, stderr }));
  });
}

const report = (dir: string) => JSON.parse(readFileSync(join(tmp, dir, 'report.json'), 'utf8')) as Report;
const files = (q: string) => ['platform', 'storefront', 'payments'].flatMap((r) => [`--${r}`, join(tmp, q, `${r}.csv`)]).concat(['--erp', join(tmp, q, 'erp.xlsx')]);

const { first, second } = generatePair({ seed: 8 });
beforeAll(async () => {
  await writeQuarter(first, join(tmp, 'q3'));
  await writeQuarter(second, join(tmp, 'q4'));
  const r = await cli(['--period', '2026-07-01..2026-09-30', '--tz', 'America/New_York', ...files('q3'), '--opening', join(tmp, 'q3', 'opening_balances.csv'), '--export-review', '--out', join(tmp, 'out3')]);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe('the command line closes a quarter and opens the next', () => {
  it('--prior: the next period and settings from the prior case, its closing as the opening, equal to the known answer', async () => {
    const r = await cli(['--prior', join(tmp, 'out3', 'case.sqlite'), ...files('q4'), '--out', join(tmp, 'out4')]);
    expect(r.status, r.stderr).toBe(0);
    const q4 = report('out4');
    expect(q4.period).toEqual({ start: '2026-10-01', end: '2026-12-31', timezone: 'America/New_York' });
    expect(q4.liability.reconstructed_closing_cents).toBe(second.expected.reconstructed_closing_cents);
    expect(q4.prior!.case_file).toEqual({ name: 'case.sqlite', sha256: sha256Hex(readFileSync(join(tmp, 'out3', 'case.sqlite'))) });
    expect(q4.liability.rollforward.opening_cents).toBe(report('out3').liability.reconstructed_closing_cents);
    // Without --history, the close analytics' history is the prior case's: here its own platform export alone.
    const history = (q4.analytics as { history: { prior_files: { file: string; sha256: string; period: unknown }[] } }).history.prior_files;
    expect(history.map((f) => [f.file, f.sha256, f.period])).toEqual([
      ['2026-07-01..2026-09-30 platform.csv', sha256Hex(readFileSync(join(tmp, 'q3', 'platform.csv'))), { start: '2026-07-01', end: '2026-09-30' }],
    ]);
  }, 120_000);

  it('--case with --prior re-performs the continuity: it holds with the file recorded, and is named broken with another', async () => {
    const ok = await cli(['--case', join(tmp, 'out4', 'case.sqlite'), '--prior', join(tmp, 'out3', 'case.sqlite'), '--out', join(tmp, 'out4b')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('reconcile: continuity with the prior case re-performed: it holds');
    expect(readFileSync(join(tmp, 'out4b', 'report.json'), 'utf8')).toBe(readFileSync(join(tmp, 'out4', 'report.json'), 'utf8'));
    const other = await cli(['--case', join(tmp, 'out4', 'case.sqlite'), '--prior', join(tmp, 'out4', 'case.sqlite'), '--out', join(tmp, 'out4c')]);
    expect(other.stderr).toMatch(/reconcile: warning: continuity: the prior case file is not the one this case was carried from/);
  }, 180_000);

  it('--apply-review applies an edited review workbook: each change a decision by its reviewer naming the workbook', async () => {
    const path = join(tmp, 'out3', 'review.xlsx');
    const wb = XLSX.read(readFileSync(path));
    const ws = wb.Sheets.Review;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    const header = rows[0] as string[];
    const at = (name: string) => XLSX.utils.encode_col(header.indexOf(name));
    XLSX.utils.sheet_add_aoa(ws, [['defer']], { origin: `${at('Decision')}2` });
    XLSX.utils.sheet_add_aoa(ws, [['Ravi']], { origin: `${at('Reviewer')}2` });
    XLSX.utils.sheet_add_aoa(ws, [['resolve:nope', null, null, 'Ravi']], { origin: `${at('Decision')}3` });
    const edited = join(tmp, 'edited.xlsx');
    writeFileSync(edited, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = await cli(['--case', join(tmp, 'out3', 'case.sqlite'), '--apply-review', edited, '--user', 'controller', '--out', join(tmp, 'out3r')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`row 3 \\(${rows[2][0]}\\) refused: 'resolve:nope' is not a choice`));
    expect(r.stderr).toMatch(/review: 1 change\(s\) applied from edited.xlsx/);
    const after = report('out3r');
    expect(after.exceptions.find((x) => x.id === rows[1][0])!.status).toBe('deferred');
    const c = await openCase(await sql(), readFileSync(join(tmp, 'out3r', 'case.sqlite')));
    const entry = c.auditLog().find((e) => e.action === 'decision:defer')!;
    expect(entry.user).toBe('Ravi');
    expect(JSON.parse(entry.detail).evidence).toEqual([{ name: 'edited.xlsx', sha256: sha256Hex(readFileSync(edited)), size: readFileSync(edited).length }]);
  }, 120_000);
});
