// Same inputs, same options → byte-identical report.json (docs/formats.md §5), in the engine and through the CLI,
// apart from its audit seal, which names each run's own audit log; and the CLI's one-line errors (docs/formats.md §4).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCase, unsealedReportJson as unsealed } from '../../shared/engine';
import { generateQuarter } from '../fixtures/generate';
import { quarterFiles } from '../fixtures/generate';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-determinism-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface CliResult {
  status: number | null;
  stderr: string;
}

/** `npx tsx cli/reconcile.ts ARGS`, asynchronously so that independent runs overlap. */
function cli(args: string[]): Promise<CliResult> {
  return new Promise((done, fail) => {
    const p = spawn('npx', ['--no-install', 'tsx', 'cli/reconcile.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => done({ status, stderr }));
  });
}

function expectOneLineFailure(res: CliResult, mentions: string[]): void {
  expect(res.status, res.stderr).not.toBe(0);
  expect(res.status).not.toBeNull();
  const lines = res.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, res.stderr).toHaveLength(1);
  expect(res.stderr).not.toMatch(/^\s+at\s/m);
  expect(res.stderr).not.toMatch(/Error:|\.ts:\d+/);
  for (const m of mentions) expect(lines[0]).toContain(m);
}

describe('determinism', () => {
  it('the same inputs twice give a byte-identical reportJson()', async () => {
    const q = generateQuarter({ seed: 31, cards: 600, timezone: 'Europe/Berlin', erpFormat: 'csv', messy: true });
    const SQL = await sql();
    const a = await runCase(SQL, { files: quarterInputs(q), settings: quarterSettings(q) });
    const b = await runCase(SQL, { files: quarterInputs(q), settings: quarterSettings(q) });
    // Files handed over in another order: still the same report.
    const c = await runCase(SQL, { files: quarterInputs(q).reverse(), settings: quarterSettings(q) });
    expect(a.reportJson().length).toBeGreaterThan(1000);
    expect(unsealed(b.reportJson())).toBe(unsealed(a.reportJson()));
    expect(unsealed(c.reportJson())).toBe(unsealed(a.reportJson()));
    // Each run's seal is its own log's: two entries (the import, the settings), the last one's hash.
    for (const x of [a, b, c]) expect(x.report.audit_seal).toEqual({ entries: 2, head: x.auditLog()[1].hash });
    expect(JSON.parse(a.reportJson())).toEqual(JSON.parse(JSON.stringify(a.report)));
  });

  it('ten runs over the same inputs give ten byte-identical reports', async () => {
    const q = generateQuarter({ seed: 32, cards: 400, timezone: 'Australia/Sydney', erpFormat: 'xlsx' });
    const SQL = await sql();
    const reports = new Set<string>();
    for (let run = 0; run < 10; run++) {
      const c = await runCase(SQL, { files: quarterInputs(q), settings: quarterSettings(q) });
      reports.add(unsealed(c.reportJson()));
    }
    expect(reports.size).toBe(1);
  });

  it('a regenerated quarter (same seed) gives the same report; another seed another one', async () => {
    const SQL = await sql();
    const run = async (seed: number) => {
      const q = generateQuarter({ seed, cards: 300, timezone: 'Asia/Kolkata' });
      return unsealed((await runCase(SQL, { files: quarterInputs(q), settings: quarterSettings(q) })).reportJson());
    };
    const x = await run(41);
    expect(await run(41)).toBe(x);
    expect(await run(42)).not.toBe(x);
  });

  it('the CLI run twice on the demo gives a byte-identical report.json', async () => {
    const outs = [join(tmp, 'demo-a'), join(tmp, 'demo-b')];
    const results = await Promise.all(outs.map((out) => cli(['--demo', '--out', out, '--quiet'])));
    for (const [i, out] of outs.entries()) {
      expect(results[i].status, results[i].stderr).toBe(0);
      for (const f of ['report.json', 'workpapers.xlsx', 'case.sqlite']) expect(existsSync(join(out, f)), f).toBe(true);
    }
    const [a, b] = outs.map((o) => readFileSync(join(o, 'report.json')));
    expect(a.length).toBeGreaterThan(1000);
    expect(unsealed(a.toString('utf8'))).toBe(unsealed(b.toString('utf8')));
    const r = JSON.parse(a.toString('utf8')) as { liability: { reconstructed_closing_cents: number } };
    expect(Number.isInteger(r.liability.reconstructed_closing_cents)).toBe(true);
  });

  it('the CLI on files written from a generated quarter matches the engine run in-process', async () => {
    const q = generateQuarter({ seed: 33, cards: 200, timezone: 'America/New_York', erpFormat: 'csv' });
    const dir = join(tmp, 'q33');
    const files = quarterFiles(q);
    mkdirSync(dir, { recursive: true });
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    const res = await cli([
      '--period', `${q.options.periodStart}..${q.options.periodEnd}`, '--tz', q.options.timezone,
      '--platform', join(dir, 'platform.csv'), '--storefront', join(dir, 'storefront.csv'), '--payments', join(dir, 'payments.csv'),
      '--erp', join(dir, 'erp.csv'), '--opening', join(dir, 'opening_balances.csv'), '--out', join(dir, 'out'), '--quiet',
    ]);
    expect(res.status, res.stderr).toBe(0);
    const engine = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
    expect(unsealed(readFileSync(join(dir, 'out', 'report.json'), 'utf8'))).toBe(unsealed(engine.reportJson()));
  });

  it('the CLI exits non-zero with one line on stderr for a missing file', async () => {
    const missing = join(tmp, 'nope', 'platform.csv');
    const res = await cli(['--demo', '--platform', missing, '--out', join(tmp, 'out-missing'), '--quiet']);
    expectOneLineFailure(res, [missing]);
    expect(existsSync(join(tmp, 'out-missing', 'report.json'))).toBe(false);
  });

  it('the CLI exits non-zero with one line on stderr for a bad period', async () => {
    const periods = ['2026-09-30..2026-07-01', '2026-07-01', '2026-13-01..2026-12-31'];
    const results = await Promise.all(periods.map((period, i) => cli(['--demo', '--period', period, '--out', join(tmp, `out-period-${i}`), '--quiet'])));
    for (const [i, res] of results.entries()) {
      expectOneLineFailure(res, []);
      expect(existsSync(join(tmp, `out-period-${i}`, 'report.json'))).toBe(false);
    }
  });
});
