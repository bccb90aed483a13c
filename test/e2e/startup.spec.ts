import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCents } from '../../shared/money';
import { ROOT } from './helpers';

const demo = JSON.parse(readFileSync(join(ROOT, 'assets/demo/expected.json'), 'utf8')) as {
  period: { start: string; end: string };
  reconstructed_closing_cents: number;
};

// `npm start` passes --demo to the desktop app; the browser host takes ?demo the same way.
test('started with the demo flag, the app opens straight on the demo quarter and its known answer', async ({ page }) => {
  await page.goto('/?demo');
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(`${demo.period.start} – ${demo.period.end}`).first()).toBeVisible();
  await expect(page.getByTestId('reconstructed')).toHaveText(formatCents(demo.reconstructed_closing_cents));
});
