// The Analytics screen shows report.json's close analytics: every figure on it equals the command line's
// report.json for the same quarter (docs/analytics.md, docs/formats.md §5.1 `analytics`).
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportAnalytics } from '../../shared/analytics/case-analytics';
import { formatCents } from '../../shared/money';
import { cliReport, SCREENS_DIR } from './helpers';

test('the demo quarter’s close analytics on screen equal the command line’s report.json', async ({ page }) => {
  const cli = cliReport(['--demo']);
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Analytics/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Close analytics/ })).toBeVisible();
  const a = (await cli).analytics as ReportAnalytics;
  const shows = (testid: string, cents: number, signed = false) =>
    expect(page.getByTestId(testid), testid).toHaveText(`${signed && cents > 0 ? '+' : ''}${formatCents(cents)}`);

  for (const i of ['gift_card', 'store_credit'] as const) {
    await shows(`aging-total-${i}`, a.aging.totals[i].balance_cents);
    await shows(`aging-dormancy-${i}`, a.aging.totals[i].reaching_dormancy_cents);
    const b = a.breakage.by_instrument[i];
    if (b) await shows(`breakage-${i}`, b.this_period_cents, true);
    else await expect(page.getByTestId(`breakage-${i}`)).toHaveCount(0);
  }
  await shows('breakage-total', a.breakage.this_period_cents, true);
  await shows('escheat-presumed', a.escheat.totals.presumed_abandoned_cents);
  await shows('escheat-horizon', a.escheat.totals.within_horizon_cents);
  for (const l of a.disclosure.lines) await shows(`disclosure-${l.key}`, l.amounts.total);
  await shows('disclosure-50-8', a.disclosure.revenue_from_opening.total.total);
  await shows('disclosure-current', a.disclosure.current_portion.current.total);
  // The demo quarter has no prior quarters: the screen says what cannot be done, as report.json does.
  expect(a.breakage.unavailable).not.toBeNull();
  await expect(page.getByTestId('breakage-unavailable')).toHaveText(`Not estimated: ${a.breakage.unavailable}`);
  await expect(page.getByTestId('availability-breakage')).toContainText(a.availability.find((x) => x.analysis === 'breakage')!.reason!);

  mkdirSync(SCREENS_DIR, { recursive: true });
  const extra = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
  if (extra > 0) await page.setViewportSize({ width: 1440, height: Math.min(900 + extra, 4000) });
  await page.screenshot({ path: join(SCREENS_DIR, 'demo-analytics.png') });
});
