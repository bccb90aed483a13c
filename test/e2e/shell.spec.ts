import { test, expect } from '@playwright/test';

test('the renderer opens and shows the app shell', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Balance Forensics' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/shell.png' });
});
