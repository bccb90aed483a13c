// Part 2 in Chromium: exception review by keyboard, bulk actions and undo, a non-default resolution moving the
// overview, exports re-read with SheetJS, and a saved case reopened with its decisions intact.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { CATEGORY_LABELS, type Category, type Report } from '../../shared/types';
import { confirmBulk, headlineCents, nameReviewer, navTo, SCREENS_DIR, shootEveryScreen, tempDir } from './helpers';

async function openDemo(page: Page): Promise<void> {
  await nameReviewer(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
}

const queue = (page: Page) => page.getByRole('listbox', { name: 'Exception queue' });
const detailId = async (page: Page) => (await page.getByTestId('detail-id').textContent())?.trim() ?? '';
const statusOf = (page: Page, id: string) => page.locator(`#ex-${id}`);
const reviewTotal = async (page: Page) => Number(await page.getByTestId('review-reconstructed').getAttribute('data-cents'));

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
}

test('exceptions are reviewed with the keyboard, decided in bulk, undone, and a non-default resolution moves the overview', async ({ page }) => {
  await openDemo(page);
  const before = await headlineCents(page);
  // The demo's smallest differences are a few dollars: widen the auto-settle tolerance (a UI-only setting) to $20.
  await navTo(page, 'Case');
  await page.getByLabel('Auto-settle tolerance').fill('20.00');
  await page.getByLabel('Auto-settle tolerance').blur();
  await navTo(page, 'Exceptions');
  await expect(page.getByRole('button', { name: /^Auto-settle ≤ \$?20\.00/ })).toBeVisible();
  await expect(queue(page).getByRole('option').first()).toBeVisible();
  const first = await detailId(page);
  await expect(queue(page).getByRole('option', { selected: true })).toHaveAttribute('id', `ex-${first}`);

  // j/k move the selection.
  await page.locator('body').press('j');
  await page.locator('body').press('j');
  const third = await detailId(page);
  expect(third).not.toBe(first);
  await page.locator('body').press('k');
  const second = await detailId(page);
  expect([first, third]).not.toContain(second);

  // a accepts and moves on; u undoes (the engine puts the exception back as it was); Shift+U redoes.
  await page.locator('body').press('a');
  await expect(statusOf(page, second)).toHaveAttribute('data-status', 'accepted');
  await expect.poll(() => detailId(page)).toBe(third);
  await page.locator('body').press('u');
  await expect(statusOf(page, second)).toHaveAttribute('data-status', 'open');
  await page.locator('body').press('Shift+U');
  await expect(statusOf(page, second)).toHaveAttribute('data-status', 'accepted');

  // n focuses the note; the decision carries it.
  await page.locator('body').press('n');
  await expect(page.getByPlaceholder(/Why/)).toBeFocused();
  await page.keyboard.type('Checked against the bank statement');
  await page.keyboard.press('Escape');
  await page.locator('body').press('a');
  await expect(statusOf(page, third)).toHaveAttribute('data-status', 'accepted');
  await shoot(page, 'review-exceptions');

  // Bulk: accept a whole category, then undo it.
  await page.getByLabel('Category').selectOption('DUPLICATE');
  const dupCount = await queue(page).getAttribute('data-count');
  expect(Number(dupCount)).toBeGreaterThan(0);
  await page.getByRole('button', { name: /^Accept all Duplicate/ }).click();
  await confirmBulk(page);
  await expect(queue(page).locator('[data-status="accepted"]')).toHaveCount(Math.min(Number(dupCount), await queue(page).getByRole('option').count()));
  await expect(queue(page).locator('[data-status="open"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(queue(page).locator('[data-status="accepted"]')).toHaveCount(0);

  // Auto-settle everything within the tolerance, then undo.
  await page.getByLabel('Category').selectOption('all');
  const settle = page.getByRole('button', { name: /^Auto-settle/ });
  const n = Number((await settle.textContent())?.match(/\((\d+)\)/)?.[1] ?? 0);
  expect(n).toBeGreaterThan(0);
  await settle.click();
  await confirmBulk(page);
  await expect(settle).toHaveText(/\(0\)/);
  await page.locator('body').press('u');
  await expect(settle).toHaveText(new RegExp(`\\(${n}\\)`));
  expect(await reviewTotal(page)).toBe(before.reconstructed);

  // A non-default resolution changes the reconstructed liability, here and on the overview.
  await page.getByLabel('Category').selectOption('MISSING_IN_PLATFORM');
  const pick = await detailId(page);
  await page.getByRole('radio', { name: /It did not happen/ }).check();
  await page.getByRole('button', { name: 'Choose this resolution' }).click();
  await expect(statusOf(page, pick)).toHaveAttribute('data-status', 'resolved');
  await expect.poll(() => reviewTotal(page)).not.toBe(before.reconstructed);
  const after = await reviewTotal(page);
  await expect(page.getByRole('table', { name: 'Timeline across the four systems' })).toBeVisible();
  await shoot(page, 'review-exception-resolved');
  await navTo(page, 'Overview');
  expect((await headlineCents(page)).reconstructed).toBe(after);

  // Undo takes the decision back: the default resolution and the total are as before.
  await navTo(page, 'Exceptions');
  await page.locator('body').press('u');
  await expect.poll(() => reviewTotal(page)).toBe(before.reconstructed);
});

test('exports download and re-read; a saved case reopens with its decisions intact', async ({ page }) => {
  await openDemo(page);
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('MISSING_IN_PLATFORM');
  const pick = await detailId(page);
  await page.getByRole('radio', { name: /It did not happen/ }).check();
  await page.getByPlaceholder(/Why/).fill('No trace in the processor');
  await page.getByRole('button', { name: 'Choose this resolution' }).click();
  await expect(statusOf(page, pick)).toHaveAttribute('data-status', 'resolved');
  const total = await reviewTotal(page);

  await navTo(page, 'Export');
  const dir = tempDir('export');
  const save = async (name: RegExp): Promise<string> => {
    const dl = page.waitForEvent('download');
    await page.getByRole('button', { name }).click();
    const d = await dl;
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    return path;
  };
  const report = JSON.parse(readFileSync(await save(/^Save report\.json/), 'utf8')) as Report;
  expect(report.liability.reconstructed_closing_cents).toBe(total);
  expect(report.decisions_applied).toBe(1);

  const wb = XLSX.read(readFileSync(await save(/^Save workpapers/)), { type: 'buffer' });
  const summary = XLSX.utils.sheet_to_json<{ Item: string; Value: string | number }>(wb.Sheets.Summary);
  const val = (item: string) => summary.find((r) => r.Item === item)?.Value;
  const L = report.liability;
  expect(Math.round(Number(val('Reconstructed closing liability')) * 100)).toBe(L.reconstructed_closing_cents);
  expect(Math.round(Number(val('The platform reports')) * 100)).toBe(L.platform_reported_closing_cents);
  expect(Math.round(Number(val('The ERP (general ledger) shows')) * 100)).toBe(L.erp_closing_cents);
  expect(val('Auditor decisions applied')).toBe(1);
  const bridge = XLSX.utils.sheet_to_json<{ Line: string; Count?: number; Amount: number }>(wb.Sheets.Bridge);
  expect(Math.round(bridge[0].Amount * 100)).toBe(L.erp_closing_cents);
  expect(Math.round(bridge[bridge.length - 1].Amount * 100)).toBe(L.reconstructed_closing_cents);
  for (const b of L.bridge) {
    // The sheet names each category as the screens do (its label), not by its code.
    const line = bridge.find((r) => r.Line === (CATEGORY_LABELS[b.category as Category] ?? b.category));
    expect(line, b.category).toBeTruthy();
    expect(Math.round((line?.Amount ?? 0) * 100)).toBe(b.amount_cents);
  }
  const journal = readFileSync(await save(/^Save journal entries/), 'utf8');
  expect(journal.split('\n')[0].length).toBeGreaterThan(0);
  readFileSync(await save(/^Save platform corrections/), 'utf8');

  // SQL console: read-only SQL over the case database.
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByLabel('SQL', { exact: true }).fill('SELECT key, action, note FROM decisions');
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.getByRole('table', { name: 'Query results' })).toContainText('No trace in the processor');
  await page.getByLabel('SQL', { exact: true }).fill("DELETE FROM decisions");
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  // Save the case (a download), open it again, and find the decision.
  await page.getByRole('tab', { name: 'Files' }).click();
  const casePath = await save(/^Save the case file/);
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(casePath);
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  expect((await headlineCents(page)).reconstructed).toBe(total);
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('MISSING_IN_PLATFORM');
  await expect(statusOf(page, pick)).toHaveAttribute('data-status', 'resolved');
  await shootEveryScreen(page, 'review', 'Exceptions');
});
