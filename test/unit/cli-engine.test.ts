// The command line's engine choice (--engine sqljs|duckdb): the bundled demo quarter on each engine gives the
// same report.json (less its audit seal, which names each run's own log) and the same CSVs, each engine writes
// its own case file, a case file re-performs to the same report.json on either engine, and a bad choice
// is refused in one line, as is a memory limit DuckDB cannot keep. The DuckDB runs are skipped, saying so,
// where its binary does not load.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unsealedReportJson } from '../../shared/report/report-json';
import { duckdbLoads, NO_DUCKDB } from './duckdb-available';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-cli-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
if (!duckdbLoads) console.warn(NO_DUCKDB);

function reconcile(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', ...args, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), 240_000);
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stderr });
    });
  });
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('the command line on either engine', () => {
  it.skipIf(!duckdbLoads)('gives the same results on sql.js and DuckDB, and re-performs either engine’s case on either', async () => {
    const [onSqlJs, onDuck] = [join(tmp, 'sqljs'), join(tmp, 'duckdb')];
    const parquet = join(tmp, 'parquet');
    const runs = await Promise.all([
      reconcile(['--demo', '--out', onSqlJs]),
      reconcile(['--demo', '--engine', 'duckdb', '--export-parquet', parquet, '--out', onDuck]),
    ]);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    expect(unsealedReportJson(read(onDuck, 'report.json'))).toBe(unsealedReportJson(read(onSqlJs, 'report.json')));
    for (const csv of ['journal_entries.csv', 'platform_corrections.csv']) expect(read(onDuck, csv), csv).toBe(read(onSqlJs, csv));
    expect(readdirSync(onSqlJs)).toContain('case.sqlite');
    // Only the outputs: no working database, spill folder or probe left behind.
    expect(readdirSync(onDuck).sort()).toEqual(['case.duckdb', 'journal_entries.csv', 'platform_corrections.csv', 'report.json', 'workpapers.xlsx']);
    // The Parquet export, put in place with the outputs: its staging folder gone.
    expect(readdirSync(parquet).sort()).toEqual(['decisions.parquet', 'events.parquet', 'leftovers', 'rules']);

    // Re-performed from its case file, on the engine that wrote it and on sql.js: the same report, seal and all.
    const [again, againOnSqlJs, sqlJsOnDuck] = [join(tmp, 'again'), join(tmp, 'again-sqljs'), join(tmp, 'sqljs-on-duckdb')];
    const reopened = await Promise.all([
      reconcile(['--case', join(onDuck, 'case.duckdb'), '--out', again]),
      reconcile(['--case', join(onDuck, 'case.duckdb'), '--engine', 'sqljs', '--out', againOnSqlJs]),
      // The other way: a sql.js case, read with sql.js, re-performed on DuckDB.
      reconcile(['--case', join(onSqlJs, 'case.sqlite'), '--engine', 'duckdb', '--out', sqlJsOnDuck]),
    ]);
    for (const r of reopened) expect(r.status, r.stderr).toBe(0);
    expect(read(again, 'report.json')).toBe(read(onDuck, 'report.json'));
    expect(readdirSync(again)).toContain('case.duckdb');
    expect(read(againOnSqlJs, 'report.json')).toBe(read(onDuck, 'report.json'));
    expect(readdirSync(againOnSqlJs)).toContain('case.sqlite');
    expect(read(sqlJsOnDuck, 'report.json')).toBe(read(onSqlJs, 'report.json'));
    expect(readdirSync(sqlJsOnDuck)).toContain('case.duckdb');
  }, 300_000);

  it.skipIf(!duckdbLoads)('names the memory limit in one line where DuckDB cannot stay within it, leaving nothing behind', async () => {
    const out = join(tmp, 'tight');
    const r = await reconcile(['--demo', '--engine', 'duckdb', '--memory-limit', '1MB', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^reconcile: DuckDB ran out of memory within its limit \(--memory-limit, 2GB unless given\): [^\n]*allocate block[^\n]*; run again with a larger --memory-limit\n$/);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);

  it.skipIf(!duckdbLoads)('names the memory limit, not the file, when a saved case cannot be read within it', async () => {
    const made = join(tmp, 'to-reopen');
    expect((await reconcile(['--demo', '--engine', 'duckdb', '--out', made])).status).toBe(0);
    const r = await reconcile(['--case', join(made, 'case.duckdb'), '--memory-limit', '1MB', '--out', join(tmp, 'reopen-tight')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^reconcile: DuckDB ran out of memory within its limit \(--memory-limit, 2GB unless given\): [^\n]*; run again with a larger --memory-limit\n$/);
  }, 120_000);

  it('refuses an engine it does not have, and Parquet on sql.js, in one line', async () => {
    const [unknown, parquet] = await Promise.all([
      reconcile(['--demo', '--engine', 'oracle', '--out', join(tmp, 'x')]),
      reconcile(['--demo', '--engine', 'sqljs', '--export-parquet', join(tmp, 'p'), '--out', join(tmp, 'y')]),
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("reconcile: --engine 'oracle' is not an engine (sqljs or duckdb)\n");
    expect(parquet.status).toBe(2);
    expect(parquet.stderr).toBe('reconcile: --export-parquet is written by the DuckDB engine: leave out --engine sqljs\n');
  }, 120_000);
});
