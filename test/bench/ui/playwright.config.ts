// `npm run bench:ui`: the renderer's performance in Chromium (overview paint after a large match, a 100k-row
// exception queue scrolled and filtered). Not part of `npm test`: the quarters are large and it takes minutes.
// The Chromium launch options and the web server are the e2e config's; only the tests, timeouts and paths differ.
import { defineConfig } from '@playwright/test';
import e2e from '../../e2e/playwright.config';

export default defineConfig({
  ...e2e,
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../../test-results/bench-ui',
  // A large quarter is generated, read, matched and reported inside the browser's worker: give it time.
  timeout: 60 * 60_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  webServer: { ...(e2e.webServer as object), cwd: '../../..' } as typeof e2e.webServer,
});
