import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../../shared/node/files';
import { nameReviewer, navTo, tempDir } from './helpers';

async function openFile(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'New case' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open case…' }).click();
  await (await chooser).setFiles(path);
}

/** The saved case with `edit` made to it, as someone with sql.js would make it, in a file of its own. */
async function edited(saved: string, name: string, edit: (db: Database) => void): Promise<string> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(saved));
  edit(db);
  const path = join(saved, '..', name);
  writeFileSync(path, db.export());
  db.close();
  return path;
}

const status = (page: Page) => page.locator('footer.statusbar');

test('opening a case shows its audit log head; an edited case is named and opens read-only', async ({ page }) => {
  await nameReviewer(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo quarter' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Overview/ })).toBeVisible({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  const dir = tempDir('tamper');
  const saved = join(dir, 'case.sqlite');
  await (await download).saveAs(saved);
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(saved));
  const [[entries, head]] = db.exec('SELECT count(*), (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) FROM audit_log')[0].values as [number, string][];
  db.close();

  // An untouched case opens with its chain intact, and gives its head to compare with the one kept.
  await openFile(page, saved);
  await expect(page.getByText(`audit log intact; audit log head ${entries}:${head}`)).toBeVisible({ timeout: 60_000 });
  const sealItem = status(page).getByText(`Audit log ${entries} entries, head ${head.slice(0, 12)}…`);
  await expect(sealItem).toBeVisible();
  await expect(sealItem).toHaveAttribute('data-head', `${entries}:${head}`);
  await expect(status(page).getByRole('button', { name: /Read-only/ })).toHaveCount(0);

  // Someone edits the first audit entry in the file: the app says so on opening, lists every problem in a
  // dialog to read whole, and opens it read-only.
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const tampered = await edited(saved, 'tampered.sqlite', (d) => d.run("UPDATE audit_log SET detail = detail || ' (edited)' WHERE seq = 1"));
  await openFile(page, tampered);
  await expect(page.getByText(/read-only: the case file failed its integrity check \(\d+ problems?\): Audit entry 1 .* was altered/)).toBeVisible({ timeout: 60_000 });
  const readOnly = status(page).getByRole('button', { name: /^Read-only: the case file failed its integrity check \(\d+\)$/ });
  await expect(readOnly).toBeVisible();
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toMatch(/^This case file failed its integrity check against its audit log, so it is open read-only\./);
  expect(dialogs[0]).toMatch(/\n1\. Audit entry 1 \(import by system at .*\) was altered after it was written\.\n/);
  expect(dialogs[0]).toContain(`Audit log head: ${entries}:${head}`);
  await page.screenshot({ path: 'test-results/screens/tampered-case.png' });
  // The status bar's item shows them again.
  await readOnly.click();
  await expect.poll(() => dialogs.length).toBe(2);
  expect(dialogs[1]).toBe(dialogs[0]);

  // Someone moves the period end in the settings table: named in plain words; the figures are the log's.
  const moved = await edited(saved, 'moved.sqlite', (d) =>
    d.run("UPDATE settings SET value = json_set(value, '$.periodEnd', '2026-05-31') WHERE key = 'case'"),
  );
  await openFile(page, moved);
  await expect(page.getByText(/The period end was changed from 2026-06-30 to 2026-05-31 outside the audit log/)).toBeVisible({ timeout: 60_000 });
  await expect(status(page).getByRole('button', { name: /^Read-only: the case file failed its integrity check/ })).toBeVisible();
  expect(dialogs[2]).toMatch(/\n1\. The period end was changed from 2026-06-30 to 2026-05-31 outside the audit log\.\n/);
  // A decision is refused, and said why.
  await navTo(page, 'Exceptions');
  await expect(page.getByRole('listbox', { name: 'Exception queue' }).getByRole('option').first()).toBeVisible();
  await page.locator('body').press('a');
  await expect(page.getByText(/Could not record the decision: This case failed its integrity check when it was opened, so it is read-only/)).toBeVisible();
  // The close analytics' inputs cannot change either: their buttons are disabled, their title says why.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Analytics/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Close analytics/ })).toBeVisible();
  for (const name of ['Add prior quarters…', 'Card register…']) {
    await expect(page.getByRole('button', { name })).toBeDisabled();
    await expect(page.getByRole('button', { name })).toHaveAttribute('title', /^Read-only: the case file failed its integrity check \(\d+ problems?\); nothing in it can change$/);
  }
});
