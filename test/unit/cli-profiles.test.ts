// The command line with import profiles: --list-presets, --profile ROLE=FILE, --save-profiles and --case with
// the profiles saved, --liability-accounts by name, and a plausibility problem that stops the run unless
// --accept-warnings.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateQuarter, quarterFiles, type GeneratedQuarter } from '../fixtures/generate';
import { GIFTLOOP_PROFILE, giftLoop } from './giftloop';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-cli-profiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

/** A quarter written to a folder: the vendor layouts, or the reference layouts with the platform as GiftLoop writes it. */
function writeQuarter(dir: string, vendor: boolean): { paths: Record<string, string>; q: GeneratedQuarter } {
  const q = generateQuarter({ seed: 12, cards: 120, timezone: 'America/New_York', ...(vendor ? { layout: 'vendor' as const } : { erpFormat: 'csv' as const }) });
  const paths: Record<string, string> = {};
  for (const [name, data] of Object.entries(quarterFiles(q))) {
    if (name.endsWith('.json') || name.endsWith('.txt')) continue;
    const role = name.startsWith('opening') ? 'opening' : name.split('.')[0];
    const path = join(dir, role === 'platform' && !vendor ? 'giftloop.csv' : name);
    writeFileSync(path, role === 'platform' && !vendor ? giftLoop(q) : data);
    paths[role] = path;
  }
  return { paths, q };
}

const period = ['--period', '2026-07-01..2026-09-30', '--tz', 'America/New_York', '--quiet'];
const fileArgs = (p: Record<string, string>) => ['platform', 'storefront', 'payments', 'erp', 'opening'].flatMap((r) => [`--${r}`, p[r]]);

describe('the command line with profiles', () => {
  it('--list-presets: each preset with its role, version, name and the headers it is recognised by', async () => {
    const r = await cli(['--list-presets']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines.map((l) => l[0])).toEqual([
      'square-gift-card-activities', 'shopify-transactions', 'stripe-balance-history', 'stripe-itemized-balance-change', 'qbo-journal', 'qbo-general-ledger',
      'reference-platform', 'reference-storefront', 'reference-payments', 'reference-erp', 'reference-opening',
    ]);
    expect(lines[1]).toEqual(['shopify-transactions', 'storefront', 'v1', 'Shopify — Export transactions (transaction histories)', 'headers (85% of): Order, Name, Kind, Gateway, Created At, Status, Amount, Currency, Card Type']);
  });

  it('a vendor quarter whose liability accounts the settings do not name: stopped in one line, then read by name and number', async () => {
    const dir = mkdtempSync(join(tmp, 'vendor-'));
    const { paths: p, q } = writeQuarter(dir, true);
    // The chart of accounts of another merchant: neither the preset's account names nor the default numbers.
    const erp = readFileSync(p.erp, 'utf8').replace(/2410 Gift Card Liability/g, '2150 Deferred Revenue - Cards').replace(/2420 Store Credit Liability/g, '2160 Customer Credits');
    writeFileSync(p.erp, erp);
    const out = join(dir, 'out');
    const stopped = await cli([...period, ...fileArgs(p), '--out', out]);
    expect(stopped.status).toBe(2);
    const lines = stopped.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^reconcile: erp\.csv: no line is on a liability account \(liability accounts: 2410, 2420; the file's accounts include .*'2150 Deferred Revenue - Cards', .*\): the ERP closing would be 0/);
    expect(lines[1]).toMatch(/^reconcile: stopped: 1 plausibility problem .*rerun with --accept-warnings/);
    expect(readdirSync(out)).toEqual([]);
    const named = await cli([...period, ...fileArgs(p), '--liability-accounts', '2160=store_credit,2150=gift_card', '--out', out]);
    expect(named.status, named.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.liability.erp_closing_cents).toBe(q.expected.erp_closing_cents);
    expect(report.inputs.map((i: { profile: { id: string } }) => i.profile.id)).toEqual(['square-gift-card-activities', 'shopify-transactions', 'stripe-balance-history', 'qbo-journal', 'reference-opening']);
  });

  it('--profile platform=FILE reads a layout no preset knows; --save-profiles keeps it; --case re-performs with it', async () => {
    const dir = mkdtempSync(join(tmp, 'giftloop-'));
    const { paths: p } = writeQuarter(dir, false);
    const profile = join(dir, 'giftloop.profile.json');
    writeFileSync(profile, JSON.stringify(GIFTLOOP_PROFILE, null, 2));
    const out = join(dir, 'out');
    const saved = join(dir, 'profiles');
    const run = await cli([...period, ...fileArgs(p), '--profile', `platform=${profile}`, '--liability-accounts', '2420=store_credit,2410=gift_card', '--currency', 'usd', '--save-profiles', saved, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.inputs[0]).toMatchObject({ file: 'giftloop.csv', profile: { id: 'giftloop-umsaetze', detected: false }, header_row: 4, quarantined: 0 });
    expect(readdirSync(saved).sort()).toEqual(['erp.profile.json', 'opening.profile.json', 'payments.profile.json', 'platform.profile.json', 'storefront.profile.json']);
    expect(JSON.parse(readFileSync(join(saved, 'platform.profile.json'), 'utf8'))).toEqual(GIFTLOOP_PROFILE);
    const again = join(dir, 'again');
    const reperformed = await cli(['--case', join(out, 'case.sqlite'), '--quiet', '--out', again]);
    expect(reperformed.status, reperformed.stderr).toBe(0);
    expect(readFileSync(join(again, 'report.json'), 'utf8')).toBe(readFileSync(join(out, 'report.json'), 'utf8'));
    // The saved profile file read back as a profile for every role: the same report.
    const fromSaved = join(dir, 'from-saved');
    const reread = await cli([...period, ...fileArgs(p), '--profile', join(saved, 'platform.profile.json'), '--out', fromSaved]);
    expect(reread.status, reread.stderr).toBe(0);
    const r2 = JSON.parse(readFileSync(join(fromSaved, 'report.json'), 'utf8'));
    expect(r2.liability).toEqual(report.liability);
  });

  it('--profile refuses an unknown role and a profile for another role in one line', async () => {
    const dir = mkdtempSync(join(tmp, 'bad-'));
    const profile = join(dir, 'p.json');
    writeFileSync(profile, JSON.stringify(GIFTLOOP_PROFILE));
    const args = ['--demo', '--quiet', '--out', join(dir, 'out')];
    const role = await cli([...args, '--profile', `platfrom=${profile}`]);
    expect([role.status, role.stderr]).toEqual([2, `reconcile: --profile platfrom=${profile}: 'platfrom' is not a role (roles: platform, storefront, payments, erp, opening)\n`]);
    const other = await cli([...args, '--profile', `erp=${profile}`]);
    expect([other.status, other.stderr]).toEqual([2, `reconcile: ${profile}: the profile giftloop-umsaetze reads platform files, not erp files\n`]);
  });
});
