// The command line's close-analytics flags (docs/formats.md §4): --history FILE|FOLDER (repeatable) of prior
// quarters' platform exports, --register, --analytics-settings; and their one-line refusals.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../fixtures/history/generate-history';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-analytics-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const p = spawn('npx', ['--no-install', 'tsx', 'cli/reconcile.ts', '--quiet', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => done({ status, stderr }));
  });
}

describe('reconcile --history', () => {
  let base: string[];
  let priorFiles: string[];
  beforeAll(() => {
    const g = generateHistory({ seed: 9, quarters: 10, giftCardsPerMonth: 40, storeCreditsPerMonth: 20 });
    const history = join(tmp, 'history');
    mkdirSync(history);
    for (const q of g.quarters.slice(0, -1)) writeFileSync(join(history, q.name), q.text);
    priorFiles = g.quarters.slice(0, -1).map((q) => join(history, q.name));
    writeFileSync(join(history, 'README.md'), 'prior quarters\n');
    const last = g.quarters[g.quarters.length - 1];
    const w = (name: string, text: string) => (writeFileSync(join(tmp, name), text), join(tmp, name));
    writeFileSync(join(tmp, 'settings.json'), JSON.stringify({ escheat: { holderState: 'NY' }, breakage: { prudenceMargin: '0.03' } }));
    base = [
      '--period', `${last.period.start}..${last.period.end}`, '--tz', g.timezone, '--platform', w(last.name, last.text),
      '--storefront', w('storefront.csv', 'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location\n'),
      '--payments', w('payments.csv', 'id,Type,Created (UTC),Amount,Currency,Description,Order ID,Status\n'),
      '--erp', w('erp.csv', 'Journal,Line,Date,Account,Debit,Credit,Memo,Reference,Source,Created By\n'),
      '--register', w(g.register.name, g.register.text),
    ];
  });

  it('feeds the prior quarters to breakage and aging, with the settings given, and notes what it left out', async () => {
    const out = join(tmp, 'out');
    const res = await cli([...base, '--history', join(tmp, 'history'), '--analytics-settings', join(tmp, 'settings.json'), '--out', out]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain('left out 1 file(s) that are no CSV or XLSX: README.md');
    const a = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).analytics;
    expect(a.history.prior_files).toHaveLength(9);
    expect(a.history.covers.start).toBe('2021-10-01');
    expect(a.settings.escheat.holderState).toBe('NY');
    expect(a.settings.breakage.prudenceMargin).toBe('0.03');
    expect(a.breakage.unavailable).toBeNull();
    expect(Number(a.breakage.by_instrument.gift_card.ultimate_breakage_rate)).toBeGreaterThan(0);
    expect(a.aging.rows.some((r: { bucket: string }) => r.bucket === '24-36')).toBe(true);
  }, 120_000);

  it('takes the prior quarters one file per --history, in any order, as it takes their folder', async () => {
    const [byFolder, byFiles] = [join(tmp, 'by-folder'), join(tmp, 'by-files')];
    const shuffled = [...priorFiles.slice(3), ...priorFiles.slice(0, 3).reverse()];
    const runs = await Promise.all([
      cli([...base, '--history', join(tmp, 'history'), '--out', byFolder]),
      cli([...base, ...shuffled.flatMap((f) => ['--history', f]), '--out', byFiles]),
    ]);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const analytics = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).analytics;
    const [a, b] = [analytics(byFolder), analytics(byFiles)];
    expect(b.history.prior_files).toHaveLength(priorFiles.length);
    expect(b).toEqual(a);
    const twice = await cli([...base, '--history', priorFiles[0], '--history', join(tmp, 'history'), '--out', join(tmp, 'o5')]);
    expect(twice.status).toBe(2);
    expect(twice.stderr.trim()).toMatch(/^reconcile: --history .*history: .* is given twice$/);
  }, 120_000);

  it('refuses a missing folder, an empty one and a bad setting in one line', async () => {
    mkdirSync(join(tmp, 'empty'));
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ escheat: { holderState: 'XX' } }));
    writeFileSync(join(tmp, 'typo.json'), JSON.stringify({ breakage: { margin: '0.1' } }));
    const runs = await Promise.all([
      cli([...base, '--history', join(tmp, 'nope'), '--out', join(tmp, 'o1')]),
      cli([...base, '--history', join(tmp, 'empty'), '--out', join(tmp, 'o2')]),
      cli([...base, '--analytics-settings', join(tmp, 'bad.json'), '--out', join(tmp, 'o3')]),
      cli([...base, '--analytics-settings', join(tmp, 'typo.json'), '--out', join(tmp, 'o4')]),
    ]);
    const lines = runs.map((r) => {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      return r.stderr.trim();
    });
    expect(lines[0]).toMatch(/^reconcile: --history .*nope: no such file$/);
    expect(lines[1]).toMatch(/^reconcile: --history .*empty: no CSV or XLSX file in it/);
    expect(lines[2]).toMatch(/^reconcile: analytics settings: escheat\.holderState: must be a US state/);
    expect(lines[3]).toBe('reconcile: analytics settings: breakage.margin is not a setting (docs/analytics.md, Settings)');
  }, 120_000);
});
