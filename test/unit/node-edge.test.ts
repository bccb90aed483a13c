// The command line's Node edge (shared/node/files.ts) beyond reading files: the collector it exposes.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

describe('exposeCollector', () => {
  it("gives a Node started without --expose-gc the collector the engine's collectGarbage asks for", () => {
    // In a child: exposing it here would have every run of the other tests collect.
    const script = [
      "import { exposeCollector } from './shared/node/files.ts';",
      'const before = typeof globalThis.gc;',
      'exposeCollector();',
      'exposeCollector(); // a second call keeps the first',
      'globalThis.gc();',
      'console.log(before, typeof globalThis.gc);',
    ].join('\n');
    const p = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.stdout.trim()).toBe('undefined function');
  });
});
