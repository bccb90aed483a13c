// `npm start`'s pre-check (scripts/check-start.mjs): one line saying what to do, instead of Electron's own
// "Electron failed to install correctly" after the build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain Node script without type declarations
import { electronBinary, NO_ELECTRON, nodeProblem, startProblem } from '../../scripts/check-start.mjs';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function electronPackage(withBinary: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'bf-electron-'));
  made.push(dir);
  if (withBinary) {
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
  }
  return dir;
}

describe('npm start’s pre-check', () => {
  it('says in one line how to get Electron, and where the browser build is, when the binary is missing', () => {
    const problem = startProblem(electronPackage(false), {}, '22.13.0') as string;
    expect(problem).toBe(NO_ELECTRON);
    expect(problem).not.toContain('\n');
    expect(problem).toContain('node node_modules/electron/install.js');
    expect(problem).toContain('npm run start:web');
  });

  it('lets the start go ahead when the binary is there', () => {
    const dir = electronPackage(true);
    expect(electronBinary(dir, {})).toBe(join(dir, 'dist', 'electron'));
    expect(startProblem(dir, {}, '20.19.0')).toBeNull();
  });

  it('finds the path.txt without a dist folder to be missing too (an interrupted download)', () => {
    const dir = electronPackage(false);
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(electronBinary(dir, {})).toBeNull();
  });

  it('names the Node versions the build runs on', () => {
    expect(nodeProblem('20.18.1')).toMatch(/Node 20\.18\.1 is too old.*20\.19\+.*22\.13\+/);
    expect(nodeProblem('22.12.0')).not.toBeNull();
    expect(nodeProblem('18.20.0')).not.toBeNull();
    for (const ok of ['20.19.0', '20.20.2', '22.13.0', '24.1.0']) expect(nodeProblem(ok)).toBeNull();
  });
});
