// The period and time zone proposed from the files, and the warning (a refusal on the command line) when most
// of a case's rows fall outside its period: another quarter's files must never look like a perfect result.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposePeriod } from '../../shared/engine';
import { quarterBounds, quarterOf } from '../../shared/import/period';
import { generateQuarter, quarterFiles, type GeneratedQuarter } from '../fixtures/generate';
import { quarterInputs, runQuarter } from './engine-helpers';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-period-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let ny: GeneratedQuarter;
let sydney: GeneratedQuarter;
beforeAll(() => {
  ny = generateQuarter({ seed: 7, cards: 150, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' });
  sydney = generateQuarter({ seed: 8, cards: 150, periodStart: '2026-01-01', periodEnd: '2026-03-31', timezone: 'Australia/Sydney', erpFormat: 'xlsx' });
});

describe('the period from the files', () => {
  it('proposes the quarter most rows fall in and the zone the offsets agree with', () => {
    const p = proposePeriod(quarterInputs(ny));
    expect(p.period).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(p.timezone).toBe('America/New_York');
    expect(p.zone_basis).toMatch(/−04:00.*America\/New_York/);
    const storefront = p.files.find((f) => f.role === 'storefront')!;
    expect(storefront.offsets).toContain('-04:00');
    // The logs run a few days past the period end (docs/formats.md §1.11).
    expect(storefront.first! <= '2026-07-01' && storefront.last! > '2026-09-30').toBe(true);
    expect(p.files.find((f) => f.role === 'opening')).toMatchObject({ rows: 0, first: null });
    const q = proposePeriod(quarterInputs(sydney));
    expect([q.period, q.timezone]).toEqual([{ start: '2026-01-01', end: '2026-03-31' }, 'Australia/Sydney']);
    expect(q.files.find((f) => f.role === 'erp')!.rows).toBeGreaterThan(0); // read from the workbook's date cells
  });

  it('says so when the files state no zone, and proposes the quarter still', () => {
    const files = quarterInputs(ny).filter((f) => f.role !== 'storefront');
    const p = proposePeriod(files);
    // The platform states Z and the processor no zone at all: neither tells where the business is.
    expect(p.timezone).toBeNull();
    expect(p.zone_basis).toMatch(/cannot be told/);
    expect(p.period).toEqual({ start: '2026-07-01', end: '2026-09-30' });
  });

  it('counts the rows in the settings’ period, and warns when most lie outside it', () => {
    const right = proposePeriod(quarterInputs(ny), undefined, { periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' });
    expect(right.coverage!.warning).toBeNull();
    expect(right.coverage!.in_period / right.coverage!.rows).toBeGreaterThan(0.9);
    const wrong = proposePeriod(quarterInputs(ny), undefined, { periodStart: '2026-01-01', periodEnd: '2026-03-31', timezone: 'UTC' });
    expect(wrong.coverage!.in_period).toBe(0);
    expect(wrong.coverage!.warning).toMatch(/^Most of the files lie outside the period: only 0 of [\d,]+ dated in-scope rows fall in 2026-01-01\.\.2026-03-31/);
  });

  it('names quarters and their bounds', () => {
    expect(quarterOf('2026-02-28')).toBe('2026-Q1');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
    expect(quarterBounds('2028-Q1')).toEqual({ start: '2028-01-01', end: '2028-03-31' });
    expect(quarterBounds('2026-Q2')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
  });
});

describe('a run on another quarter’s files', () => {
  it('notes what the files cover, and warns loudly when most rows fall outside the period', async () => {
    const good = await runQuarter(ny);
    expect(good.coverage().warning).toBeNull();
    expect(good.report.notes).toContainEqual(expect.stringMatching(/^Business dates in the files: platform\.csv 20\d\d-\d\d-\d\d\.\.2026-10-\d\d, storefront\.csv .*; [\d,]+ of [\d,]+ in-scope rows fall in the period\.$/));
    expect(good.report.notes!.some((n) => n.startsWith('WARNING'))).toBe(false);
    good.close();
    // The same files under another quarter: nothing of them is in it, and however well the figures agree, the
    // report says so. (Without the opening balances, whose As Of the import itself refuses for another period.)
    const other = { ...ny, options: { ...ny.options, periodStart: '2027-01-01', periodEnd: '2027-03-31' } };
    const bad = await runQuarter(other, { files: quarterInputs(other).filter((f) => f.role !== 'opening') });
    expect(bad.coverage()).toMatchObject({ in_period: 0, period: { start: '2027-01-01', end: '2027-03-31' } });
    expect(bad.report.notes).toContainEqual(expect.stringMatching(/^WARNING: Most of the files lie outside the period: only 0 of/));
    bad.close();
  });

  it('the command line refuses it unless forced, and proposes the period and zone when not given', () => {
    const names = Object.keys(quarterFiles(ny));
    for (const [name, data] of Object.entries(quarterFiles(ny))) writeFileSync(join(tmp, name), data as string | Uint8Array);
    const files = ['platform', 'storefront', 'payments', 'erp'].flatMap((r) => [`--${r}`, join(tmp, names.find((n) => n.startsWith(r))!)]);
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', ...files, '--out', join(tmp, 'out'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const refused = cli('--period', '2027-01-01..2027-03-31', '--tz', 'America/New_York', '--quiet');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^reconcile: Most of the files lie outside the period: only 0 of .* Use --force to write the outputs anyway\.\n$/);
    const forced = cli('--period', '2027-01-01..2027-03-31', '--tz', 'America/New_York', '--quiet', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/^reconcile: warning: Most of the files lie outside the period/);
    const proposed = cli();
    expect(proposed.status).toBe(0);
    expect(proposed.stderr).toContain('reconcile: no --tz given: taking America/New_York.');
    expect(proposed.stderr).toContain('reconcile: no --period given: taking 2026-07-01..2026-09-30, the calendar quarter most of the files\' rows fall in');
  });
});
