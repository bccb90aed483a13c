// The close in Chromium (issue #20): a preparer signs, the reviewer is refused until the material items are
// decided, a later decision voids the sign-off (screen, workpapers, report.json); Q3 closes and Q4 opens from it,
// each card opening at Q3's closing and the deferred items carried; an exported review workbook edited by a script
// comes back with exactly the intended changes, and the audit log names the workbook. The Close screen's pictures
// go to test-results/screens/ and to docs/guide/ (docs/guide.md's Close section).
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import initSqlJs from 'sql.js';
import type { Report } from '../../shared/types';
import { generatePair } from '../fixtures/generate';
import { writeQuarter } from '../fixtures/write-quarter';
import { headlineCents, loadFile, reconcileToOverview, nameReviewer, navTo, ROOT, SCREENS_DIR, setPeriod, tempDir } from './helpers';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// Decisions are made under a reviewer's name the browser keeps (it asks before the first one otherwise).
test.beforeEach(({ page }) => nameReviewer(page));

async function openDemo(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
}

async function goClose(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Close/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Close' })).toBeVisible();
}

/** Runs the reconciliation from the Import screen and goes to the Overview, as a user does. */
async function reconcile(page: Page): Promise<void> {
  await reconcileToOverview(page);
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible();
}

/** A picture of the whole screen (the content grown to its height), for the guide. */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  const extra = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
  if (extra > 0) await page.setViewportSize({ width: size.width, height: Math.min(size.height + extra, 4000) });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path });
  if (extra > 0) await page.setViewportSize(size);
  // docs/guide.md's Close section shows these: written on every run, as the other guide pictures are.
  mkdirSync(join(ROOT, 'docs', 'guide'), { recursive: true });
  copyFileSync(path, join(ROOT, 'docs', 'guide', `${name}.png`));
}

/** Clicks a button that downloads a file; the file's path. */
async function download(page: Page, dir: string, button: RegExp | string): Promise<string> {
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const d = await dl;
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

const status = (page: Page) => page.getByTestId('close-status');
const preparer = (page: Page) => page.getByRole('region', { name: 'Preparer sign-off' });
const reviewer = (page: Page) => page.getByRole('region', { name: 'Reviewer sign-off' });

test('a preparer signs, the reviewer is refused until the material items are decided, a later decision voids the sign-off', async ({ page }) => {
  await openDemo(page);
  await goClose(page);
  await expect(status(page)).toHaveAttribute('data-status', 'unsigned');
  await page.getByLabel('Materiality', { exact: true }).fill('200.00');
  await page.getByRole('button', { name: 'Set materiality' }).click();
  await expect(page.getByTestId('material-count')).toHaveText(/^3 open exceptions above 200\.00/);
  await shoot(page, 'close-unsigned');

  // The preparer is refused while material items are open, then signs with a note saying why.
  await preparer(page).getByLabel('Preparer name').fill('Ana Preparer');
  await preparer(page).getByRole('button', { name: 'Sign as preparer' }).click();
  await expect(preparer(page).getByRole('alert')).toHaveText(/3 open exceptions above the materiality of 200\.00 remain/);
  await preparer(page).getByLabel('Preparer note').fill('Three items are with the platform team');
  await preparer(page).getByRole('checkbox').check();
  await preparer(page).getByRole('button', { name: 'Sign as preparer' }).click();
  await expect(status(page)).toHaveAttribute('data-status', 'prepared');

  // The reviewer is refused: someone else, but the material items are still open.
  await expect(reviewer(page).getByLabel('Reviewer name')).toHaveValue('');
  await reviewer(page).getByLabel('Reviewer name').fill('Ana Preparer');
  await reviewer(page).getByRole('button', { name: 'Sign as reviewer' }).click();
  await expect(reviewer(page).getByRole('alert')).toHaveText(/must be someone else/);
  await reviewer(page).getByLabel('Reviewer name').fill('Rita Reviewer');
  await reviewer(page).getByRole('button', { name: 'Sign as reviewer' }).click();
  await expect(reviewer(page).getByRole('alert')).toHaveText(/3 open exceptions above the materiality/);
  await shoot(page, 'close-prepared');

  // The material items are decided in the review queue: the preparer's sign-off covered them open, so it is void.
  await navTo(page, 'Exceptions');
  await page.getByLabel('Amount from').fill('200.01');
  const queue = page.getByRole('listbox', { name: 'Exception queue' });
  await expect(queue.getByRole('option')).toHaveCount(3);
  // The shortcuts are the queue's, not the filter's: the first row is clicked (and focused) first.
  await queue.getByRole('option').first().click();
  for (let i = 1; i <= 3; i++) {
    await page.locator('body').press('a');
    await expect(queue.locator('[data-status="accepted"]')).toHaveCount(i);
  }
  await expect(queue.locator('[data-status="open"]')).toHaveCount(0);
  await goClose(page);
  await expect(status(page)).toHaveAttribute('data-status', 'unsigned');
  await expect(page.getByRole('alert').filter({ hasText: 'Sign-off void' })).toContainText(/open exceptions 2\d .* → 2\d .*after entry \d+ \(decision:accept by/);

  // Signed again by the preparer, then by the reviewer: reviewed.
  await preparer(page).getByRole('button', { name: 'Sign as preparer' }).click();
  await expect(status(page)).toHaveAttribute('data-status', 'prepared');
  await reviewer(page).getByLabel('Reviewer name').fill('Rita Reviewer');
  await reviewer(page).getByRole('button', { name: 'Sign as reviewer' }).click();
  await expect(status(page)).toHaveAttribute('data-status', 'reviewed');
  await shoot(page, 'close-reviewed');

  // A later decision moves a signed figure: both sign-offs are void, on screen, in the workpapers and report.json.
  await navTo(page, 'Exceptions');
  await page.getByLabel('Amount from').fill('');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('open');
  await queue.getByRole('option').first().click();
  const later = (await page.getByTestId('detail-id').textContent())!.trim();
  await page.locator('body').press('a');
  // Decided, it leaves the queue of open exceptions.
  await expect(page.locator(`#ex-${later}`)).toHaveCount(0);
  await goClose(page);
  await expect(status(page)).toHaveAttribute('data-status', 'unsigned');
  const history = page.getByRole('table', { name: 'Sign-off history' });
  await expect(history.locator('tr[data-status="void"]')).toHaveCount(3);
  await expect(history.locator('tr[data-status="active"]')).toHaveCount(0);
  await shoot(page, 'close-void');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Export/ }).click();
  const dir = tempDir('close');
  const report = JSON.parse(readFileSync(await download(page, dir, /^Save report\.json/), 'utf8')) as Report;
  expect(report.signoffs?.status).toBe('unsigned');
  expect(report.signoffs?.materiality_cents).toBe(20000);
  expect(report.signoffs?.entries.map((s) => [s.role, s.name, s.status, s.forced])).toEqual([
    ['preparer', 'Ana Preparer', 'void', true],
    ['preparer', 'Ana Preparer', 'void', false],
    ['reviewer', 'Rita Reviewer', 'void', false],
  ]);
  const wb = XLSX.read(readFileSync(await download(page, dir, /^Save workpapers/)), { type: 'buffer' });
  const block = XLSX.utils.sheet_to_json<Record<string, string | number>>(wb.Sheets['Sign-off']);
  expect(block[0]).toMatchObject({ Role: 'Close status', Name: 'UNSIGNED' });
  expect(block.slice(1).map((r) => [r.Role, r.Name, r.Status])).toEqual([
    ['preparer', 'Ana Preparer', 'VOID'],
    ['preparer', 'Ana Preparer', 'VOID'],
    ['reviewer', 'Rita Reviewer', 'VOID'],
  ]);
  expect(String(block[3]['Why it no longer stands'])).toMatch(/open exceptions .*after entry \d+ \(decision:accept/);
  const audit = XLSX.utils.sheet_to_json<{ Action: string; User: string }>(wb.Sheets['Audit log']);
  expect(audit.filter((e) => e.Action === 'signoff:sign').map((e) => e.User)).toEqual(['Ana Preparer', 'Ana Preparer', 'Rita Reviewer']);
});

test('Q3 closes and Q4 opens from it: each card opens at the Q3 closing, the deferred items come across', async ({ page }) => {
  test.setTimeout(240_000);
  const { first: q3, second: q4 } = generatePair({ seed: 12 });
  const dir = tempDir('quarters');
  await writeQuarter(q3, join(dir, 'q3'));
  await writeQuarter(q4, join(dir, 'q4'));

  await page.goto('/');
  await setPeriod(page, '2026-07-01', '2026-09-30', 'America/New_York');
  await navTo(page, 'Import');
  for (const role of ['platform', 'storefront', 'payments'] as const) await loadFile(page, role, join(dir, 'q3', `${role}.csv`));
  await loadFile(page, 'erp', join(dir, 'q3', 'erp.xlsx'));
  await loadFile(page, 'opening', join(dir, 'q3', 'opening_balances.csv'));
  await reconcile(page);
  expect((await headlineCents(page)).reconstructed).toBe(q3.expected.reconstructed_closing_cents);

  // One item is deferred with a note before Q3 closes.
  await navTo(page, 'Exceptions');
  await page.getByLabel('Category').selectOption('MISSING_IN_PLATFORM');
  const deferredId = (await page.getByTestId('detail-id').textContent())!.trim();
  await page.locator('body').press('n');
  await page.keyboard.type('Waiting for the platform ticket');
  await page.keyboard.press('Escape');
  await page.locator('body').press('d');
  await expect(page.locator(`#ex-${deferredId}`)).toHaveAttribute('data-status', 'deferred');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Export/ }).click();
  const q3Report = JSON.parse(readFileSync(await download(page, dir, /^Save report\.json/), 'utf8')) as Report;

  // New case from this case: Q3's file is saved first (the new case records its SHA-256).
  await goClose(page);
  const q3Case = await download(page, dir, 'New case from this case…');
  await expect(page.getByRole('heading', { level: 2, name: /^Import/ })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Prior case' })).toContainText(/opens from the prior case .*2026-07-01 \.\. 2026-09-30/);
  await shoot(page, 'close-next-import');
  for (const role of ['platform', 'storefront', 'payments'] as const) await loadFile(page, role, join(dir, 'q4', `${role}.csv`));
  await loadFile(page, 'erp', join(dir, 'q4', 'erp.xlsx'));
  await reconcile(page);
  expect((await headlineCents(page)).reconstructed).toBe(q4.expected.reconstructed_closing_cents);

  await goClose(page);
  const prior = page.getByRole('region', { name: 'Prior period' });
  await expect(prior.getByTestId('prior-items')).toHaveText(/prior-period items: \d+ completed here/);
  await expect(prior).toContainText('Waiting for the platform ticket');
  await shoot(page, 'close-prior');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Export/ }).click();
  const q4Report = JSON.parse(readFileSync(await download(page, dir, /^Save report\.json/), 'utf8')) as Report;
  expect(q4Report.prior!.case_file.sha256).toBe(sha256(readFileSync(q3Case)));
  expect(q4Report.prior!.items.find((i) => i.id === deferredId)).toMatchObject({ carried: 'deferred', note: 'Waiting for the platform ticket' });
  expect(q4Report.liability.rollforward.opening_cents).toBe(q3Report.liability.reconstructed_closing_cents);
  // The close analytics' history came across: Q3's own platform export is Q4's prior quarter, by its SHA-256.
  const history = (q4Report.analytics as { history: { prior_files: { file: string; sha256: string }[] } }).history.prior_files;
  expect(history.map((f) => [f.file, f.sha256])).toEqual([['2026-07-01..2026-09-30 platform.csv', sha256(readFileSync(join(dir, 'q3', 'platform.csv')))]]);
  // Each card's opening, as the Q4 case file holds it (docs/formats.md §10), is its Q3 closing.
  const SQL = await initSqlJs();
  const q4Case = new SQL.Database(readFileSync(await download(page, dir, /^Save the case file/)));
  const opened = new Map(q4Case.exec('SELECT card, cents FROM opening WHERE file_id = -1')[0].values.map(([c, v]) => [c, v]));
  q4Case.close();
  for (const c of q3Report.cards.filter((x) => x.card)) expect(opened.get(c.card), c.card!).toBe(c.reconstructed_cents);
});

test('an exported review workbook edited by a script comes back with exactly the intended changes, and the audit log names it', async ({ page }) => {
  await openDemo(page);
  await goClose(page);
  const dir = tempDir('review');
  const out = await download(page, dir, 'Export review workbook…');
  const wb = XLSX.read(readFileSync(out));
  const ws = wb.Sheets.Review;
  const rows = XLSX.utils.sheet_to_json<(string | number)[]>(ws, { header: 1 });
  const header = rows[0] as string[];
  const put = (r: number, column: string, v: string | number) => XLSX.utils.sheet_add_aoa(ws, [[v]], { origin: `${XLSX.utils.encode_col(header.indexOf(column))}${r + 1}` });
  const id = (r: number) => String(rows[r][0]);
  // Three decisions, one resolution the exception does not offer, one figure edited.
  put(1, 'Decision', 'accept');
  put(1, 'Note', 'Agreed with the order history');
  put(1, 'Reviewer', 'Ravi Reviewer');
  put(2, 'Decision', 'defer');
  put(2, 'Reviewer', 'Ravi Reviewer');
  put(3, 'Decision', String(rows[3][header.indexOf('Choices')]).match(/resolve:\w+/)![0]);
  put(3, 'Reason code', 'Confirmed with platform support');
  put(3, 'Reviewer', 'Sam Senior');
  put(4, 'Decision', 'resolve:make_it_vanish');
  put(4, 'Reviewer', 'Ravi Reviewer');
  put(5, 'Decision', 'accept');
  put(5, 'Reviewer', 'Ravi Reviewer');
  put(5, 'Amount', 1.23);
  const edited = join(dir, 'q2-review-edited.xlsx');
  writeFileSync(edited, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import edited workbook…' }).click();
  await (await chooser).setFiles(edited);
  await expect(page.getByTestId('review-summary')).toHaveText(/^3 changes to apply, 2 rows refused/);
  const changes = page.getByRole('table', { name: 'Changes' });
  await expect(changes.locator('tbody tr')).toHaveCount(3);
  await expect(changes.locator(`tr[data-id="${id(1)}"]`)).toContainText(/open · .*accepted · .*Agreed with the order history.*Ravi Reviewer/);
  await expect(changes.locator(`tr[data-id="${id(3)}"]`)).toContainText(/resolved · .*Confirmed with platform support.*Sam Senior/);
  const refused = page.getByRole('table', { name: 'Refused rows' });
  await expect(refused.locator(`tr[data-id="${id(4)}"]`)).toContainText("'resolve:make_it_vanish' is not a choice");
  await expect(refused.locator(`tr[data-id="${id(5)}"]`)).toContainText('figures were edited in the workbook (amount 1.23 →');
  await shoot(page, 'close-review-preview');
  await page.getByRole('button', { name: 'Apply 3 changes' }).click();
  await expect(page.getByTestId('review-summary')).toHaveCount(0);

  await navTo(page, 'Exceptions');
  await expect(page.locator(`#ex-${id(1)}`)).toHaveAttribute('data-status', 'accepted');
  await expect(page.locator(`#ex-${id(2)}`)).toHaveAttribute('data-status', 'deferred');
  await expect(page.locator(`#ex-${id(3)}`)).toHaveAttribute('data-status', 'resolved');
  await expect(page.locator(`#ex-${id(4)}`)).toHaveAttribute('data-status', 'open');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Export/ }).click();
  const papers = XLSX.read(readFileSync(await download(page, dir, /^Save workpapers/)), { type: 'buffer' });
  const audit = XLSX.utils.sheet_to_json<{ Action: string; User: string; Detail: string }>(papers.Sheets['Audit log']);
  const hash = sha256(readFileSync(edited));
  const decisions = audit.filter((e) => e.Action.startsWith('decision:'));
  expect(decisions.map((e) => e.User)).toEqual(['Ravi Reviewer', 'Ravi Reviewer', 'Sam Senior']);
  for (const e of decisions) expect(JSON.parse(e.Detail).evidence).toEqual([{ name: 'q2-review-edited.xlsx', sha256: hash, size: readFileSync(edited).length }]);
  expect(audit.at(-1)!.Detail).toContain(`review workbook q2-review-edited.xlsx (SHA-256 ${hash.slice(0, 12)}…)`);
  const evidence = XLSX.utils.sheet_to_json<{ File: string; 'SHA-256': string }>(papers.Sheets.Evidence);
  expect(evidence).toHaveLength(3);
  expect(new Set(evidence.map((e) => e['SHA-256']))).toEqual(new Set([hash]));
});
