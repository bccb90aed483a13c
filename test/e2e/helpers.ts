// Shared steps of the renderer's end-to-end tests.
import { expect, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Report } from '../../shared/types';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENS_DIR = join(ROOT, 'test-results', 'screens');

export const NAV = ['Case', 'Import', 'Overview', 'Exceptions', 'Balances', 'Export'] as const;

export const ROLE_LABEL = {
  platform: 'Gift card platform',
  storefront: 'Storefront',
  payments: 'Payment processor',
  erp: 'ERP',
  opening: 'Opening balances',
} as const;

/** The folders tempDir made in this worker process: removed as it ends, so a run leaves nothing in the temp folder. */
const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bf-e2e-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Saves a screenshot of every screen, named <prefix>-<screen>.png, and comes back to `back`. */
export async function shootEveryScreen(page: Page, prefix: string, back: (typeof NAV)[number] = 'Overview'): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const name of NAV) {
    await navTo(page, name);
    // The content scrolls inside the shell: grow the window to the content so the picture shows all of it.
    const extra = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
    if (extra > 0) await page.setViewportSize({ width: size.width, height: Math.min(size.height + extra, 4000) });
    await page.screenshot({ path: join(SCREENS_DIR, `${prefix}-${name.toLowerCase()}.png`) });
    if (extra > 0) await page.setViewportSize(size);
  }
  await navTo(page, back);
}

/** The pictures of docs/guide.md: each is taken by the test that shows its screen, so the guide shows the app as it is. */
export const GUIDE_DIR = join(ROOT, 'docs', 'guide');

/**
 * Saves docs/guide/<name>.png (and the same in test-results/screens/): one part of the screen, or the whole
 * window grown to the content of the screen shown (as shootEveryScreen does), or, `window`, the window as it is
 * (a dialog over the screen).
 */
export async function guideShot(page: Page, name: string, what: Locator | 'screen' | 'window' = 'screen'): Promise<void> {
  mkdirSync(GUIDE_DIR, { recursive: true });
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(GUIDE_DIR, `${name}.png`);
  const options = { path, animations: 'disabled', caret: 'hide' } as const;
  await page.mouse.move(0, 0); // no hover state in the picture
  if (what === 'window') await page.screenshot(options);
  else if (what !== 'screen') await what.screenshot(options);
  else {
    const size = page.viewportSize() ?? { width: 1440, height: 900 };
    // Grown until nothing scrolls: a taller window can lay the screen out anew (and a panel can grow meanwhile).
    let height = size.height;
    for (let i = 0; i < 4; i++) {
      const extra = await page.locator('main').evaluate((el) => el.scrollHeight - el.clientHeight);
      if (extra <= 0 || height >= 4000) break;
      height = Math.min(height + extra, 4000);
      await page.setViewportSize({ width: size.width, height });
    }
    await page.screenshot(options);
    if (height !== size.height) await page.setViewportSize(size);
  }
  copyFileSync(path, join(SCREENS_DIR, `guide-${name}.png`));
}

export async function navTo(page: Page, name: (typeof NAV)[number]): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^(${name}|No reconciled case yet)`) })).toBeVisible();
}

/** Runs the command line (docs/formats.md §4) and returns its report.json. */
export async function cliReport(args: string[]): Promise<Report> {
  const out = tempDir('cli');
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'cli/reconcile.ts'), ...args, '--out', out], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
}

/** Picks a file for one system through the app's Open button (the host's file input). */
export async function loadFile(page: Page, role: keyof typeof ROLE_LABEL, path: string): Promise<void> {
  const open = page.getByRole('button', { name: `Open ${ROLE_LABEL[role]} file` });
  // On a loaded CI machine headless Chromium has once let a click pass without opening the chooser (the button
  // focused, no filechooser event): a user clicks again, and so does the test, at most twice more.
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 20_000 });
    await open.click();
    try {
      await (await chooser).setFiles(path);
      break;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  await expect(page.getByRole('article', { name: `${ROLE_LABEL[role]} file` }).getByText(/SHA-256/).first()).toBeVisible({ timeout: 60_000 });
}

/** The Case screen's settings for a period and zone. */
export async function setPeriod(page: Page, start: string, end: string, tz: string): Promise<void> {
  await navTo(page, 'Case');
  await page.getByLabel('Period start').fill(start);
  await page.getByLabel('Period end').fill(end);
  await page.getByLabel('Business time zone').fill(tz);
}

/** The overview's headline figures, in cents. */
export async function headlineCents(page: Page): Promise<{ erp: number; platform: number; reconstructed: number }> {
  const cents = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-cents'));
  return { erp: await cents('erp-says'), platform: await cents('platform-says'), reconstructed: await cents('reconstructed') };
}

/** The Overview's three headline figures equal the command line's report.json for the same quarter. */
export async function expectHeadlineOf(page: Page, report: Report): Promise<void> {
  expect(await headlineCents(page)).toEqual({
    erp: report.liability.erp_closing_cents,
    platform: report.liability.platform_reported_closing_cents,
    reconstructed: report.liability.reconstructed_closing_cents,
  });
}

/** Runs the files loaded on Import (Reconcile, or the named button) and goes to the Overview it offers. */
export async function reconcileToOverview(page: Page, button = 'Reconcile'): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByText('Reconciled.')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Go to Overview' }).click();
}

/** The reviewer's name the browser build keeps (it asks before the first decision otherwise). */
export const REVIEWER = 'Ana Lima';

/** Gives the browser build its reviewer's name before the page loads, as a returning reviewer has it. */
export async function nameReviewer(page: Page, name = REVIEWER): Promise<void> {
  await page.addInitScript((n) => localStorage.setItem('bf.user', n), name);
}

/** Confirms the bulk action's preview; returns its summary's text. */
export async function confirmBulk(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const summary = (await dialog.getByTestId('bulk-summary').textContent()) ?? '';
  await dialog.getByRole('button', { name: /^(Accept|Defer) \d/ }).click();
  await expect(dialog).toHaveCount(0);
  return summary;
}

/** Runs a query in the SQL console (Export) and returns its rows as text; comes back to no screen in particular. */
export async function runSql(page: Page, sql: string): Promise<string[][]> {
  await navTo(page, 'Export');
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByLabel('SQL', { exact: true }).fill(sql);
  await page.getByRole('button', { name: /^Run/ }).click();
  const table = page.getByRole('table', { name: 'Query results' });
  await expect(table).toBeVisible();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  await page.getByRole('tab', { name: 'Files' }).click();
  return rows;
}
