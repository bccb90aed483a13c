// `npm start` runs this before building: a Node the tools cannot run on, or no Electron binary (an install
// without network, or ELECTRON_SKIP_BINARY_DOWNLOAD=1), would otherwise end in a build error or in Electron's
// own "Electron failed to install correctly" after a minute of building. Say in one line what to do instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node versions Vite 8, electron-vite and ESLint 10 run on (README: Set up). */
export function nodeProblem(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 13) || major >= 24;
  return ok ? null : `Node ${version} is too old for the build: use Node 20.19+ on the 20 line, 22.13+, or 24 and later.`;
}

/**
 * Where the Electron binary is, found the way the electron package finds it but without its attempt to
 * download (which cannot work offline); null when it is not there.
 */
export function electronBinary(pkgDir, env = process.env) {
  const pathFile = join(pkgDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
    return existsSync(p) ? p : null;
  }
  if (!name) return null;
  const p = join(pkgDir, 'dist', name);
  return existsSync(p) ? p : null;
}

export const NO_ELECTRON =
  'No Electron binary (npm install had no network): run `node node_modules/electron/install.js` where there is network, ' +
  'or run the same app in a browser: `npm run start:web`, then open http://localhost:4173/?demo';

/** The one line to print, or null when `npm start` can go ahead. */
export function startProblem(pkgDir, env = process.env, version = process.versions.node) {
  return nodeProblem(version) ?? (electronBinary(pkgDir, env) ? null : NO_ELECTRON);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');
  const problem = startProblem(pkgDir);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
