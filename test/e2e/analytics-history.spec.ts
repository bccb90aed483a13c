// The close analytics' history added in the app (docs/analytics.md, docs/guide.md's Analytics section): on the
// demo quarter, generated prior quarters and a card register come in through the file chooser, the breakage and
// aging tables fill in, a quarter reaching into the period and a bad setting are refused in the engine's words,
// the figures on screen equal the command line's report.json given the same files and settings, and the case
// saved and opened again shows them without the files given again. The Analytics picture of docs/guide.md is
// taken here.
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ReportAnalytics } from '../../shared/analytics/case-analytics';
import { formatCents } from '../../shared/money';
import { cliReport, guideShot, nameReviewer, ROOT, SCREENS_DIR, tempDir } from './helpers';

test.beforeEach(({ page }) => nameReviewer(page));

/** Clicks a button that opens the host's file chooser and gives it these files (a loaded machine may need a second click). */
async function choose(page: Page, button: string, paths: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 20_000 });
    await page.getByRole('button', { name: button }).click();
    try {
      await (await chooser).setFiles(paths);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  const extra = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
  if (extra > 0) await page.setViewportSize({ width: size.width, height: Math.min(size.height + extra, 4000) });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
  if (extra > 0) await page.setViewportSize(size);
}

test('prior quarters and a card register added in the app fill the breakage and aging, as the command line’s do', async ({ page }) => {
  test.setTimeout(300_000);
  // Three years of platform history up to the demo quarter (2026-04-01..2026-06-30, Chicago), one file a quarter.
  const dir = tempDir('history');
  const options = { seed: 7, start: '2023-04', quarters: 12, timezone: 'America/Chicago', giftCardsPerMonth: 25, storeCreditsPerMonth: 10 };
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/fixtures/history/write-history.ts'), dir, JSON.stringify(options)], { cwd: ROOT });
  const g = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { quarters: { name: string }[]; register: string };
  const paths = g.quarters.map((q) => join(dir, 'history', q.name));
  const registerPath = join(dir, g.register);
  // A quarter that reaches into the case's period: refused.
  const late = join(dir, 'platform-2026Q2.csv');
  copyFileSync(paths[paths.length - 1], late);

  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Analytics/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Close analytics/ })).toBeVisible();
  await expect(page.getByTestId('breakage-unavailable')).toBeVisible();
  await expect(page.getByTestId('prior-quarter')).toHaveCount(0);
  const agingColumns = () => page.getByRole('table', { name: 'Aging of the liability' }).locator('thead th').count();
  const columnsBefore = await agingColumns();
  await shoot(page, 'analytics-before-history');

  await choose(page, 'Add prior quarters…', paths);
  await expect(page.getByTestId('prior-quarter')).toHaveCount(paths.length, { timeout: 60_000 });
  await expect(page.getByTestId('breakage-unavailable')).toHaveCount(0);
  await expect(page.getByTestId('breakage-gift_card')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Breakage journal entry' })).toBeVisible();
  expect(await agingColumns()).toBeGreaterThan(columnsBefore);

  await choose(page, 'Card register…', [registerPath]);
  await expect(page.getByTestId('card-register')).toContainText(`Card register ${g.register}`);

  // Refused in the engine's one line, nothing changed.
  await choose(page, 'Add prior quarters…', [late]);
  await expect(page.getByTestId('analytics-refusal')).toHaveText(/^Prior quarter platform-2026Q2\.csv: it covers 2026-04-01\.\.2026-06-30, which reaches into the case's period from 2026-04-01; history is prior quarters only$/);
  await expect(page.getByTestId('prior-quarter')).toHaveCount(paths.length);

  // A setting out of range is named beside its field by the engine's validator; a good one is applied.
  const settings = page.getByRole('form', { name: 'Analytics settings' });
  await settings.getByLabel('Prudence margin').fill('1.5');
  await settings.getByRole('button', { name: 'Apply settings' }).click();
  await expect(settings.getByRole('alert')).toHaveText('must be a decimal from 0 to 1 such as "0.02", got "1.5"');
  await settings.getByLabel('Prudence margin').fill('0.05');
  await settings.getByLabel('Holder’s state').fill('NY');
  await settings.getByRole('button', { name: 'Apply settings' }).click();
  await expect(page.getByRole('heading', { name: /^Breakage/ })).toContainText('prudence margin 0.05');

  // The oldest quarter taken out again.
  await page.getByRole('button', { name: `Remove ${g.quarters[0].name}` }).click();
  await expect(page.getByTestId('prior-quarter')).toHaveCount(paths.length - 1);

  // The command line given the same files and settings: the same figures.
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ breakage: { prudenceMargin: '0.05' }, escheat: { holderState: 'NY' } }));
  const cli = await cliReport(['--demo', ...paths.slice(1).flatMap((p) => ['--history', p]), '--register', registerPath, '--analytics-settings', join(dir, 'settings.json')]);
  const a = cli.analytics as ReportAnalytics;
  expect(a.breakage.unavailable).toBeNull();
  const shows = (testid: string, cents: number, signed = false) =>
    expect(page.getByTestId(testid), testid).toHaveText(`${signed && cents > 0 ? '+' : ''}${formatCents(cents)}`);
  for (const i of ['gift_card', 'store_credit'] as const) {
    await shows(`breakage-${i}`, a.breakage.by_instrument[i]!.this_period_cents, true);
    await shows(`aging-total-${i}`, a.aging.totals[i].balance_cents);
    await shows(`aging-dormancy-${i}`, a.aging.totals[i].reaching_dormancy_cents);
  }
  await shows('breakage-total', a.breakage.this_period_cents, true);
  await shows('escheat-presumed', a.escheat.totals.presumed_abandoned_cents);
  for (const l of a.disclosure.lines) await shows(`disclosure-${l.key}`, l.amounts.total);

  await shoot(page, 'analytics-after-history');
  await guideShot(page, 'analytics');

  // Saved and opened again: the prior quarters and the register come from the case file, the figures are the same.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Export/ }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Save the case file/ }).click();
  const casePath = join(dir, (await download).suggestedFilename());
  await (await download).saveAs(casePath);
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(casePath);
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Analytics/ }).click();
  await expect(page.getByTestId('prior-quarter')).toHaveCount(paths.length - 1);
  await expect(page.getByTestId('card-register')).toContainText(`Card register ${g.register}`);
  await shows('breakage-total', a.breakage.this_period_cents, true);
  for (const l of a.disclosure.lines) await shows(`disclosure-${l.key}`, l.amounts.total);
});
