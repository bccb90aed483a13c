// Runs the Electron end-to-end test where an Electron binary exists; elsewhere says it was skipped and why.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Look for the binary without require('electron'): that would try to download it, which cannot work offline.
const pkg = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/electron');
const pathFile = join(pkg, 'path.txt');
const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
if (!binary || !existsSync(binary)) {
  console.log(
    'e2e:electron skipped: no Electron binary in node_modules/electron (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, ' +
      'or the download was not possible). Run `npm install` with network access to get it.',
  );
  process.exit(0);
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('npx', ['playwright', 'test', '--config', 'test/electron/playwright.config.ts'], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
