// Issue #18, "The review an auditor can trust": each defect found by trying the app as a new user, kept from
// coming back. The demo quarter (assets/demo) is the data: 24 exceptions, two of each category.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { CATEGORIES } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { writeQuarter } from '../fixtures/write-quarter';
import { cliReport, confirmBulk, guideShot, loadFile, nameReviewer, navTo, reconcileToOverview, REVIEWER, ROOT, runSql, tempDir } from './helpers';

const ROLES = ['platform', 'storefront', 'payments', 'erp'] as const;

const queue = (page: Page) => page.getByRole('listbox', { name: 'Exception queue' });
const counts = async (page: Page) => (await page.getByTestId('exception-counts').textContent())?.trim() ?? '';
const row = (page: Page, id: string) => page.locator(`#ex-${id}`);
const categoryOption = async (page: Page, category: string) =>
  (await page.getByLabel('Category').locator(`option[value="${category}"]`).textContent())?.trim() ?? '';

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
}

async function auditActions(page: Page): Promise<string[]> {
  const rows = await runSql(page, 'SELECT action, detail FROM audit_log ORDER BY seq');
  return rows.map((r) => `${r[0]}: ${r[1]}`);
}

test('undo belongs to its case: a new case starts with nothing to undo, and u writes nothing', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Exceptions');
  await expect(queue(page).getByRole('option').first()).toBeVisible();
  await page.locator('body').press('a');
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeEnabled();

  // New case, discarding the unsaved one; then the demo again.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'New case' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Case' })).toBeVisible();
  await openDemo(page);
  await navTo(page, 'Exceptions');
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Redo', exact: true })).toBeDisabled();
  const before = await counts(page);
  expect(before).toBe('24 in all · 24 open · 0 accepted · 0 resolved otherwise · 0 deferred');

  await page.locator('body').press('u');
  await expect(page.getByRole('status')).toHaveText('Nothing to undo');
  await page.locator('body').press('Shift+U');
  await expect(page.getByRole('status')).toHaveText('Nothing to redo');
  expect(await counts(page)).toBe(before);
  // The audit log of the new case holds its import and nothing else.
  expect(await auditActions(page)).toEqual([expect.stringMatching(/^import: /), expect.stringMatching(/^settings: /)]);
});

test('a bulk action shows what it will change, and its undo puts every exception back as it was', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('CUTOFF');
  const [first, second] = await queue(page).getByRole('option').evaluateAll((els) => els.map((e) => e.id.slice(3)));
  // One cut-off deferred first: the bulk action then finds one open and one deferred.
  await row(page, first).click();
  await page.locator('body').press('d');
  await expect(row(page, first)).toHaveAttribute('data-status', 'deferred');
  const before = await counts(page);

  await page.getByRole('button', { name: /^Accept all Cut-off \(2\)/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('table', { name: 'Exceptions this will decide' }).locator('tbody tr')).toHaveCount(2);
  await guideShot(page, 'bulk-preview', 'window');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await counts(page)).toBe(before);
  await page.getByRole('button', { name: /^Accept all Cut-off \(2\)/ }).click();
  const summary = await confirmBulk(page);
  expect(summary).toContain('1 open → accepted');
  expect(summary).toContain('1 deferred → accepted');
  expect(summary).toContain('The numbers do not move');
  await expect(row(page, second)).toHaveAttribute('data-status', 'accepted');
  expect(await counts(page)).not.toBe(before);

  // Undo: the step is taken back whole, each exception as it was (no "deferred" made up for the open one).
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(row(page, second)).toHaveAttribute('data-status', 'open');
  await expect(row(page, first)).toHaveAttribute('data-status', 'deferred');
  expect(await counts(page)).toBe(before);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('open');
  await expect(row(page, second)).toBeVisible();

  // Auto-settle likewise: preview, act, undo, the counts as before.
  await page.getByRole('combobox', { name: 'Status' }).selectOption('all');
  await page.getByLabel('Category').selectOption('all');
  const settle = page.getByRole('button', { name: /^Auto-settle/ });
  const n = Number((await settle.textContent())?.match(/\((\d+)\)/)?.[1]);
  const beforeSettle = await counts(page);
  if (n > 0) {
    await settle.click();
    await confirmBulk(page);
    await expect(settle).toHaveText(/\(0\)/);
    await page.locator('body').press('u');
    await expect(settle).toHaveText(new RegExp(`\\(${n}\\)`));
    expect(await counts(page)).toBe(beforeSettle);
  }

  // The audit log says what was undone, naming the step.
  const log = await auditActions(page);
  expect(log.some((l) => /^undo: accept all Cut-off \(entries \d+ to \d+, 2 decisions\)$/.test(l))).toBe(true);
  expect(log.filter((l) => l.startsWith('decision:defer')).length).toBe(1);
});

test('ticked exceptions are decided together, after a preview', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Exceptions');
  const ids = await queue(page).getByRole('option').evaluateAll((els) => els.slice(0, 5).map((e) => e.id.slice(3)));
  await page.getByRole('checkbox', { name: `Tick ${ids[0]}` }).check();
  await page.getByRole('checkbox', { name: `Tick ${ids[3]}` }).click({ modifiers: ['Shift'] });
  // x on the selected row ticks it too.
  await row(page, ids[4]).click();
  await page.locator('body').press('x');
  await expect(page.getByTestId('checked-count')).toHaveText(' · 5 ticked');
  await page.getByRole('button', { name: 'Defer ticked (5)' }).click();
  await confirmBulk(page);
  for (const id of ids) await expect(row(page, id)).toHaveAttribute('data-status', 'deferred');
  await expect(page.getByTestId('checked-count')).toHaveCount(0);
  await page.locator('body').press('u');
  for (const id of ids) await expect(row(page, id)).toHaveAttribute('data-status', 'open');
});

test('the queue sorts by amount and by id; the overview drills down to a category', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await guideShot(page, 'overview');
  // A category row of the overview opens the queue on that category.
  await page.getByRole('table', { name: 'Exceptions by category' }).getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Exceptions' })).toBeVisible();
  await expect(page.getByLabel('Category')).toHaveValue('DUPLICATE');
  await expect(queue(page)).toHaveAttribute('data-count', '2');
  // So does a bar of the bridge.
  await navTo(page, 'Overview');
  await page.locator('.recharts-bar-rectangle').nth(1).click();
  await expect(page.getByLabel('Category')).toHaveValue(CATEGORIES[0]);

  await page.getByLabel('Category').selectOption('all');
  await page.getByRole('button', { name: /^Amount/ }).click();
  const amounts = async () =>
    (await queue(page).locator('.queue-row .num').allTextContents()).map((t) => Math.abs(Number(t.replace(/[(),]/g, ''))));
  const desc = await amounts();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await guideShot(page, 'queue', 'window');
  await page.getByRole('button', { name: /^Amount/ }).click();
  const asc = await amounts();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  await page.getByRole('button', { name: /^ID/ }).click();
  const ids = await queue(page).getByRole('option').evaluateAll((els) => els.map((e) => e.id));
  expect(ids).toEqual([...ids].sort());
});

test('the browser asks once for the reviewer’s name and records decisions under it', async ({ page }) => {
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Exceptions');
  const id = (await page.getByTestId('detail-id').textContent())?.trim();
  await page.locator('body').press('a');
  const dialog = page.getByRole('dialog', { name: 'Your name for the audit log' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Reviewer name').fill('Dana Reyes');
  await dialog.getByRole('button', { name: 'Use this name' }).click();
  await expect(row(page, id!)).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByRole('button', { name: 'Reviewer: Dana Reyes' })).toBeVisible();
  // Asked once: the next decision goes straight through, also after a reload.
  await page.locator('body').press('d');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const users = await runSql(page, "SELECT DISTINCT user FROM audit_log WHERE action LIKE 'decision:%'");
  expect(users).toEqual([['Dana Reyes']]);
  expect(await page.evaluate(() => localStorage.getItem('bf.user'))).toBe('Dana Reyes');
  expect(REVIEWER).not.toBe('Dana Reyes');
});

test('card numbers are masked until asked for; a card opens its own roll-forward', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Balances');
  const grid = page.getByRole('table', { name: 'Card balances' });
  const firstCard = grid.locator('.bal-row .card-number').first();
  await expect(firstCard).toHaveText(/^••••\d{4}$/);
  await page.getByRole('button', { name: 'Show card numbers' }).click();
  await expect(firstCard).toHaveText(/^\d{16}$/);
  const number = (await firstCard.textContent())!;
  await page.getByRole('button', { name: 'Mask card numbers' }).click();
  await expect(firstCard).toHaveText(`••••${number.slice(-4)}`);

  // One scrollbar: the list scrolls with the page, not in a box of its own.
  expect(await grid.locator('.bal-scroll').count()).toBe(0);

  await guideShot(page, 'balances', 'window');
  await grid.getByRole('button', { name: `Roll-forward of ${number}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Card/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Timeline across the four systems' })).toBeVisible();
  // The lanes are in the case's zone, as the explanations are.
  await expect(page.getByRole('columnheader', { name: 'When, in America/Chicago' })).toBeVisible();
  await expect(page.locator('.tl-when.mono').first()).toContainText(/C[DS]T/);
  await guideShot(page, 'card');
  await page.getByRole('button', { name: '← Every card' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Balances' })).toBeVisible();

  // From an exception: its card's roll-forward, with the finding listed.
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('DUPLICATE');
  const id = (await page.getByTestId('detail-id').textContent())!.trim();
  await expect(page.locator('.explanation')).not.toContainText(/\d{16}/);
  await page.getByRole('button', { name: 'the card’s roll-forward' }).click();
  const findings = page.getByRole('table', { name: 'Findings on this card' });
  await expect(findings.getByRole('button', { name: id })).toBeVisible();
  await findings.getByRole('button', { name: id }).click();
  await expect(page.getByTestId('detail-id')).toHaveText(id);
});

test('the overview draws the bridge from zero and groups drift alerts per series', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  const ticks = page.getByRole('img', { name: /^Waterfall/ }).locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await expect(ticks.first()).toBeVisible();
  const values = (await ticks.allTextContents()).map((t) => Number(t.replace(/,/g, '')));
  expect(Math.min(...values)).toBe(0);
  // A threshold every week passes: one line per series, not one per week.
  await navTo(page, 'Case');
  await page.getByLabel('Drift alert threshold').fill('0.01');
  await navTo(page, 'Overview');
  const alerts = page.getByLabel('Drift alerts').getByRole('note');
  await expect(alerts.first()).toBeVisible();
  expect(await alerts.count()).toBeLessThanOrEqual(2);
  await expect(alerts.first()).toContainText(/passes the 0\.01 limit in \d+ weeks/);
});

test('the SQL console lists columns, explains a typo, and shows money in currency', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Export');
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByRole('button', { name: 'Show tables' }).click();
  const tables = page.getByRole('table', { name: 'Tables and their columns' });
  await expect(tables.getByRole('row', { name: /^exceptions / })).toContainText('erp_effect');
  const sql = page.getByLabel('SQL', { exact: true });
  await sql.fill('SELEC * FROM exceptions');
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.getByRole('alert')).toHaveText('SQL: near "SELEC": syntax error');
  await sql.fill('DELETE FROM decisions');
  await page.getByRole('button', { name: /^Run/ }).click();
  await expect(page.getByRole('alert')).toHaveText(/only reads the case: DELETE would change it/);
  await sql.fill('SELECT id, amount FROM exceptions WHERE amount >= 10000 ORDER BY seq LIMIT 1');
  await page.getByRole('button', { name: /^Run/ }).click();
  const cell = page.getByRole('table', { name: 'Query results' }).locator('tbody td').nth(1);
  await expect(cell).toHaveText(/^\d{1,3}(,\d{3})*\.\d\d$/);
  await page.getByLabel('Money in cents, as stored').check();
  await expect(cell).toHaveText(/^\d+$/);
  await guideShot(page, 'sql-console');

  // The case file saved from Export is the case saved: the unsaved marker goes.
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page).toHaveTitle(/•/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Save the case file/ }).click();
  await download;
  await expect(page).toHaveTitle('Demo quarter — Balance Forensics');
});

test('a new case takes its period from the files, and refuses a run on another quarter’s files until told', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, join(ROOT, 'assets/demo', r === 'erp' ? 'erp.xlsx' : `${r}.csv`));
  // The new case's default period (last quarter, this computer's zone) gives way to what the files say.
  const panel = page.getByTestId('period-panel');
  await expect(page.getByTestId('period-basis')).toContainText('Taken from the files');
  await expect(panel).toContainText('Q2 2026');
  await expect(panel).toContainText('America/Chicago');
  await expect(page.getByTestId('period-warning')).toHaveCount(0);
  await navTo(page, 'Case');
  await expect(page.getByLabel('Period start')).toHaveValue('2026-04-01');
  await expect(page.getByLabel('Period end')).toHaveValue('2026-06-30');

  // The auditor picks another quarter: the run is refused until the proposal is taken or the auditor goes on.
  await page.getByLabel('Period start').fill('2026-07-01');
  await page.getByLabel('Period end').fill('2026-09-30');
  await navTo(page, 'Import');
  await expect(page.getByTestId('period-warning')).toBeVisible();
  await expect(page.getByTestId('proposed-period')).toHaveText('Q2 2026');
  await expect(page.getByRole('button', { name: 'Reconcile', exact: true })).toBeDisabled();
  await guideShot(page, 'import-period-refused');
  await reconcileToOverview(page, 'Reconcile anyway');
  // Not a calm "Reconstructed − ERP 0.00": the overview says loudly that the period holds almost nothing.
  await expect(page.getByTestId('report-warning')).toBeVisible();
  await guideShot(page, 'overview-period-warning', 'window');
  await navTo(page, 'Import');
  await page.getByRole('button', { name: /^Use Q2 2026/ }).click();
  await expect(page.getByTestId('period-warning')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reconcile again' })).toBeEnabled();
});

test('each optional column a file lacks says, before the run, what the run loses without it', async ({ page }) => {
  const dir = tempDir('optional');
  const q = generateQuarter({ seed: 8, cards: 60, erpFormat: 'csv' });
  await writeQuarter(q, dir);
  const drop = (file: string, columns: string[]) => {
    const path = join(dir, file);
    const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
    const fields = parsed.meta.fields!.filter((f) => !columns.includes(f));
    writeFileSync(path, Papa.unparse({ fields, data: parsed.data.map((r) => fields.map((f) => r[f])) }));
  };
  drop('platform.csv', ['Balance After', 'Order Ref']);
  drop('erp.csv', ['Reference']);
  await nameReviewer(page);
  await page.goto('/');
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, join(dir, `${r}.csv`));
  const platform = page.getByRole('note', { name: 'Gift card platform: optional columns missing' });
  await expect(platform).toContainText('Balance After: no balance-chain check');
  await expect(platform).toContainText('Order Ref: storefront rows link only by last four');
  await expect(page.getByRole('note', { name: 'ERP: optional columns missing' })).toContainText('Reference: no ERP line can be tied');
  await expect(page.getByRole('note', { name: 'Storefront: optional columns missing' })).toHaveCount(0);
  await expect(page.getByTestId('missing-summary')).toContainText('3 optional columns are missing');
  await guideShot(page, 'import-missing-columns');
});

test('control totals count money per file and column; the ERP preview shows dates', async ({ page }) => {
  const cli = cliReport(['--demo']);
  await nameReviewer(page);
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Import');
  const report = await cli;
  for (const input of report.inputs) {
    for (const m of input.money ?? []) {
      await expect(page.getByTestId(`money-${input.system}-${m.column}`)).toHaveAttribute('data-cents', String(m.total_cents));
    }
  }
  // The ERP workbook's posting dates read as dates in the preview, not as Excel serials (46113).
  const erpCard = page.getByRole('article', { name: 'ERP file' });
  await erpCard.getByText('Column mapping and preview').click();
  const preview = erpCard.getByRole('table', { name: 'Preview of erp.xlsx' });
  const dateAt = await preview.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => th.textContent?.trim() === 'Date'));
  expect(dateAt).toBeGreaterThanOrEqual(0);
  const dates = await preview.locator(`tbody tr td:nth-child(${dateAt + 1})`).allTextContents();
  expect(dates.length).toBeGreaterThan(0);
  for (const d of dates) expect(d).toMatch(/^2026-\d{2}-\d{2}$/);
  await guideShot(page, 'import-totals');
  // Debit and credit of the ERP foot, as a balanced ledger's do.
  const erp = report.inputs.find((i) => i.system === 'erp')!.money!;
  expect(erp.find((m) => m.column === 'Debit')!.total_cents).toBe(erp.find((m) => m.column === 'Credit')!.total_cents);
});

/**
 * A quarter where one storefront tender lost its order and 5% of its amount on the way: the rules cannot pair it
 * with its platform redemption, which is left without a tender, and the card goes below zero.
 */
async function quarterWithNearMiss(): Promise<{ dir: string; card: string }> {
  const dir = tempDir('nearmiss');
  const q = generateQuarter({ seed: 5, cards: 80 });
  await writeQuarter(q, dir);
  const path = join(dir, 'storefront.csv');
  const sf = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  const row = sf.data.find((r) => r.Event === 'gift_card_applied' && Number(r.Amount) > 20)!;
  row.Order = '#99999';
  row.Amount = (Math.round(Number(row.Amount) * 95) / 100).toFixed(2);
  writeFileSync(path, Papa.unparse({ fields: sf.meta.fields!, data: sf.data.map((r) => sf.meta.fields!.map((f) => r[f])) }));
  const platform = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'platform.csv'), 'utf8'), { header: true, skipEmptyLines: true });
  const card = platform.data.find((r) => r['Card Number'].endsWith(row['Card Last Four']))!['Card Number'];
  return { dir, card };
}

test('a negative card is flagged; a near miss is linked by hand, undone, redone; an unlink is checked first', async ({ page }) => {
  const { dir, card } = await quarterWithNearMiss();
  await nameReviewer(page);
  await page.goto('/');
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, join(dir, r === 'erp' ? 'erp.xlsx' : `${r}.csv`));
  await loadFile(page, 'opening', join(dir, 'opening_balances.csv'));
  await page.getByRole('button', { name: 'Reconcile', exact: true }).click();
  await expect(page.getByText('Reconciled.')).toBeVisible({ timeout: 60_000 });

  // Balances flags the card that went below zero; its view says where.
  await navTo(page, 'Balances');
  await expect(page.getByTestId('negative-cards')).toHaveText('1 with a negative balance');
  await page.getByLabel('Show').selectOption('negative');
  await page.getByRole('button', { name: `Roll-forward of ${card}` }).click();
  await expect(page.getByTestId('card-negative')).toBeVisible();
  expect(Number(await page.getByTestId('card-lowest').getAttribute('data-cents'))).toBeLessThan(0);
  await guideShot(page, 'card-negative');

  // The finding on it names a possible counterpart: link them.
  const findings = page.getByRole('table', { name: 'Findings on this card' });
  await findings.getByRole('button', { name: /^EX-/ }).first().click();
  await expect(page.getByTestId('detail-id')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Link', exact: true })).toBeVisible();
  await guideShot(page, 'exception-counterpart', 'window');
  const before = await counts(page);
  const mismatchesBefore = await categoryOption(page, 'AMOUNT_MISMATCH');
  const missingId = (await page.getByTestId('detail-id').textContent())!.trim();
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(row(page, missingId)).toHaveCount(0);
  // The pair is one movement now, whose amounts differ by the 5% lost: an amount mismatch of its own.
  expect(mismatchesBefore).toMatch(/\((\d+)\)$/);
  const n = Number(/\((\d+)\)$/.exec(mismatchesBefore)![1]);
  await expect(page.getByLabel('Category').locator('option[value="AMOUNT_MISMATCH"]')).toHaveText(`Amount mismatch (${n + 1})`);
  const log = await auditActions(page);
  expect(log.some((l) => /^decision:link: /.test(l))).toBe(true);

  // The card is whole again: it no longer goes below zero, and the pair shows on its line, unlinkable. The
  // Balances screen comes back to the card it showed.
  const balances = () => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Balances/ }).click();
  await balances();
  await expect(page.getByRole('heading', { level: 2, name: /^Card/ })).toBeVisible();
  await expect(page.getByTestId('card-negative')).toHaveCount(0);
  const unlink = page.getByRole('button', { name: /^Unlink storefront \d+ from platform / });
  await expect(unlink).toBeVisible();
  await guideShot(page, 'card-linked');
  await page.getByRole('button', { name: '← Every card' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Balances' })).toBeVisible();
  await expect(page.getByTestId('negative-cards')).toHaveCount(0);
  await page.getByLabel('Search cards').fill(card);
  await page.getByRole('button', { name: `Roll-forward of ${card}` }).click();

  // Undo takes the link back; redo brings it again; an unlink from the card's line takes the pair apart.
  await navTo(page, 'Exceptions');
  await page.locator('body').press('u');
  await expect(row(page, missingId)).toBeVisible();
  expect(await counts(page)).toBe(before);
  await page.locator('body').press('Shift+U');
  await expect(row(page, missingId)).toHaveCount(0);
  await balances();
  // Taking the tender off again would leave the redemption spending what the card no longer holds: refused, and
  // said why, with nothing recorded.
  await unlink.click();
  await expect(page.getByTestId('unlink-refused')).toContainText('below zero');
  // The engine's words name the card: masked, as everywhere on screen.
  await expect(page.getByTestId('unlink-refused')).toContainText(`••••${card.slice(-4)}`);
  await expect(page.getByTestId('unlink-refused')).not.toContainText(card);
  await expect(page.getByTestId('card-negative')).toHaveCount(0);
  await guideShot(page, 'card-unlink-refused', page.getByRole('table', { name: 'The reconstructed line' }).locator('xpath=..'));
  expect((await auditActions(page)).some((l) => /^decision:unlink: /.test(l))).toBe(false);
  // The ERP's line can be taken off the movement: recorded like any decision, and the line shows it apart.
  await balances();
  await page.getByRole('button', { name: /^Unlink erp \S+ from platform / }).click();
  await expect(page.getByRole('button', { name: /^Unlink erp \S+ from platform / })).toHaveCount(0);
  await expect(page.getByTestId('unlink-refused')).toHaveCount(0);
  expect((await auditActions(page)).some((l) => /^decision:unlink: /.test(l))).toBe(true);

  // Saved and reopened, the link and the unlink are re-performed as the log records them: the case opens
  // intact, not read-only as a tampered one would, with the same findings.
  await navTo(page, 'Exceptions');
  const decided = { counts: await counts(page), mismatches: await categoryOption(page, 'AMOUNT_MISMATCH') };
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const saved = join(tempDir('links'), 'case.sqlite');
  await (await download).saveAs(saved);
  await page.getByRole('button', { name: 'New case' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(saved);
  await expect(page.getByText(/audit log intact/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: /Read-only/ })).toHaveCount(0);
  await navTo(page, 'Exceptions');
  expect({ counts: await counts(page), mismatches: await categoryOption(page, 'AMOUNT_MISMATCH') }).toEqual(decided);
});

test('a decision’s note, decider, time and reason show after the case is saved and reopened', async ({ page }) => {
  await nameReviewer(page);
  await page.clock.setFixedTime(new Date('2026-07-08T15:04:00Z'));
  await page.goto('/');
  await openDemo(page);
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('MISSING_IN_PLATFORM');
  const id = (await page.getByTestId('detail-id').textContent())!.trim();
  await page.getByRole('radio', { name: /It did not happen/ }).check();
  await page.getByLabel('Reason code').selectOption('Confirmed against the processor payout');
  await page.getByPlaceholder(/Why/).fill('No charge in the processor’s payout for this order');
  await page.getByRole('button', { name: 'Choose this resolution' }).click();
  await expect(row(page, id)).toHaveAttribute('data-status', 'resolved');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const saved = join(tempDir('evidence'), 'case.sqlite');
  await (await download).saveAs(saved);

  await page.getByRole('button', { name: 'New case' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(saved);
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('MISSING_IN_PLATFORM');
  await row(page, id).click();
  const record = page.getByRole('region', { name: 'Decision record' });
  await expect(record.getByTestId('decider')).toHaveText(REVIEWER);
  await expect(record.getByTestId('decision-reason')).toHaveText('Confirmed against the processor payout');
  await expect(record).toContainText('No charge in the processor’s payout for this order');
  await expect(record).toContainText('2026-07-08 10:04:00 CDT');
  await expect(record).toContainText('It did not happen');
  await guideShot(page, 'decision-record', 'window');
});
