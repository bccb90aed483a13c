// `npm run dev:web` must show the app styled: Vite injects stylesheets as <style> elements in development,
// which the page's `style-src 'self'` blocked (the other tests use a production build, so nothing showed it).
// The development server is started here as the README starts it; the build keeps the strict policy.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

const port = Number(process.env.E2E_PORT ?? 20_000) + 1;
let server: ChildProcess | null = null;

test.beforeAll(async () => {
  server = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), '--config', 'renderer/vite.config.ts', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stdout!.on('data', (d) => (out += String(d)));
  server.stderr!.on('data', (d) => (out += String(d)));
  for (let i = 0; i < 120 && !out.includes(`${port}`); i++) await new Promise((r) => setTimeout(r, 500));
  if (!out.includes(`${port}`)) throw new Error(`the development server did not start: ${out}`);
});

test.afterAll(() => {
  server?.kill();
});

/** A custom property's value as styles.css declares it. */
function declared(name: string): string {
  const css = readFileSync(join(ROOT, 'renderer/src/styles.css'), 'utf8');
  const m = new RegExp(`${name}:\\s*([^;]+);`).exec(css);
  if (!m) throw new Error(`styles.css declares no ${name}`);
  return m[1].trim();
}

test('the development server shows the app with its styles applied and no policy violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByRole('button', { name: 'New case' })).toBeVisible({ timeout: 60_000 });
  const styles = await page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const nav = document.querySelector('.sidenav');
    return { accent: root.getPropertyValue('--accent').trim(), background: root.backgroundColor, nav: nav ? getComputedStyle(nav).display : null };
  });
  expect(styles.accent).toBe(declared('--accent'));
  expect(styles.background).not.toBe('rgba(0, 0, 0, 0)');
  expect(violations).toEqual([]);
  // Development allows only the server's own nonce, never 'unsafe-inline'.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).not.toContain('unsafe-inline');
});

test('the build keeps the strict policy: style-src \'self\' and no nonce', async ({ request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toContain("style-src 'self';");
  expect(html).not.toMatch(/nonce/);
});
