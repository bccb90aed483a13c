import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCents } from '../../shared/money';
import { CATEGORIES } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { writeQuarter } from '../fixtures/write-quarter';
import { cliReport, expectHeadlineOf, headlineCents, loadFile, reconcileToOverview, navTo, setPeriod, shootEveryScreen, tempDir } from './helpers';

const ROLES = ['platform', 'storefront', 'payments', 'erp'] as const;

test('the demo quarter opens in one click and the overview equals the command line’s report.json', async ({ page }) => {
  const cli = cliReport(['--demo']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  const report = await cli;
  const l = report.liability;
  expect(await headlineCents(page)).toEqual({
    erp: l.erp_closing_cents,
    platform: l.platform_reported_closing_cents,
    reconstructed: l.reconstructed_closing_cents,
  });
  await expect(page.getByTestId('reconstructed')).toHaveText(formatCents(l.reconstructed_closing_cents));
  await expect(page.getByTestId('exceptions-total')).toHaveText(String(report.exceptions.length));
  for (const c of CATEGORIES) {
    const n = report.exceptions.filter((e) => e.category === c).length;
    await expect(page.locator(`tr[data-category="${c}"] td`).first()).toHaveText(String(n));
  }
  await expect(page.getByRole('img', { name: /^Waterfall/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Cumulative drift/ })).toBeVisible();
  await expect(page).toHaveTitle(/Demo quarter •/);
  // Import shows the control totals of every file, as the command line counted them.
  await navTo(page, 'Import');
  for (const input of report.inputs) {
    await expect(page.getByTestId(`read-${input.system}`)).toHaveText(input.rows.toLocaleString('en-US'));
    await expect(page.getByTestId(`quarantined-${input.system}`)).toHaveText(input.quarantined.toLocaleString('en-US'));
  }
  await shootEveryScreen(page, 'demo');
});

test('the case form refuses a reversed period', async ({ page }) => {
  await page.goto('/');
  await setPeriod(page, '2026-09-30', '2026-07-01', 'Europe/Berlin');
  await expect(page.getByText(/ends before it starts/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue to Import' })).toBeDisabled();
  await page.getByLabel('Period end').fill('2026-12-31');
  await expect(page.getByText(/ends before it starts/)).toHaveCount(0);
  await page.getByLabel('Business time zone').fill('Mars/Olympus');
  await expect(page.getByText(/not a known time zone/)).toBeVisible();
  await shootEveryScreen(page, 'case-form', 'Case');
});

test('four generated files imported through the file inputs reconcile to the command line’s numbers', async ({ page }) => {
  const dir = tempDir('quarter');
  // Messy files: headers in another case, spaced, shuffled, a BOM, extra columns, and malformed rows to quarantine.
  const q = generateQuarter({ seed: 11, cards: 150, timezone: 'America/Chicago', messy: true });
  await writeQuarter(q, dir);
  const cli = cliReport([
    '--period',
    `${q.options.periodStart}..${q.options.periodEnd}`,
    '--tz',
    q.options.timezone,
    ...ROLES.flatMap((r) => [`--${r}`, join(dir, r === 'erp' ? 'erp.xlsx' : `${r}.csv`)]),
    '--opening',
    join(dir, 'opening_balances.csv'),
  ]);
  await page.goto('/');
  await setPeriod(page, q.options.periodStart, q.options.periodEnd, q.options.timezone);
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, join(dir, r === 'erp' ? 'erp.xlsx' : `${r}.csv`));
  await loadFile(page, 'opening', join(dir, 'opening_balances.csv'));
  await reconcileToOverview(page);
  const report = await cli;
  await expectHeadlineOf(page, report);
  // The quarantine is listed per file, with the same control totals as the command line.
  await navTo(page, 'Import');
  for (const input of report.inputs) {
    await expect(page.getByTestId(`imported-${input.system}`)).toHaveText(input.imported.toLocaleString('en-US'));
    await expect(page.getByTestId(`quarantined-${input.system}`)).toHaveText(input.quarantined.toLocaleString('en-US'));
  }
  const withQuarantine = report.inputs.find((i) => i.quarantined > 0);
  expect(withQuarantine).toBeTruthy();
  const label = { platform: 'Gift card platform', storefront: 'Storefront', payments: 'Payment processor', erp: 'ERP', opening: 'Opening balances' }[
    withQuarantine!.system
  ];
  const card = page.getByRole('article', { name: `${label} file` });
  await expect(card.getByText(/quarantined rows?$/)).toBeVisible(); // listed open when there are a few
  const rows = card.getByRole('table', { name: `${label} quarantined rows` }).locator('tbody tr');
  await expect(rows).toHaveCount(withQuarantine!.quarantine.length);
  await expect(rows.first()).toContainText(withQuarantine!.quarantine[0].reason);
  await shootEveryScreen(page, 'import', 'Import');
});

test('a renamed header is fixed in the mapping editor: the missing-column error clears and nothing is quarantined', async ({ page }) => {
  const dir = tempDir('renamed');
  const q = generateQuarter({ seed: 5, cards: 80 });
  await writeQuarter(q, dir);
  const platform = join(dir, 'platform.csv');
  const text = readFileSync(platform, 'utf8');
  const [header, ...rest] = text.split('\n');
  writeFileSync(platform, [header.replace('Card Number', 'GC Code'), ...rest].join('\n'));

  await page.goto('/');
  await setPeriod(page, q.options.periodStart, q.options.periodEnd, q.options.timezone);
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, join(dir, r === 'erp' ? 'erp.xlsx' : `${r}.csv`));
  const card = page.getByRole('article', { name: 'Gift card platform file' });
  await expect(card.getByText('Required column “Card Number” was not found', { exact: false })).toBeVisible();
  await expect(card.getByText('Incomplete: map the missing columns')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reconcile', exact: true })).toBeDisabled();
  await shootEveryScreen(page, 'mapping-before', 'Import');

  await card.getByLabel('Gift card platform: file column for Card Number').selectOption('GC Code');
  await expect(card.getByText('Required column “Card Number” was not found', { exact: false })).toHaveCount(0);
  await expect(card.getByText('Mapped layout')).toBeVisible();
  // Save the mapping as a preset for next quarter; it survives a reload (localStorage).
  await card.getByLabel('Name for a new Gift card platform mapping preset').fill('GC Code export');
  await card.getByRole('button', { name: 'Save mapping as preset' }).click();
  await expect(card.getByLabel('Apply a saved Gift card platform mapping preset')).toContainText('GC Code export');

  await page.getByRole('button', { name: 'Reconcile', exact: true }).click();
  await expect(page.getByText('Reconciled.')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('quarantined-platform')).toHaveText('0');
  await expect(page.getByTestId('imported-platform')).toHaveText(q.files[0].rows.toLocaleString('en-US'));
  await shootEveryScreen(page, 'mapping-after', 'Import');
});

test('a long import shows progress with rows per second and can be cancelled without freezing the UI', async ({ page }) => {
  const dir = tempDir('large');
  const q = generateQuarter({ seed: 3, cards: 30_000, anomalies: 'clean', erpFormat: 'csv' });
  await writeQuarter(q, dir);
  await page.goto('/');
  await setPeriod(page, q.options.periodStart, q.options.periodEnd, q.options.timezone);
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, join(dir, `${r}.csv`));
  await page.getByRole('button', { name: 'Reconcile', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Reading and matching', exact: true });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('run-text')).toContainText('rows/s', { timeout: 30_000 });
  // The UI answers while the engine works: navigate away and back.
  await navTo(page, 'Case');
  await navTo(page, 'Import');
  await page.screenshot({ path: 'test-results/screens/cancel-progress.png', fullPage: true });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByText('Cancelled. Nothing was changed.')).toBeVisible();
  await expect(bar).toHaveCount(0);
  await shootEveryScreen(page, 'cancel', 'Import');
});

test('a case is saved through the host, reopened, and an unsaved case is offered back after a restart', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  const numbers = await headlineCents(page);
  await expect(page).toHaveTitle('Demo quarter • — Balance Forensics');

  // Autosave runs shortly after the run; a restart offers the unsaved case back.
  await page.waitForTimeout(3000);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'Recover it?' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/recovery-offer.png' });
  await page.getByRole('button', { name: 'Recover' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  expect(await headlineCents(page)).toEqual(numbers);

  // Save (a download in the browser host): the title loses its unsaved marker.
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const file = join(tempDir('save'), 'case.sqlite');
  await (await download).saveAs(file);
  await expect(page).toHaveTitle('Demo quarter — Balance Forensics');

  // A fresh start opens the saved file to the same numbers.
  await page.getByRole('button', { name: 'New case' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Case' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(file);
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  expect(await headlineCents(page)).toEqual(numbers);
  await expect(page).toHaveTitle('case — Balance Forensics');
  await shootEveryScreen(page, 'reopened');
});
