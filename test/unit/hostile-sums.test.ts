// Sums past 2^53 cents (issue #17): every amount fits, but ten of the largest do not add up in a JavaScript
// number. The totals are exact up to 2^53 − 1 cents, and a quarter whose totals pass it is refused in one line
// naming the file, the row and the column of the amount that took a total there: never a rounded total, never
// "unexpected failure". docs/hostile-input.md lists the cases; "sums › X" there is `it('X')` here.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { MAX_TOTAL_CENTS } from '../../shared/exact-cents';
import { formatCents } from '../../shared/money';
import { loadSqlJs } from '../../shared/node/files';
import { InputError, type InputFile } from '../../shared/types';
import { BIG_SETTINGS, activations, activationsOnOneCard, bigJournal, erpAccruals, openingBalances } from '../hostile/big-sums';
import { expectIdentities } from './engine-helpers';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-sums-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = async (files: InputFile[]) => runCase(await loadSqlJs(), { files, settings: BIG_SETTINGS });

async function refusal(files: InputFile[]): Promise<InputError> {
  const err = await run(files).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.message).not.toMatch(/\n|unexpected|does not foot|NaN|Infinity/);
  expect(e.message).toContain('passes 90,071,992,547,409.91 (2^53 − 1 cents), the largest total this tool carries exactly');
  return e;
}

/** The largest amount in cents, and a sum of them, exactly. */
const LARGEST = 999_999_999_999_999;

describe('sums past 2^53 cents', () => {
  it('ten activations of 9,999,999,999,999.99 are refused naming the row, the column and the total', async () => {
    const e = await refusal(activations(10));
    // The tiny quarter's platform file has four rows (2 to 5): the tenth activation is row 15.
    expect([e.file, e.row, e.column]).toEqual(['platform.csv', 15, 'Amount']);
    expect(e.message).toBe(
      "platform.csv, row 15, column Amount: with this amount (9,999,999,999,999.99), the roll-forward's issued total passes 90,071,992,547,409.91 " +
        '(2^53 − 1 cents), the largest total this tool carries exactly; the quarter is refused rather than a total rounded',
    );
  });

  it('nine of them are carried exactly, to the cent, and the identities hold', async () => {
    const c = await run(activations(9));
    const L = c.report.liability;
    // The tiny quarter issues 50.00 and 25.00 besides.
    expect(L.rollforward.issued_cents).toBe(9 * LARGEST + 7500);
    expect(BigInt(L.rollforward.issued_cents)).toBe(9n * BigInt(LARGEST) + 7500n);
    expectIdentities(c.report);
    expect(JSON.parse(c.reportJson()).liability.rollforward.issued_cents).toBe(9 * LARGEST + 7500);
  });

  it('a total of exactly 2^53 − 1 cents is carried; one cent more is refused', async () => {
    const nine = await run(activations(9));
    const rest = MAX_TOTAL_CENTS - nine.report.liability.rollforward.issued_cents;
    const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const exact = await run(activations(9, [amount(rest)]));
    expect(exact.report.liability.rollforward.issued_cents).toBe(MAX_TOTAL_CENTS);
    expectIdentities(exact.report);
    const e = await refusal(activations(9, [amount(rest + 1)]));
    expect([e.file, e.row, e.column]).toEqual(['platform.csv', 15, 'Amount']);
    expect(e.message).toContain(`with this amount (${formatCents(rest + 1)})`);
  });

  it("ten on one card: the card's balance is refused, naming the card", async () => {
    const e = await refusal(activationsOnOneCard(10));
    expect([e.file, e.row, e.column]).toEqual(['platform.csv', 15, 'Amount']);
    expect(e.message).toContain('the reconstructed balance of card 6006000000001001 passes');
  });

  it('opening balances past the bound are refused at the opening row and its Balance', async () => {
    const e = await refusal(openingBalances(10));
    expect([e.file, e.row, e.column]).toEqual(['opening_balances.csv', 11, 'Balance']);
    expect(e.message).toContain(`with this amount (${formatCents(LARGEST)})`);
  });

  it("ERP liability lines past the bound are refused at the line's Credit", async () => {
    const e = await refusal(erpAccruals(10));
    expect(e.file).toBe('erp.csv');
    expect(e.column).toBe('Credit');
    expect(e.message).toContain("the ERP's closing balance passes");
  });

  it('a journal outside the liability is told exactly however large: its lines do not reach the figures', async () => {
    const balanced = await run(bigJournal(10, 10));
    expect(balanced.report.notes?.some((n) => n.includes('J-BIG'))).toBe(false);
    const short = await run(bigJournal(11, 0));
    expect(short.report.notes).toContain(`Data quality: journal J-BIG does not balance (credits exceed debits by ${-11n * BigInt(LARGEST)} cents).`);
    expectIdentities(short.report);
  });

  it('the command line refuses the ten activations in one line, exit 2, and writes nothing', async () => {
    const dir = join(tmp, 'ten');
    const args: string[] = [];
    for (const f of activations(10)) {
      writeFileSync(join(tmp, `${f.role}-${f.name}`), f.bytes);
      args.push(`--${f.role}`, join(tmp, `${f.role}-${f.name}`));
    }
    const res = await new Promise<{ status: number | null; stderr: string }>((done, fail) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', '--period', '2026-07-01..2026-09-30', '--tz', 'UTC', ...args, '--out', dir, '--quiet'], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      p.on('error', fail);
      p.on('close', (status) => done({ status, stderr }));
    });
    expect(res.status, res.stderr).toBe(2);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines, res.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^reconcile: platform-platform\.csv, row 15, column Amount: with this amount \(9,999,999,999,999\.99\), the roll-forward's issued total passes/);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });
});
