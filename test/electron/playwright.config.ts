import { defineConfig } from '@playwright/test';

// The built desktop app (out/), driven through Playwright's Electron support. Run by test/electron/run.mjs,
// which builds first and skips cleanly where no Electron binary is installed.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
