// Import profiles in the app (#16): a quarter in the vendors' own layouts is read by the presets its headers fit,
// each file's preset and counts shown as the command line counts them; and a layout no preset knows is read by
// a profile written in the editor, with its preview and control totals, and the run uses it.
// The pictures of docs/guide.md's Import section are taken here.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parseAmount } from '../../shared/money';
import type { Report } from '../../shared/types';
import { generateQuarter, type GeneratedQuarter } from '../fixtures/generate';
import { writeQuarter } from '../fixtures/write-quarter';
import { GIFTLOOP_PROFILE, giftLoop } from '../unit/giftloop';
import { cliReport, expectHeadlineOf, loadFile, reconcileToOverview, navTo, ROLE_LABEL, ROOT, SCREENS_DIR, setPeriod, tempDir } from './helpers';

const ROLES = ['platform', 'storefront', 'payments', 'erp'] as const;
const count = (n: number) => n.toLocaleString('en-US');

/** Where the quarter's file for a role was written (erp.csv or erp.xlsx, opening_balances.csv). */
function fileOf(q: GeneratedQuarter, dir: string, role: string): string {
  const f = q.files.find((x) => x.name.startsWith(`${role}.`) || x.name.startsWith(`${role}_`));
  if (!f) throw new Error(`no ${role} file in the quarter`);
  return join(dir, f.name);
}

/** Saves docs/guide/<name>.png (and a copy in test-results/screens/): the whole screen, grown to its content, or one part. */
async function guideShot(page: Page, name: string, what: Locator | 'screen' | 'window' = 'screen'): Promise<void> {
  const dir = join(ROOT, 'docs', 'guide');
  mkdirSync(dir, { recursive: true });
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(dir, `${name}.png`);
  const options = { path, animations: 'disabled', caret: 'hide' } as const;
  if (what === 'window') await page.screenshot(options);
  else if (what !== 'screen') await what.screenshot(options);
  else {
    const size = page.viewportSize() ?? { width: 1440, height: 900 };
    const extra = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
    if (extra > 0) await page.setViewportSize({ width: size.width, height: Math.min(size.height + extra, 4000) });
    await page.screenshot(options);
    if (extra > 0) await page.setViewportSize(size);
  }
  copyFileSync(path, join(SCREENS_DIR, `guide-${name}.png`));
}

/** Ticks "accept" for every file whose plausibility problems the import shows (the command line's run accepts them too). */
async function acceptShownWarnings(page: Page): Promise<boolean> {
  const groups = page.getByRole('group', { name: /plausibility problems$/ });
  const n = await groups.count();
  for (let i = 0; i < n; i++) await groups.nth(i).getByRole('checkbox').check();
  return n > 0;
}

function expectSameCounts(report: Report) {
  return async (page: Page) => {
    for (const input of report.inputs) {
      const counts = page.getByTestId(`counts-${input.system}`);
      await expect(counts).toContainText(`${count(input.rows)} rows`);
      await expect(counts).toContainText(`${count(input.imported)} imported`);
      await expect(counts).toContainText(`${count(input.out_of_scope ?? 0)} out of scope`);
      await expect(counts).toContainText(`${count(input.quarantined)} quarantined`);
    }
  };
}

test('a quarter in the vendors’ layouts: each file’s preset is detected and shown with its counts, and it reconciles', async ({ page }) => {
  const dir = tempDir('vendor');
  const q = generateQuarter({ seed: 7, cards: 120, timezone: 'America/New_York', layout: 'vendor' });
  await writeQuarter(q, dir);
  const path = (role: string) => fileOf(q, dir, role);
  const cli = cliReport([
    '--period', `${q.options.periodStart}..${q.options.periodEnd}`, '--tz', q.options.timezone,
    ...ROLES.flatMap((r) => [`--${r}`, path(r)]), '--opening', path('opening'), '--accept-warnings',
  ]);

  await page.goto('/');
  await setPeriod(page, q.options.periodStart, q.options.periodEnd, q.options.timezone);
  await navTo(page, 'Import');
  for (const r of ROLES) await loadFile(page, r, path(r));
  await loadFile(page, 'opening', path('opening'));
  const report = await cli;

  // Every file names the preset the command line detected, and counts its rows as the command line does.
  for (const input of report.inputs) {
    expect(input.profile?.detected, input.system).toBe(true);
    const badge = page.getByTestId(`profile-${input.system}`);
    if (input.profile!.id.startsWith('reference-')) await expect(badge).toHaveText('Reference layout');
    else await expect(badge).toHaveText(`Preset: ${input.profile!.name} (${input.profile!.id} v${input.profile!.version})`);
  }
  expect(report.inputs.filter((i) => !i.profile!.id.startsWith('reference-')).length).toBeGreaterThanOrEqual(4);
  await expectSameCounts(report)(page);
  const storefront = report.inputs.find((i) => i.system === 'storefront')!;
  expect(storefront.out_of_scope).toBeGreaterThan(0);
  await guideShot(page, 'import-presets-detected');

  // The editor starts from the detected preset: its preview shows the Shopify rows left out and why.
  await page.getByRole('button', { name: 'Edit the Storefront profile' }).click();
  const editor = page.getByRole('dialog', { name: /Import profile — Storefront/ });
  await expect(editor.getByRole('status', { name: 'Profile check' })).toContainText(`Reads the storefront file as “${storefront.profile!.name}”`);
  await expect(editor.getByTestId('pe-rows')).toHaveText(count(storefront.rows));
  await expect(editor.getByTestId('pe-out')).toHaveText(count(storefront.out_of_scope!));
  const reason = Object.keys(storefront.out_of_scope_reasons!)[0];
  await expect(editor.getByRole('table', { name: 'Profile preview' }).getByText(`Out of scope: ${reason}`).first()).toBeVisible();
  // A preset edited keeps the built-in id only as long as it is the preset.
  const text = editor.getByLabel('Profile (JSON)');
  await text.fill((await text.inputValue()).replace('"version": 1', '"version": 2'));
  await expect(editor.getByRole('status', { name: 'Profile check' })).toContainText(`id: "${storefront.profile!.id}" is the built-in preset's`);
  await expect(editor.getByRole('button', { name: 'Use this profile' })).toBeDisabled();
  // Edits are not dropped without asking.
  page.once('dialog', (d) => void d.accept());
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expect(editor).toHaveCount(0);

  await acceptShownWarnings(page);
  await reconcileToOverview(page);
  await expectHeadlineOf(page, report);
});

test('a profile written in the editor reads a layout no preset knows, and the run uses it', async ({ page }) => {
  const dir = tempDir('giftloop');
  const q = generateQuarter({ seed: 9, cards: 150, timezone: 'Europe/Berlin' });
  await writeQuarter(q, dir);
  const file = (role: string) => fileOf(q, dir, role);
  const giftloop = join(dir, 'giftloop.csv');
  writeFileSync(giftloop, giftLoop(q));
  // The same quarter in the reference layout: the command line's answer the profile must reach.
  const cli = cliReport([
    '--period', `${q.options.periodStart}..${q.options.periodEnd}`, '--tz', q.options.timezone,
    ...ROLES.flatMap((r) => [`--${r}`, file(r)]), '--opening', file('opening'),
  ]);
  // The platform's amounts in the reference file, summed exactly: the control total the preview must show.
  const [header, ...rows] = Papa.parse<string[]>(readFileSync(file('platform'), 'utf8'), { skipEmptyLines: true }).data;
  const amountAt = header.indexOf('Amount');
  let cents = 0;
  for (const r of rows) {
    if (r[amountAt].trim() === '') continue;
    const a = parseAmount(r[amountAt]);
    if (!a.ok) throw new Error(`platform.csv: ${r[amountAt]}`);
    cents += a.cents;
  }
  const expectedTotal = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100).toLocaleString('en-US')}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

  await page.goto('/');
  await setPeriod(page, q.options.periodStart, q.options.periodEnd, q.options.timezone);
  await navTo(page, 'Import');
  for (const r of ['storefront', 'payments', 'erp'] as const) await loadFile(page, r, file(r));
  await loadFile(page, 'opening', file('opening'));
  await loadFile(page, 'platform', giftloop);
  const card = page.getByRole('article', { name: `${ROLE_LABEL.platform} file` });
  await expect(page.getByTestId('profile-platform')).toHaveText('No profile fits this file');
  await expect(page.getByRole('button', { name: 'Reconcile', exact: true })).toBeDisabled();
  await guideShot(page, 'import-no-profile-fits', card.getByLabel('Gift card platform import profile'));

  await card.getByRole('button', { name: 'Edit the Gift card platform profile' }).click();
  const editor = page.getByRole('dialog', { name: /Import profile — Gift card platform/ });
  const status = editor.getByRole('status', { name: 'Profile check' });
  const text = editor.getByLabel('Profile (JSON)');
  // A blank profile names the columns to fill in: the check says which column the file lacks.
  await expect(status).toContainText(/giftloop\.csv|column/);
  // A key the format does not have: one line naming it.
  const amountTypo = { ...GIFTLOOP_PROFILE, fields: { ...GIFTLOOP_PROFILE.fields, Amount: { colum: 'Betrag' } } };
  await text.fill(JSON.stringify(amountTypo, null, 2));
  await expect(status).toContainText("fields.Amount.colum: unknown key 'colum'");
  // The profile without its money format: decimal commas are not read as decimal points, the rows are quarantined.
  const noMoney: Record<string, unknown> = { ...GIFTLOOP_PROFILE };
  delete noMoney.money;
  await text.fill(JSON.stringify(noMoney, null, 2));
  await expect(status).toContainText('Reads the platform file as “GiftLoop — Kartenumsätze (CSV)”');
  await expect(editor.getByTestId('pe-quarantined')).not.toHaveText('0');
  const before = Number((await editor.getByTestId('pe-records').textContent())!.replace(/,/g, ''));
  // The whole profile: every data row an event, the title block and the total line out of scope.
  await text.fill(JSON.stringify(GIFTLOOP_PROFILE, null, 2));
  await expect(editor.getByTestId('pe-quarantined')).toHaveText('0');
  await expect(editor.getByTestId('pe-records')).toHaveText(count(rows.length));
  expect(rows.length).toBeGreaterThan(before);
  await expect(editor.getByTestId('pe-out')).toHaveText('3');
  await expect(editor.getByTestId('pe-total-Amount')).toHaveText(expectedTotal);
  await expect(editor.getByText('1 out of scope: total line')).toBeVisible();
  // The first data row: its German cells beside the event it becomes.
  const first = editor.getByRole('table', { name: 'Profile preview' }).locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-row', '5');
  await expect(first).toContainText(/AKTIVIERUNG|AUFLADUNG|EINLÖSUNG/);
  await expect(first).toContainText(/Activation|Reload|Redemption/);
  await text.evaluate((el) => el.scrollTo(0, 0));
  await guideShot(page, 'import-profile-editor', 'window');

  // Saved as a file a team keeps, and loaded back.
  const download = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Save file…' }).click();
  const saved = join(dir, 'saved.profile.json');
  await (await download).saveAs(saved);
  expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(GIFTLOOP_PROFILE);
  await editor.getByLabel('Start from').selectOption('blank');
  await expect(status).not.toContainText('Reads the platform file');
  const chooser = page.waitForEvent('filechooser');
  await editor.getByRole('button', { name: 'Load file…' }).click();
  await (await chooser).setFiles(saved);
  await expect(status).toContainText('Reads the platform file as “GiftLoop — Kartenumsätze (CSV)”');

  await editor.getByRole('button', { name: 'Use this profile' }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByTestId('profile-platform')).toHaveText('Your profile: GiftLoop — Kartenumsätze (CSV) (giftloop-umsaetze v1)');
  await expect(page.getByTestId('counts-platform')).toContainText(`${count(rows.length)} imported`);
  await expect(page.getByTestId('counts-platform')).toContainText('3 out of scope');
  await guideShot(page, 'import-profile-in-use', card);

  const report = await cli;
  await reconcileToOverview(page);
  await expectHeadlineOf(page, report);
  await navTo(page, 'Import');
  await expect(page.getByTestId('read-platform')).toHaveText(count(rows.length + 3));
  await expect(page.getByTestId('imported-platform')).toHaveText(count(rows.length));
});
