import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSqlJs } from '../../shared/node/files';
import { tempDir } from './helpers';

test('opening a case whose audit log was altered says which entry', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const dir = tempDir('tamper');
  const saved = join(dir, 'case.sqlite');
  await (await download).saveAs(saved);

  // An untouched case opens with its chain intact.
  await page.getByRole('button', { name: 'New case' }).click();
  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(saved);
  await expect(page.getByText('audit log intact')).toBeVisible({ timeout: 60_000 });

  // Someone edits the first audit entry in the file: the app says so on opening.
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(saved));
  db.run("UPDATE audit_log SET detail = detail || ' (edited)' WHERE seq = 1");
  const tampered = join(dir, 'tampered.sqlite');
  writeFileSync(tampered, db.export());
  db.close();
  await page.getByRole('button', { name: 'New case' }).click();
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(tampered);
  await expect(page.getByText(/audit log was tampered with: Audit entry 1 .* was altered/)).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'test-results/screens/tampered-case.png' });
});
