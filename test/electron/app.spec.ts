// Opens the built app and checks the shell: it starts, shows the renderer from app://, exposes only the
// bridge (no Node), serves with the CSP, refuses path traversal, answers IPC, and takes a screenshot.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary, repoRoot } from './electron-binary';

let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  const executablePath = electronBinary();
  test.skip(!executablePath, 'no Electron binary installed');
  userData = mkdtempSync(join(tmpdir(), 'bf-e2e-userdata-'));
  app = await electron.launch({
    executablePath: executablePath!,
    args: [repoRoot, `--user-data-dir=${userData}`],
    cwd: repoRoot,
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('the shell opens from app:// and shows the app', async () => {
  expect(page.url()).toMatch(/^app:\/\/bf\//);
  await expect(page.locator('#root')).not.toBeEmpty();
  await expect(page.getByText('Balance Forensics').first()).toBeVisible();
  const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
  expect(title).toContain('Balance Forensics');
  await page.screenshot({ path: join(repoRoot, 'test-results/electron/shell.png') });
});

test('the page gets the bridge and nothing else', async () => {
  const seen = await page.evaluate(() => ({
    bf: Object.keys(window.bf ?? {}).sort(),
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
  }));
  expect(seen.bf).toEqual(
    [
      'addRecentCase',
      'appVersion',
      'autosave',
      'clearAutosave',
      'largeEngine',
      'onLargeEngineExit',
      'onMenu',
      'openCase',
      'openFiles',
      'recentCases',
      'recoverAutosave',
      'saveCase',
      'saveFile',
      'setTitle',
      'startupArgs',
      'stopLargeEngine',
      'user',
    ].sort(),
  );
  expect(seen).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined' });
});

test('IPC answers, and refuses paths the user never chose', async () => {
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
  expect(await page.evaluate(() => window.bf!.appVersion())).toBe(version);
  expect(await page.evaluate(() => window.bf!.startupArgs())).toEqual({ demo: false });
  const refused = await page.evaluate(() =>
    window.bf!.openCase('/etc/passwd').then(
      () => 'opened',
      (e: Error) => e.message,
    ),
  );
  expect(refused).toMatch(/Refused/);
  const badArgs = await page.evaluate(() =>
    window.bf!.setTitle(42 as unknown as string, true).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(badArgs).toMatch(/invalid argument/);
  // The large-quarter engine starts only for files picked through the app, named by the main process's ids.
  const notGranted = await page.evaluate(() =>
    window.bf!.largeEngine(['0b6e6c1a-3f5e-4c3e-9a51-2d6f0c1e7b44'], false).then(
      (started) => `started: ${started}`,
      (e: Error) => e.message,
    ),
  );
  expect(notGranted).toMatch(/Refused: a file that was not picked/);
  const paths = await page.evaluate(() =>
    window.bf!.largeEngine(['/etc/passwd'], false).then(
      (started) => `started: ${started}`,
      (e: Error) => e.message,
    ),
  );
  expect(paths).toMatch(/invalid argument/);
  expect(await page.evaluate(() => window.bf!.largeEngine([], false))).toBe(false);
  const notBool = await page.evaluate(() =>
    window.bf!.largeEngine([], 'yes' as unknown as boolean).then(
      (started) => `started: ${started}`,
      (e: Error) => e.message,
    ),
  );
  expect(notBool).toMatch(/invalid argument/);
});

test('app:// sends the CSP and refuses traversal', async () => {
  const res = await page.evaluate(async () => {
    const ok = await fetch('app://bf/index.html');
    const up = await fetch('app://bf/..%2f..%2fpackage.json');
    return { csp: ok.headers.get('content-security-policy'), upStatus: up.status };
  });
  expect(res.csp).toContain("default-src 'none'");
  expect(res.upStatus).toBe(403);
});

test('navigation away and new windows are refused', async () => {
  await page.evaluate(() => {
    window.open('https://example.com');
    location.href = 'https://example.com';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^app:\/\/bf\//);
  expect(app.windows()).toHaveLength(1);
});
